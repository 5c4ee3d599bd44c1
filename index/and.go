package index

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// andQuery matches the documents that have every one of its clauses: a
// word (any of its terms) or a phrase (its terms in order). It is read
// as a bleve conjunction of word and phrase searchers would be, and
// scores as it would, but does the work once, over the terms' postings
// side by side:
//
//   - it moves the postings of each clause's terms to the highest document
//     any clause is at until all agree (passing a posting costs little,
//     making a document match for it much more);
//   - only there does it check phrases, read the terms a word needs only to
//     score (a synonym's variant token stands only where its group token
//     does: it decides nothing), and make a document match.
//
// A word or a phrase alone is an andQuery of one clause.
type andQuery struct {
	clauses []clause
}

// clause is a word or a phrase of one field: slots of terms, each with
// its boost; a phrase's terms stand in order (an empty slot is a gap),
// a word has one slot.
type clause struct {
	field  string
	slots  [][]string
	boosts [][]float64 // per slot and term; nil: 1
	phrase bool
}

// Searcher opens the postings of each distinct term of each field (with
// positions where a phrase needs them or the caller asks for them).
func (q *andQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	total, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	s := &andSearcher{ctx: ctx, vectors: opts.IncludeTermVectors}
	dicts := &segDicts{}
	dicts.snap, _ = r.(*scorch.IndexSnapshot)
	open := func(field, term string, vectors bool, deciding bool) (int, error) {
		vectors = vectors || opts.IncludeTermVectors
		for i := range s.postings {
			if p := &s.postings[i]; p.field == field && p.term == term && p.vectors == vectors {
				p.extra = p.extra && !deciding
				return i, nil
			}
		}
		p, err := openPostings(ctx, r, dicts, term, field, vectors, total)
		if err != nil {
			return 0, err
		}
		p.extra = !deciding
		s.postings = append(s.postings, p)
		return len(s.postings) - 1, nil
	}
	for _, c := range q.clauses {
		ac := andClause{first: len(s.slots)}
		slots := c.slots
		if c.phrase {
			slots = trimSlots(slots)
			ac.walk = newPhraseScratch(slots)
		}
		for i, slot := range slots {
			if len(slot) == 0 {
				continue
			}
			var cs clauseSlot
			var need []int
			for j, t := range slot {
				boost := 1.0
				if c.boosts != nil {
					boost = c.boosts[i][j]
				}
				deciding := !impliedBy(t, slot)
				if !deciding && opts.Score == "none" {
					continue // read only to score
				}
				k, err := open(c.field, t, c.phrase, deciding)
				if err != nil {
					s.Close()
					return nil, err
				}
				cs.refs = append(cs.refs, slotTerm{k: k, boost: boost})
				if deciding && !slices.Contains(need, k) {
					need = append(need, k)
				}
			}
			s.slots = append(s.slots, cs)
			s.needs = append(s.needs, need)
		}
		ac.end = len(s.slots)
		if ac.end > ac.first {
			s.clauses = append(s.clauses, ac)
		}
	}
	if len(s.needs) == 0 {
		s.Close()
		return searcher.NewMatchNoneSearcher(r)
	}
	for i := range s.slots {
		for j := range s.slots[i].refs {
			t := &s.slots[i].refs[j]
			t.w = t.boost * s.postings[t.k].idf * s.postings[t.k].idf
		}
	}
	// The rarest slot first: the others are moved to its documents.
	count := func(need []int) uint64 {
		var n uint64
		for _, k := range need {
			n += s.postings[k].count
		}
		return n
	}
	order := make([]int, len(s.needs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ca, cb := count(s.needs[a]), count(s.needs[b])
		switch {
		case ca < cb:
			return -1
		case ca > cb:
			return 1
		}
		return 0
	})
	for k := range s.postings {
		p := &s.postings[k]
		if !p.extra {
			continue
		}
		s.extras = append(s.extras, k)
		// Beside the slot that leads, a term that decides nothing is
		// most often at the next document that matches.
		p.nextFirst = slices.ContainsFunc(s.slots[order[0]].refs, func(t slotTerm) bool { return t.k == k })
	}
	needs := make([][]int, len(order))
	for i, o := range order {
		needs[i] = s.needs[o]
	}
	s.needs = needs
	for ci := range s.clauses {
		if s.clauses[ci].walk != nil {
			s.phrases = append(s.phrases, ci)
		}
	}
	// As a bleve conjunction does: its own norm, until an enclosing query
	// sets the norm of the whole.
	if w := s.Weight(); w > 0 {
		s.SetQueryNorm(1 / math.Sqrt(w))
	}
	return s, nil
}

// impliedBy reports whether term stands only where another term of the
// slot does: a synonym's variant token beside its group token.
func impliedBy(term string, slot []string) bool {
	if !strings.HasPrefix(term, synPrefix) {
		return false
	}
	dot := strings.IndexByte(term, '.')
	return dot > 0 && slices.Contains(slot, term[:dot])
}

// slotTerm is a term of a clause's slot: its postings, its boost, and
// its weight before the query norm (boost × idf²).
type slotTerm struct {
	k        int
	boost, w float64
}

// clauseSlot is one slot of a clause (gaps left out).
type clauseSlot struct{ refs []slotTerm }

// andClause is a clause as its searcher reads it: its slots among the
// searcher's, and a phrase's check (nil for a word).
type andClause struct {
	first, end int
	walk       *phraseScratch
}

// andCheckEvery is how many candidate documents an and searcher rejects
// between two looks at its context.
const andCheckEvery = 64

// andSearcher reads an andQuery.
type andSearcher struct {
	ctx      context.Context
	postings []postings
	needs    [][]int      // per slot: the postings that decide it; the rarest slot first
	extras   []int        // the postings that decide nothing
	phrases  []int        // the clauses that are phrases
	slots    []clauseSlot // every clause's, in order
	clauses  []andClause
	vectors  bool // the caller wants the matches' locations
	qnorm    float64

	done     bool   // no document left
	returned bool   // a document was returned: last
	last     uint64 // the document returned last
	rejected int
	ftls     []search.FieldTermLocation // scratch: a clause's occurrences
	seen     []bool                     // scratch: postings appended
}

// Next returns the next document with every clause.
func (s *andSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	var from uint64
	if s.returned {
		from = s.last + 1
	}
	return s.find(ctx, from)
}

// Advance returns the first document at or after id with every clause.
func (s *andSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return s.find(ctx, id.Value())
}

// find returns the first document at or after from with every clause.
func (s *andSearcher) find(ctx *search.SearchContext, from uint64) (*search.DocumentMatch, error) {
	for !s.done {
		doc, err := s.agree(from)
		if err != nil || s.done {
			return nil, err
		}
		ok, err := s.check(doc)
		if err != nil {
			return nil, err
		}
		if ok {
			s.last, s.returned = doc, true
			return s.match(ctx, doc), nil
		}
		from = doc + 1
		if s.rejected++; s.rejected%andCheckEvery == 0 && s.ctx != nil {
			if err := s.ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	return nil, nil
}

// agree moves the deciding postings to the first document at or after
// target that every slot has a term of, and returns it; done is set
// when there is none.
func (s *andSearcher) agree(target uint64) (uint64, error) {
	if len(s.needs) == 1 && len(s.needs[0]) == 1 { // a word of one term
		p := &s.postings[s.needs[0][0]]
		err := p.moveTo(target)
		s.done = s.done || p.done
		return p.num, err
	}
	for i, agreed := 0, 0; agreed < len(s.needs); i++ {
		if i == len(s.needs) {
			i = 0
		}
		low, any := uint64(0), false
		for _, k := range s.needs[i] {
			p := &s.postings[k]
			if err := p.moveTo(target); err != nil {
				return 0, err
			}
			if !p.done && (!any || p.num < low) {
				low, any = p.num, true
			}
		}
		switch {
		case !any:
			s.done = true
			return 0, nil
		case low > target:
			target, agreed = low, 1
		default:
			agreed++
		}
	}
	return target, nil
}

// check moves the postings that decide nothing to doc, where every slot
// has a term, and reports whether its phrases stand there.
func (s *andSearcher) check(doc uint64) (bool, error) {
	for _, k := range s.extras {
		if err := s.postings[k].moveTo(doc); err != nil {
			return false, err
		}
	}
	for _, ci := range s.phrases {
		c := &s.clauses[ci]
		s.ftls = s.appendLocations(s.ftls[:0], c, doc)
		if c.walk.match(s.ftls, false) == nil {
			return false, nil
		}
	}
	return true, nil
}

// match makes doc's match, scored, with its locations when asked for.
func (s *andSearcher) match(ctx *search.SearchContext, doc uint64) *search.DocumentMatch {
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = bindex.NewIndexInternalID(dm.IndexInternalID, doc)
	dm.Score = s.score(doc)
	if s.vectors {
		s.locations(dm, doc)
	}
	return dm
}

// appendLocations appends the occurrences at doc of a clause's terms,
// each term once.
func (s *andSearcher) appendLocations(ftls []search.FieldTermLocation, c *andClause, doc uint64) []search.FieldTermLocation {
	if len(s.seen) != len(s.postings) {
		s.seen = make([]bool, len(s.postings))
	}
	clear(s.seen)
	for _, slot := range s.slots[c.first:c.end] {
		for _, t := range slot.refs {
			p := &s.postings[t.k]
			if s.seen[t.k] || !p.at(doc) {
				continue
			}
			s.seen[t.k] = true
			for _, l := range p.locs {
				ftls = append(ftls, search.FieldTermLocation{Field: l.field, Term: p.term,
					Location: search.Location{Pos: l.pos, Start: l.start, End: l.end}})
			}
		}
	}
	return ftls
}

// locations gives dm the occurrences of every clause at doc: a word's
// all, a phrase's those that make it up.
func (s *andSearcher) locations(dm *search.DocumentMatch, doc uint64) {
	for ci := range s.clauses {
		c := &s.clauses[ci]
		s.ftls = s.appendLocations(s.ftls[:0], c, doc)
		var keep []bool
		if c.walk != nil {
			keep = c.walk.match(s.ftls, true)
		}
		for i, ftl := range s.ftls {
			if keep == nil || keep[i] {
				dm.FieldTermLocations = append(dm.FieldTermLocations, ftl)
			}
		}
	}
}

// score is doc's score as a bleve conjunction of the clauses' searchers
// gives it: per slot of each clause, the tf-idf of its terms there times
// the share of them there, summed.
func (s *andSearcher) score(doc uint64) float64 {
	sum := 0.0
	for _, slot := range s.slots {
		part, matched := 0.0, 0
		for _, t := range slot.refs {
			if p := &s.postings[t.k]; p.at(doc) {
				part += p.tf() * t.w
				matched++
			}
		}
		sum += part * float64(matched) / float64(len(slot.refs))
	}
	return sum * s.qnorm
}

// Close closes the readers.
func (s *andSearcher) Close() error {
	var err error
	for i := range s.postings {
		if cerr := s.postings[i].close(); err == nil {
			err = cerr
		}
	}
	return err
}

// Weight is the sum of the terms' squared weights, for the query norm.
func (s *andSearcher) Weight() float64 {
	w := 0.0
	for _, slot := range s.slots {
		for _, t := range slot.refs {
			bi := t.boost * s.postings[t.k].idf
			w += bi * bi
		}
	}
	return w
}

// SetQueryNorm sets the norm the terms' weights are multiplied by.
func (s *andSearcher) SetQueryNorm(n float64) { s.qnorm = n }

// Count is at most the documents of the rarest slot.
func (s *andSearcher) Count() uint64 {
	var n uint64
	for _, k := range s.needs[0] {
		n += s.postings[k].count
	}
	return n
}

// Min is 0: every clause is needed.
func (s *andSearcher) Min() int { return 0 }

// Size estimates the searcher's memory.
func (s *andSearcher) Size() int {
	n := 256 + 64*cap(s.ftls)
	for i := range s.postings {
		n += s.postings[i].size()
	}
	return n
}

// DocumentMatchPoolSize is one: a match is made only to be returned.
func (s *andSearcher) DocumentMatchPoolSize() int { return 1 }
