package index

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
)

// TestPhraseMatchAgreesWithBruteForce: the linear phrase check keeps
// exactly the locations that some occurrence of the phrase uses, as
// trying every start position does, for phrases with alternatives, gaps
// and repeated terms over two fields with tokens stacked at one position
// (a synonym's group token stands where its first word does).
func TestPhraseMatchAgreesWithBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	vocab := []string{"a", "b", "c", "g"}
	for round := range 3000 {
		slots := make([][]string, 1+r.IntN(4))
		for i := range slots {
			if i > 0 && i < len(slots)-1 && r.IntN(4) == 0 {
				continue // a gap
			}
			if i > 0 && r.IntN(5) == 0 {
				slots[i] = slots[r.IntN(i)] // a slot repeated: its class is shared
				continue
			}
			for _, v := range vocab {
				if r.IntN(3) == 0 {
					slots[i] = append(slots[i], v)
				}
			}
			if len(slots[i]) == 0 {
				slots[i] = []string{vocab[r.IntN(len(vocab))]}
			}
		}
		var ftls []search.FieldTermLocation
		for _, field := range []string{"title", "text"} {
			for pos := 1; pos <= 1+r.IntN(12); pos++ {
				for range 1 + r.IntN(2) {
					ftls = append(ftls, search.FieldTermLocation{Field: field, Term: vocab[r.IntN(len(vocab))],
						Location: search.Location{Pos: uint64(pos), Start: uint64(pos * 10), End: uint64(pos*10 + 5)}})
				}
			}
		}
		r.Shuffle(len(ftls), func(i, j int) { ftls[i], ftls[j] = ftls[j], ftls[i] })
		want := brutePhrase(slots, ftls)
		got := newPhraseScratch(slots).match(ftls, true)
		if (got == nil) != (want == nil) || got != nil && !slices.Equal(got, want) {
			t.Fatalf("round %d: slots %v over %s: kept %v, want %v", round, slots, dump(ftls), got, want)
		}
		if found := newPhraseScratch(slots).match(ftls, false) != nil; found != (want != nil) {
			t.Fatalf("round %d: slots %v: found %v without locations, want %v", round, slots, found, want != nil)
		}
	}
}

// brutePhrase tries every start position of every field.
func brutePhrase(slots [][]string, ftls []search.FieldTermLocation) []bool {
	keep := make([]bool, len(ftls))
	found := false
	for _, s := range ftls {
		if !slices.Contains(slots[0], s.Term) {
			continue
		}
		start := s.Location.Pos
		has := func(j int) bool {
			if len(slots[j]) == 0 {
				return true
			}
			for _, o := range ftls {
				if o.Field == s.Field && o.Location.Pos == start+uint64(j) && slices.Contains(slots[j], o.Term) {
					return true
				}
			}
			return false
		}
		ok := true
		for j := range slots {
			ok = ok && has(j)
		}
		if !ok {
			continue
		}
		found = true
		for i, o := range ftls {
			for j := range slots {
				if o.Field == s.Field && o.Location.Pos == start+uint64(j) && slices.Contains(slots[j], o.Term) {
					keep[i] = true
				}
			}
		}
	}
	if !found {
		return nil
	}
	return keep
}

func dump(ftls []search.FieldTermLocation) string {
	s := ""
	for _, f := range ftls {
		s += fmt.Sprintf(" %s:%s@%d", f.Field, f.Term, f.Location.Pos)
	}
	return s
}

// repeated is n occurrences of the words in turn, one per position, in
// the body of the text field.
func repeated(n int, words ...string) []search.FieldTermLocation {
	ftls := make([]search.FieldTermLocation, n)
	for i := range ftls {
		ftls[i] = search.FieldTermLocation{Field: "text", Term: words[i%len(words)], Location: search.Location{Pos: uint64(i + 1)}}
	}
	return ftls
}

// TestPhraseWorkIsLinear: the work of a phrase check over an article
// that repeats the phrase's words grows as the repetitions times the
// phrase's length, not as their square (trying every occurrence of a
// word against every occurrence of the next, as bleve does, is 10^8
// comparisons at 10,000 and held a core for minutes at 150,000). The
// work is counted, not timed.
func TestPhraseWorkIsLinear(t *testing.T) {
	hundred := make([][]string, 100)
	for i := range hundred {
		hundred[i] = []string{"w"}
	}
	for _, tt := range []struct {
		name  string
		slots [][]string
		words []string
		found bool
	}{
		{"two of one word", [][]string{{"w"}, {"w"}}, []string{"w"}, true},
		{"a hundred of one word", hundred, []string{"w"}, true},
		{"a gap and alternatives", [][]string{{"w", "v"}, nil, {"v", "w"}, {"w"}}, []string{"w", "v"}, true},
		{"alternating, never in order", [][]string{{"v"}, {"v"}, {"w"}}, []string{"w", "v"}, false},
		{"always one word short", [][]string{{"w"}, {"w"}, {"w"}, {"w"}, {"v"}}, []string{"w", "w", "w", "v"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			work := func(n int, locations bool) int {
				sc := newPhraseScratch(tt.slots)
				keep := sc.match(repeated(n, tt.words...), locations)
				if (keep != nil) != tt.found {
					t.Fatalf("%d occurrences: found %v, want %v", n, keep != nil, tt.found)
				}
				return sc.walk.steps
			}
			for _, locations := range []bool{false, true} {
				small, large := work(2_000, locations), work(20_000, locations)
				if bound := 3 * 20_000 * (len(tt.slots) + 1); large > bound {
					t.Errorf("locations %v: %d steps over 20,000 occurrences, want at most %d", locations, large, bound)
				}
				if large > 11*small {
					t.Errorf("locations %v: %d steps over 2,000 occurrences, %d over 20,000: more than linear", locations, small, large)
				}
			}
		})
	}
}

// BenchmarkPhraseRepeatedWords checks `"w w w"` (with its locations)
// over an article of n repetitions of w: the time per occurrence stays flat.
func BenchmarkPhraseRepeatedWords(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ftls := repeated(n, "w")
			sc := newPhraseScratch([][]string{{"w"}, {"w"}, {"w"}})
			for b.Loop() {
				if sc.match(ftls, true) == nil {
					b.Fatal("not found")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/occurrence")
		})
	}
}
