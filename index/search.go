package index

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Request is one search.
type Request struct {
	Query  string
	Limit  int  // results per page; 20 when zero
	Offset int  // results to skip
	Facets bool // count hits by language, year and outlet
	// Lang is the reader's language: where an article and its translation
	// both match and the query's words do not decide, the version shown
	// (see lead.go); "" shows the original.
	Lang string
	// Sets gives the article ids of each is: set the query may name, by
	// name (SetNew: the asking person's new articles). The index keeps no
	// per-person state: a query naming a set not given here is refused.
	Sets map[string][]string
	// among, when set, names a set of Sets the results must be in too.
	among string
}

// ErrNothingToSearch is returned when every word of a query is too common
// to be indexed (stop words in every language).
var ErrNothingToSearch = errors.New("nothing to search for: every word is too common to be indexed")

// Parse checks a query without running it; the error is a *QueryError.
func Parse(q string) error {
	_, err := parseQuery(q)
	return err
}

// Search runs a query. It finds the best hits and counts the facets in one
// pass, then reads the match positions of the shown hits only and cuts their
// fragments from the article texts; Took covers all of it. An article and
// its translations that all match are one result, at the place of the
// best-ranked of them, shown in the language lead.go chooses, with the
// others as Versions. A query that cannot be parsed returns a *QueryError. A search that fails inside the index library
// returns a *Fault, unless Config.Suspect gave another index that answered
// it (Config.Guard may have chosen another index before it started).
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	start := time.Now()
	on := ix
	if ix.guard != nil {
		if other := ix.guard(ctx); other != nil {
			on = other
		}
	}
	res, err := on.search(ctx, r)
	var f *Fault
	if errors.As(err, &f) && on.suspect != nil && ctx.Err() == nil {
		if other := on.suspect(ctx, f); other != nil && other != on {
			res, err = other.search(ctx, r) // once: a fault there is the caller's
		}
	}
	if res != nil {
		res.Took = time.Since(start)
	}
	return res, err
}

// Fault is a search that failed inside the index library: an error or a
// panic (a damaged index file, most likely).
type Fault struct{ Err error }

// Error says the search failed inside the index, and why.
func (f *Fault) Error() string { return "search: the index failed: " + f.Err.Error() }

// Unwrap returns the index library's error.
func (f *Fault) Unwrap() error { return f.Err }

// fault makes an error of the index library a *Fault, unless the search
// was only cancelled.
func fault(ctx context.Context, err error) error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return err
	}
	return &Fault{Err: err}
}

func (ix *Index) search(ctx context.Context, r Request) (res *Result, err error) {
	start := time.Now()
	if !ix.acquire() {
		return nil, ErrClosed
	}
	defer ix.release()
	// A damaged index file must not take the program down: a fault while
	// reading it, or a panic in the index library, is this search's error.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, &Fault{Err: fmt.Errorf("%v", p)}
		}
	}()
	ast, err := parseQuery(r.Query)
	if err != nil {
		return nil, err
	}
	if r.among != "" {
		ast = andNode{Xs: []node{ast, setNode{Name: r.among}}}
	}
	for _, n := range setNodes(ast) {
		if _, ok := r.Sets[n.Name]; !ok {
			return nil, errAt(r.Query, n.Pos, "is:%s needs to know who is asking, and is not available here", n.Name)
		}
	}
	c := compiler{im: ix.im, syn: ix.syn, keys: ix.keys, sets: r.Sets}
	q := c.compile(ast)
	if q == nil {
		return nil, fmt.Errorf("%w (%s)", ErrNothingToSearch, strings.Join(c.ignored, ", "))
	}
	limit := r.Limit
	if limit <= 0 {
		limit = 20
	}
	// Ask for more than a page: translations folded into one result leave gaps.
	want := r.Offset + 2*limit
	out := &Result{Query: r.Query, Ignored: c.ignored, Partial: ix.partial}
	var matches []*search.DocumentMatch
	fam := newFamilyCounter(ix)
	for i, p := range ix.parts {
		pctx, bleveFacets := ctx, r.Facets
		var fc *facetCounter
		if r.Facets {
			if fc = ix.facetCounter(i); fc != nil {
				bleveFacets = false
			}
		}
		if fam != nil {
			fam.part(p)
		}
		if fc != nil || fam != nil {
			pctx = counting(ctx, fc, fam)
		}
		res, err := p.search(bounded(pctx), q, want, bleveFacets)
		if qe := broadError(r.Query, err); qe != nil {
			return nil, qe
		}
		if err != nil {
			return nil, fault(ctx, err)
		}
		out.Total += res.Total
		for _, dm := range res.Hits {
			dm.HitNumber = uint64(i) // which part answered
		}
		matches = append(matches, res.Hits...)
		switch {
		case fc != nil:
			out.Facets = out.Facets.add(fc.facets())
		case r.Facets:
			out.Facets = out.Facets.add(splitFacets(res.Facets[fieldFacet]))
		}
	}
	fams := ix.group(ix.rank(matches))
	out.Articles = out.Total
	if fam != nil {
		out.Articles = fam.count()
	}
	fams = fams[min(r.Offset, len(fams)):]
	fams = fams[:min(limit, len(fams))]
	// Where each member of the page's families matches; the language rule
	// (lead.go) reads it to choose the member each family shows.
	var members []Hit
	for _, f := range fams {
		members = append(members, f.members...)
	}
	if err := ix.highlight(ctx, q, members); err != nil {
		return nil, err
	}
	for i := range fams {
		n := copy(fams[i].members, members)
		members = members[n:]
	}
	hits := ix.leads(fams, c.queryWords(ast), r.Lang)
	for i := range hits {
		ix.setFields(ast, &hits[i])
	}
	out.Hits = hits
	if r.Facets {
		out.Facets = out.Facets.top()
	}
	out.Took = time.Since(start)
	return out, nil
}

// SetsIn returns the names of the is: sets a query uses (nil for none, or
// for a query that cannot be parsed), so that a caller computes only the
// sets it needs.
func SetsIn(q string) []string {
	ast, err := parseQuery(q)
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range setNodes(ast) {
		if !slices.Contains(out, n.Name) {
			out = append(out, n.Name)
		}
	}
	return out
}

// setNodes lists the is: terms of a parsed query.
func setNodes(n node) []setNode {
	switch n := n.(type) {
	case setNode:
		return []setNode{n}
	case notNode:
		return setNodes(n.X)
	case andNode:
		var out []setNode
		for _, x := range n.Xs {
			out = append(out, setNodes(x)...)
		}
		return out
	case orNode:
		var out []setNode
		for _, x := range n.Xs {
			out = append(out, setNodes(x)...)
		}
		return out
	}
	return nil
}

// search runs q on one part, leaving out its hidden ids.
func (p Part) search(ctx context.Context, q query.Query, size int, facets bool) (*bleve.SearchResult, error) {
	if len(p.Hide) > 0 {
		b := bleve.NewBooleanQuery()
		b.AddMust(q)
		b.AddMustNot(bleve.NewDocIDQuery(p.Hide))
		q = b
	}
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	if facets {
		req.AddFacet(fieldFacet, bleve.NewFacetRequest(fieldFacet, maxFacetTerms))
	}
	return p.Bleve.SearchInContext(ctx, req)
}

// rank turns the matches of every part into hits, best first: by score, then
// newest, then by id.
func (ix *Index) rank(matches []*search.DocumentMatch) []Hit {
	hits := make([]Hit, 0, len(matches))
	for _, dm := range matches {
		a, ok := ix.article(dm.ID)
		if !ok {
			continue // indexed, but no longer in the corpus
		}
		hits = append(hits, Hit{
			ID: dm.ID, Title: a.Title, Date: a.DayString(), Precision: a.Precision,
			Lang: a.Lang, Source: a.Outlet, Author: a.Author, Score: dm.Score, part: int(dm.HitNumber),
		})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Date != b.Date {
			return a.Date > b.Date
		}
		return a.ID < b.ID
	})
	return hits
}

// highlight finds where each hit matches (a second, narrow search over the
// shown hits with match positions) and cuts its fragments from its text.
func (ix *Index) highlight(ctx context.Context, q query.Query, hits []Hit) error {
	byPart := map[int][]string{}
	for _, h := range hits {
		byPart[h.part] = append(byPart[h.part], h.ID)
	}
	locs := map[string]search.FieldTermLocationMap{}
	for pi, ids := range byPart {
		nq := bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), q)
		req := bleve.NewSearchRequestOptions(nq, len(ids), 0, false)
		req.IncludeLocations = true
		req.Score = "none" // the hits are ranked: only where they match is read
		res, err := ix.parts[pi].Bleve.SearchInContext(bounded(ctx), req)
		if err != nil {
			return fault(ctx, err)
		}
		for _, dm := range res.Hits {
			locs[dm.ID] = dm.Locations
		}
	}
	for i := range hits {
		ix.placeMatches(&hits[i], locs[hits[i].ID])
	}
	return nil
}

// placeMatches turns match locations into byte ranges of the title, the
// body, the outlet and the author, and cuts the fragments.
func (ix *Index) placeMatches(h *Hit, locations search.FieldTermLocationMap) {
	var title, body, source, author []Match
	for field, terms := range locations {
		var name string
		var into *[]Match
		switch field {
		case locTitle:
			name, into = "title", &title
		case locBody:
			name, into = "body", &body
		case fieldSource:
			name, into = "source", &source
		case fieldAuthor:
			name, into = "author", &author
		default:
			continue
		}
		for _, ls := range terms {
			for _, l := range ls {
				*into = append(*into, Match{Field: name, Start: int(l.Start), End: int(l.End)})
			}
		}
	}
	h.Matches = mergeMatches(h.Title, title)
	for _, m := range h.Matches {
		h.surfaces = append(h.surfaces, h.Title[m.Start:m.End])
	}
	if len(body) > 0 {
		if text, err := ix.text(h.ID); err == nil { // else the file changed or went away: no fragments until it is indexed again
			body = mergeMatches(text, body)
			h.Matches = append(h.Matches, body...)
			h.Fragments = fragments(text, body)
			for _, m := range body {
				h.surfaces = append(h.surfaces, text[m.Start:m.End])
			}
		}
	}
	h.Matches = append(h.Matches, mergeMatches(h.Source, source)...)
	h.Matches = append(h.Matches, mergeMatches(h.Author, author)...)
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

// mergeMatches sorts ranges, drops out-of-range ones, and joins ranges that
// overlap or are separated only by a space or a hyphen (the words of a
// phrase, the halves of COP-27).
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
			if m.Start <= last.End || m.Start-last.End <= 3 && strings.Trim(text[last.End:m.Start], " -‐–") == "" {
				last.End = max(last.End, m.End)
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// splitFacets separates the combined facet field into its three facets.
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
	return f
}

// add sums two facet counts.
func (f Facets) add(g Facets) Facets {
	sum := func(a, b []FacetCount) []FacetCount {
		if len(a) == 0 {
			return b
		}
		n := map[string]int{}
		for _, c := range a {
			n[c.Term] += c.Count
		}
		for _, c := range b {
			if _, ok := n[c.Term]; !ok {
				a = append(a, FacetCount{Term: c.Term})
			}
			n[c.Term] += c.Count
		}
		for i := range a {
			a[i].Count = n[a[i].Term]
		}
		return a
	}
	return Facets{Lang: sum(f.Lang, g.Lang), Year: sum(f.Year, g.Year), Source: sum(f.Source, g.Source)}
}

// top orders each facet most frequent first (ties by value) and keeps the first few.
func (f Facets) top() Facets {
	order := func(fc []FacetCount, n int) []FacetCount {
		sort.SliceStable(fc, func(i, j int) bool {
			if fc[i].Count != fc[j].Count {
				return fc[i].Count > fc[j].Count
			}
			return fc[i].Term < fc[j].Term
		})
		return fc[:min(len(fc), n)]
	}
	return Facets{Lang: order(f.Lang, maxLangs), Year: order(f.Year, maxYears), Source: order(f.Source, maxSources)}
}
