package timeline

import (
	"math/rand/v2"
	"slices"
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
			ok := sortHalves(slices.Clone(keys), got)
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
