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
	req.SortBy([]string{"-_score", "-" + fieldDate, "_id"})
	if r.Facets {
		req.AddFacet(fieldLang, bleve.NewFacetRequest(fieldLang, 10))
		req.AddFacet(fieldYear, bleve.NewFacetRequest(fieldYear, 20))
		req.AddFacet(fieldSourceKW, bleve.NewFacetRequest(fieldSourceKW, 10))
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
	if r.Facets {
		out.Facets = Facets{
			Lang:   facetCounts(res.Facets[fieldLang]),
			Year:   facetCounts(res.Facets[fieldYear]),
			Source: facetCounts(res.Facets[fieldSourceKW]),
		}
	}
	return out, nil
}

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

func facetCounts(fr *search.FacetResult) []FacetCount {
	if fr == nil || fr.Terms == nil {
		return nil
	}
	var out []FacetCount
	for _, t := range fr.Terms.Terms() {
		out = append(out, FacetCount{Term: t.Term, Count: t.Count})
	}
	return out
}
