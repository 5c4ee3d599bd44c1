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
		var sc phraseScratch
		got := sc.match(slots, ftls, true)
		if (got == nil) != (want == nil) || got != nil && !slices.Equal(got, want) {
			t.Fatalf("round %d: slots %v over %s: kept %v, want %v", round, slots, dump(ftls), got, want)
		}
		var sc2 phraseScratch
		if found := sc2.match(slots, ftls, false) != nil; found != (want != nil) {
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
