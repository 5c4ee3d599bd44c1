package index

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// What one query may ask of the index. A search costs at most about the
// postings of the words it looks up; these bounds keep one query (typed
// into `dossier serve`, saved, or a feed's match:) from looking up the
// whole dictionary or nesting without end. Past a bound the query is
// refused with a *QueryError saying which and where.
const (
	maxQueryBytes  = 1000 // the query text
	maxQueryWords  = 100  // words, phrases' words and prefixes
	maxQueryDepth  = 16   // groups within groups
	maxPrefixWords = 1000 // words one prefix stands for, per field
	// maxLookups bounds the words all the prefixes of a search stand for
	// together (the words and phrases are bounded by maxQueryWords).
	maxLookups = 4096
)

// checkLength refuses a query longer than maxQueryBytes; the error holds
// the query cut there, not the whole of it.
func checkLength(q string) error {
	if len(q) <= maxQueryBytes {
		return nil
	}
	cut := maxQueryBytes
	for cut > 0 && !utf8.RuneStart(q[cut]) {
		cut--
	}
	return errAt(q[:cut]+"…", cut, "the query is too long (%d bytes): at most %d", len(q), maxQueryBytes)
}

// countWords counts a term's words for maxQueryWords.
func countWords(text string) int { return max(1, len(strings.Fields(text))) }

// prefixQuery matches the words of a field that start with a prefix,
// unless there are more than maxPrefixWords of them.
type prefixQuery struct {
	prefix, field string
	pos           int // of the term in the query, for the error
}

// Searcher looks the prefix up in the field's dictionary, then searches
// for its words.
func (q *prefixQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	dict, err := r.FieldDictPrefix(q.field, []byte(q.prefix))
	if err != nil {
		return nil, err
	}
	var terms [][]byte
	for {
		e, err := dict.Next()
		if err != nil {
			dict.Close()
			return nil, err
		}
		if e == nil {
			break
		}
		if len(terms) == maxPrefixWords {
			dict.Close()
			return nil, &tooBroad{pos: q.pos, prefix: q.prefix}
		}
		terms = append(terms, []byte(e.Term))
	}
	if n, ok := ctx.Value(lookupsKey{}).(*int); ok {
		if *n += len(terms); *n > maxLookups {
			dict.Close()
			return nil, &tooBroad{}
		}
	}
	if err := dict.Close(); err != nil {
		return nil, err
	}
	switch {
	case len(terms) == 0:
		return searcher.NewMatchNoneSearcher(r)
	case len(terms) <= sideBySideWords:
		w := clause{field: q.field, slots: [][]string{make([]string, len(terms))}, boosts: [][]float64{make([]float64, len(terms))}}
		for i, t := range terms {
			w.slots[0][i], w.boosts[0][i] = string(t), 1
		}
		return (&andQuery{clauses: []clause{w}}).Searcher(ctx, r, m, opts)
	}
	return searcher.NewMultiTermSearcherBytes(ctx, r, terms, q.field, 1, opts, true)
}

// sideBySideWords is the most words of a prefix read side by side as one
// word (see andQuery), which looks at each of them for every document it
// passes; more are merged by bleve's disjunction, which keeps them in a
// heap.
const sideBySideWords = 32

// tooBroad is a search that would look up too many words: one prefix
// (prefix set, at pos) or all its terms together.
type tooBroad struct {
	pos    int
	prefix string
}

func (e *tooBroad) Error() string {
	if e.prefix != "" {
		return fmt.Sprintf("%s* stands for more than %d words", e.prefix, maxPrefixWords)
	}
	return fmt.Sprintf("the query looks up more than %d words", maxLookups)
}

// lookupsKey is the context key of the count of the words a search's
// prefixes stand for.
type lookupsKey struct{}

// bounded counts the words the prefixes of one search stand for (see
// maxLookups). (Not bleve's own bound, search.MaxTermSearchersKey: it
// panics when reached while a prefix's searchers are being built.)
func bounded(ctx context.Context) context.Context {
	return context.WithValue(ctx, lookupsKey{}, new(int))
}

// broadError turns an error of a search that looked up too many words
// into the query's *QueryError (nil for any other error).
func broadError(q string, err error) error {
	var tb *tooBroad
	switch {
	case errors.As(err, &tb) && tb.prefix != "":
		return errAt(q, tb.pos, "%s* stands for more than %d words: give more letters before the *", tb.prefix, maxPrefixWords)
	case errors.As(err, &tb):
		return errAt(q, 0, "the query is too broad: it looks up more than %d words; use longer prefixes or fewer terms", maxLookups)
	}
	return nil
}
