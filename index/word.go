package index

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// wordQuery matches any of a few terms of one field: a word as every
// language analyses it, a synonym's group token and the query's own
// variant of it (boosted). It scores as a bleve disjunction of term
// queries does (tf-idf per term, summed, times the share of the terms
// matched), but reads the terms' postings side by side and makes one
// document match per document, not one per term and document: a word is
// read in about the time of its postings.
type wordQuery struct {
	field  string
	terms  []string
	boosts []float64
}

// Searcher opens a reader per term.
func (q *wordQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	total, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	s := &wordSearcher{total: len(q.terms), vectors: opts.IncludeTermVectors}
	for i, t := range q.terms {
		tr, err := r.TermFieldReader(ctx, []byte(t), q.field, true, true, opts.IncludeTermVectors)
		if err != nil {
			s.Close()
			return nil, err
		}
		idf := 1 + math.Log(float64(total)/float64(tr.Count()+1))
		s.terms = append(s.terms, wordTerm{term: t, reader: tr, boost: q.boosts[i], idf: idf, weight: 1})
	}
	// As a bleve disjunction does: its own norm, until an enclosing
	// query sets the norm of the whole.
	if w := s.Weight(); w > 0 {
		s.SetQueryNorm(1 / math.Sqrt(w))
	}
	return s, nil
}

// wordTerm is one term of a word: its postings and its scoring.
type wordTerm struct {
	term   string
	reader bindex.TermFieldReader
	doc    bindex.TermFieldDoc // the current posting
	num    uint64              // its document number
	done   bool                // no posting left
	boost  float64
	idf    float64
	weight float64 // boost × idf × query norm, once the norm is set
}

// wordSearcher walks the postings of a word's terms together.
type wordSearcher struct {
	terms   []wordTerm
	total   int // terms, for the share matched
	vectors bool
	started bool
}

// start reads every term's first posting.
func (s *wordSearcher) start() error {
	s.started = true
	for i := range s.terms {
		if err := s.terms[i].next(); err != nil {
			return err
		}
	}
	return nil
}

// next moves a term to its next posting.
func (t *wordTerm) next() error {
	d, err := t.reader.Next(t.doc.Reset())
	return t.at(d, err)
}

// advance moves a term to its first posting at or after id.
func (t *wordTerm) advance(id bindex.IndexInternalID) error {
	d, err := t.reader.Advance(id, t.doc.Reset())
	return t.at(d, err)
}

func (t *wordTerm) at(d *bindex.TermFieldDoc, err error) error {
	if err != nil {
		return err
	}
	if d == nil {
		t.done = true
		return nil
	}
	t.num = d.ID.Value()
	return nil
}

// Next returns the next document with any of the terms.
func (s *wordSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(); err != nil {
			return nil, err
		}
	}
	return s.emit(ctx)
}

// Advance returns the first document at or after id with any of the terms.
func (s *wordSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.started {
		s.started = true
		for i := range s.terms {
			if err := s.terms[i].advance(id); err != nil {
				return nil, err
			}
		}
		return s.emit(ctx)
	}
	want := id.Value()
	for i := range s.terms {
		if t := &s.terms[i]; !t.done && t.num < want {
			if err := t.advance(id); err != nil {
				return nil, err
			}
		}
	}
	return s.emit(ctx)
}

// emit returns the document of the lowest number the terms are at,
// scored, and moves those terms on.
func (s *wordSearcher) emit(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	lowest, any := uint64(0), false
	for i := range s.terms {
		if t := &s.terms[i]; !t.done && (!any || t.num < lowest) {
			lowest, any = t.num, true
		}
	}
	if !any {
		return nil, nil
	}
	dm := ctx.DocumentMatchPool.Get()
	score, matched := 0.0, 0
	for i := range s.terms {
		t := &s.terms[i]
		if t.done || t.num != lowest {
			continue
		}
		if matched == 0 {
			dm.IndexInternalID = bindex.NewIndexInternalIDFrom(dm.IndexInternalID, t.doc.ID)
		}
		matched++
		score += t.score()
		if s.vectors {
			for _, v := range t.doc.Vectors {
				dm.FieldTermLocations = append(dm.FieldTermLocations, search.FieldTermLocation{
					Field: v.Field, Term: t.term,
					Location: search.Location{Pos: v.Pos, Start: v.Start, End: v.End, ArrayPositions: append(search.ArrayPositions(nil), v.ArrayPositions...)},
				})
			}
		}
		if err := t.next(); err != nil {
			ctx.DocumentMatchPool.Put(dm)
			return nil, err
		}
	}
	dm.Score = score * float64(matched) / float64(s.total)
	return dm, nil
}

// score is the term's tf-idf score in its current document, as bleve's
// term scorer computes it.
func (t *wordTerm) score() float64 {
	tf := math.Sqrt(float64(t.doc.Freq))
	return tf * t.doc.Norm * t.idf * t.weight
}

// Close closes the readers.
func (s *wordSearcher) Close() error {
	var err error
	for _, t := range s.terms {
		if t.reader != nil {
			if cerr := t.reader.Close(); err == nil {
				err = cerr
			}
		}
	}
	return err
}

// Weight is the sum of the terms' squared weights, for the query norm.
func (s *wordSearcher) Weight() float64 {
	w := 0.0
	for _, t := range s.terms {
		w += (t.boost * t.idf) * (t.boost * t.idf)
	}
	return w
}

// SetQueryNorm sets the terms' weights.
func (s *wordSearcher) SetQueryNorm(n float64) {
	for i := range s.terms {
		t := &s.terms[i]
		t.weight = t.boost * t.idf * n
	}
}

// Count is at most the sum of the terms' document counts.
func (s *wordSearcher) Count() uint64 {
	var n uint64
	for _, t := range s.terms {
		n += t.reader.Count()
	}
	return n
}

// Min is 0: one term is enough.
func (s *wordSearcher) Min() int { return 0 }

// Size estimates the searcher's memory.
func (s *wordSearcher) Size() int {
	n := 64
	for _, t := range s.terms {
		n += 128 + len(t.term) + t.reader.Size()
	}
	return n
}

// DocumentMatchPoolSize is one: a match is made only to be returned.
func (s *wordSearcher) DocumentMatchPoolSize() int { return 1 }
