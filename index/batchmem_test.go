package index

import (
	"testing"
	"unsafe"
)

// Runs taken from a slab before free never overlap, and after free the
// slab hands out the same memory again rather than allocating.
func TestSlabReusesItsMemory(t *testing.T) {
	var s slab[int]
	sizes := []int{1, 7, slabChunk - 3, 5, 2 * slabChunk, 1, 300}
	first := map[uintptr]bool{}
	chunks := 0
	for round := range 3 {
		var runs [][]int
		for i, n := range sizes {
			r := s.take(n)
			if len(r) != n || cap(r) != n {
				t.Fatalf("round %d: take(%d) gave len %d cap %d", round, n, len(r), cap(r))
			}
			for k := range r {
				r[k] = i
			}
			runs = append(runs, r)
		}
		for i, r := range runs {
			for _, v := range r {
				if v != i {
					t.Fatalf("round %d: run %d overwritten by run %d", round, i, v)
				}
			}
			p := uintptr(unsafe.Pointer(&r[0]))
			if round == 0 {
				first[p] = true
			} else if !first[p] {
				t.Errorf("round %d: run %d is new memory, not the first round's", round, i)
			}
		}
		if round == 0 {
			chunks = len(s.chunks)
		} else if len(s.chunks) != chunks {
			t.Errorf("round %d: %d chunks, %d after the first round", round, len(s.chunks), chunks)
		}
		s.free()
	}
}

// A batch's term maps are handed out empty, and again after free.
func TestBatchMemMapsAreEmpty(t *testing.T) {
	var m batchMem
	a := m.tokenFreqs(4)
	a["x"] = nil
	b := m.tokenFreqs(4)
	if len(b) != 0 {
		t.Fatal("a second map of the batch is not empty")
	}
	m.free()
	if c := m.tokenFreqs(4); len(c) != 0 || len(m.maps) != 2 {
		t.Errorf("after free: a map of %d terms, %d maps made", len(c), len(m.maps))
	}
}
