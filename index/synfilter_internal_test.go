package index

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"

	"dossier/model"
)

// countingFilterType is a token filter that counts the streams it sees.
const countingFilterType = "dossier_test_counting"

var countedStreams atomic.Int64

type countingFilter struct{}

func (countingFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	countedStreams.Add(1)
	return in
}

func init() {
	registry.RegisterTokenFilter(countingFilterType, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return countingFilter{}, nil
	})
}

// TestSynFilterAnalysesOnFirstUse: making a synonym filter (as every index
// open does, for every language) analyses no synonym; the first text it
// filters does, once, and finds the synonyms as an eager build would.
func TestSynFilterAnalysesOnFirstUse(t *testing.T) {
	cache := registry.NewCache()
	if _, err := cache.DefineTokenFilter("counting", map[string]any{"type": countingFilterType}); err != nil {
		t.Fatal(err)
	}
	groups := [][]string{{"lithium", "Li"}, {"rare earth", "REE"}, {"hydrogen"}}
	f, err := newSynFilter(map[string]any{"groups": groups, "chain": []string{lowercase.Name, "counting"}}, cache)
	if err != nil {
		t.Fatal(err)
	}
	countedStreams.Store(0)
	if n := countedStreams.Load(); n != 0 {
		t.Fatalf("%d synonyms analysed before any text", n)
	}
	tok, err := cache.TokenizerNamed("unicode")
	if err != nil {
		t.Fatal(err)
	}
	lower, _ := cache.TokenFilterNamed(lowercase.Name)
	text := func(s string) analysis.TokenStream { return lower.Filter(tok.Tokenize([]byte(s))) }
	out := f.Filter(text("Rare earth and Li"))
	if n := countedStreams.Load(); n != 5 {
		t.Fatalf("%d synonyms analysed on first use, want the 5 members", n)
	}
	f.Filter(text("lithium"))
	if n := countedStreams.Load(); n != 5 {
		t.Fatalf("%d synonyms analysed after two texts, want 5 (once)", n)
	}
	var got []string
	for _, tk := range out {
		got = append(got, string(tk.Term))
	}
	want := []string{"rare", groupToken(1), variantToken(1, 0), "earth", "and", "li", groupToken(0), variantToken(0, 1)}
	if len(got) != len(want) {
		t.Fatalf("tokens %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("tokens %q, want %q", got, want)
		}
	}
}

// TestSearchBuildsOnlyItsSynonymTables: a search asks whether its words
// are stop words, and which members of a synonym group read alike, in
// every language; those questions ignore the synonym tokens and build no
// synonym table. Only the languages the index holds build theirs.
func TestSearchBuildsOnlyItsSynonymTables(t *testing.T) {
	files := fstest.MapFS{
		"a.txt": {Data: []byte("date 2024-05-01\nThe lithium mine and the battery plant will open in Kazakhstan, the minister said.\n")},
		"b.txt": {Data: []byte("date 2024-06-01\nRare earth elements and hydrogen are on the agenda of the summit this year.\n")},
	}
	c, _, err := model.LoadCorpus(files, "test")
	if err != nil {
		t.Fatal(err)
	}
	syn, err := ParseSynonyms("syn.list", []byte("lithium, Lithium, литий\nrare earth, Seltene Erden\n"))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(context.Background(), c, Options{Synonyms: syn})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	built := func(lang string) bool {
		an, ok := ix.im.AnalyzerNamed(analyzerName(lang)).(*analysis.DefaultAnalyzer)
		if !ok {
			t.Fatalf("%s: analyzer %T", lang, an)
		}
		return an.TokenFilters[len(an.TokenFilters)-1].(*synFilter).built.Load()
	}
	for _, q := range []string{"lithium", "the lithium", `"rare earth"`, "литий"} {
		if _, err := ix.Search(context.Background(), Request{Query: q, Limit: 10}); err != nil {
			t.Fatal(err)
		}
	}
	if !built("en") {
		t.Fatal("the English table was never built: the test shows nothing")
	}
	for _, lang := range []string{"de", "ru"} {
		if built(lang) {
			t.Errorf("searching an English index built the %s synonym table", lang)
		}
	}
}
