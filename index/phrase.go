package index

import (
	"cmp"
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// phraseQuery matches a phrase in one field: at each place one of its
// slot's terms, at consecutive positions (an empty slot is a stop word's
// gap: any word). It finds what bleve's multi-phrase query finds, but
// checks a document in time linear in the occurrences of the phrase's
// terms there: bleve tries every occurrence of a word against every
// occurrence of the next, and `"lithium lithium"` over one article of
// 20,000 "lithium" took seconds (a paragraph of 1.6 MB, minutes), a core
// held by one query typed into `dossier serve`.
type phraseQuery struct {
	field string
	slots [][]string
}

// newPhraseQuery matches slots in field.
func newPhraseQuery(slots [][]string, field string) *phraseQuery {
	return &phraseQuery{field: field, slots: slots}
}

// Searcher finds the documents with every term of the phrase (a
// conjunction of its slots, each a term or a disjunction of its
// alternatives, reading their positions), then keeps those where the
// terms stand in order.
func (q *phraseQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	inner := opts
	inner.IncludeTermVectors = true
	var parts []search.Searcher
	closeAll := func() {
		for _, s := range parts {
			s.Close()
		}
	}
	for _, slot := range q.slots {
		if len(slot) == 0 {
			continue
		}
		var alts []search.Searcher
		for _, t := range slot {
			s, err := searcher.NewTermSearcher(ctx, r, t, q.field, 1, inner)
			if err != nil {
				for _, a := range alts {
					a.Close()
				}
				closeAll()
				return nil, err
			}
			alts = append(alts, s)
		}
		if len(alts) == 1 {
			parts = append(parts, alts[0])
			continue
		}
		d, err := searcher.NewDisjunctionSearcher(ctx, r, alts, 1, inner)
		if err != nil {
			for _, a := range alts {
				a.Close()
			}
			closeAll()
			return nil, err
		}
		parts = append(parts, d)
	}
	if len(parts) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	must, err := searcher.NewConjunctionSearcher(ctx, r, parts, inner)
	if err != nil {
		closeAll()
		return nil, err
	}
	return &phraseSearcher{ctx: ctx, must: must, slots: trimSlots(q.slots), locations: opts.IncludeTermVectors}, nil
}

// trimSlots drops empty slots at either end: a gap before the first word
// or after the last constrains nothing.
func trimSlots(slots [][]string) [][]string {
	for len(slots) > 0 && len(slots[0]) == 0 {
		slots = slots[1:]
	}
	for len(slots) > 0 && len(slots[len(slots)-1]) == 0 {
		slots = slots[:len(slots)-1]
	}
	return slots
}

// phraseCheckEvery is how many candidate documents a phrase searcher
// rejects between two looks at its context.
const phraseCheckEvery = 64

// phraseSearcher keeps the documents of must where the phrase stands.
type phraseSearcher struct {
	ctx       context.Context
	must      search.Searcher
	slots     [][]string
	locations bool // the caller wants the matches' locations
	rejected  int

	scratch phraseScratch
}

// Next returns the next document with the phrase.
func (s *phraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.must.Next(ctx)
	return s.first(ctx, dm, err)
}

// Advance returns the first document at or after id with the phrase.
func (s *phraseSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.must.Advance(ctx, id)
	return s.first(ctx, dm, err)
}

// first returns dm if it has the phrase, else the next candidate that has it.
func (s *phraseSearcher) first(ctx *search.SearchContext, dm *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	for ; err == nil && dm != nil; dm, err = s.must.Next(ctx) {
		if s.check(dm) {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
		if s.rejected++; s.rejected%phraseCheckEvery == 0 && s.ctx != nil {
			if err := s.ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	return nil, err
}

// check reports whether dm has the phrase, keeping only the locations of
// its occurrences (none when the caller wants none).
func (s *phraseSearcher) check(dm *search.DocumentMatch) bool {
	keep := s.scratch.match(s.slots, dm.FieldTermLocations, s.locations)
	if keep == nil {
		return false
	}
	if !s.locations {
		dm.FieldTermLocations = dm.FieldTermLocations[:0]
		return true
	}
	out := dm.FieldTermLocations[:0]
	for i, ftl := range dm.FieldTermLocations {
		if keep[i] {
			out = append(out, ftl)
		}
	}
	dm.FieldTermLocations = out
	return true
}

// Close closes the conjunction.
func (s *phraseSearcher) Close() error { return s.must.Close() }

// Weight is the conjunction's.
func (s *phraseSearcher) Weight() float64 { return s.must.Weight() }

// SetQueryNorm passes the norm to the conjunction.
func (s *phraseSearcher) SetQueryNorm(n float64) { s.must.SetQueryNorm(n) }

// Count is at most the conjunction's.
func (s *phraseSearcher) Count() uint64 { return s.must.Count() }

// Min is 0: a phrase is not a disjunction.
func (s *phraseSearcher) Min() int { return 0 }

// Size estimates the searcher's memory.
func (s *phraseSearcher) Size() int { return 128 + s.must.Size() }

// DocumentMatchPoolSize is the conjunction's, plus the candidate held.
func (s *phraseSearcher) DocumentMatchPoolSize() int { return s.must.DocumentMatchPoolSize() + 1 }

// phraseScratch holds the buffers of phrase checks, reused from one
// document to the next.
type phraseScratch struct {
	entries [][]posEntry // per slot
	keep    []bool
	next    []int
	slotsOf map[string][]int
	fields  []string
}

// posEntry is one occurrence of a slot's term: its position, and its
// index among the document's locations.
type posEntry struct {
	pos uint64
	i   int
}

// match finds the phrase among one document's term locations, field by
// field (a phrase never spans two fields or two parts of the text field).
// It returns which locations belong to an occurrence of the phrase (all
// of them when locations is set, else as soon as one is found), or nil
// when the phrase is not there. The work is linear in the locations, but
// for sorting a slot's whose terms' occurrences interleave.
func (sc *phraseScratch) match(slots [][]string, ftls []search.FieldTermLocation, locations bool) []bool {
	if len(slots) == 0 {
		return nil
	}
	if sc.slotsOf == nil {
		sc.slotsOf = map[string][]int{}
		for i, slot := range slots {
			for _, t := range slot {
				if !slices.Contains(sc.slotsOf[t], i) {
					sc.slotsOf[t] = append(sc.slotsOf[t], i)
				}
			}
		}
	}
	sc.keep = slices.Grow(sc.keep[:0], len(ftls))[:len(ftls)]
	clear(sc.keep)
	sc.fields = sc.fields[:0]
	for _, ftl := range ftls {
		if !slices.Contains(sc.fields, ftl.Field) {
			sc.fields = append(sc.fields, ftl.Field)
		}
	}
	found := false
	for _, field := range sc.fields {
		if sc.matchField(slots, ftls, field, locations) {
			found = true
			if !locations {
				break
			}
		}
	}
	if !found {
		return nil
	}
	return sc.keep
}

// matchField looks for the phrase among the locations of one field.
func (sc *phraseScratch) matchField(slots [][]string, ftls []search.FieldTermLocation, field string, locations bool) bool {
	if len(sc.entries) < len(slots) {
		sc.entries = make([][]posEntry, len(slots))
	}
	entries := sc.entries[:len(slots)]
	for i := range entries {
		entries[i] = entries[i][:0]
	}
	for i, ftl := range ftls {
		if ftl.Field != field {
			continue
		}
		for _, si := range sc.slotsOf[ftl.Term] {
			entries[si] = append(entries[si], posEntry{pos: ftl.Location.Pos, i: i})
		}
	}
	for i, e := range entries {
		if len(slots[i]) > 0 && len(e) == 0 {
			return false
		}
		if !slices.IsSortedFunc(e, byPos) {
			slices.SortStableFunc(e, byPos)
		}
	}
	sc.next = slices.Grow(sc.next[:0], len(slots))[:len(slots)]
	clear(sc.next)
	found := false
	phraseStarts(slots, entries, sc.next, func(start uint64) bool {
		found = true
		if !locations {
			return false
		}
		for i := range slots {
			for j := sc.next[i]; j < len(entries[i]) && entries[i][j].pos == start+uint64(i); j++ {
				sc.keep[entries[i][j].i] = true
			}
		}
		return true
	})
	return found
}

// phraseStarts calls fn with each position where the phrase starts, in
// order, until fn returns false. entries holds each slot's occurrences
// sorted by position (none for a gap); when fn is called, next[i] is the
// first of slot i's entries at start+i. The starts increase, so each
// slot's entries are passed once over all starts: the work is linear.
func phraseStarts(slots [][]string, entries [][]posEntry, next []int, fn func(start uint64) bool) {
	first := entries[0]
	for k := range first {
		start := first[k].pos
		if k > 0 && start == first[k-1].pos {
			continue
		}
		if phraseAt(slots, entries, next, start) && !fn(start) {
			return
		}
	}
}

// phraseAt reports whether every slot has an occurrence at start plus its
// offset, moving next past the entries before it.
func phraseAt(slots [][]string, entries [][]posEntry, next []int, start uint64) bool {
	for i := range slots {
		if len(slots[i]) == 0 {
			continue
		}
		want := start + uint64(i)
		e := entries[i]
		j := next[i]
		for j < len(e) && e[j].pos < want {
			j++
		}
		next[i] = j
		if j == len(e) || e[j].pos != want {
			return false
		}
	}
	return true
}

func byPos(a, b posEntry) int { return cmp.Compare(a.pos, b.pos) }
