package timeline

import (
	"cmp"
	"context"
	"maps"
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
	fam := make(chan struct{})
	close(fam)
	if err := a.collect(func(int) error { return nil }, fam); err != nil {
		t.Fatal(err)
	}
	mg := newMerger(a.items, a.pool, a.weights())
	mg.docs = len(docs)
	for i := range mg.items {
		mg.prepare(&mg.items[i])
	}
	rank, _ := idOrder(docs)
	if err := mg.mergeEqualDates(context.Background(), a.byDate(mg.items, rank)); err != nil {
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
		var sc scratch
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
			want.listPostingsOn(context.Background(), roots, &wx, 1)
			for _, r := range roots {
				if want.items[r].r.prec() == p {
					want.joinFiner(&sc, &wx, int(r))
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

// crowdedMerger makes n items on a few days, each with 2-5 of a dozen
// names, in families of 30 articles, some with one of a few
// deeds: long lists under each term and family, as on the busy dates of
// a large corpus.
func crowdedMerger(seed uint64, n int) *merger {
	r := rand.New(rand.NewPCG(seed, 2))
	var items []item
	var pool []uint32
	for i := range n {
		at := len(pool)
		for _, t := range r.Perm(12)[:2+r.IntN(4)] {
			pool = append(pool, uint32(t)<<2|termName)
		}
		slices.Sort(pool[at:])
		it := item{r: drngOf(dayRange(mkDay(2023, 5, 1+r.IntN(3)))), doc: int32(i / 2), root: int32(i / 60),
			toff: uint32(at), nt: uint8(len(pool) - at), role: Primary}
		if r.IntN(3) == 0 {
			it.deed, it.objs = uint64(1+r.IntN(4)), uint64(r.IntN(3))
		}
		items = append(items, it)
	}
	w := make([]float32, 12)
	for i := range w {
		w[i] = 0.4 + 0.1*float32(i) // some terms common (below 1), most not
	}
	mg := newMerger(items, pool, w)
	mg.docs = n
	for i := range mg.items {
		mg.prepare(&mg.items[i])
	}
	return mg
}

// sliceMergeDate is mergeDate with its lists as plain slices, looked at
// as the merge means them: the newest candidatesPer clusters listed
// under each lookup term, the newest 2*candidatesPer items of the
// item's family (then all of them for its one cluster).
func (mg *merger) sliceMergeDate(sc *scratch, deeds *deedIndex) {
	index, family := map[uint32][]int32{}, map[int32][]int32{}
	deeds.reset(len(mg.items))
	newest := func(list []int32, n int) []int32 { // newest first
		out := slices.Clone(list[max(0, len(list)-n):])
		slices.Reverse(out)
		return out
	}
	best := func(it *item, roots []int32) int {
		sc.epoch++
		b, bs := -1, 0.0
		for _, x := range roots {
			r := mg.find(int(x))
			if mg.stamp[r] == sc.epoch {
				continue
			}
			mg.stamp[r] = sc.epoch
			if s, ok := mg.agreeCluster(it, r); ok && (b < 0 || s > bs) {
				b, bs = r, s
			}
		}
		return b
	}
	for i := range mg.items {
		it := &mg.items[i]
		terms := slices.Clone(mg.lookup(sc, it))
		target, bs := -1, 0.0
		sc.epoch++
		for _, t := range terms { // one epoch for every term, as bestCandidate
			for _, x := range newest(index[t], candidatesPer) {
				r := mg.find(int(x))
				if mg.stamp[r] == sc.epoch {
					continue
				}
				mg.stamp[r] = sc.epoch
				if s, ok := mg.agreeCluster(it, r); ok && (target < 0 || s > bs) {
					target, bs = r, s
				}
			}
		}
		if target < 0 {
			target = best(it, newest(family[it.root], 2*candidatesPer))
		}
		if target < 0 {
			found := -1
			for _, m := range family[it.root] {
				if mg.items[m].doc == it.doc || it.r.width() > 1 {
					continue
				}
				if r := mg.find(int(m)); found >= 0 && r != found {
					found = -1
					break
				} else {
					found = r
				}
			}
			target = found
		}
		withObjs, anyObjs := int32(-1), int32(-1)
		if it.deed != 0 {
			withObjs, anyObjs = deeds.list(deedKey(it.deed, it.objs)), deeds.list(deedKey(it.deed, 0))
			if target < 0 {
				target = mg.sameDeed(deeds.members(withObjs), it)
			}
			if target < 0 {
				target = mg.sameDeed(deeds.members(anyObjs), it)
			}
		}
		if target >= 0 {
			root := mg.union(target, i)
			if mg.reps[root].has(i) {
				for _, t := range terms {
					index[t] = append(index[t], int32(root))
				}
			}
		} else {
			for _, t := range terms {
				index[t] = append(index[t], int32(i))
			}
		}
		family[it.root] = append(family[it.root], int32(i))
		if it.deed != 0 {
			deeds.add(withObjs, i)
			deeds.add(anyObjs, i)
		}
	}
}

// The merge of a date lists clusters under terms and items under their
// family in chains of nodes (listIndex): it must find the candidates
// that plain lists give, newest first and no more of them.
func TestDateMergeListsAsSlices(t *testing.T) {
	for seed := range uint64(10) {
		got, want := crowdedMerger(seed, 600), crowdedMerger(seed, 600)
		order := make([]int, len(got.items))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmpInt(got.items[a].r.s, got.items[b].r.s) })
		if err := got.mergeEqualDates(context.Background(), order); err != nil {
			t.Fatal(err)
		}
		var sc scratch
		var deeds deedIndex
		date := &merger{w: want.w, docs: want.docs}
		for g := 0; g < len(order); {
			e := g
			for e < len(order) && want.items[order[e]].r.equal(want.items[order[g]].r) {
				e++
			}
			date.load(want, order[g:e])
			date.sliceMergeDate(&sc, &deeds)
			want.store(date, order[g:e])
			g = e
		}
		clusters := 0
		for i := range want.items {
			r := want.find(i)
			if got.find(i) != r {
				t.Fatalf("seed %d: item %d is in cluster %d, want %d", seed, i, got.find(i), r)
			}
			if r == i {
				clusters++
				if got.reps[i] != want.reps[i] {
					t.Fatalf("seed %d: cluster %d has representatives %v, want %v", seed, i, got.reps[i].list(), want.reps[i].list())
				}
			}
		}
		if clusters < 20 || clusters > len(want.items)/2 {
			t.Fatalf("seed %d: %d clusters of %d items: the items must merge, but not all", seed, clusters, len(want.items))
		}
	}
}

// The merge of equal dates runs with the heap near the memory limit,
// where any allocation starts the collector again: it makes its room
// once, for the largest date, and allocates nothing per date.
func TestDateMergeAllocatesOnce(t *testing.T) {
	mg := crowdedMerger(1, 3000)
	order := make([]int, len(mg.items))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpInt(mg.items[a].r.s, mg.items[b].r.s) })
	allocs := testing.AllocsPerRun(1, func() {
		if err := mg.mergeDates(context.Background(), order); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 16 {
		t.Errorf("the merge of 3 dates of 1,000 items allocated %v times, want its room made once (at most 16)", allocs)
	}
}

// spansOf cuts heads into the groups of dates that overlap, directly or
// through others, in the order of their first start, each group's heads
// in the order of heads: as a plain union of every overlapping pair
// finds them, dates before 1970 (negative days) included.
func TestSpansOfOverlaps(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for try := range 400 {
		n := r.IntN(60)
		items := make([]item, n)
		heads := make([]int32, n)
		width := 400 // the starts counted into place
		if try%2 == 1 {
			width = 1 << 24 // and sorted
		}
		for k := range items {
			s := int32(r.IntN(width) - width/2)
			if try%4 == 1 {
				s = s/(1<<20)*(1<<20) + int32(r.IntN(3)) // far apart, some overlapping
			}
			items[k].r = drng{s: s, e: s + int32(r.IntN(12))}
			heads[k] = int32(k)
		}
		r.Shuffle(n, func(a, b int) { heads[a], heads[b] = heads[b], heads[a] })
		heads = heads[:r.IntN(n+1)]
		mg := &merger{items: items}
		group := make([]int, len(heads))
		for k := range group {
			group[k] = k
		}
		var root func(int) int
		root = func(k int) int {
			if group[k] != k {
				group[k] = root(group[k])
			}
			return group[k]
		}
		for a := range heads {
			for b := range heads {
				x, y := items[heads[a]].r, items[heads[b]].r
				if x.s <= y.e && y.s <= x.e {
					group[root(a)] = root(b)
				}
			}
		}
		first := map[int]int32{} // group -> its first start
		for k, h := range heads {
			if s, ok := first[root(k)]; !ok || items[h].r.s < s {
				first[root(k)] = items[h].r.s
			}
		}
		var want [][]int32
		var order []int
		for g := range first {
			order = append(order, g)
		}
		slices.SortFunc(order, func(a, b int) int { return cmpInt(first[a], first[b]) })
		for _, g := range order {
			var hs []int32
			for k, h := range heads {
				if root(k) == g {
					hs = append(hs, h)
				}
			}
			want = append(want, hs)
		}
		got := mg.spansOf(heads)
		if len(heads) == 0 {
			got = got[:0] // no heads: one empty group or none
		}
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("heads %v of dates %v: spans %v, want %v", heads, items, got, want)
		}
	}
}

// The postings are listed on several workers (listPostingsOn), each a
// run of roots then a run of terms: the lists must be those one worker
// makes, in the same order (their sort does not keep the order of equal
// starts, so its input must be the same too).
func TestPostingsDoNotDependOnWorkers(t *testing.T) {
	for seed := range uint64(10) {
		mg := crowdedMerger(seed, 500)
		for i := range mg.items { // dates of every width, many equal starts
			mg.items[i].r.e += int32(i % 40)
		}
		var roots []int32
		for i := range mg.items {
			if i%3 != 0 {
				roots = append(roots, int32(i))
			}
		}
		var one postings
		mg.listPostingsOn(context.Background(), roots, &one, 1)
		if len(one.list) < 500 {
			t.Fatalf("seed %d: only %d postings", seed, len(one.list))
		}
		for _, workers := range []int{2, 3, 8} {
			var x postings
			mg.listPostingsOn(context.Background(), roots, &x, workers)
			mg.listPostingsOn(context.Background(), roots, &x, workers) // again, in the same room
			if !slices.Equal(x.off, one.off) || !slices.Equal(x.list, one.list) {
				t.Fatalf("seed %d: %d workers list other postings", seed, workers)
			}
		}
	}
}

// clusterMembers counts the items into place by root: the order of
// sorting them by root, then item.
func TestClusterMembersAreSorted(t *testing.T) {
	mg := crowdedMerger(4, 13000)
	order := make([]int, len(mg.items))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpInt(mg.items[a].r.s, mg.items[b].r.s) })
	if err := mg.mergeEqualDates(context.Background(), order); err != nil {
		t.Fatal(err)
	}
	if len(mg.items) < 3*4096 {
		t.Fatalf("%d items: too few to find the roots on several goroutines", len(mg.items))
	}
	for _, n := range []int{0, 1, 1500, len(mg.items)} {
		want := make([]member, n)
		for i := range want {
			want[i] = member{int32(mg.find(i)), int32(i)}
		}
		slices.SortFunc(want, func(x, y member) int { return cmp.Or(cmpInt(x.root, y.root), cmpInt(x.i, y.i)) })
		for _, workers := range []int{1, 2, 3} {
			if got, err := clusterMembers(context.Background(), mg, n, workers); err != nil || !slices.Equal(got, want) {
				t.Fatalf("%d items, %d workers: members %v, want %v", n, workers, got[:min(n, 20)], want[:min(n, 20)])
			}
		}
	}
}

// prepareAll weighs every item on several workers as prepare does one by
// one, across chunks.
func TestPrepareAllOnWorkers(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	w := make([]float32, 1000)
	for i := range w {
		w[i] = r.Float32()
	}
	pool := make([]uint32, 0, 1<<20)
	items := make([]item, 3*prepareChunk+17)
	for i := range items {
		items[i].toff = uint32(len(pool))
		items[i].nt = uint8(r.IntN(12))
		for range items[i].nt {
			pool = append(pool, uint32(r.IntN(len(w)))<<2|uint32(r.IntN(4)))
		}
	}
	want := slices.Clone(items)
	mg := newMerger(want, pool, w)
	for i := range want {
		mg.prepare(&want[i])
	}
	for _, workers := range []int{1, 2, 3} {
		got := slices.Clone(items)
		if err := mg.prepareAll(context.Background(), got, workers); err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if got[i].weight != want[i].weight {
				t.Fatalf("%d workers: item %d weighs %v, want %v", workers, i, got[i].weight, want[i].weight)
			}
		}
	}
}

// attachMilestones looks for each cluster's milestone on several workers,
// a chunk of clusters at a time: every cluster gets the milestone it gets
// when they are looked at one by one.
func TestAttachMilestonesOnWorkers(t *testing.T) {
	mg := mergedForTest(t, generate(2000, 3))
	for i := range mg.items { // one period: a milestone in range joins
		mg.items[i].period = pspanOf(Period{From: 2020, To: 2021})
	}
	var ms []int
	for i := 0; i < len(mg.items); i += 40 { // items standing for milestones
		ms = append(ms, i)
	}
	sorted := slices.Clone(ms)
	slices.SortStableFunc(sorted, func(a, b int) int { return cmpInt(mg.items[a].r.s, mg.items[b].r.s) })
	starts, maxWidth := make([]int32, len(sorted)), int32(0)
	for k, m := range sorted {
		starts[k], maxWidth = mg.items[m].r.s, max(maxWidth, mg.items[m].r.width())
	}
	want, roots := map[int]int{}, 0
	for i := range mg.items {
		if mg.find(i) != i || mg.items[i].doc < 0 {
			continue
		}
		roots++
		if best := mg.milestoneFor(i, sorted, starts, maxWidth); best >= 0 {
			want[i] = best
		}
	}
	if roots <= attachChunk || len(want) == 0 {
		t.Fatalf("%d clusters, %d attached: too few for the test", roots, len(want))
	}
	for _, workers := range []int{1, 2, 3} {
		got, err := mg.attachMilestones(context.Background(), ms, workers)
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(got, want) {
			t.Errorf("%d workers: %d attached, want %d", workers, len(got), len(want))
		}
	}
}

// roots lists the clusters of articles' mentions, as find tells them, in
// item order.
func TestRootsAreTheClusters(t *testing.T) {
	mg := mergedForTest(t, generate(300, 3))
	for i := range mg.items { // a root standing for a milestone
		if int(mg.parent[i]) == i {
			mg.items[i].doc = -1
			break
		}
	}
	var want []int32
	for i := range mg.items {
		if mg.find(i) == i && mg.items[i].doc >= 0 {
			want = append(want, int32(i))
		}
	}
	if got := mg.roots(); len(want) == len(mg.items) || !slices.Equal(got, want) {
		t.Errorf("%d roots of %d items, want %d", len(got), len(mg.items), len(want))
	}
}
