package index

import bindex "github.com/blevesearch/bleve_index_api"

// batchMem holds what the analysis of a batch's articles hands to bleve:
// each article's term map, its terms' TokenFreqs, their locations and the
// pointers to them. Bleve reads them while it makes the batch's segment,
// and no longer once the batch is indexed; the worker then frees the
// memory for its next batch, rather than allocating every article's anew
// (a third of what a build allocated, and so of how often the collector
// ran). A batchMem keeps the most one batch needed.
type batchMem struct {
	locs  slab[bindex.TokenLocation]
	ptrs  slab[*bindex.TokenLocation]
	tfs   slab[bindex.TokenFreq]
	maps  []bindex.TokenFrequencies
	nmaps int
}

// slabChunk is how many values a slab allocates at least at once.
const slabChunk = 4096

// slab hands out runs of values from a few large chunks, all reused after
// free.
type slab[T any] struct {
	chunks [][]T
	chunk  int // the chunk being used
	used   int // values used of it
}

// take returns n values that no one else holds until free. They are not
// zeroed: the caller sets every one.
func (s *slab[T]) take(n int) []T {
	for {
		if s.chunk == len(s.chunks) {
			s.chunks = append(s.chunks, make([]T, max(n, slabChunk)))
		}
		if c := s.chunks[s.chunk]; s.used+n <= len(c) {
			s.used += n
			return c[s.used-n : s.used : s.used]
		}
		s.chunk, s.used = s.chunk+1, 0
	}
}

// free makes every value taken free again.
func (s *slab[T]) free() { s.chunk, s.used = 0, 0 }

// tokenFreqs returns an empty term map with room for about n terms.
func (m *batchMem) tokenFreqs(n int) bindex.TokenFrequencies {
	if m.nmaps < len(m.maps) {
		f := m.maps[m.nmaps]
		clear(f)
		m.nmaps++
		return f
	}
	f := make(bindex.TokenFrequencies, n)
	m.maps = append(m.maps, f)
	m.nmaps++
	return f
}

// free makes all the memory free for the next batch: nothing taken before
// may be used after.
func (m *batchMem) free() {
	m.locs.free()
	m.ptrs.free()
	m.tfs.free()
	m.nmaps = 0
}
