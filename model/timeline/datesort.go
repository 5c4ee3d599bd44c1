package timeline

import "math/bits"

// sortDateKeys sorts keys by cmpDateKey: an introsort with the
// comparison written in, which slices.SortFunc cannot inline (at 100,000
// articles it called cmpDateKey 30 million times). Keys that compare
// equal end in no particular order, as with slices.SortFunc; byDate
// sorts again when there are any.
func sortDateKeys(keys []dateKey) {
	introSortDateKeys(keys, 2*bits.Len(uint(len(keys))))
}

// lessDateKey is cmpDateKey(p, q) < 0.
func lessDateKey(p, q *dateKey) bool {
	switch {
	case p.start != q.start:
		return p.start < q.start
	case p.end != q.end:
		return p.end < q.end
	case p.role != q.role:
		return p.role < q.role
	case p.doc != q.doc:
		return p.doc < q.doc
	}
	return p.pos < q.pos
}

func introSortDateKeys(a []dateKey, depth int) {
	for len(a) > 12 {
		if depth == 0 {
			heapSortDateKeys(a)
			return
		}
		depth--
		// the median of the first, middle and last as the pivot, at a[0]
		m, l := len(a)/2, len(a)-1
		if lessDateKey(&a[m], &a[0]) {
			a[m], a[0] = a[0], a[m]
		}
		if lessDateKey(&a[l], &a[m]) {
			a[l], a[m] = a[m], a[l]
			if lessDateKey(&a[m], &a[0]) {
				a[m], a[0] = a[0], a[m]
			}
		}
		a[0], a[m] = a[m], a[0]
		p := a[0]
		i, j := 1, l
		for {
			for i <= j && lessDateKey(&a[i], &p) {
				i++
			}
			for i <= j && lessDateKey(&p, &a[j]) {
				j--
			}
			if i >= j {
				break
			}
			a[i], a[j] = a[j], a[i]
			i++
			j--
		}
		a[0], a[j] = a[j], a[0]
		// a[:j] <= p <= a[j+1:]: the smaller side first, the larger in the loop
		if j < len(a)-j {
			introSortDateKeys(a[:j], depth)
			a = a[j+1:]
		} else {
			introSortDateKeys(a[j+1:], depth)
			a = a[:j]
		}
	}
	for i := 1; i < len(a); i++ {
		for k := i; k > 0 && lessDateKey(&a[k], &a[k-1]); k-- {
			a[k], a[k-1] = a[k-1], a[k]
		}
	}
}

func heapSortDateKeys(a []dateKey) {
	down := func(root, n int) {
		for {
			c := 2*root + 1
			if c >= n {
				return
			}
			if c+1 < n && lessDateKey(&a[c], &a[c+1]) {
				c++
			}
			if !lessDateKey(&a[root], &a[c]) {
				return
			}
			a[root], a[c] = a[c], a[root]
			root = c
		}
	}
	for i := len(a)/2 - 1; i >= 0; i-- {
		down(i, len(a))
	}
	for i := len(a) - 1; i > 0; i-- {
		a[0], a[i] = a[i], a[0]
		down(0, i)
	}
}
