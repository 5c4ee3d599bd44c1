package index

import (
	"context"
	"math"
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
// terms there (see phraseWalk): bleve tries every occurrence of a word
// against every occurrence of the next, and `"lithium lithium"` over one
// article of 20,000 "lithium" took seconds (a paragraph of 1.6 MB,
// minutes), a core held by one query typed into `dossier serve`. It also
// reads each term's postings once, however many slots name it, and makes
// a document match only for the documents where the phrase stands.
type phraseQuery struct {
	field string
	slots [][]string
}

// newPhraseQuery matches slots in field.
func newPhraseQuery(slots [][]string, field string) *phraseQuery {
	return &phraseQuery{field: field, slots: slots}
}

// Searcher opens one reader, with positions, per distinct term.
func (q *phraseQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	slots := trimSlots(q.slots)
	if len(slots) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	total, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	s := &phraseSearcher{ctx: ctx, locations: opts.IncludeTermVectors, scratch: newPhraseScratch(slots)}
	byTerm := map[string]int{}
	for _, slot := range slots {
		if len(slot) == 0 {
			continue
		}
		var ks []int
		for _, t := range slot {
			k, ok := byTerm[t]
			if !ok {
				tr, err := r.TermFieldReader(ctx, []byte(t), q.field, true, true, true)
				if err != nil {
					s.Close()
					return nil, err
				}
				k = len(s.terms)
				byTerm[t] = k
				idf := 1 + math.Log(float64(total)/float64(tr.Count()+1))
				s.terms = append(s.terms, wordTerm{term: t, reader: tr, boost: 1, idf: idf, weight: 1})
			}
			if !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		}
		s.slots = append(s.slots, ks)
	}
	// As bleve's phrase searcher does: its own norm, until an enclosing
	// query sets the norm of the whole.
	if w := s.Weight(); w > 0 {
		s.SetQueryNorm(1 / math.Sqrt(w))
	}
	return s, nil
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

// phraseSearcher walks the documents that have a term of every slot (each
// slot's terms moved to the highest document any slot is at, until all
// agree), and keeps those where the terms stand in order.
type phraseSearcher struct {
	ctx       context.Context
	terms     []wordTerm // each distinct term of the phrase
	slots     [][]int    // the words' slots (no gaps): their terms
	locations bool       // the caller wants the matches' locations
	scratch   *phraseScratch

	started  bool
	done     bool   // no document left
	returned bool   // a document was returned: last
	last     uint64 // the document returned last
	rejected int
	id       bindex.IndexInternalID     // scratch
	ftls     []search.FieldTermLocation // the candidate's occurrences
}

// Next returns the next document with the phrase.
func (s *phraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	var from uint64
	if s.returned {
		from = s.last + 1
	}
	return s.find(ctx, from)
}

// Advance returns the first document at or after id with the phrase.
func (s *phraseSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return s.find(ctx, id.Value())
}

// find returns the first document at or after from with the phrase.
func (s *phraseSearcher) find(ctx *search.SearchContext, from uint64) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(from); err != nil {
			return nil, err
		}
	}
	for !s.done {
		doc, err := s.agree(from)
		if err != nil || s.done {
			return nil, err
		}
		if dm := s.check(ctx, doc); dm != nil {
			s.last, s.returned = doc, true
			return dm, nil
		}
		from = doc + 1
		if s.rejected++; s.rejected%phraseCheckEvery == 0 && s.ctx != nil {
			if err := s.ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	return nil, nil
}

// start reads every term's first posting at or after from.
func (s *phraseSearcher) start(from uint64) error {
	s.started = true
	for k := range s.terms {
		t := &s.terms[k]
		var err error
		if from == 0 {
			err = t.next()
		} else {
			err = t.advance(s.idOf(from))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// idOf returns the internal id of document number n (in scratch space).
func (s *phraseSearcher) idOf(n uint64) bindex.IndexInternalID {
	if len(s.id) != 8 {
		s.id = make(bindex.IndexInternalID, 8)
	}
	s.id.SetValue(n)
	return s.id
}

// agree moves the terms to the first document at or after target that
// every slot has a term of, and returns it; done is set when there is none.
func (s *phraseSearcher) agree(target uint64) (uint64, error) {
	for {
		moved := false
		for _, slot := range s.slots {
			low, any := uint64(0), false
			for _, k := range slot {
				t := &s.terms[k]
				if !t.done && t.num < target {
					if err := t.advance(s.idOf(target)); err != nil {
						return 0, err
					}
				}
				if !t.done && (!any || t.num < low) {
					low, any = t.num, true
				}
			}
			if !any {
				s.done = true
				return 0, nil
			}
			if low > target {
				target, moved = low, true
			}
		}
		if !moved {
			return target, nil
		}
	}
}

// check returns doc's match, scored, if the phrase stands in it.
func (s *phraseSearcher) check(ctx *search.SearchContext, doc uint64) *search.DocumentMatch {
	s.ftls = s.ftls[:0]
	var id bindex.IndexInternalID
	for k := range s.terms {
		t := &s.terms[k]
		if t.done || t.num != doc {
			continue
		}
		id = t.doc.ID
		for _, v := range t.doc.Vectors {
			s.ftls = append(s.ftls, search.FieldTermLocation{Field: v.Field, Term: t.term,
				Location: search.Location{Pos: v.Pos, Start: v.Start, End: v.End}})
		}
	}
	keep := s.scratch.match(s.ftls, s.locations)
	if keep == nil {
		return nil
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = bindex.NewIndexInternalIDFrom(dm.IndexInternalID, id)
	dm.Score = s.score(doc)
	if s.locations {
		for i, ftl := range s.ftls {
			if keep[i] {
				dm.FieldTermLocations = append(dm.FieldTermLocations, ftl)
			}
		}
	}
	return dm
}

// score is doc's score as bleve's phrase searcher gives it: per slot, the
// tf-idf of its terms there times the share of them there, summed.
func (s *phraseSearcher) score(doc uint64) float64 {
	sum := 0.0
	for _, slot := range s.slots {
		part, matched := 0.0, 0
		for _, k := range slot {
			if t := &s.terms[k]; !t.done && t.num == doc {
				part += t.score()
				matched++
			}
		}
		sum += part * float64(matched) / float64(len(slot))
	}
	return sum
}

// Close closes the readers.
func (s *phraseSearcher) Close() error {
	var err error
	for _, t := range s.terms {
		if cerr := t.reader.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// Weight is the sum over the slots of their terms' squared weights, for
// the query norm.
func (s *phraseSearcher) Weight() float64 {
	w := 0.0
	for _, slot := range s.slots {
		for _, k := range slot {
			w += s.terms[k].idf * s.terms[k].idf
		}
	}
	return w
}

// SetQueryNorm sets the terms' weights.
func (s *phraseSearcher) SetQueryNorm(n float64) {
	for k := range s.terms {
		t := &s.terms[k]
		t.weight = t.idf * n
	}
}

// Count is at most the documents of the slot with the fewest.
func (s *phraseSearcher) Count() uint64 {
	var least uint64
	for i, slot := range s.slots {
		var n uint64
		for _, k := range slot {
			n += s.terms[k].reader.Count()
		}
		if i == 0 || n < least {
			least = n
		}
	}
	return least
}

// Min is 0: a phrase is not a disjunction.
func (s *phraseSearcher) Min() int { return 0 }

// Size estimates the searcher's memory.
func (s *phraseSearcher) Size() int {
	n := 256 + 64*cap(s.ftls)
	for _, t := range s.terms {
		n += 128 + len(t.term) + t.reader.Size()
	}
	return n
}

// DocumentMatchPoolSize is one: a match is made only to be returned.
func (s *phraseSearcher) DocumentMatchPoolSize() int { return 1 }
