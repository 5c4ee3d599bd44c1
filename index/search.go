package index

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// Request is one search.
type Request struct {
	Query  string
	Limit  int  // hits per page; 20 when zero
	Offset int  // hits to skip
	Facets bool // count hits by language, year and outlet
}

// ErrNothingToSearch is returned when every word of a query is too common
// to be indexed (stop words in every language).
var ErrNothingToSearch = errors.New("nothing to search for: every word is too common to be indexed")

// Parse checks a query without running it; the error is a *QueryError.
func Parse(q string) error {
	_, err := parseQuery(q)
	return err
}

// Search runs a query. A query that cannot be parsed returns a *QueryError.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	ast, err := parseQuery(r.Query)
	if err != nil {
		return nil, err
	}
	c := compiler{im: ix.im, syn: ix.syn, keys: ix.keys}
	q := c.compile(ast)
	if q == nil {
		return nil, fmt.Errorf("%w (%s)", ErrNothingToSearch, strings.Join(c.ignored, ", "))
	}
	limit := r.Limit
	if limit <= 0 {
		limit = 20
	}
	req := bleve.NewSearchRequestOptions(q, limit, r.Offset, false)
	req.IncludeLocations = true
	if r.Facets {
		req.AddFacet(fieldFacet, bleve.NewFacetRequest(fieldFacet, maxFacetTerms))
	}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &Result{
		Query:   r.Query,
		Total:   res.Total,
		Took:    res.Took,
		Ignored: c.ignored,
		Partial: !ix.Progress().Ready(),
	}
	for _, dm := range res.Hits {
		out.Hits = append(out.Hits, ix.hit(dm))
	}
	// Equal scores in a stable order: newest first, then by id.
	sort.SliceStable(out.Hits, func(i, j int) bool {
		a, b := out.Hits[i], out.Hits[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Date != b.Date {
			return a.Date > b.Date
		}
		return a.ID < b.ID
	})
	if r.Facets {
		out.Facets = splitFacets(res.Facets[fieldFacet])
	}
	return out, nil
}

// maxFacetTerms bounds the distinct facet values counted (all languages and
// years, and the most frequent outlets).
const maxFacetTerms = 200

// Shown per facet.
const (
	maxLangs   = 10
	maxYears   = 20
	maxSources = 10
)

func (ix *Index) hit(dm *search.DocumentMatch) Hit {
	a, _ := ix.corpus.Article(dm.ID)
	h := Hit{
		ID: dm.ID, Title: a.Title, Date: a.DayString(), Precision: a.Precision,
		Lang: a.Lang, Source: a.Outlet, Score: dm.Score,
	}
	var title, body []Match
	for field, terms := range dm.Locations {
		var name string
		switch {
		case strings.HasPrefix(field, "title_"):
			name = "title"
		case strings.HasPrefix(field, "body_"):
			name = "body"
		default:
			continue
		}
		for _, locs := range terms {
			for _, l := range locs {
				m := Match{Field: name, Start: int(l.Start), End: int(l.End)}
				if name == "title" {
					title = append(title, m)
				} else {
					body = append(body, m)
				}
			}
		}
	}
	title = mergeMatches(a.Title, title)
	body = mergeMatches(a.Body, body)
	h.Matches = append(title, body...)
	h.Fragments = fragments(a.Body, body)
	return h
}

// mergeMatches sorts ranges, drops out-of-range ones, and joins ranges that
// overlap or are separated only by spaces (the words of a phrase).
func mergeMatches(text string, ms []Match) []Match {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].End > ms[j].End
	})
	var out []Match
	for _, m := range ms {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
			continue
		}
		if n := len(out); n > 0 {
			last := &out[n-1]
			if m.Start <= last.End || strings.TrimSpace(text[last.End:m.Start]) == "" && m.Start-last.End <= 2 {
				last.End = max(last.End, m.End)
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// splitFacets separates the combined facet field into its three facets,
// each most frequent first (ties by value).
func splitFacets(fr *search.FacetResult) Facets {
	var f Facets
	if fr == nil || fr.Terms == nil {
		return f
	}
	for _, t := range fr.Terms.Terms() {
		c := func(v string) FacetCount { return FacetCount{Term: v, Count: t.Count} }
		switch {
		case strings.HasPrefix(t.Term, facetLang):
			f.Lang = append(f.Lang, c(t.Term[len(facetLang):]))
		case strings.HasPrefix(t.Term, facetYear):
			f.Year = append(f.Year, c(t.Term[len(facetYear):]))
		case strings.HasPrefix(t.Term, facetSource):
			f.Source = append(f.Source, c(t.Term[len(facetSource):]))
		}
	}
	order := func(fc []FacetCount, n int) []FacetCount {
		sort.SliceStable(fc, func(i, j int) bool {
			if fc[i].Count != fc[j].Count {
				return fc[i].Count > fc[j].Count
			}
			return fc[i].Term < fc[j].Term
		})
		return fc[:min(len(fc), n)]
	}
	f.Lang, f.Year, f.Source = order(f.Lang, maxLangs), order(f.Year, maxYears), order(f.Source, maxSources)
	return f
}
