package timeline

import (
	"context"
	"testing"
)

// mergedForTest runs an assembly of docs up to the merge of equal dates.
func mergedForTest(t *testing.T, docs []Doc) *merger {
	t.Helper()
	a := assembly{docs: docs, data: encodedForTest(t, docs), chunk: decodeChunk, workers: 1}
	a.families()
	if err := a.collect(func(int) error { return nil }); err != nil {
		t.Fatal(err)
	}
	mg := newMerger(a.items, a.pool, a.weights())
	mg.docs = len(docs)
	for i := range mg.items {
		mg.prepare(&mg.items[i])
	}
	if err := mg.mergeEqualDates(context.Background(), a.byDate(mg.items)); err != nil {
		t.Fatal(err)
	}
	return mg
}

// Each date is merged in a copy of its items, then its clusters written
// back (mergeDates): the clusters must be those of the items themselves.
// A cluster holds one date; its root is its first representative, and
// its representatives are its members, as many as maxReps allows.
func TestDateMergeWritesClustersBack(t *testing.T) {
	mg := mergedForTest(t, generate(1500, 3))
	size := map[int]int{}
	for i := range mg.items {
		r := mg.find(i)
		size[r]++
		if !mg.items[r].r.equal(mg.items[i].r) {
			t.Fatalf("item %d joined the cluster of %d, of another date", i, r)
		}
		if r != i && mg.reps[i].n != 0 {
			t.Fatalf("item %d is in the cluster of %d but keeps representatives %v", i, r, mg.reps[i].list())
		}
	}
	merged := 0
	for r, n := range size {
		reps := mg.reps[r].list()
		if len(reps) != min(n, maxReps) || reps[0] != int32(r) {
			t.Fatalf("cluster %d of %d items has representatives %v", r, n, reps)
		}
		for _, x := range reps {
			if mg.find(int(x)) != r {
				t.Fatalf("cluster %d has representative %d of cluster %d", r, x, mg.find(int(x)))
			}
		}
		if n > 1 {
			merged++
		}
	}
	if merged < 50 {
		t.Fatalf("only %d clusters of several items: the corpus must merge many", merged)
	}
}
