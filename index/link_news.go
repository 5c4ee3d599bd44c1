package index

import (
	"context"
	"fmt"
	"runtime/debug"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"dossier/model"
)

// The other direction: from a topic to the articles that speak of it, by
// searching the index for the topic's own words and reading, hit by hit,
// where they occur (the search's match locations), so that a link found
// this way is exactly the link Concerns finds from the article.

// newsHits is how many hits of a topic's search are read per round, and
// newsRounds how many rounds LatestNews runs at most.
const (
	newsHits   = 50
	newsRounds = 4
)

// Passage is a passage of an article that speaks of a topic.
type Passage struct {
	ArticleID string
	Span      model.Span
	Link      Link
}

// LatestNews returns the newest dated article strongly linked to the
// topic (see Link.Strong); ok is false when there is none. It searches for
// the topic's own words and reads the best hits; then it searches again
// among the articles published after the newest strong one found, until
// a round finds none (at most four searches of 50 hits): the cost is per
// topic, not per article.
func (lk *Linker) LatestNews(ctx context.Context, topicID string) (a model.Article, ok bool, err error) {
	ti := lk.topicIndex(topicID)
	if ti < 0 {
		return model.Article{}, false, fmt.Errorf("link: no topic %q", topicID)
	}
	var best model.Article
	for range newsRounds {
		var after time.Time
		if ok {
			after = best.Date.AddDate(0, 0, 1)
		}
		hits, total, err := lk.topicSearch(ctx, ti, after, newsHits)
		if err != nil {
			return model.Article{}, false, err
		}
		newer := false
		for _, h := range hits {
			if !h.link.Strong || h.art.Precision == model.Unknown {
				continue
			}
			if !ok || h.art.Date.After(best.Date) || h.art.Date.Equal(best.Date) && h.art.ID < best.ID {
				best, ok, newer = h.art, true, true
			}
		}
		if !newer || total <= uint64(len(hits)) {
			break
		}
	}
	return best, ok, nil
}

// Passages returns the passages that speak most of a topic, one per
// article, best first, at most limit: the evidence suggestions of an item.
func (lk *Linker) Passages(ctx context.Context, topicID string, limit int) ([]Passage, error) {
	ti := lk.topicIndex(topicID)
	if ti < 0 {
		return nil, fmt.Errorf("link: no topic %q", topicID)
	}
	hits, _, err := lk.topicSearch(ctx, ti, time.Time{}, max(2*limit, 10))
	if err != nil {
		return nil, err
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].link.Score > hits[j].link.Score })
	var out []Passage
	for _, h := range hits {
		if h.passage == (model.Span{}) {
			continue
		}
		out = append(out, Passage{ArticleID: h.art.ID, Span: h.passage, Link: h.link})
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

func (lk *Linker) topicIndex(id string) int {
	for i, t := range lk.topics {
		if t.ID == id {
			return i
		}
	}
	return -1
}

// topicHit is one article a topic's search found, with its link.
type topicHit struct {
	art     model.Article
	link    Link
	passage model.Span
}

// topicSearch searches for a topic's own words (in articles published on
// or after after, when it is set) and links each of the best size hits.
func (lk *Linker) topicSearch(ctx context.Context, ti int, after time.Time, size int) (hits []topicHit, total uint64, err error) {
	ix := lk.ix
	if !ix.acquire() {
		return nil, 0, ErrClosed
	}
	defer ix.release()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			hits, total, err = nil, 0, fmt.Errorf("link: the index failed: %v", p)
		}
	}()
	q := lk.topicQuery(ti)
	if q == nil {
		return nil, 0, nil
	}
	if !after.IsZero() {
		incl := true
		r := bleve.NewDateRangeInclusiveQuery(after, time.Time{}, &incl, nil)
		r.SetField(fieldDate)
		q = bleve.NewConjunctionQuery(q, r)
	}
	var matches []*search.DocumentMatch
	for _, p := range ix.parts {
		var pq query.Query = q
		if len(p.Hide) > 0 {
			b := bleve.NewBooleanQuery()
			b.AddMust(q)
			b.AddMustNot(bleve.NewDocIDQuery(p.Hide))
			pq = b
		}
		req := bleve.NewSearchRequestOptions(pq, size, 0, false)
		req.IncludeLocations = true
		res, err := p.Bleve.SearchInContext(ctx, req)
		if err != nil {
			return nil, 0, fmt.Errorf("link: %w", err)
		}
		total += res.Total
		matches = append(matches, res.Hits...)
	}
	for _, dm := range matches {
		a, ok := ix.corpus.Article(dm.ID)
		if !ok {
			continue
		}
		key := analyzerFor(a.Lang)
		f := lk.read(key, dm.Locations[titleField(key)], dm.Locations[bodyField(key)])
		l := lk.link(ti, []model.Article{a}, map[string]found{a.ID: f})
		if since := lk.topics[ti].Since; !since.IsZero() {
			if end := publishedEnd([]model.Article{a}); !end.IsZero() && end.Before(since) {
				l.Score *= earlyFactor
				l.Strong = false
			}
		}
		h := topicHit{art: a, link: l}
		if text, err := ix.corpus.Text(a.ID); err == nil {
			h.passage, _ = lk.passage(ti, text, f)
		}
		hits = append(hits, h)
	}
	return hits, total, nil
}

// topicQuery is the search for a topic's own words, in every language of
// the index, title and body; nil when the topic has none.
func (lk *Linker) topicQuery(ti int) query.Query {
	c := compiler{im: lk.ix.im, syn: lk.ix.syn, keys: lk.ix.keys}
	var qs []query.Query
	for _, r := range lk.refs[ti] {
		if !r.own {
			continue
		}
		t := lk.terms[r.term]
		for k := range t.shapes {
			an := analyzerName(k)
			for _, tg := range []target{{titleField(k), an, titleBoost}, {bodyField(k), an, 1}} {
				if q := c.lookup(t.text, tg); q != nil {
					qs = append(qs, q)
				}
			}
		}
	}
	if len(qs) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// LatestAll runs LatestNews for every topic: topic id → its newest
// strongly linked article (topics without one are left out).
func (lk *Linker) LatestAll(ctx context.Context) (map[string]model.Article, error) {
	out := map[string]model.Article{}
	for _, t := range lk.topics {
		a, ok, err := lk.LatestNews(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			out[t.ID] = a
		}
	}
	return out, nil
}
