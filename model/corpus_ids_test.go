package model

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// TestCorpusIDs: the ids are every article's, in corpus order (oldest
// first, undated last), made once and shared by every caller, also when
// they ask at the same time.
func TestCorpusIDs(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name string
		arts []Article
		want []string
	}{
		{"none", nil, []string{}},
		{"ordered by date, undated last", []Article{{ID: "c"}, {ID: "b", Date: day(2)}, {ID: "a", Date: day(1)}}, []string{"a", "b", "c"}},
		{"same date by id", []Article{{ID: "y", Date: day(3)}, {ID: "x", Date: day(3)}}, []string{"x", "y"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCorpus("t", tc.arts, nil)
			var wg sync.WaitGroup
			got := make([][]string, 4)
			for i := range got {
				wg.Add(1)
				go func() { defer wg.Done(); got[i] = c.IDs() }()
			}
			wg.Wait()
			if !slices.Equal(got[0], tc.want) {
				t.Fatalf("IDs = %q, want %q", got[0], tc.want)
			}
			for _, g := range got[1:] {
				if len(g) > 0 && &g[0] != &got[0][0] {
					t.Fatal("IDs made again for another caller")
				}
			}
		})
	}
}
