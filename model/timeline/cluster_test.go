package timeline

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
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
	if err := mg.mergeEqualDates(context.Background(), a.byDate(mg.items, idRanks(docs))); err != nil {
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

// randomMerger makes n items of one article each, dated over two years by
// a day, a month, two months, a year or two, each with 3-6 of a dozen
// names: dates that overlap, content that agrees often.
func randomMerger(seed uint64, n int) *merger {
	r := rand.New(rand.NewPCG(seed, 1))
	var items []item
	var pool []uint32
	for i := range n {
		y, m, d := 2022+r.IntN(2), time.Month(1+r.IntN(12)), 1+r.IntN(28)
		var rg rng
		switch r.IntN(5) {
		case 0, 1:
			rg = dayRange(mkDay(y, m, d))
		case 2:
			rg = monthRange(y, m)
		case 3:
			rg = rng{mkDay(y, m, 1), mkDay(y, m+2, 0), Month}
		default:
			rg = yearsRange(y, y+r.IntN(2))
		}
		at := len(pool)
		for _, t := range r.Perm(12)[:3+r.IntN(4)] {
			pool = append(pool, uint32(t)<<2|termName)
		}
		slices.Sort(pool[at:])
		items = append(items, item{r: drngOf(rg), doc: int32(i), root: int32(i), toff: uint32(at),
			nt: uint8(len(pool) - at), role: Primary})
	}
	w := make([]float32, 12)
	for i := range w {
		w[i] = 1
	}
	mg := newMerger(items, pool, w)
	mg.docs = n
	for i := range mg.items {
		mg.prepare(&mg.items[i])
	}
	return mg
}

// The heads of the coarse merge are merged span by span, on several
// workers (mergeCoarse): the clusters must be those of taking every head
// in item order, one after another.
func TestCoarseMergeBySpansIsInItemOrder(t *testing.T) {
	for seed := range uint64(20) {
		got, want := randomMerger(seed, 400), randomMerger(seed, 400)
		var gx, wx postings
		for _, p := range []Precision{Month, Year} {
			if err := got.mergeCoarse(context.Background(), p, &gx, 3); err != nil {
				t.Fatal(err)
			}
			var roots []int32
			for i := range want.items {
				if want.find(i) == i {
					roots = append(roots, int32(i))
				}
			}
			want.listPostings(roots, &wx)
			for _, r := range roots {
				if want.items[r].r.prec() == p {
					want.joinFiner(&want.sc, &wx, int(r))
				}
			}
		}
		joined := 0
		for i := range want.items {
			r := want.find(i)
			if got.find(i) != r {
				t.Fatalf("seed %d: item %d is in cluster %d, want %d", seed, i, got.find(i), r)
			}
			if r == i && got.reps[i] != want.reps[i] {
				t.Fatalf("seed %d: cluster %d has representatives %v, want %v", seed, i, got.reps[i].list(), want.reps[i].list())
			}
			if r != i {
				joined++
			}
		}
		if joined < 20 {
			t.Fatalf("seed %d: only %d items joined a finer cluster: the items must merge", seed, joined)
		}
	}
}
