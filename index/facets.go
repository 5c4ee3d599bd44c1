package index

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	bindex "github.com/blevesearch/bleve_index_api"

	"dossier/model"
)

// Counting facets through the index means reading the facet field of every
// hit from its doc values: half the time of a search with many hits. An
// index that never changes (a kept generation opened read-only) numbers its
// documents once and for all, so a table from document number to article
// turns each hit's facets into three array increments.

// DocIDs maps the internal document numbers of a part that never changes
// to article ids ("" where a number holds no live document).
type DocIDs []string

// ReadDocIDs numbers the live documents of an index that will not change
// any more (a kept generation, opened read-only).
func ReadDocIDs(ctx context.Context, b bleve.Index) (DocIDs, error) {
	adv, err := b.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	all, err := r.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer all.Close()
	var ids DocIDs
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		in, err := all.Next()
		if err != nil {
			return nil, err
		}
		if in == nil {
			return ids, nil
		}
		if len(in) != 8 {
			return nil, errors.New("index: documents are not numbered")
		}
		num := in.Value()
		if num >= 1<<31 {
			return nil, fmt.Errorf("index: document number %d out of range", num)
		}
		id, err := r.ExternalID(in)
		if err != nil {
			return nil, err
		}
		for uint64(len(ids)) <= num {
			ids = append(ids, "")
		}
		ids[num] = id
	}
}

// Coded numbers the documents of a part that never changes and gives each
// one's facet values and family as small numbers, used where they lie (a
// kept generation's manifest): counting a hit is array reads.
type Coded interface {
	Len() int        // document numbers (some may hold no live document)
	Live() int       // the numbers that hold a live document
	ID(n int) string // the article id of document n ("" where none)
	// Codes returns document n's language, year and outlet as positions in
	// FacetNames' lists, and its family as a number for FamilyID; -1 where
	// it has none (no live document: all -1).
	Codes(n int) (lang, year, source, family int32)
	FacetNames() (langs, years, sources []string)
	FamilyID(family int32) string // the id of the family's root
}

// facetCode is one document's facet values, as numbers in facetTable's
// dictionaries (-1: none).
type facetCode struct{ lang, year, source int32 }

// facetTable holds the facet values of a part's documents by number.
type facetTable struct {
	codes                 []facetCode
	langs, years, sources []string
}

// facetTableOf builds the table of a part from the corpus.
func facetTableOf(c *model.Corpus, ids DocIDs) *facetTable {
	t := &facetTable{codes: make([]facetCode, len(ids))}
	dict := func(names *[]string, seen map[string]int32, v string) int32 {
		if v == "" {
			return -1
		}
		n, ok := seen[v]
		if !ok {
			n = int32(len(*names))
			seen[v] = n
			*names = append(*names, v)
		}
		return n
	}
	langs, years, sources := map[string]int32{}, map[string]int32{}, map[string]int32{}
	for n, id := range ids {
		t.codes[n] = facetCode{-1, -1, -1}
		a, ok := c.Article(id)
		if id == "" || !ok {
			continue
		}
		year := ""
		if a.Precision != model.Unknown {
			year = a.Date.Format("2006")
		}
		t.codes[n] = facetCode{dict(&t.langs, langs, a.Lang), dict(&t.years, years, year), dict(&t.sources, sources, a.Outlet)}
	}
	return t
}

// facetCounter counts the facets of the hits of one search on one part:
// through the part's table once there is one, else article by article.
type facetCounter struct {
	t                     *facetTable
	coded                 Coded // instead of t
	langs, years, sources []int // with a table or codes

	ids    DocIDs // without one
	corpus *model.Corpus
	byLang map[string]int
	byYear map[int]int
	bySrc  map[string]int
}

func newFacetCounter(t *facetTable, ids DocIDs, c *model.Corpus) *facetCounter {
	if t != nil {
		return &facetCounter{t: t, langs: make([]int, len(t.langs)), years: make([]int, len(t.years)), sources: make([]int, len(t.sources))}
	}
	return &facetCounter{ids: ids, corpus: c, byLang: map[string]int{}, byYear: map[int]int{}, bySrc: map[string]int{}}
}

// newCodedCounter counts the facets of a part's hits by their codes.
func newCodedCounter(c Coded) *facetCounter {
	langs, years, sources := c.FacetNames()
	t := &facetTable{langs: langs, years: years, sources: sources}
	return &facetCounter{t: t, coded: c, langs: make([]int, len(langs)), years: make([]int, len(years)), sources: make([]int, len(sources))}
}

// add counts one hit.
func (fc *facetCounter) add(in bindex.IndexInternalID) {
	if len(in) != 8 {
		return
	}
	n := in.Value()
	if fc.coded != nil {
		if n >= uint64(fc.coded.Len()) {
			return
		}
		lang, year, source, _ := fc.coded.Codes(int(n))
		if lang >= 0 && int(lang) < len(fc.langs) {
			fc.langs[lang]++
		}
		if year >= 0 && int(year) < len(fc.years) {
			fc.years[year]++
		}
		if source >= 0 && int(source) < len(fc.sources) {
			fc.sources[source]++
		}
		return
	}
	if fc.t == nil {
		if n >= uint64(len(fc.ids)) {
			return
		}
		a, ok := fc.corpus.Article(fc.ids[n])
		if !ok {
			return
		}
		if a.Lang != "" {
			fc.byLang[a.Lang]++
		}
		if a.Precision != model.Unknown {
			fc.byYear[a.Date.Year()]++
		}
		if a.Outlet != "" {
			fc.bySrc[a.Outlet]++
		}
		return
	}
	if n >= uint64(len(fc.t.codes)) {
		return
	}
	c := fc.t.codes[n]
	if c.lang >= 0 {
		fc.langs[c.lang]++
	}
	if c.year >= 0 {
		fc.years[c.year]++
	}
	if c.source >= 0 {
		fc.sources[c.source]++
	}
}

// facets returns the counts.
func (fc *facetCounter) facets() Facets {
	if fc.t == nil {
		years := map[string]int{}
		for y, n := range fc.byYear {
			years[fmt.Sprintf("%04d", y)] = n
		}
		return Facets{Lang: countsOf(fc.byLang), Year: countsOf(years), Source: countsOf(fc.bySrc)}
	}
	list := func(names []string, counts []int) []FacetCount {
		var out []FacetCount
		for i, n := range counts {
			if n > 0 {
				out = append(out, FacetCount{Term: names[i], Count: n})
			}
		}
		return out
	}
	return Facets{Lang: list(fc.t.langs, fc.langs), Year: list(fc.t.years, fc.years), Source: list(fc.t.sources, fc.sources)}
}

// countsOf lists counted values.
func countsOf(m map[string]int) []FacetCount {
	var out []FacetCount
	for v, n := range m {
		out = append(out, FacetCount{Term: v, Count: n})
	}
	return out
}

// counting makes a search count each collected hit's facets on fc and its
// family on fam (either may be nil), then rank it as bleve does.
func counting(ctx context.Context, fc *facetCounter, fam *familyCounter) context.Context {
	handler := search.MakeDocumentMatchHandler(func(sc *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
		rank, loadID, err := collector.MakeTopNDocumentMatchHandler(sc)
		if err != nil || rank == nil {
			return rank, loadID, err
		}
		return func(d *search.DocumentMatch) error {
			if d != nil && fc != nil {
				fc.add(d.IndexInternalID)
			}
			if d != nil && fam != nil {
				fam.add(sc.IndexReader, d.IndexInternalID)
			}
			return rank(d)
		}, loadID, nil
	})
	return context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, handler)
}

// partFacets is a part's facet table, made at its second faceted search:
// a process that searches once (the command line) counts hit by hit, one
// that searches again (a dashboard) pays for the table once.
type partFacets struct {
	searches atomic.Int32
	once     sync.Once
	t        *facetTable
}

// facetCounter returns a counter for part i, or nil when the part's
// documents are not numbered (it may still change).
func (ix *Index) facetCounter(i int) *facetCounter {
	if c := ix.parts[i].Coded; c != nil {
		return newCodedCounter(c)
	}
	ids := ix.parts[i].IDs
	if ids == nil {
		return nil
	}
	pf := &ix.facets[i]
	var t *facetTable
	if pf.searches.Add(1) >= 2 {
		pf.once.Do(func() { pf.t = facetTableOf(ix.Corpus(), ids) })
		t = pf.t
	}
	return newFacetCounter(t, ids, ix.Corpus())
}

// Numbered is a table of a part's documents by number (DocIDs, Coded).
type Numbered interface {
	Len() int
	Live() int
	ID(n int) string
}

// Len is the numbers in the table.
func (ids DocIDs) Len() int { return len(ids) }

// ID is the article id of document n ("" where none).
func (ids DocIDs) ID(n int) string { return ids[n] }

// CheckDocIDs compares a few numbers of a document table with the index
// (the first, middle and last live documents), to catch a table that does
// not belong to it.
func CheckDocIDs(b bleve.Index, ids Numbered) error {
	adv, err := b.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	if n, err := r.DocCount(); err != nil || n != uint64(ids.Live()) {
		return fmt.Errorf("index: %d documents, table has %d", n, ids.Live())
	}
	in := make(bindex.IndexInternalID, 8)
	for _, n := range []int{next(ids, 0), next(ids, ids.Len()/2), prev(ids, ids.Len()-1)} {
		if n < 0 {
			continue
		}
		in.SetValue(uint64(n))
		id, err := r.ExternalID(in)
		if err != nil || id != ids.ID(n) {
			return fmt.Errorf("index: document %d is %q, table says %q (%v)", n, id, ids.ID(n), err)
		}
	}
	return nil
}

// Live counts the numbered documents.
func (ids DocIDs) Live() int {
	n := 0
	for _, id := range ids {
		if id != "" {
			n++
		}
	}
	return n
}

// next is the first live number from n on (-1: none).
func next(ids Numbered, n int) int {
	for ; n >= 0 && n < ids.Len(); n++ {
		if ids.ID(n) != "" {
			return n
		}
	}
	return -1
}

// prev is the last live number up to n (-1: none).
func prev(ids Numbered, n int) int {
	for ; n >= 0 && n < ids.Len(); n-- {
		if ids.ID(n) != "" {
			return n
		}
	}
	return -1
}
