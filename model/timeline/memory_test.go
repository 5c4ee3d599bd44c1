package timeline

import (
	"context"
	"runtime"
	"testing"
)

// allocated returns the bytes allocated while f runs, an upper bound of
// the heap it can have needed.
func allocated(f func()) uint64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestAdversarialArticleMemory builds the timeline of one hostile
// article (see attack), 1 MiB and 4 MiB (the corpus's size cap): the
// memory it allocates in all, an upper bound of the heap it needs, stays
// within 100 MB a MiB (it grew with the square of the dates before, and
// with the length of a sentence: 330 MB for 1 MiB of brackets).
func TestAdversarialArticleMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 25 MiB of articles")
	}
	for _, size := range []int{1 << 20, 4 << 20} {
		for kind := range attack(len(attackNames)) {
			d := adversarial(size, kind)
			limit := uint64(size) * 100
			var tl Timeline
			var err error
			n := allocated(func() { tl, err = Build(context.Background(), []Doc{d}, nil) })
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d MiB, %s: %d events, %.1f MB allocated", size>>20, kind, len(tl.Events), float64(n)/(1<<20))
			if n > limit {
				t.Errorf("%d MiB article (%s) allocated %d MB, limit %d MB", size>>20, kind, n>>20, limit>>20)
			}
			if len(tl.Events) > maxPerArticle+1 {
				t.Errorf("%d events from one article", len(tl.Events))
			}
		}
	}
}
