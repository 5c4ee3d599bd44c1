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

// TestAdversarialArticleMemory builds the timeline of one article made of
// dated sentences, 1 MiB and 4 MiB (the corpus's size cap), repeated or
// all different: the memory it takes stays bounded (it grew with the
// square of the dates before).
func TestAdversarialArticleMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 10 MiB of articles")
	}
	for _, c := range []struct {
		size     int
		distinct bool
		limit    uint64
	}{
		{1 << 20, false, 100 << 20},
		{1 << 20, true, 100 << 20},
		{4 << 20, false, 400 << 20},
		{4 << 20, true, 400 << 20},
	} {
		d := adversarial(c.size, c.distinct)
		var tl Timeline
		var err error
		n := allocated(func() { tl, err = Build(context.Background(), []Doc{d}, nil) })
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d MiB, distinct %v: %d events, %.1f MB allocated", c.size>>20, c.distinct, len(tl.Events), float64(n)/(1<<20))
		if n > c.limit {
			t.Errorf("%d MiB article (distinct %v) allocated %d MB, limit %d MB", c.size>>20, c.distinct, n>>20, c.limit>>20)
		}
		if len(tl.Events) > maxPerArticle+1 {
			t.Errorf("%d events from one article", len(tl.Events))
		}
	}
}
