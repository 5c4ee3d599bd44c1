package timeline

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// proto is an event before its sources are made: enough to tell whether
// it is notable, so that a bounded timeline makes only those.
type proto struct {
	r        drng
	kind     Kind
	ms       int32 // milestone index; -1 for a reported or planned event
	from, to int32 // its items: the assembly's protoItems[from:to]
	weight   int32 // articles reporting it (announcing it, when planned)
	context  bool
	strong   bool // an article states its day outright
	notable  bool
}

// events turns the merged clusters into events: a milestone with the
// clusters attached to it, or a cluster with at least one primary
// mention. Unless full, a large timeline (over NotableAbove events) gets
// only its notable events; left counts the others.
func (a *assembly) events(ctx context.Context, mg *merger, attached map[int]int, periodSources map[int][]item, msFirst int, full bool,
	check func(int) error) (out []Event, left int, large bool, err error) {
	// the items of each cluster, grouped by root in item order
	type cluster struct{ from, to int32 } // members[from:to]
	clusters := make([]cluster, msFirst)  // by root
	members, err := clusterMembers(ctx, mg, msFirst, a.workers)
	if err != nil {
		return nil, 0, false, err
	}
	var plain []int32
	byMilestone := map[int][]int32{} // milestone item -> cluster roots
	for k := 0; k < len(members); {
		e := k
		for e < len(members) && members[e].root == members[k].root {
			e++
		}
		r := members[k].root
		clusters[r] = cluster{int32(k), int32(e)}
		if m, ok := attached[int(r)]; ok {
			byMilestone[m] = append(byMilestone[m], r)
		} else {
			plain = append(plain, r)
		}
		k = e
	}
	flat := make([]int32, 0, msFirst) // the items of each proto (each item in one at most)
	add := func(r int32) {
		c := clusters[r]
		for _, m := range members[c.from:c.to] {
			flat = append(flat, m.i)
		}
	}
	protos := make([]proto, 0, len(plain)+len(a.milestones))
	for k, ms := range a.milestones {
		from := len(flat)
		for _, r := range byMilestone[msFirst+k] {
			add(r)
		}
		p := proto{kind: KindMilestone, ms: int32(k), from: int32(from), to: int32(len(flat)), notable: true,
			r: drngOf(rng{ms.Start, ms.End, ms.Precision})}
		for _, i := range flat[from:] {
			if c := mg.items[i].r; p.r.contains(c) && c.width() < p.r.width() {
				p.r = c // an article knows the day of a milestone dated by its month
			}
		}
		protos = append(protos, p)
	}
	for n, r := range plain {
		if err := check(n); err != nil {
			return nil, 0, false, err
		}
		from := len(flat)
		add(r)
		primary := false
		for _, i := range flat[from:] {
			primary = primary || mg.items[i].role == Primary
		}
		if !primary {
			flat = flat[:from]
			continue // secondary mentions only join events
		}
		protos = append(protos, proto{ms: -1, from: int32(from), to: int32(len(flat)), r: mg.items[r].r})
	}
	// Each proto is measured, and each event made, on its own: the
	// workers share only what the merge left, which they read.
	picks := make([]*sourcePicker, a.workers)
	for w := range picks {
		picks[w] = newSourcePicker(len(a.docs))
	}
	periodsOf := func(p *proto) []item {
		if p.kind == KindMilestone {
			return periodSources[msFirst+int(p.ms)]
		}
		return nil
	}
	err = inParallel(ctx, a.workers, len(protos), 64, func(w, n int) {
		p := &protos[n]
		a.measure(mg, picks[w], p, flat[p.from:p.to], periodsOf(p))
	})
	if err != nil {
		return nil, 0, false, err
	}
	large = len(protos) > NotableAbove
	markNotable(protos)
	var made []int32 // the protos that become events
	for n := range protos {
		if large && !full && !protos[n].notable {
			left++
			continue
		}
		made = append(made, int32(n))
	}
	limit := 0
	if large && !full {
		limit = SourcesShown
	}
	out = make([]Event, len(made))
	bufs := make([][]int, a.workers)
	err = inParallel(ctx, a.workers, len(made), 64, func(w, k int) {
		p := &protos[made[k]]
		buf := bufs[w][:0]
		for _, i := range flat[p.from:p.to] {
			buf = append(buf, int(i))
		}
		bufs[w] = buf
		var ev Event
		if p.kind == KindMilestone {
			ev = a.milestoneEvent(mg, picks[w], int(p.ms), p.r, buf, periodsOf(p), limit)
		} else {
			ev = a.reportedEvent(mg, picks[w], p, buf, limit)
		}
		ev.Notable = p.notable
		out[k] = ev
	})
	if err != nil {
		return nil, 0, false, err
	}
	return out, left, large, nil
}

// member is an item of a cluster.
type member struct{ root, i int32 }

// clusterMembers returns the first n items with their roots, grouped by
// root in item order (the order of sorting them by root, then item),
// counted into place rather than sorted. The roots are found on up to
// workers goroutines, which only read the clusters. It stops with
// ctx's error when ctx ends.
func clusterMembers(ctx context.Context, mg *merger, n, workers int) ([]member, error) {
	roots := make([]int32, n)
	if err := inParallel(ctx, workers, n, 4096, func(_, i int) { roots[i] = int32(mg.root(i)) }); err != nil {
		return nil, err
	}
	start := make([]int32, n+1) // per root: where its items go
	for _, r := range roots {
		start[r+1]++
	}
	for r := range n {
		start[r+1] += start[r]
	}
	members := make([]member, n)
	for i, r := range roots {
		members[start[r]] = member{r, int32(i)}
		start[r]++
	}
	return members, nil
}

// inParallel calls do(w, k) for every k in [0, n), on workers goroutines
// (w is the worker's number, for its own scratch), chunk ks at a time. It
// stops early, returning ctx.Err(), when ctx is cancelled.
func inParallel(ctx context.Context, workers, n, chunk int, do func(w, k int)) error {
	var next atomic.Int64
	run := func(w int) {
		for ctx.Err() == nil {
			from := int(next.Add(int64(chunk))) - chunk
			if from >= n {
				return
			}
			for k := from; k < min(from+chunk, n); k++ {
				do(w, k)
			}
		}
	}
	workers = max(1, min(workers, (n+chunk-1)/chunk))
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(w)
		}()
	}
	run(0)
	wg.Wait()
	return ctx.Err()
}

// measure tells of a proto what notability needs: how many articles
// report it (or announce it), whether it is context, and whether one
// article states its day outright; and, for one that is not a milestone,
// whether it is reported or only planned.
func (a *assembly) measure(mg *merger, pick *sourcePicker, p *proto, its []int32, periods []item) {
	pick.epoch++
	reports, articles := int32(0), int32(0)
	context := true
	count := func(it *item) {
		rec := &a.recs[it.rec]
		ann := a.announces(it, p.r)
		if pick.mark[it.doc] != pick.epoch {
			pick.mark[it.doc] = pick.epoch
			articles++
		}
		if !ann && pick.mark2[it.doc] != pick.epoch {
			pick.mark2[it.doc] = pick.epoch
			reports++
		}
		if it.role == Primary && !rec.context() {
			context = false
		}
		if !ann && Basis(rec.basis) == Stated && (it.r.prec() == Day || it.r.prec() == Span) && it.r.equal(p.r) {
			p.strong = true
		}
	}
	for _, i := range its {
		count(&mg.items[i])
	}
	for k := range periods {
		count(&periods[k])
	}
	if p.kind != KindMilestone {
		p.kind, p.context = KindReported, context
		if reports == 0 {
			p.kind = KindPlanned
		}
	}
	p.weight = reports
	if p.kind == KindPlanned {
		p.weight = articles
	}
}

// milestoneEvent makes the event of milestone k, dated r, with the items
// reporting it.
func (a *assembly) milestoneEvent(mg *merger, pick *sourcePicker, k int, r drng, its []int, periods []item, limit int) Event {
	ms := a.milestones[k]
	ev := Event{Kind: KindMilestone, Start: r.startTime(), End: r.endTime(), Precision: r.prec(), Label: ms.Label,
		Period: ms.Period, Milestone: ms.ID}
	ev.Sources, ev.MoreReports, ev.MoreAnnounced = a.sources(mg, pick, r, its, periods, 1, limit)
	ev.Sources = append(ev.Sources, Source{ID: ms.ID, Quote: ms.Text, DateStart: ms.Start, DateEnd: ms.End,
		Precision: ms.Precision, Basis: Catalogue, Expression: catalogueDate(ms)})
	return ev
}

// catalogueDate writes a milestone's date as the catalogue gives it.
func catalogueDate(m Milestone) string { return isoAt(m.Start, m.Precision) }

// isoAt writes a date as far as its precision goes: 2025-04-04, 2025-04, 2025.
func isoAt(t time.Time, p Precision) string {
	switch p {
	case Day:
		return t.Format(time.DateOnly)
	case Month:
		return t.Format("2006-01")
	}
	return t.Format("2006")
}

// reportedEvent makes the event of a cluster of mentions: reported when
// one of its articles reports it, planned when they only announce it.
func (a *assembly) reportedEvent(mg *merger, pick *sourcePicker, p *proto, its []int, limit int) Event {
	r := p.r
	ev := Event{Kind: p.kind, Start: r.startTime(), End: r.endTime(), Precision: r.prec(), Context: p.context}
	ev.Sources, ev.MoreReports, ev.MoreAnnounced = a.sources(mg, pick, r, its, nil, 0, limit)
	best := -1
	for _, i := range its {
		it := &mg.items[i]
		if it.role != Primary {
			continue
		}
		if best < 0 || a.betterLabel(mg, i, best, r) {
			best = i
		}
	}
	it := &mg.items[best]
	rec := &a.recs[it.rec]
	ev.Label = rec.label.in(a.data[it.doc])
	ev.Period = it.period.period()
	if ev.Label == "" {
		ev.Label = wholeTitle(a.docs[it.doc].Title)
	}
	if ev.Label == "" {
		ev.Label = fitTitle(rec.quote.in(a.data[it.doc]))
	}
	return ev
}

// wholeTitle is a title on one line, never shortened.
func wholeTitle(title string) string { return strings.Join(strings.Fields(title), " ") }

// betterLabel prefers the label of a relevant, reporting, English,
// exactly dated, stated mention.
func (a *assembly) betterLabel(mg *merger, i, j int, r drng) bool {
	x, y := &mg.items[i], &mg.items[j]
	mx, my := &a.recs[x.rec], &a.recs[y.rec]
	switch {
	case mx.context() != my.context():
		return !mx.context()
	case a.announces(x, r) != a.announces(y, r):
		return !a.announces(x, r)
	case (mx.label.n != 0) != (my.label.n != 0):
		return mx.label.n != 0
	case x.en != y.en:
		return x.en
	case x.r.equal(r) != y.r.equal(r):
		return x.r.equal(r)
	case mx.basis != my.basis:
		return Basis(mx.basis) == Stated
	case mx.quoteStart != my.quoteStart:
		return mx.quoteStart < my.quoteStart // a lead sentence tells the news
	}
	return a.docs[x.doc].ID < a.docs[y.doc].ID
}

// sourcePicker finds each article's best item among an event's, in time
// proportional to the items (per-doc marks instead of a map per event).
type sourcePicker struct {
	mark  []int32 // per doc: the epoch it was last seen in
	mark2 []int32 // per doc: the epoch it was last seen reporting in
	best  []int32 // per doc: its best item in that epoch
	epoch int32
	docs  []int32
}

func newSourcePicker(docs int) *sourcePicker {
	return &sourcePicker{mark: make([]int32, docs), mark2: make([]int32, docs), best: make([]int32, docs)}
}

// SourcesShown bounds the sources of an event of a bounded timeline: the
// reports first, the others counted (Event.MoreReports, MoreAnnounced).
const SourcesShown = 20

// sources picks, for each article among the items, the mention that dates
// the event best, plus the period-only mentions of a milestone, sorted by
// article id; extra is room for the catalogue source. With a limit, only
// that many are made, the reports first; the others are counted.
func (a *assembly) sources(mg *merger, pick *sourcePicker, r drng, its []int, periods []item, extra, limit int) (
	out []Source, moreReports, moreAnnounced int) {
	pick.epoch++
	pick.docs = pick.docs[:0]
	for _, i := range its {
		d := mg.items[i].doc
		if pick.mark[d] != pick.epoch {
			pick.mark[d], pick.best[d] = pick.epoch, int32(i)
			pick.docs = append(pick.docs, d)
			continue
		}
		if a.betterSource(mg, i, int(pick.best[d]), r) {
			pick.best[d] = int32(i)
		}
	}
	type chosen struct {
		it  *item
		ann bool
	}
	cs := make([]chosen, 0, len(pick.docs)+len(periods))
	for _, d := range pick.docs {
		it := &mg.items[pick.best[d]]
		cs = append(cs, chosen{it, a.announces(it, r)})
	}
	for k := range periods {
		p := &periods[k]
		if pick.mark[p.doc] == pick.epoch {
			continue
		}
		pick.mark[p.doc] = pick.epoch
		cs = append(cs, chosen{p, a.announces(p, r)})
	}
	if limit > 0 && len(cs) > limit {
		slices.SortFunc(cs, func(x, y chosen) int {
			if x.ann != y.ann {
				if x.ann {
					return 1
				}
				return -1
			}
			return cmpInt(a.idClass[x.it.doc], a.idClass[y.it.doc]) // as their ids compare
		})
		for _, c := range cs[limit:] {
			if c.ann {
				moreAnnounced++
			} else {
				moreReports++
			}
		}
		cs = cs[:limit]
	}
	out = make([]Source, 0, len(cs)+extra)
	for _, c := range cs {
		out = append(out, a.source(c.it, r))
	}
	slices.SortStableFunc(out, func(x, y Source) int { return strings.Compare(x.ID, y.ID) })
	return out, moreReports, moreAnnounced
}

// betterSource prefers a report to an announcement, then the mention
// dated like the event, then a primary one, then a stated one, then the
// first in the text.
func (a *assembly) betterSource(mg *merger, i, j int, r drng) bool {
	x, y := &mg.items[i], &mg.items[j]
	mx, my := &a.recs[x.rec], &a.recs[y.rec]
	switch {
	case mx.planned() != my.planned():
		return !mx.planned()
	case x.r.equal(r) != y.r.equal(r):
		return x.r.equal(r)
	case x.r.width() != y.r.width():
		return x.r.width() < y.r.width()
	case x.role != y.role:
		return x.role < y.role
	case mx.basis != my.basis:
		return Basis(mx.basis) == Stated
	}
	return mx.quoteStart < my.quoteStart
}

// source makes the Source of a mention's item for an event dated r.
func (a *assembly) source(it *item, r drng) Source {
	m := &a.recs[it.rec]
	data := a.data[it.doc]
	quote := m.quote.in(data)
	s := Source{ID: a.docs[it.doc].ID, Quote: quote, Start: int(m.quoteStart), End: int(m.quoteStart) + len(quote),
		DateStart: it.r.startTime(), DateEnd: it.r.endTime(), Precision: it.r.prec(), Basis: Basis(m.basis),
		Expression: quote[m.exprOff : m.exprOff+m.exprLen], Announced: a.announces(it, r)}
	if Basis(m.basis) == Relative {
		ref := a.head[it.doc].ref
		s.Anchor, s.AnchorPrecision = ref.Date, ref.Precision
		if ref.From != a.docs[it.doc].ID {
			s.AnchorID = ref.From
		}
	}
	return s
}

// announces reports whether a mention announces an event dated r rather
// than reports it: it speaks of an intention, or its article was
// published before the event's first day.
func (a *assembly) announces(it *item, r drng) bool {
	if a.recs[it.rec].planned() {
		return true
	}
	return a.pubEnd[it.doc] < r.s
}

// publishedEnds sets pubEnd: the last day of each doc's publication
// range (see published), or the largest day number when it has none.
func (a *assembly) publishedEnds() {
	a.pubEnd = make([]int32, len(a.docs))
	for i := range a.docs {
		a.pubEnd[i] = math.MaxInt32
		if pub, ok := a.published(i); ok {
			a.pubEnd[i] = pub.e
		}
	}
}

// publications makes one event per publication date; an article and its
// translations published on the same date share one.
func (a *assembly) publications() []Event {
	type group struct {
		r       rng
		members []int
	}
	type gkey struct {
		root       int
		start, end int64
	}
	var keys []gkey
	groups := map[gkey]*group{}
	for i, d := range a.docs {
		r, ok := ownRange(d)
		if !ok {
			continue
		}
		k := gkey{a.roots[i], dayNumber(r.start), dayNumber(r.end)}
		g, ok := groups[k]
		if !ok {
			g = &group{r: r}
			groups[k] = g
			keys = append(keys, k)
		}
		g.members = append(g.members, i)
	}
	var out []Event
	pubOf := make([]int, len(a.docs)) // doc -> its publication event, or -1
	for i := range pubOf {
		pubOf[i] = -1
	}
	for _, k := range keys {
		g := groups[k]
		for _, i := range g.members {
			pubOf[i] = len(out)
		}
		slices.SortStableFunc(g.members, func(x, y int) int { return strings.Compare(a.docs[x].ID, a.docs[y].ID) })
		lead := g.members[0]
		ev := Event{Kind: KindPublished, Start: g.r.start, End: g.r.end, Precision: g.r.prec, Context: true}
		for _, i := range g.members {
			d := a.docs[i]
			if pubPreferred(d, a.docs[lead]) {
				lead = i
			}
			if a.head[i].relevant {
				ev.Context = false
			}
			ev.Sources = append(ev.Sources, Source{ID: d.ID, Quote: d.Title, DateStart: g.r.start, DateEnd: g.r.end,
				Precision: g.r.prec, Basis: Stated, Expression: publishedAs(d)})
		}
		ev.Label = wholeTitle(a.docs[lead].Title)
		if ev.Label == "" {
			ev.Label = a.docs[lead].ID
		}
		out = append(out, ev)
	}
	// an undated translation goes with its original's publication
	for i, d := range a.docs {
		ref := a.head[i].ref
		if _, own := ownRange(d); own || ref.Date.IsZero() || ref.From == d.ID {
			continue
		}
		j, ok := a.byID[ref.From]
		if !ok || pubOf[j] < 0 {
			continue
		}
		e := &out[pubOf[j]]
		e.Sources = append(e.Sources, Source{ID: d.ID, Quote: d.Title, DateStart: e.Start, DateEnd: e.End,
			Precision: e.Precision, Basis: Relative, Anchor: ref.Date, AnchorPrecision: ref.Precision, AnchorID: ref.From})
		if a.head[i].relevant {
			e.Context = false
		}
	}
	return out
}

// publishedAs writes a publication date as the metadata gives it.
func publishedAs(d Doc) string { return isoAt(d.Date, d.DatePrecision) }

// pubPreferred prefers an English original for a publication label.
func pubPreferred(a, b Doc) bool {
	if isEnglish(a.Lang) != isEnglish(b.Lang) {
		return isEnglish(a.Lang)
	}
	return a.TranslationOf == "" && b.TranslationOf != ""
}

// kindOrder puts milestones first, then reported events, planned ones and
// publications.
var kindOrder = [...]int{KindMilestone: 0, KindReported: 1, KindPlanned: 2, KindPublished: 3}

// sortEvents orders events by date (Start, then End), kind and label,
// then by what tells them apart in their Key, to make ties deterministic.
func sortEvents(ev []Event) {
	slices.SortStableFunc(ev, func(a, b Event) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		if c := a.End.Compare(b.End); c != 0 {
			return c
		}
		if a.Kind != b.Kind {
			return cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind])
		}
		if c := strings.Compare(a.Label, b.Label); c != 0 {
			return c
		}
		if c := strings.Compare(a.Milestone, b.Milestone); c != 0 {
			return c
		}
		switch {
		case len(a.Sources) == 0 || len(b.Sources) == 0:
			return cmp.Compare(len(a.Sources), len(b.Sources))
		case a.Sources[0].ID != b.Sources[0].ID:
			return strings.Compare(a.Sources[0].ID, b.Sources[0].ID)
		}
		return cmp.Compare(a.Sources[0].Start, b.Sources[0].Start)
	})
}

// Key identifies the event stably across rebuilds of the same corpus and
// catalogue, for the UI's list identity.
func (ev Event) Key() string {
	switch {
	case ev.Kind == KindMilestone:
		return "m " + ev.Milestone
	case len(ev.Sources) == 0:
		return "r " + ev.Start.Format("20060102") + ev.End.Format("20060102") + " " + ev.Label
	case ev.Kind == KindPublished:
		return "p " + ev.Start.Format("20060102") + " " + ev.Sources[0].ID
	}
	s := ev.Sources[0]
	return fmt.Sprintf("r %s%s %s:%d", ev.Start.Format("20060102"), ev.End.Format("20060102"), s.ID, s.Start)
}

// Inferred reports whether no source states the event's date as precisely
// as the event gives it: every source that dates it to its precision
// resolved a relative expression ("yesterday", "4 April" without a year).
// The UI marks such dates (≈).
func (ev Event) Inferred() bool {
	exact := false
	for _, s := range ev.Sources {
		if !s.DateStart.Equal(ev.Start) || !s.DateEnd.Equal(ev.End) {
			continue
		}
		if s.Basis != Relative {
			return false
		}
		exact = true
	}
	return exact
}
