package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
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
// a document match only where the phrase stands (see andQuery, which it
// is read as).
type phraseQuery struct {
	field string
	slots [][]string
}

// newPhraseQuery matches slots in field.
func newPhraseQuery(slots [][]string, field string) *phraseQuery {
	return &phraseQuery{field: field, slots: slots}
}

// clause is the phrase as a clause of an andQuery.
func (q *phraseQuery) clause() clause {
	return clause{field: q.field, slots: q.slots, phrase: true}
}

// Searcher reads the phrase as an andQuery of one clause.
func (q *phraseQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	return (&andQuery{clauses: []clause{q.clause()}}).Searcher(ctx, r, m, opts)
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
