package timeline

import (
	"sort"
	"strings"
)

// pair is a candidate merge of two items, identified by their ranks.
type pair struct {
	a, b   int
	score  float64
	forced bool
}

// mergeMentions clusters the items into events. Candidate pairs are
// joined greedily, forced pairs first, then by descending word overlap; a
// join is refused when the clusters' most precise dates conflict, so two
// different days never end up in one event through a coarser mention.
func mergeMentions(docs []Doc, roots []string, items []item, weights map[string]float64) []Event {
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		a, b := items[order[x]], items[order[y]]
		switch {
		case !a.r.start.Equal(b.r.start):
			return a.r.start.Before(b.r.start)
		case docs[a.doc].ID != docs[b.doc].ID:
			return docs[a.doc].ID < docs[b.doc].ID
		case a.m.ExprStart != b.m.ExprStart:
			return a.m.ExprStart < b.m.ExprStart
		}
		return a.r.end.Before(b.r.end)
	})
	var pairs []pair
	for x, i := range order {
		for y := x + 1; y < len(order); y++ {
			a, b := items[i], items[order[y]]
			if b.r.start.After(a.r.end) {
				break
			}
			if !compatible(a.r, b.r) {
				continue
			}
			same := a.r.equal(b.r)
			forced := same && ((a.doc == b.doc && a.m.SentStart == b.m.SentStart) ||
				(a.doc != b.doc && roots[a.doc] == roots[b.doc]))
			score := overlapScore(a.words, b.words, weights)
			need := mergeScore
			if same && a.r.prec == Span {
				need = mergeScoreSpan
			}
			if forced || score >= need {
				pairs = append(pairs, pair{x, y, score, forced})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool {
		p, q := pairs[i], pairs[j]
		switch {
		case p.forced != q.forced:
			return p.forced
		case p.score != q.score:
			return p.score > q.score
		case p.a != q.a:
			return p.a < q.a
		}
		return p.b < q.b
	})

	parent := make([]int, len(order))
	best := make([]rng, len(order))
	for x, i := range order {
		parent[x] = x
		best[x] = items[i].r
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, p := range pairs {
		ra, rb := find(p.a), find(p.b)
		if ra == rb || !compatible(best[ra], best[rb]) {
			continue
		}
		if rb < ra {
			ra, rb = rb, ra
		}
		parent[rb] = ra
		if narrower(best[rb], best[ra]) {
			best[ra] = best[rb]
		}
	}

	groups := map[int][]int{}
	var rootsInOrder []int
	for x := range order {
		r := find(x)
		if _, ok := groups[r]; !ok {
			rootsInOrder = append(rootsInOrder, r)
		}
		groups[r] = append(groups[r], order[x])
	}
	events := make([]Event, 0, len(rootsInOrder))
	for _, r := range rootsInOrder {
		events = append(events, clusterEvent(docs, items, groups[r], best[r]))
	}
	return events
}

// clusterEvent turns one cluster of items (in rank order) into an Event.
func clusterEvent(docs []Doc, items []item, members []int, best rng) Event {
	perDoc := map[string]int{}
	var ids []string
	for _, i := range members {
		id := docs[items[i].doc].ID
		j, ok := perDoc[id]
		if !ok {
			ids = append(ids, id)
		}
		if !ok || narrower(items[i].r, items[j].r) {
			perDoc[id] = i
		}
	}
	sort.Strings(ids)
	ev := Event{Start: best.start, End: best.end, Precision: best.prec}
	for _, id := range ids {
		m := items[perDoc[id]].m
		ev.Sources = append(ev.Sources, Source{ID: id, Quote: m.Sentence, Start: m.SentStart, End: m.SentEnd})
	}
	lab := members[0]
	for _, i := range members[1:] {
		if betterLabel(items[i], items[lab]) {
			lab = i
		}
	}
	ev.Label = makeLabel(items[lab].m.Sentence)
	return ev
}

// betterLabel prefers English, then the more precise date, then the
// sentence with more content words.
func betterLabel(a, b item) bool {
	switch {
	case a.en != b.en:
		return a.en
	case a.r.width() != b.r.width():
		return a.r.width() < b.r.width()
	}
	return len(a.words) > len(b.words)
}

// publications makes one event per publication date; an article and its
// translations published on the same date share one event.
func publications(docs []Doc, roots []string, pubs []int) []Event {
	type group struct {
		r       rng
		members []int
	}
	var keys []string
	groups := map[string]*group{}
	for _, i := range pubs {
		r, _ := ownRange(docs[i])
		k := roots[i] + "\x00" + r.start.String() + "\x00" + r.end.String()
		g, ok := groups[k]
		if !ok {
			g = &group{r: r}
			groups[k] = g
			keys = append(keys, k)
		}
		g.members = append(g.members, i)
	}
	var events []Event
	for _, k := range keys {
		g := groups[k]
		sort.SliceStable(g.members, func(x, y int) bool { return docs[g.members[x]].ID < docs[g.members[y]].ID })
		lead := g.members[0]
		ev := Event{Start: g.r.start, End: g.r.end, Precision: g.r.prec}
		for _, i := range g.members {
			d := docs[i]
			if pubPreferred(d, docs[lead]) {
				lead = i
			}
			q, a, b := titleQuote(d)
			ev.Sources = append(ev.Sources, Source{ID: d.ID, Quote: q, Start: a, End: b, Publication: true})
		}
		t, _, _ := titleQuote(docs[lead])
		if t == "" {
			t = docs[lead].ID
		}
		ev.Label = shorten("Published: " + cleanSentence(t))
		events = append(events, ev)
	}
	return events
}

// pubPreferred prefers an English original for a publication label.
func pubPreferred(a, b Doc) bool {
	if isEnglish(a.Lang) != isEnglish(b.Lang) {
		return isEnglish(a.Lang)
	}
	return a.TranslationOf == "" && b.TranslationOf != ""
}

// titleQuote returns the title of d (range 0, 0), or without a title its
// first sentence of at least four words, with its byte range in d.Text.
func titleQuote(d Doc) (string, int, int) {
	if t := strings.TrimSpace(d.Title); t != "" {
		return t, 0, 0
	}
	sents := splitSentences(d.Text)
	for _, s := range sents {
		if len(strings.Fields(d.Text[s.start:s.end])) >= 4 {
			return d.Text[s.start:s.end], s.start, s.end
		}
	}
	if len(sents) > 0 {
		return d.Text[sents[0].start:sents[0].end], sents[0].start, sents[0].end
	}
	return "", 0, 0
}

// sortEvents orders events by Start, End and Label, with further keys
// only to make ties deterministic.
func sortEvents(ev []Event) {
	sort.SliceStable(ev, func(i, j int) bool {
		a, b := ev[i], ev[j]
		switch {
		case !a.Start.Equal(b.Start):
			return a.Start.Before(b.Start)
		case !a.End.Equal(b.End):
			return a.End.Before(b.End)
		case a.Label != b.Label:
			return a.Label < b.Label
		case a.Precision != b.Precision:
			return a.Precision.rank() < b.Precision.rank()
		case len(a.Sources) > 0 && len(b.Sources) > 0 && a.Sources[0].ID != b.Sources[0].ID:
			return a.Sources[0].ID < b.Sources[0].ID
		}
		return len(a.Sources) > 0 && len(b.Sources) > 0 && !a.Sources[0].Publication && b.Sources[0].Publication
	})
}
