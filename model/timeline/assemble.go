package timeline

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
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
	for i := range ex {
		if ex[i].Version != ExtractorVersion {
			return Timeline{}, fmt.Errorf("timeline: the extraction of %s has version %d, want %d: extract it again",
				docs[i].ID, ex[i].Version, ExtractorVersion)
		}
	}
	n := 0
	check := func(int) error {
		n++
		if n%checkEvery == 0 {
			return ctx.Err()
		}
		return nil
	}
	if err := ctx.Err(); err != nil {
		return Timeline{}, err
	}
	a := assembly{docs: docs, ex: ex, milestones: milestones}
	a.families()
	items, periodOnly, df := a.collect()
	msFirst := len(items)
	for k, m := range milestones {
		t := termsOf(m.Label + "\n" + m.Text)
		items = append(items, item{doc: -1, m: k, r: rng{m.Start, m.End, m.Precision}, terms: t,
			weight: 0, role: Primary, root: -1, en: true, period: m.Period})
	}
	weights := weightsOf(df, len(docs))
	mg := newMerger(items, weights)
	for i := range mg.items {
		mg.prepare(&mg.items[i])
	}
	for i := range periodOnly {
		mg.prepare(&periodOnly[i])
	}
	order := a.byDate(mg.items[:msFirst])
	if err := mg.mergeEqualDates(order, check); err != nil {
		return Timeline{}, err
	}
	for _, p := range []Precision{Month, Year} {
		if err := mg.mergeCoarse(p, check); err != nil {
			return Timeline{}, err
		}
	}
	var msItems []int
	for k := range milestones {
		msItems = append(msItems, msFirst+k)
	}
	attached, err := mg.attachMilestones(msItems, check)
	if err != nil {
		return Timeline{}, err
	}
	periodSources := a.periodsToMilestones(mg, periodOnly, msItems)
	events, err := a.events(mg, attached, periodSources, msFirst, check)
	if err != nil {
		return Timeline{}, err
	}
	events = append(events, a.publications()...)
	sortEvents(events)
	markNotable(events)
	return Timeline{Events: events, Undated: a.undated()}, nil
}

// assembly holds the inputs of one Assemble call.
type assembly struct {
	docs       []Doc
	ex         []Extraction
	milestones []Milestone
	roots      []int          // translation family of each doc (index of its root)
	byID       map[string]int // doc index by id (the first of a duplicate id)
}

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

// collect makes the merge items of all mentions, sets aside the period-only
// mentions, and counts in how many docs each term occurs.
func (a *assembly) collect() (items []item, periodOnly []item, df map[uint64]int) {
	df = map[uint64]int{}
	var ids []uint64
	for i := range a.docs {
		en := isEnglish(a.docs[i].Lang)
		ids = ids[:0]
		for k, m := range a.ex[i].Mentions {
			it := item{doc: i, m: k, r: rng{m.Start, m.End, m.Precision}, terms: m.Terms, role: m.Role,
				root: a.roots[i], en: en, period: m.Period, deed: m.Deed, objs: m.Objects}
			for _, t := range m.Terms {
				ids = append(ids, t.id())
			}
			if m.Role == PeriodOnly {
				periodOnly = append(periodOnly, it)
				continue
			}
			items = append(items, it)
		}
		slices.Sort(ids)
		for k, t := range ids {
			if k == 0 || ids[k-1] != t {
				df[t]++
			}
		}
	}
	return items, periodOnly, df
}

// byDate returns the indexes of items sorted by date, then by article
// and position, so that the merge does not depend on the input order.
func (a *assembly) byDate(items []item) []int {
	rank := make([]int, len(a.docs)) // position of each doc in id order
	byID := make([]int, len(a.docs))
	for i := range byID {
		byID[i] = i
	}
	sort.Slice(byID, func(x, y int) bool { return a.docs[byID[x]].ID < a.docs[byID[y]].ID })
	for r, i := range byID {
		rank[i] = r
	}
	type key struct {
		start, end int64
		role       Role
		doc, pos   int
	}
	keys := make([]key, len(items))
	order := make([]int, len(items))
	for i := range items {
		p := &items[i]
		keys[i] = key{dayNumber(p.r.start), dayNumber(p.r.end), p.role, rank[p.doc], a.ex[p.doc].Mentions[p.m].ExprStart}
		order[i] = i
	}
	sort.Slice(order, func(x, y int) bool {
		p, q := keys[order[x]], keys[order[y]]
		switch {
		case p.start != q.start:
			return p.start < q.start
		case p.end != q.end:
			return p.end < q.end
		case p.role != q.role:
			return p.role < q.role
		case p.doc != q.doc:
			return p.doc < q.doc
		}
		return p.pos < q.pos
	})
	return order
}

// periodsToMilestones attaches each period-only mention ("the Roadmap for
// 2023-2024") to the milestone of that period it agrees with best.
func (a *assembly) periodsToMilestones(mg *merger, periodOnly []item, msItems []int) map[int][]item {
	out := map[int][]item{}
	byPeriod := map[Period][]int{}
	for _, m := range msItems {
		if p := mg.items[m].period; !p.IsZero() {
			byPeriod[p] = append(byPeriod[p], m)
		}
	}
	for _, it := range periodOnly {
		p := Period{From: it.r.start.Year(), To: it.r.end.Year()}
		best, bestScore := -1, 0.0
		for _, m := range byPeriod[p] {
			s, _, strong := mg.similarity(&it, &mg.items[m])
			doc := strings.HasPrefix(a.milestones[mg.items[m].m].ID, DocumentMilestonePrefix)
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
		if _, ok := ownRange(d); !ok && a.ex[i].Ref.Date.IsZero() {
			out = append(out, d.ID)
		}
	}
	return out
}

// published is the publication range of doc i: its own, else that of the
// original its dates were resolved against.
func (a *assembly) published(i int) (rng, bool) {
	if r, ok := ownRange(a.docs[i]); ok {
		return r, true
	}
	ref := a.ex[i].Ref
	if ref.Date.IsZero() {
		return rng{}, false
	}
	y, m, d := ref.Date.Date()
	if ref.Precision == Month {
		return monthRange(y, m), true
	}
	return dayRange(mkDay(y, m, d)), true
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
