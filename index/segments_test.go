package index_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"dossier/index"
	"dossier/model"
)

// A build merges its segments only up to their bound, so that a merge never
// maps more than that much of the index into memory; Compact then leaves
// as few segments as the bound allows, and every article is found.
func TestBuildKeepsSegmentsWithinTheirBound(t *testing.T) {
	const n, batch, bound = 300, 16, 64
	dir, w := buildCompacted(t, n, batch, bound)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	zaps, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if len(zaps) < n/bound || len(zaps) >= n/batch {
		t.Errorf("%d segments of at most %d articles for %d articles in batches of %d: want at least %d, fewer than %d", len(zaps), bound, n, batch, n/bound, n/batch)
	}
	w, err := index.OpenWriter(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if got, err := w.Bleve().DocCount(); err != nil || got != n {
		t.Errorf("%d articles in the index (%v), want %d", got, err, n)
	}
}

// Under the bound, a compacted build is one segment, however many batches
// it took (a force merge took ten segments a task: 25 batches ended as
// three), and the folder keeps no segment file its index does not name
// (the merged batches' files were often left behind). Batches of uneven
// sizes made scorch merge while the build went on, and a force merge may
// not merge its outcome again: a build that says how many articles it
// expects (as the library's do) merges nothing before Compact.
func TestCompactLeavesOneSegment(t *testing.T) {
	even := make([]int, 25)
	for i := range even {
		even[i] = 8
	}
	uneven := []int{60}
	for range 20 {
		uneven = append(uneven, 7)
	}
	for name, sizes := range map[string][]int{"even": even, "uneven": uneven} {
		t.Run(name, func(t *testing.T) {
			n := 0
			for _, k := range sizes {
				n += k
			}
			dir, w := buildInBatchesWith(t, sizes, index.Options{Expected: n}, nil)
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			zaps, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
			if len(zaps) != 1 {
				t.Errorf("%d segment files for %d articles in batches of %v, want 1", len(zaps), n, sizes)
			}
			idx, err := bleve.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer idx.Close()
			r, err := idx.Advanced()
			if err != nil {
				t.Fatal(err)
			}
			snap, err := r.Reader()
			if err != nil {
				t.Fatal(err)
			}
			defer snap.Close()
			if got := len(snap.(*scorch.IndexSnapshot).Segments()); got != 1 {
				t.Errorf("%d segments in the index, want 1", got)
			}
			if got, err := idx.DocCount(); err != nil || got != uint64(n) {
				t.Errorf("%d articles in the index (%v), want %d", got, err, n)
			}
		})
	}
}

// A build from nothing that fits in one segment merges nothing until
// Compact, however its batches were cut (a short batch made scorch merge
// every segment while the last batch was indexed, and the build then
// ended as two segments), and ends as one.
func TestSmallBuildMergesOnlyInCompact(t *testing.T) {
	sizes := []int{3}
	for range 30 {
		sizes = append(sizes, 8)
	}
	n := 0
	for _, k := range sizes {
		n += k
	}
	dir, w := buildInBatchesWith(t, sizes, index.Options{Expected: n}, func(w *index.Writer) {
		stats, _ := w.Bleve().StatsMap()["index"].(map[string]any)
		if merged, ok := stats["TotFileMergeZapEnd"].(uint64); !ok || merged != 0 {
			t.Errorf("merges before Compact: %v", stats["TotFileMergeZapEnd"])
		}
	})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if zaps, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap")); len(zaps) != 1 {
		t.Errorf("%d segment files, want 1", len(zaps))
	}
}

// A build from nothing merges each article about once before Compact:
// the bytes its merges write stay within twice the index's final size
// (scorch's default tiers wrote four times as much, merging each article
// again and again as the segments grew).
func TestBuildMergesEachArticleAboutOnce(t *testing.T) {
	const n, batch, bound = 1200, 16, 256
	dir, w := buildCompacted(t, n, batch, bound)
	stats, _ := w.Bleve().StatsMap()["index"].(map[string]any)
	written, ok := stats["TotFileMergeWrittenBytes"].(uint64)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatalf("no merge statistics: %v", stats["TotFileMergeWrittenBytes"])
	}
	zaps, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	var size int64
	for _, z := range zaps {
		if st, err := os.Stat(z); err == nil {
			size += st.Size()
		}
	}
	if size == 0 || written > 2*uint64(size) {
		t.Errorf("merges wrote %d bytes for an index of %d", written, size)
	}
}

// buildCompacted builds an index of n generated articles in batches of
// batch, with segments bound to bound articles, and compacts it; it
// returns the index folder and its writer, still open.
func buildCompacted(t *testing.T, n, batch, bound int) (string, *index.Writer) {
	t.Helper()
	c := generateCorpus(n, 40, 1)
	dir := filepath.Join(t.TempDir(), "index")
	w, err := index.Create(dir, index.Options{BatchSize: batch, MaxSegment: bound})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range c.Articles {
		text, err := c.Text(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Add(model.Document{Article: a, Body: text}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := w.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	return dir, w
}

// buildInBatchesWith builds an index of generated articles in batches of
// the given sizes, with the writer's options, calls before (when not nil)
// after the last batch, and compacts the index; it returns the index
// folder and its writer, still open.
func buildInBatchesWith(t *testing.T, sizes []int, opts index.Options, before func(*index.Writer)) (string, *index.Writer) {
	t.Helper()
	n := 0
	for _, k := range sizes {
		n += k
	}
	c := generateCorpus(n, 40, 1)
	dir := filepath.Join(t.TempDir(), "index")
	opts.BatchSize = n + 1
	w, err := index.Create(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	next := 0
	for _, k := range sizes {
		for _, a := range c.Articles[next : next+k] {
			text, err := c.Text(a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Add(model.Document{Article: a, Body: text}); err != nil {
				t.Fatal(err)
			}
		}
		next += k
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if before != nil {
		before(w)
	}
	if err := w.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	return dir, w
}

// Compact returns only once scorch has written the merged snapshot: a
// force merge ends with the merged segment in memory, Close does not
// write it, and an index closed right after Compact then opened with the
// segments it had before the merge. Fails when Compact does not wait.
func TestCompactWritesTheMergedSnapshot(t *testing.T) {
	sizes := make([]int, 12)
	for i := range sizes {
		sizes[i] = 6
	}
	for round := range 4 {
		_, w := buildInBatchesWith(t, sizes, index.Options{Expected: 72}, nil)
		adv, err := w.Bleve().Advanced()
		if err != nil {
			t.Fatal(err)
		}
		m := adv.(*scorch.Scorch).StatsMap()
		cur, _ := m["CurRootEpoch"].(uint64)
		done, _ := m["LastPersistedEpoch"].(uint64)
		if done < cur {
			t.Errorf("round %d: Compact returned with snapshot %d in memory, %d on disk", round, cur, done)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
