package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// wordQuery matches any of a few terms of one field: a word as every
// language analyses it, a synonym's group token and the query's own
// variant of it (boosted). It scores as a bleve disjunction of term
// queries does (tf-idf per term, summed, times the share of the terms
// matched), but reads the terms' postings side by side and makes one
// document match per document (see andQuery, which it is read as).
type wordQuery struct {
	field  string
	terms  []string
	boosts []float64
}

// clause is the word as a clause of an andQuery.
func (q *wordQuery) clause() clause {
	return clause{field: q.field, slots: [][]string{q.terms}, boosts: [][]float64{q.boosts}}
}

// Searcher reads the word as an andQuery of one clause.
func (q *wordQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	return (&andQuery{clauses: []clause{q.clause()}}).Searcher(ctx, r, m, opts)
}
