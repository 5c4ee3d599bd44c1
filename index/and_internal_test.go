package index

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"dossier/model"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// andWork runs query over docs and returns the hits and the work its
// searcher did: the postings read or sought, and the phrase checks'
// steps. It fails the test unless the query is read by one andSearcher.
func andWork(t *testing.T, docs []model.Document, query string) (hits, reads, steps, lists int) {
	t.Helper()
	ctx := context.Background()
	ix, err := Open(ctx, model.NewMemCorpus("t", docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	q, own := compileOwn(t, ix, query)
	if !own {
		t.Fatalf("%s compiles to %T, not one andQuery", query, q)
	}
	adv, err := ix.parts[0].Bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s, err := q.Searcher(ctx, r, ix.im, search.SearcherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	as, ok := s.(*andSearcher)
	if !ok {
		t.Fatalf("%s is read by a %T", query, s)
	}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	for {
		dm, err := s.Next(sctx)
		if err != nil {
			t.Fatal(err)
		}
		if dm == nil {
			break
		}
		hits++
		sctx.DocumentMatchPool.Put(dm)
	}
	for i := range as.postings {
		reads += as.postings[i].reads
	}
	for _, c := range as.clauses {
		if c.walk != nil {
			steps += c.walk.walk.steps
		}
	}
	return hits, reads, steps, len(as.postings)
}

// TestAndWorkIsBounded: what one query typed into `dossier serve` costs
// is bounded by the postings and occurrences of the words it names, not
// by their product. A phrase whose words every article has, but never in
// order; a phrase of one word fifty times; a conjunction of sixty words
// every article has and one that only the last has: each reads every
// distinct term's postings once (a seek or a read per posting at most),
// its phrase checks walk each occurrence a bounded number of times, and
// doubling the articles at most doubles the work. The work is counted,
// not timed.
func TestAndWorkIsBounded(t *testing.T) {
	var common []string
	for i := range 60 {
		common = append(common, "zq"+string(rune('a'+i/26))+string(rune('a'+i%26))+"word")
	}
	for _, tt := range []struct {
		name  string
		query string
		body  func(i, n int) string
		hits  func(n int) int
		lists int // distinct terms read
		// per article: at most this many postings read
		readsPer int
		// per occurrence of a phrase's words: at most this many steps
		stepsPer int
		occ      int // occurrences of the phrase's words per article
	}{
		{
			name:  "a phrase never in order",
			query: `"cobalt nickel cobalt nickel cobalt"`,
			body: func(i, n int) string {
				return strings.Repeat("cobalt tungsten nickel ", 50)
			},
			hits: func(int) int { return 0 }, lists: 2, readsPer: 2 * 2, stepsPer: 3 * 6, occ: 100,
		},
		{
			name:  "one word fifty times",
			query: `"` + strings.TrimSpace(strings.Repeat("cobalt ", 50)) + `"`,
			body: func(i, n int) string {
				if i%2 == 0 {
					return strings.Repeat("cobalt ", 200)
				}
				return strings.Repeat("cobalt nickel ", 100)
			},
			hits: func(n int) int { return n / 2 }, lists: 1, readsPer: 2, stepsPer: 3 * 51, occ: 200,
		},
		{
			name:  "sixty common words and a rare one",
			query: strings.Join(common, " ") + " zqrareword",
			body: func(i, n int) string {
				if i == n-1 {
					return strings.Join(common, " ") + " zqrareword"
				}
				return strings.Join(common, " ")
			},
			// The rare word leads: each common word is sought once or twice,
			// whatever the number of articles.
			hits: func(int) int { return 1 }, lists: 61,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			work := func(n int) int {
				docs := make([]model.Document, n)
				for i := range docs {
					docs[i] = model.Document{Article: model.Article{ID: fmt.Sprintf("d%04d", i), Title: "A report", Lang: "en"}, Body: tt.body(i, n)}
				}
				hits, reads, steps, lists := andWork(t, docs, tt.query)
				if hits != tt.hits(n) {
					t.Errorf("%d articles: %d hits, want %d", n, hits, tt.hits(n))
				}
				if lists != tt.lists {
					t.Errorf("%d articles: %d postings lists read, want %d (each distinct term once)", n, lists, tt.lists)
				}
				if tt.readsPer > 0 && reads > tt.readsPer*n+2*lists {
					t.Errorf("%d articles: %d postings read, want at most %d", n, reads, tt.readsPer*n+2*lists)
				}
				if tt.readsPer == 0 && reads > 3*lists {
					t.Errorf("%d articles: %d postings read for %d terms, want at most %d", n, reads, lists, 3*lists)
				}
				if bound := tt.stepsPer * tt.occ * n; steps > bound {
					t.Errorf("%d articles: %d phrase steps, want at most %d", n, steps, bound)
				}
				return reads + steps
			}
			small, large := work(100), work(200)
			if large > 2*small+50 {
				t.Errorf("work %d over 100 articles, %d over 200: more than linear", small, large)
			}
		})
	}
}

// reference is q as bleve's own queries read it: a conjunction of its
// clauses, a word a disjunction of boosted term queries, a phrase a
// multi-phrase query.
func reference(t *testing.T, q query.Query) query.Query {
	t.Helper()
	clauseQuery := func(c clause) query.Query {
		if c.phrase {
			return query.NewMultiPhraseQuery(trimSlots(c.slots), c.field)
		}
		var qs []query.Query
		for i, term := range c.slots[0] {
			tq := bleve.NewTermQuery(term)
			tq.SetField(c.field)
			tq.SetBoost(c.boosts[0][i])
			qs = append(qs, tq)
		}
		return bleve.NewDisjunctionQuery(qs...)
	}
	switch q := q.(type) {
	case *andQuery:
		var qs []query.Query
		for _, c := range q.clauses {
			qs = append(qs, clauseQuery(c))
		}
		return bleve.NewConjunctionQuery(qs...)
	case *wordQuery:
		return clauseQuery(q.clause())
	case *phraseQuery:
		return clauseQuery(q.clause())
	}
	t.Fatalf("no reference for %T", q)
	return nil
}

// TestAndQueryAgreesWithBleve: a conjunction of words and phrases read
// side by side finds the articles bleve's own conjunction of
// disjunctions and phrase queries finds, with the same scores, and
// reports the same count.
func TestAndQueryAgreesWithBleve(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	vocab := []string{"cobalt", "nickel", "tungsten", "graphite", "lithium", "hydrogen", "Kazakhstan", "Kasachstan"}
	var docs []model.Document
	for i := range 80 {
		var words []string
		for range 5 + r.IntN(40) {
			words = append(words, vocab[r.IntN(len(vocab))])
		}
		lang := "en"
		if i%5 == 0 {
			lang = "de"
		}
		docs = append(docs, model.Document{Article: model.Article{ID: fmt.Sprintf("d%03d", i), Title: vocab[i%len(vocab)] + " report", Lang: lang}, Body: strings.Join(words, " ")})
	}
	ctx := context.Background()
	ix, err := Open(ctx, model.NewMemCorpus("t", docs), Options{Synonyms: [][]string{{"Kazakhstan", "Kasachstan"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	run := func(q query.Query) (map[string]float64, uint64) {
		req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
		res, err := ix.parts[0].Bleve.SearchInContext(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]float64{}
		for _, h := range res.Hits {
			got[h.ID] = h.Score
		}
		return got, res.Total
	}
	term := func() string {
		if r.IntN(3) == 0 {
			return `"` + vocab[r.IntN(len(vocab))] + " " + vocab[r.IntN(len(vocab))] + `"`
		}
		return vocab[r.IntN(len(vocab))]
	}
	tried, joined := 0, 0
	for range 300 {
		var parts []string
		for range 1 + r.IntN(3) {
			parts = append(parts, term())
		}
		text := strings.Join(parts, " ")
		q, own := compileOwn(t, ix, text)
		if !own {
			continue // a disjunction of shapes: bleve's own
		}
		tried++
		if aq, ok := q.(*andQuery); ok && len(aq.clauses) > 1 {
			joined++
		}
		got, gotTotal := run(q)
		want, wantTotal := run(reference(t, q))
		if len(got) != len(want) || gotTotal != wantTotal {
			t.Fatalf("%s: %d hits (total %d), bleve %d (total %d)", text, len(got), gotTotal, len(want), wantTotal)
		}
		for id, w := range want {
			g, ok := got[id]
			if !ok {
				t.Fatalf("%s: %s not found, bleve finds it", text, id)
			}
			if math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
				t.Fatalf("%s: %s scores %v, bleve %v", text, id, g, w)
			}
		}
	}
	// A prefix of a few words is read side by side too.
	for _, p := range []string{"co", "ni", "t", "kaz", "kas", "k", "l", "", "zz"} {
		q := &prefixQuery{prefix: p, field: fieldText}
		got, gotTotal := run(q)
		ref := bleve.NewPrefixQuery(p)
		ref.SetField(fieldText)
		want, wantTotal := run(ref)
		if len(got) != len(want) || gotTotal != wantTotal {
			t.Fatalf("%s*: %d hits (total %d), bleve %d (total %d)", p, len(got), gotTotal, len(want), wantTotal)
		}
		for id, w := range want {
			if g, ok := got[id]; !ok || math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
				t.Fatalf("%s*: %s scores %v (found %v), bleve %v", p, id, g, ok, w)
			}
		}
	}
	if tried < 100 || joined < 50 {
		t.Fatalf("only %d queries were one andQuery, %d of several clauses", tried, joined)
	}
	t.Logf("%d queries, %d of several clauses", tried, joined)
}

// compileOwn compiles text as the index does, and reports whether it is
// one of this package's own searchers (a conjunction, a word, a phrase)
// rather than bleve's.
func compileOwn(t *testing.T, ix *Index, text string) (query.Query, bool) {
	t.Helper()
	ast, err := parseQuery(text)
	if err != nil {
		t.Fatal(err)
	}
	c := compiler{im: ix.im, syn: ix.syn, keys: ix.keys}
	q := c.compile(ast)
	switch q.(type) {
	case *andQuery, *wordQuery, *phraseQuery:
		return q, true
	}
	return q, false
}
