package index

import (
	"sync/atomic"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
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
