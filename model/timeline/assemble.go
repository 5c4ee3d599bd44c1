package timeline

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// checkEvery is how many items pass between two looks at the context.
const checkEvery = 1024

// Assemble merges the extractions of all docs (parallel slices) and the
// catalogue's milestones into the timeline: mentions of one event across
// articles and languages become one event when their dates and content
// agree; milestones collect the mentions that report them; every dated
// article gets a publication event. docs need metadata only. It stops and
// returns ctx.Err() when ctx is cancelled.
func Assemble(ctx context.Context, docs []Doc, ex []Extraction, milestones []Milestone) (Timeline, error) {
	if len(docs) != len(ex) {
		return Timeline{}, fmt.Errorf("timeline: %d docs but %d extractions: extract each doc once, in the same order", len(docs), len(ex))
	}
	data := make([][]byte, len(ex))
	for i := range ex {
		data[i] = AppendExtraction(nil, ex[i])
	}
	return AssembleEncoded(ctx, docs, data, milestones, true)
}

// AssembleEncoded is Assemble for extractions kept in their compact
// encoding (AppendExtraction), read without being decoded whole: the
// strings of the timeline are cut from data, which must not change
// afterwards. A kept index assembles a large corpus this way. Unless
// full, a large timeline is assembled bounded: its notable events only
// (and the publications of the articles they cite), in a fraction of the
// time and memory.
func AssembleEncoded(ctx context.Context, docs []Doc, data [][]byte, milestones []Milestone, full bool) (Timeline, error) {
	return assembleEncoded(ctx, docs, data, milestones, full, decodeChunk, runtime.GOMAXPROCS(0))
}

// assembleEncoded is AssembleEncoded decoding chunk docs at a time ahead,
// and joining coarse dates and making events on at most workers goroutines.
func assembleEncoded(ctx context.Context, docs []Doc, data [][]byte, milestones []Milestone, full bool, chunk, workers int) (Timeline, error) {
	if len(docs) != len(data) {
		return Timeline{}, fmt.Errorf("timeline: %d docs but %d extractions: extract each doc once, in the same order", len(docs), len(data))
	}
	if err := ctx.Err(); err != nil {
		return Timeline{}, err
	}
	n := 0
	check := func(int) error {
		n++
		if n%checkEvery == 0 {
			return ctx.Err()
		}
		return nil
	}
	a := assembly{docs: docs, data: data, milestones: milestones, chunk: max(chunk, 1), workers: workers}
	fam := make(chan struct{}) // the families, while the mentions are counted
	go func() {
		defer close(fam)
		a.families()
	}()
	ranks := make(chan []int32, 1)
	go func() { // while the extractions are read
		rank, class := idOrder(docs)
		a.idClass = class
		ranks <- rank
	}()
	if err := a.collect(check, fam); err != nil {
		return Timeline{}, err
	}
	a.publishedEnds()
	msFirst := len(a.items)
	// the order of the merge, before the merge's own data is made (the
	// sort's keys and that data need not be held at once)
	order := a.byDate(a.items, <-ranks)
	for k, m := range milestones {
		at := len(a.pool)
		a.pool = append(a.pool, a.intern(termsOf(m.Label+"\n"+m.Text))...)
		slices.Sort(a.pool[at:])
		a.items = append(a.items, item{doc: -1, rec: int32(-1 - k), r: drngOf(rng{m.Start, m.End, m.Precision}),
			toff: uint32(at), nt: uint8(len(a.pool) - at), role: Primary, root: -1, en: true, period: pspanOf(m.Period)})
	}
	mg := newMerger(a.items, a.pool, a.weights())
	mg.occasion, mg.sides = a.denseSet(thingTerms().occasion), a.denseSet(thingTerms().sides)
	mg.docs = len(docs)
	if err := mg.prepareAll(ctx, mg.items, a.workers); err != nil {
		return Timeline{}, err
	}
	if err := mg.prepareAll(ctx, a.periodOnly, a.workers); err != nil {
		return Timeline{}, err
	}
	if err := mg.mergeEqualDates(ctx, order); err != nil {
		return Timeline{}, err
	}
	var index postings
	for _, p := range []Precision{Month, Year} {
		if err := mg.mergeCoarse(ctx, p, &index, a.workers); err != nil {
			return Timeline{}, err
		}
	}
	var msItems []int
	for k := range milestones {
		msItems = append(msItems, msFirst+k)
	}
	attached, err := mg.attachMilestones(ctx, msItems, a.workers)
	if err != nil {
		return Timeline{}, err
	}
	periodSources := a.periodsToMilestones(mg, msItems)
	// What only the merge needs goes before the events are made (at
	// 100,000 articles, 50 MB less for the collector to keep).
	mg.release()
	a.pool, a.dense, a.df, a.periodOnly = nil, nil, nil, nil
	events, left, large, err := a.events(ctx, mg, attached, periodSources, msFirst, full, check)
	if err != nil {
		return Timeline{}, err
	}
	if !large || full {
		events = append(events, a.publications()...)
	}
	sortEvents(events)
	return Timeline{Events: events, Large: large, Left: left, Undated: a.undated()}, nil
}

// assembly holds the inputs of one Assemble call and what it reads of them.
type assembly struct {
	docs       []Doc
	data       [][]byte // each doc's encoded extraction
	milestones []Milestone
	chunk      int            // docs decoded at a time ahead of the merge
	workers    int            // goroutines the coarse merge and the events run on
	roots      []int          // translation family of each doc (index of its root)
	byID       map[string]int // doc index by id (the first of a duplicate id)

	head       []encHeader // of each doc's extraction
	recs       []mrec      // every mention's details, in doc order
	items      []item      // the mentions that may make or join events (then the milestones)
	periodOnly []item      // the mentions of a period alone
	pool       []uint32    // the items' terms (see item.toff)
	dense      map[uint64]uint32
	df         []int32 // docs each dense term occurs in
	pubEnd     []int32 // per doc: the last day it was published (publishedEnds)
	idClass    []int32 // per doc: its id's place among the ids (idOrder)
}

// mrec is what the events need of a mention besides its merge item.
type mrec struct {
	quote, label strRef
	quoteStart   uint32
	exprOff      uint16
	exprLen      uint16
	basis        uint8 // Basis
	flags        byte  // encContext, encPlanned
}

func (m *mrec) context() bool { return m.flags&encContext != 0 }
func (m *mrec) planned() bool { return m.flags&encPlanned != 0 }

// families assigns each doc the family of the original at the end of its
// translation chain, so that translations of one original match.
func (a *assembly) families() {
	byID := make(map[string]int, len(a.docs))
	for i, d := range a.docs {
		if _, dup := byID[d.ID]; !dup {
			byID[d.ID] = i
		}
	}
	a.byID = byID
	a.roots = make([]int, len(a.docs))
	for i := range a.docs {
		seen := map[int]bool{}
		j := i
		for !seen[j] {
			seen[j] = true
			k, ok := byID[a.docs[j].TranslationOf]
			if a.docs[j].TranslationOf == "" || !ok {
				break
			}
			j = k
		}
		if seen[j] && j != i && a.docs[j].TranslationOf != "" {
			// a cycle: the member with the smallest id stands for it
			for k := range seen {
				if a.docs[k].ID < a.docs[j].ID {
					j = k
				}
			}
		}
		a.roots[i] = j
	}
}

// collect reads every doc's extraction into merge items and mention
// details, sets aside the period-only mentions, and counts in how many
// docs each term occurs. An extraction of another version, or one that
// does not decode, is an error: extract that doc again. The docs'
// families (a.roots) are read once fam is closed.
func (a *assembly) collect(check func(int) error, fam <-chan struct{}) error {
	a.head = make([]encHeader, len(a.docs))
	a.dense = map[uint64]uint32{}
	dec := decodeAhead(a.data, a.chunk) // every read of the data is on its goroutine
	defer dec.close()
	c := dec.next()
	if c == nil {
		return fmt.Errorf("timeline: the extractions were not counted")
	}
	n := c.mentions
	dec.done(c)
	c = nil
	<-fam
	a.recs = make([]mrec, 0, n) // sized once: no copies as they grow
	// The items and the period-only ones share one slice: those from its
	// start, these from its end (then put back in order), with room for
	// the milestones between.
	all := make([]item, n+len(a.milestones))
	a.items = all[:0]
	back := len(all)
	a.pool = make([]uint32, 0, 8*n) // about as many terms as mentions have
	var lastDoc []int32             // per dense term, the last doc counted
	var recs []mrec
	var its []item
	var terms, table []uint32
	for i := range a.docs {
		if err := check(i); err != nil {
			return err
		}
		if c == nil || i-c.first >= len(c.docs) {
			if c != nil {
				dec.done(c)
			}
			if c = dec.next(); c == nil {
				return fmt.Errorf("timeline: the extraction of %s was not decoded", a.docs[i].ID)
			}
		}
		doc := &c.docs[i-c.first]
		en := isEnglish(a.docs[i].Lang)
		recs, its, terms = recs[:0], its[:0], terms[:0]
		// The article's terms, interned once (in the order of its table)
		// when it has at most 256, else as its mentions meet them.
		docTable := c.table[doc.tfrom:doc.tto]
		small := len(docTable) <= 256
		table = table[:0]
		if small && doc.mto > doc.mfrom {
			for _, t := range docTable {
				table = append(table, a.internOne(t))
			}
		}
		for _, m := range c.ms[doc.mfrom:doc.mto] {
			at := len(terms)
			for _, k := range c.refs[m.from : m.from+m.n] {
				if small {
					terms = append(terms, table[k])
				} else {
					terms = append(terms, a.internOne(docTable[k]))
				}
			}
			slices.Sort(terms[at:])
			its = append(its, item{doc: int32(i), r: drng{m.start, m.end, uint8(m.prec)},
				toff: uint32(at), nt: uint8(len(terms) - at), role: m.role, root: int32(a.roots[i]), en: en,
				period: pspanOf(m.period), deed: m.deed, objs: m.objs})
			recs = append(recs, mrec{quote: m.quote, label: m.label, quoteStart: uint32(m.quoteStart),
				exprOff: uint16(m.exprOff), exprLen: uint16(m.exprLen), basis: uint8(m.basis), flags: m.flags})
		}
		h, err := doc.h, doc.err
		if err == nil && h.version != ExtractorVersion {
			err = fmt.Errorf("has version %d, want %d", h.version, ExtractorVersion)
		}
		if err != nil {
			return fmt.Errorf("timeline: the extraction of %s %v: extract it again", a.docs[i].ID, err)
		}
		a.head[i] = h
		base := uint32(len(a.pool))
		a.pool = append(a.pool, terms...)
		for k := range its {
			it := its[k]
			it.toff += base
			it.rec = int32(len(a.recs) + k)
			if len(a.items)+len(a.milestones) >= back {
				return fmt.Errorf("timeline: the extraction of %s has more mentions than counted", a.docs[i].ID)
			}
			if it.role == PeriodOnly {
				back--
				all[back] = it
			} else {
				a.items = append(a.items, it)
			}
		}
		a.recs = append(a.recs, recs...)
		for len(lastDoc) < len(a.df) {
			lastDoc = append(lastDoc, -1)
		}
		for _, t := range terms {
			if id := t >> 2; lastDoc[id] != int32(i) {
				lastDoc[id] = int32(i)
				a.df[id]++
			}
		}
	}
	a.periodOnly = all[back:]
	slices.Reverse(a.periodOnly)
	a.items = a.items[:len(a.items):back]
	return nil
}

// internOne gives a term its dense id (in the high bits) and keeps its class.
func (a *assembly) internOne(t Term) uint32 {
	id, ok := a.dense[t.id()]
	if !ok {
		id = uint32(len(a.df))
		a.dense[t.id()] = id
		a.df = append(a.df, 0)
	}
	return id<<2 | uint32(t.class())
}

// intern gives terms their dense ids.
func (a *assembly) intern(ts []Term) []uint32 {
	out := make([]uint32, len(ts))
	for i, t := range ts {
		out[i] = a.internOne(t)
	}
	return out
}

// denseSet maps term ids to the dense ids of the terms met.
func (a *assembly) denseSet(ids map[uint64]bool) map[uint32]bool {
	out := map[uint32]bool{}
	for id := range ids {
		if d, ok := a.dense[id]; ok {
			out[d] = true
		}
	}
	return out
}

// weights reduces the weight of terms found in many documents (more than
// 5, and more than 1 in 50): such terms say little about which event a
// sentence tells.
func (a *assembly) weights() []float32 {
	w := make([]float32, len(a.df))
	limit := max(5, len(a.docs)/50)
	for id, n := range a.df {
		w[id] = 1
		if int(n) > limit {
			w[id] = float32(max(0.05, float64(limit)/float64(n)))
		}
	}
	return w
}

// idOrder returns the place of each doc in the order of their ids, and
// the place of each doc's id among the distinct ids: docs compare by it
// as their ids do, ties included.
func idOrder(docs []Doc) (rank, class []int32) {
	rank, class = make([]int32, len(docs)), make([]int32, len(docs))
	byID := make([]int32, len(docs))
	for i := range byID {
		byID[i] = int32(i)
	}
	slices.SortFunc(byID, func(x, y int32) int { return strings.Compare(docs[x].ID, docs[y].ID) })
	c := int32(-1)
	for r, i := range byID {
		rank[i] = int32(r)
		if r == 0 || docs[i].ID != docs[byID[r-1]].ID {
			c++
		}
		class[i] = c
	}
	return rank, class
}

// dateKey is what byDate sorts an item by.
type dateKey struct {
	start, end int32
	role       Role
	doc        int32 // the doc's place in id order
	pos        uint32
	i          int32
}

func cmpDateKey(p, q dateKey) int {
	switch {
	case p.start != q.start:
		return cmpInt(p.start, q.start)
	case p.end != q.end:
		return cmpInt(p.end, q.end)
	case p.role != q.role:
		return cmpInt(p.role, q.role)
	case p.doc != q.doc:
		return cmpInt(p.doc, q.doc)
	}
	return cmpInt(p.pos, q.pos)
}

// byDate returns the indexes of items sorted by date, then by article
// and position, so that the merge does not depend on the input order;
// rank is the place of each doc in id order (idOrder). The keys of the
// two halves are made and sorted at once and merged; when two items
// compare equal (never seen), they are sorted again as one, for the
// order of one sort of the whole, as before.
func (a *assembly) byDate(items []item, rank []int32) []int {
	fill := func(keys []dateKey, from, to int) {
		for i := from; i < to; i++ {
			p := &items[i]
			rec := &a.recs[p.rec]
			keys[i] = dateKey{p.r.s, p.r.e, p.role, rank[p.doc], rec.quoteStart + uint32(rec.exprOff), int32(i)}
		}
	}
	keys := make([]dateKey, len(items))
	order := make([]int, len(items))
	if sortHalves(keys, func(from, to int) { fill(keys, from, to) }, order) {
		return order
	}
	fill(keys, 0, len(keys))
	slices.SortFunc(keys, cmpDateKey)
	for k, key := range keys {
		order[k] = int(key.i)
	}
	return order
}

// sortHalves makes the two halves of keys at once (fill makes
// keys[from:to]), sorts them in place, and merges them into order (the
// indexes of the keys, len(keys) of them); it reports false when two
// keys compare equal (their order would then not be that of one sort of
// the whole).
func sortHalves(keys []dateKey, fill func(from, to int), order []int) bool {
	h := len(keys) / 2
	x, y := keys[:h], keys[h:]
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		fill(0, h)
		sortDateKeys(x)
	}()
	fill(h, len(keys))
	sortDateKeys(y)
	wg.Wait()
	var last dateKey
	for k := range order {
		var next dateKey
		switch {
		case len(y) == 0 || len(x) > 0 && cmpDateKey(x[0], y[0]) < 0:
			next, x = x[0], x[1:]
		default:
			next, y = y[0], y[1:]
		}
		if k > 0 && cmpDateKey(last, next) == 0 {
			return false
		}
		order[k], last = int(next.i), next
	}
	return true
}

func cmpInt[T ~int32 | ~uint32 | ~uint8 | ~int](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// periodsToMilestones attaches each period-only mention ("the Roadmap for
// 2023-2024") to the milestone of that period it agrees with best.
func (a *assembly) periodsToMilestones(mg *merger, msItems []int) map[int][]item {
	out := map[int][]item{}
	byPeriod := map[Period][]int{}
	for _, m := range msItems {
		if p := mg.items[m].period.period(); !p.IsZero() {
			byPeriod[p] = append(byPeriod[p], m)
		}
	}
	for _, it := range a.periodOnly {
		p := Period{From: dayTime(int64(it.r.s)).Year(), To: dayTime(int64(it.r.e)).Year()}
		best, bestScore := -1, 0.0
		for _, m := range byPeriod[p] {
			s, _, strong := mg.similarity(&it, &mg.items[m])
			doc := strings.HasPrefix(a.milestones[mg.items[m].milestone()].ID, DocumentMilestonePrefix)
			if doc {
				s += 0.5 // the roadmap itself rather than one of its actions
			}
			if (strong || doc) && s > 0 && (best < 0 || s > bestScore) {
				best, bestScore = m, s
			}
		}
		if best >= 0 {
			out[best] = append(out[best], it)
		}
	}
	return out
}

// undated lists, in input order, the docs with no publication date of
// their own nor through the original they translate (whose date their
// relative expressions were resolved against).
func (a *assembly) undated() []string {
	var out []string
	for i, d := range a.docs {
		if _, ok := ownRange(d); !ok && a.head[i].ref.Date.IsZero() {
			out = append(out, d.ID)
		}
	}
	return out
}

// published is the publication range of doc i: its own, else that of the
// original its dates were resolved against.
func (a *assembly) published(i int) (drng, bool) {
	if r, ok := ownRange(a.docs[i]); ok {
		return drngOf(r), true
	}
	ref := a.head[i].ref
	if ref.Date.IsZero() {
		return drng{}, false
	}
	y, m, d := ref.Date.Date()
	if ref.Precision == Month {
		return drngOf(monthRange(y, m)), true
	}
	return drngOf(dayRange(mkDay(y, m, d))), true
}

// ownRange is the publication date range of d, if known.
func ownRange(d Doc) (rng, bool) {
	if d.Date.IsZero() {
		return rng{}, false
	}
	y, m, day := d.Date.Date()
	switch d.DatePrecision {
	case Day:
		return dayRange(mkDay(y, m, day)), true
	case Month:
		return monthRange(y, m), true
	case Year:
		return yearsRange(y, y), true
	}
	return rng{}, false
}

func isEnglish(lang string) bool { return strings.HasPrefix(lower(lang), "en") }

// termsOf returns the sorted content terms of a text, read as one sentence.
func termsOf(text string) []Term {
	s := newScanner(text, "", reference{})
	s.load(0, len(text))
	return s.sentenceTerms(s.dates()).terms
}

// drng is a range of days as day numbers, with its precision: what the
// merge compares, small and quick.
type drng struct {
	s, e int32
	p    uint8 // Precision
}

func drngOf(r rng) drng {
	return drng{int32(dayNumber(r.start)), int32(dayNumber(r.end)), uint8(r.prec)}
}

func (r drng) prec() Precision      { return Precision(r.p) }
func (r drng) equal(o drng) bool    { return r.s == o.s && r.e == o.e }
func (r drng) width() int32         { return r.e - r.s }
func (r drng) contains(o drng) bool { return o.s >= r.s && o.e <= r.e }
func (r drng) startTime() time.Time { return dayTime(int64(r.s)) }
func (r drng) endTime() time.Time   { return dayTime(int64(r.e)) }
