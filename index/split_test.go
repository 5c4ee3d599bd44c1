package index

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// splitPoints decides most terms from their bytes alone; every term must
// still be cut where the rune-by-rune rule cuts it.
func TestSplitPointsAgreeWithRunes(t *testing.T) {
	terms := []string{"", "cop", "COP27", "27", "h2", "2h", "x86", "a1b2c3", "1,000", "Müller", "straße2", "٣a",
		"е2е", "abc٣", "東京2", "a_1", "\xff1a", "1\xffa", "v1.2.3"}
	r := rand.New(rand.NewPCG(3, 5))
	for range 2000 {
		terms = append(terms, trickyText(r, 1+r.IntN(3)))
	}
	for _, term := range terms {
		got, want := splitPoints([]byte(term)), splitPointsUnicode([]byte(term))
		if !slices.Equal(got, want) {
			t.Errorf("splitPoints(%q) = %v, want %v", term, got, want)
		}
	}
}

// FuzzSplitPointsAgreeWithRunes is TestSplitPointsAgreeWithRunes on any term.
func FuzzSplitPointsAgreeWithRunes(f *testing.F) {
	for _, s := range trickyPieces {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, term string) {
		if got, want := splitPoints([]byte(term)), splitPointsUnicode([]byte(term)); !slices.Equal(got, want) {
			t.Errorf("splitPoints(%q) = %v, want %v", term, got, want)
		}
	})
}
