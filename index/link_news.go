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
		hits, total, err := lk.topicSearch(ctx, ti, after, newsHits, false)
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
	hits, _, err := lk.topicSearch(ctx, ti, time.Time{}, max(2*limit, 10), true)
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
// or after after, when it is set) and links each of the best size hits,
// with its passage when withPassage is set (the article is read then).
func (lk *Linker) topicSearch(ctx context.Context, ti int, after time.Time, size int, withPassage bool) (hits []topicHit, total uint64, err error) {
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
	// First the candidates, by the topic's distinctive words and without
	// match positions (reading the positions of every article that has a
	// common word is what costs); then the positions of the candidates only.
	q, full := lk.topicQuery(ti, true), lk.topicQuery(ti, false)
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
		res, err := p.search(ctx, q, size, false)
		if err != nil {
			return nil, 0, fmt.Errorf("link: %w", err)
		}
		total += res.Total
		if len(res.Hits) == 0 {
			continue
		}
		ids := make([]string, len(res.Hits))
		for i, dm := range res.Hits {
			ids[i] = dm.ID
		}
		req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), full), len(ids), 0, false)
		req.IncludeLocations = true
		located, err := p.Bleve.SearchInContext(ctx, req)
		if err != nil {
			return nil, 0, fmt.Errorf("link: %w", err)
		}
		matches = append(matches, located.Hits...)
	}
	for _, dm := range matches {
		a, ok := ix.article(dm.ID)
		if !ok {
			continue
		}
		key := analyzerFor(a.Lang)
		f := lk.readTerms(lk.refs[ti], key, dm.Locations[locTitle], dm.Locations[locBody])
		l := lk.link(ti, []model.Article{a}, map[string]found{a.ID: f})
		if since := lk.topics[ti].Since; !since.IsZero() {
			if end := publishedEnd([]model.Article{a}); !end.IsZero() && end.Before(since) {
				l.Score *= earlyFactor
				l.Strong = false
			}
		}
		h := topicHit{art: a, link: l}
		if withPassage {
			if text, err := ix.text(a.ID); err == nil {
				h.passage, _ = lk.passage(ti, text, f)
			}
		}
		hits = append(hits, h)
	}
	return hits, total, nil
}

// commonIDF is the rarity of a word in half of the articles: a topic's
// candidates are searched by its rarer words when it has any.
const commonIDF = 0.6931471805599453 // ln 2

// topicQuery is the search for a topic's own words (only those rarer than
// commonIDF when rare is set and it has some), in every language of the
// index, title and body; nil when the topic has none.
func (lk *Linker) topicQuery(ti int, rare bool) query.Query {
	if rare {
		has := false
		for _, r := range lk.refs[ti] {
			has = has || r.own && lk.terms[r.term].idf > commonIDF
		}
		rare = has
	}
	c := compiler{im: lk.ix.im, syn: lk.ix.syn, keys: lk.ix.keys}
	var qs []query.Query
	for _, r := range lk.refs[ti] {
		if !r.own || rare && lk.terms[r.term].idf <= commonIDF {
			continue
		}
		t := lk.terms[r.term]
		if q := c.lookup(t.text, c.textTarget(fieldText)); q != nil {
			qs = append(qs, q)
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
