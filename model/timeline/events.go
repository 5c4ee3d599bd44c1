package timeline

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// events turns the merged clusters into events: a milestone with the
// clusters attached to it, or a cluster with at least one primary mention.
func (a *assembly) events(mg *merger, attached map[int]int, periodSources map[int][]item, msFirst int, check func(int) error) ([]Event, error) {
	members := map[int][]int{} // cluster root -> items
	for i := 0; i < msFirst; i++ {
		if err := check(i); err != nil {
			return nil, err
		}
		r := mg.find(i)
		members[r] = append(members[r], i)
	}
	byMilestone := map[int][]int{} // milestone item -> cluster roots
	var plain []int
	for r := range members {
		if m, ok := attached[r]; ok {
			byMilestone[m] = append(byMilestone[m], r)
		} else {
			plain = append(plain, r)
		}
	}
	sort.Ints(plain)
	var out []Event
	for k := range a.milestones {
		m := msFirst + k
		roots := byMilestone[m]
		sort.Ints(roots)
		var its []int
		for _, r := range roots {
			its = append(its, members[r]...)
		}
		out = append(out, a.milestoneEvent(mg, k, its, periodSources[m]))
	}
	for _, r := range plain {
		its := members[r]
		primary := false
		for _, i := range its {
			primary = primary || mg.items[i].role == Primary
		}
		if !primary {
			continue // secondary mentions only join events
		}
		out = append(out, a.reportedEvent(mg, mg.best[r], its))
	}
	return out, nil
}

// milestoneEvent makes the event of milestone k with the items reporting it.
func (a *assembly) milestoneEvent(mg *merger, k int, its []int, periods []item) Event {
	ms := a.milestones[k]
	r := rng{ms.Start, ms.End, ms.Precision}
	for _, i := range its {
		if c := mg.items[i].r; r.contains(c) && c.width() < r.width() {
			r = c // an article knows the day of a milestone dated by its month
		}
	}
	ev := Event{Kind: KindMilestone, Start: r.start, End: r.end, Precision: r.prec, Label: ms.Label,
		Period: ms.Period, Milestone: ms.ID}
	ev.Sources = a.sources(mg, r, append(its, -1), periods)
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
func (a *assembly) reportedEvent(mg *merger, r rng, its []int) Event {
	ev := Event{Kind: KindPlanned, Start: r.start, End: r.end, Precision: r.prec, Context: true}
	ev.Sources = a.sources(mg, r, its, nil)
	for _, s := range ev.Sources {
		if !s.Announced {
			ev.Kind = KindReported
		}
	}
	best := -1
	for _, i := range its {
		it := &mg.items[i]
		m := &a.ex[it.doc].Mentions[it.m]
		if it.role == Primary && !m.Context {
			ev.Context = false
		}
		if it.role != Primary {
			continue
		}
		if best < 0 || a.betterLabel(mg, i, best, r) {
			best = i
		}
	}
	it := &mg.items[best]
	m := &a.ex[it.doc].Mentions[it.m]
	ev.Label = m.Label
	ev.Period = m.Period
	if ev.Label == "" {
		ev.Label = wholeTitle(a.docs[it.doc].Title)
	}
	if ev.Label == "" {
		ev.Label = fitTitle(m.Quote)
	}
	return ev
}

// wholeTitle is a title on one line, never shortened.
func wholeTitle(title string) string { return strings.Join(strings.Fields(title), " ") }

// betterLabel prefers the label of a relevant, reporting, English,
// exactly dated, stated mention.
func (a *assembly) betterLabel(mg *merger, i, j int, r rng) bool {
	x, y := &mg.items[i], &mg.items[j]
	mx, my := &a.ex[x.doc].Mentions[x.m], &a.ex[y.doc].Mentions[y.m]
	switch {
	case mx.Context != my.Context:
		return !mx.Context
	case a.announces(x.doc, mx, r) != a.announces(y.doc, my, r):
		return !a.announces(x.doc, mx, r)
	case (mx.Label != "") != (my.Label != ""):
		return mx.Label != ""
	case x.en != y.en:
		return x.en
	case x.r.equal(r) != y.r.equal(r):
		return x.r.equal(r)
	case mx.Basis != my.Basis:
		return mx.Basis == Stated
	case mx.QuoteStart != my.QuoteStart:
		return mx.QuoteStart < my.QuoteStart // a lead sentence tells the news
	}
	return a.docs[x.doc].ID < a.docs[y.doc].ID
}

// sources picks, for each article among the items (-1 entries are
// skipped), the mention that dates the event best, plus the period-only
// mentions of a milestone, sorted by article id.
func (a *assembly) sources(mg *merger, r rng, its []int, periods []item) []Source {
	bestOf := map[int]int{} // doc -> item
	var docs []int
	for _, i := range its {
		if i < 0 {
			continue
		}
		d := mg.items[i].doc
		j, ok := bestOf[d]
		if !ok {
			docs = append(docs, d)
		}
		if !ok || a.betterSource(mg, i, j, r) {
			bestOf[d] = i
		}
	}
	var out []Source
	for _, d := range docs {
		it := &mg.items[bestOf[d]]
		out = append(out, a.source(it.doc, it.m, r))
	}
	for _, p := range periods {
		if _, ok := bestOf[p.doc]; ok {
			continue
		}
		bestOf[p.doc] = -1
		out = append(out, a.source(p.doc, p.m, r))
	}
	sort.SliceStable(out, func(x, y int) bool { return out[x].ID < out[y].ID })
	return out
}

// betterSource prefers a report to an announcement, then the mention
// dated like the event, then a primary one, then a stated one, then the
// first in the text.
func (a *assembly) betterSource(mg *merger, i, j int, r rng) bool {
	x, y := &mg.items[i], &mg.items[j]
	mx, my := &a.ex[x.doc].Mentions[x.m], &a.ex[y.doc].Mentions[y.m]
	switch {
	case mx.Planned != my.Planned:
		return !mx.Planned
	case x.r.equal(r) != y.r.equal(r):
		return x.r.equal(r)
	case x.r.width() != y.r.width():
		return x.r.width() < y.r.width()
	case x.role != y.role:
		return x.role < y.role
	case mx.Basis != my.Basis:
		return mx.Basis == Stated
	}
	return mx.QuoteStart < my.QuoteStart
}

// source makes the Source of mention k of doc d for an event dated r.
func (a *assembly) source(d, k int, r rng) Source {
	m := &a.ex[d].Mentions[k]
	s := Source{ID: a.docs[d].ID, Quote: m.Quote, Start: m.QuoteStart, End: m.QuoteEnd,
		DateStart: m.Start, DateEnd: m.End, Precision: m.Precision, Basis: m.Basis, Expression: m.Expr,
		Announced: a.announces(d, m, r)}
	if m.Basis == Relative {
		ref := a.ex[d].Ref
		s.Anchor, s.AnchorPrecision = ref.Date, ref.Precision
		if ref.From != a.docs[d].ID {
			s.AnchorID = ref.From
		}
	}
	return s
}

// announces reports whether mention m of doc d announces an event dated
// r rather than reports it: it speaks of an intention, or the article was
// published before the event's first day.
func (a *assembly) announces(d int, m *Mention, r rng) bool {
	if m.Planned {
		return true
	}
	pub, ok := a.published(d)
	return ok && pub.end.Before(r.start)
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
		sort.SliceStable(g.members, func(x, y int) bool { return a.docs[g.members[x]].ID < a.docs[g.members[y]].ID })
		lead := g.members[0]
		ev := Event{Kind: KindPublished, Start: g.r.start, End: g.r.end, Precision: g.r.prec, Context: true}
		for _, i := range g.members {
			d := a.docs[i]
			if pubPreferred(d, a.docs[lead]) {
				lead = i
			}
			if a.ex[i].Relevant {
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
		ref := a.ex[i].Ref
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
		if a.ex[i].Relevant {
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
// with the key last to make ties deterministic.
func sortEvents(ev []Event) {
	keys := make([]string, len(ev))
	order := make([]int, len(ev))
	for i := range ev {
		keys[i] = ev[i].Key()
		order[i] = i
	}
	sort.Slice(order, func(x, y int) bool {
		i, j := order[x], order[y]
		a, b := &ev[i], &ev[j]
		switch {
		case !a.Start.Equal(b.Start):
			return a.Start.Before(b.Start)
		case !a.End.Equal(b.End):
			return a.End.Before(b.End)
		case a.Kind != b.Kind:
			return kindOrder[a.Kind] < kindOrder[b.Kind]
		case a.Label != b.Label:
			return a.Label < b.Label
		}
		return keys[i] < keys[j]
	})
	sorted := make([]Event, len(ev))
	for k, i := range order {
		sorted[k] = ev[i]
	}
	copy(ev, sorted)
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
