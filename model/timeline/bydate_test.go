package timeline

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// byDate sorts the halves of its keys at once and merges them: the order
// must be that of one sort of the whole; keys that compare equal are
// told (their order would differ), and sorted again as one.
func TestSortHalvesIsOneSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 10, 1000} {
		for _, ties := range []bool{false, true} {
			keys := make([]dateKey, n)
			for i := range keys {
				keys[i] = dateKey{start: int32(r.IntN(20)), end: int32(r.IntN(3)), role: Role(r.IntN(2)), doc: int32(r.IntN(5)),
					pos: uint32(i), i: int32(i)}
				if ties && i > 0 && i%7 == 0 {
					keys[i] = keys[i-1]
					keys[i].i = int32(i)
				}
			}
			sorted := slices.Clone(keys)
			slices.SortFunc(sorted, cmpDateKey)
			want := make([]int, n)
			for k, key := range sorted {
				want[k] = int(key.i)
			}
			got := make([]int, n)
			made := make([]dateKey, n)
			ok := sortHalves(made, func(from, to int) { copy(made[from:to], keys[from:to]) }, got)
			switch {
			case ties && n > 7 && ok:
				t.Errorf("%d keys with ties: sorted in halves, not told", n)
			case !ties && !ok:
				t.Errorf("%d keys without ties: told of ties", n)
			case ok && !slices.Equal(got, want):
				t.Errorf("%d keys: %v, want %v", n, got, want)
			}
		}
	}
}

// sortDateKeys sorts as cmpDateKey orders: keys of few distinct values
// in each field (long runs of equal dates), sorted, reversed, all equal
// but their position, and with whole keys repeated (then sorted, and the
// same keys, in some order). Depth 0 takes the heap sort at once.
func TestSortDateKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 5, 12, 13, 100, 5000} {
		for shape := range 5 {
			keys := make([]dateKey, n)
			for i := range keys {
				keys[i] = dateKey{start: int32(r.IntN(30)) - 10, end: int32(r.IntN(3)), role: Role(r.IntN(3)), doc: int32(r.IntN(7)),
					pos: r.Uint32(), i: int32(i)}
				switch shape {
				case 1, 2:
					keys[i].start, keys[i].pos = int32(i), uint32(i)
				case 3:
					keys[i] = dateKey{pos: uint32(i * 7919 % max(n, 1)), i: int32(i)}
				case 4:
					if i%3 == 1 {
						keys[i] = keys[i-1]
						keys[i].i = int32(i)
					}
				}
			}
			if shape == 2 {
				slices.Reverse(keys)
			}
			want := slices.Clone(keys)
			slices.SortStableFunc(want, cmpDateKey)
			for _, depth := range []int{-1, 0} {
				got := slices.Clone(keys)
				if depth < 0 {
					sortDateKeys(got)
				} else {
					introSortDateKeys(got, depth)
				}
				seen := make([]bool, n)
				for k := range got {
					if cmpDateKey(got[k], want[k]) != 0 || seen[got[k].i] {
						t.Fatalf("%d keys, shape %d, depth %d: at %d %+v, want %+v (or a key twice)", n, shape, depth, k, got[k], want[k])
					}
					seen[got[k].i] = true
					if shape != 4 && got[k] != want[k] {
						t.Fatalf("%d keys, shape %d, depth %d: at %d %+v, want %+v", n, shape, depth, k, got[k], want[k])
					}
				}
			}
		}
	}
}

// idOrder's classes compare as the ids do, equal ids included (the
// sources cut at a limit are sorted by them, as by the ids before); its
// ranks order the docs by id, each its own place.
func TestIDOrderComparesAsIDs(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 2, 50} {
		docs := make([]Doc, n)
		for i := range docs {
			docs[i].ID = []string{"a", "b", "ab", "", "b/1", "é", "a"}[r.IntN(7)]
		}
		rank, class := idOrder(docs)
		seen := make([]bool, n)
		for x := range docs {
			if seen[rank[x]] {
				t.Fatalf("rank %d twice", rank[x])
			}
			seen[rank[x]] = true
			for y := range docs {
				want := strings.Compare(docs[x].ID, docs[y].ID)
				if got := cmpInt(class[x], class[y]); got != want {
					t.Fatalf("%q against %q: classes %d, %d compare %d, want %d", docs[x].ID, docs[y].ID, class[x], class[y], got, want)
				}
				if want != 0 && cmpInt(rank[x], rank[y]) != want {
					t.Fatalf("%q against %q: ranks %d, %d", docs[x].ID, docs[y].ID, rank[x], rank[y])
				}
			}
		}
	}
}
