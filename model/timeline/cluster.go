package timeline

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
)

// Merging: mentions (and milestones) are clustered when their dates agree
// and their content agrees. Every step sorts and sweeps, and compares each
// mention with a bounded number of candidates found through shared terms,
// so the work grows as n log n with the number of mentions.
const (
	maxReps         = 4   // members of a cluster that others are compared with
	lookupTerms     = 6   // telling terms of a mention used to find candidates
	candidatesPer   = 8   // clusters looked at per term
	rangeCandidates = 16  // clusters looked at per term when a coarse date joins finer ones
	minScore        = 2.5 // weight of shared terms needed to merge
	minCover        = 0.2 // ... and the share of the smaller side it must reach
	familyScore     = 1.0 // weight needed within one article and its translations
	milestoneScore  = 2.0 // weight needed to join a milestone
	periodBonus     = 2.5 // added when a mention's period is the milestone's
)

// item is one mention or milestone taking part in the merge.
type item struct {
	r      drng
	doc    int32 // index into docs; -1 for a milestone
	rec    int32 // index into the assembly's mention details; -1-k for milestone k
	root   int32 // translation family; -1 for a milestone
	toff   uint32
	nt     uint8 // the item's terms are pool[toff:toff+nt]: dense id << 2 | class, sorted
	role   Role
	en     bool
	weight float32
	period pspan
	deed   uint64 // who did what (see Mention.Deed); 0 when unknown
	objs   uint64 // the names of the deed's object
}

// milestone is the index of a milestone's item into the milestones.
func (it *item) milestone() int { return int(-1 - it.rec) }

// pspan is a Period in four bytes: first year << 16 | last year; 0 for none.
type pspan uint32

func pspanOf(p Period) pspan {
	if p.IsZero() || p.From < 0 || p.From > 0xffff || p.To < 0 || p.To > 0xffff {
		return 0
	}
	return pspan(p.From)<<16 | pspan(p.To)
}

func (p pspan) period() Period {
	if p == 0 {
		return Period{}
	}
	return Period{From: int(p >> 16), To: int(p & 0xffff)}
}

// repSet is a cluster's first members, the ones others are compared with.
type repSet struct {
	items [maxReps]int32
	n     uint8
}

func (r *repSet) list() []int32 { return r.items[:r.n] }

func (r *repSet) add(i int) bool {
	if int(r.n) >= maxReps {
		return false
	}
	r.items[r.n] = int32(i)
	r.n++
	return true
}

func (r *repSet) has(i int) bool {
	for _, x := range r.list() {
		if int(x) == i {
			return true
		}
	}
	return false
}

// merger holds the state of one Assemble call's merge.
type merger struct {
	items  []item
	pool   []uint32  // the items' terms
	w      []float32 // how much each dense term counts (1: not common)
	parent []int32   // union-find over items
	reps   []repSet  // representative items of each root
	stamp  []int32   // per-root visit marks for candidate sets (see scratch)

	occasion, sides map[uint32]bool // dense ids of thingTerms
	docs            int             // how many docs (translation families are doc indexes)
}

// scratch is one worker's state while merging: the epoch of its visit
// marks and a buffer. Workers merge disjoint items, so they share stamp.
type scratch struct {
	epoch int32
	look  [lookupTerms]uint32 // lookup's result
}

func newMerger(items []item, pool []uint32, w []float32) *merger {
	mg := &merger{items: items, pool: pool, w: w, parent: make([]int32, len(items)),
		reps: make([]repSet, len(items)), stamp: make([]int32, len(items))}
	for i := range items {
		mg.parent[i] = int32(i)
		mg.reps[i].add(i)
	}
	return mg
}

// release lets go of what only the merge needs (the terms, their
// weights, the representatives and visit marks): the events need only
// the items and their clusters.
func (mg *merger) release() {
	mg.pool, mg.w, mg.reps, mg.stamp = nil, nil, nil, nil
	mg.occasion, mg.sides = nil, nil
}

func (mg *merger) find(x int) int {
	for int(mg.parent[x]) != x {
		mg.parent[x] = mg.parent[mg.parent[x]]
		x = int(mg.parent[x])
	}
	return x
}

// root is find without shortening the path: several goroutines may ask
// at once.
func (mg *merger) root(x int) int {
	for int(mg.parent[x]) != x {
		x = int(mg.parent[x])
	}
	return x
}

// union joins the cluster of b into that of a; a's date stays.
func (mg *merger) union(a, b int) int {
	ra, rb := mg.find(a), mg.find(b)
	if ra == rb {
		return ra
	}
	mg.parent[rb] = int32(ra)
	for _, r := range mg.reps[rb].list() {
		if !mg.reps[ra].add(int(r)) {
			break
		}
	}
	mg.reps[rb] = repSet{}
	return ra
}

// terms returns an item's terms.
func (mg *merger) terms(it *item) []uint32 { return mg.pool[it.toff : it.toff+uint32(it.nt)] }

func termClass(t uint32) int { return int(t & 3) }

func classWeight(class int) float64 {
	if class >= termKey {
		return 1.5
	}
	return 1
}

// prepare computes an item's total weight.
func (mg *merger) prepare(it *item) {
	w := 0.0
	for _, t := range mg.terms(it) {
		w += classWeight(termClass(t)) * float64(mg.w[t>>2])
	}
	it.weight = float32(w)
}

// prepareChunk is how many items a worker of prepareAll takes at a time.
const prepareChunk = 16 << 10

// prepareAll prepares items on workers goroutines.
func (mg *merger) prepareAll(ctx context.Context, items []item, workers int) error {
	return inParallel(ctx, workers, len(items), prepareChunk, func(_, i int) { mg.prepare(&items[i]) })
}

// similarity compares two items: the weight of their shared terms, how
// many they share, and whether one of them is a name or key term.
func (mg *merger) similarity(a, b *item) (score float64, shared int, strong bool) {
	x, y := mg.terms(a), mg.terms(b)
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch xi, yj := x[i]>>2, y[j]>>2; {
		case xi < yj:
			i++
		case xi > yj:
			j++
		default:
			c := max(termClass(x[i]), termClass(y[j]))
			w := classWeight(c) * float64(mg.w[xi])
			score += w
			shared++
			if c >= termKey && w >= 1 {
				strong = true // a name or key term that is not common in the corpus
			}
			i++
			j++
		}
	}
	return score, shared, strong
}

// agree decides whether two items tell of the same event.
func (mg *merger) agree(a, b *item) (float64, bool) {
	if a.deed != 0 && a.deed == b.deed && a.r.prec() != Day && objectsConflict(a, b) {
		return 0, false // one subject doing one thing with two others: "signed with Germany", "with France"
	}
	score, shared, strong := mg.similarity(a, b)
	if a.root >= 0 && a.root == b.root && a.r.width() <= 1 && b.r.width() <= 1 {
		// one article (or a translation of it) on one day: any shared content
		return score, shared > 0 && score >= familyScore
	}
	if !strong || shared == 0 {
		return score, false
	}
	if a.root >= 0 && a.root == b.root {
		return score, score >= familyScore
	}
	need, count := minScore, 2
	switch {
	case a.r.prec() == Year || b.r.prec() == Year:
		need, count = minScore+2, 3 // a year says little: the content must say more
	case a.r.prec() == Month || b.r.prec() == Month:
		need = minScore + 1
	}
	cover := minCover * float64(min(a.weight, b.weight))
	return score, shared >= count && score >= need && score >= cover
}

// agreeCluster compares an item with the representatives of a cluster.
func (mg *merger) agreeCluster(it *item, root int) (float64, bool) {
	best, ok := 0.0, false
	for _, r := range mg.reps[root].list() {
		if s, yes := mg.agree(it, &mg.items[r]); yes && (!ok || s > best) {
			best, ok = s, true
		}
	}
	return best, ok
}

// lookup returns an item's most telling terms (dense ids): names and key
// terms that are not common in the corpus, which any merge needs one of.
// The result is valid until the next call with the same scratch.
func (mg *merger) lookup(sc *scratch, it *item) []uint32 {
	out := sc.look[:0]
	for _, t := range mg.terms(it) {
		if termClass(t) >= termKey && mg.w[t>>2] >= 1 {
			out = append(out, t>>2)
			if len(out) == lookupTerms {
				break
			}
		}
	}
	return out
}

// mergeEqualDates clusters the items whose dates are equal and whose
// content agrees; a translation that agrees with nothing joins the one
// cluster its family has on that date. order lists the items sorted by date.
func (mg *merger) mergeEqualDates(ctx context.Context, order []int) error {
	// The dates are independent: two workers take half the items each,
	// cut between two dates.
	var cuts []int
	workers := max(1, min(runtime.GOMAXPROCS(0), 2))
	for w, g := 1, 0; w < workers; w++ {
		g = max(g, len(order)*w/workers)
		for g > 0 && g < len(order) && mg.items[order[g]].r.equal(mg.items[order[g-1]].r) {
			g++
		}
		cuts = append(cuts, g)
	}
	cuts = append(cuts, len(order))
	errs := make([]error, len(cuts))
	var wg sync.WaitGroup
	from := 0
	for w, to := range cuts {
		wg.Add(1)
		go func(w int, part []int) {
			defer wg.Done()
			errs[w] = mg.mergeDates(ctx, part)
		}(w, order[from:to])
		from = to
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// mergeDates is mergeEqualDates for the items of whole dates. Each date's
// items, scattered through the items in doc order, are merged in a copy
// of their own (items and terms side by side, numbered by their place in
// order), then the clusters are written back: the merge reads each item
// and its terms many times, and the copy keeps them in the processor's
// cache.
func (mg *merger) mergeDates(ctx context.Context, order []int) error {
	// Everything is made at once, for the largest date: a merge that
	// allocates nothing does not start the collector (see listIndex).
	most, mostTerms := 0, 0
	for g := 0; g < len(order); {
		e, terms := g, 0
		for e < len(order) && mg.items[order[e]].r.equal(mg.items[order[g]].r) {
			terms += int(mg.items[order[e]].nt)
			e++
		}
		most, mostTerms = max(most, e-g), max(mostTerms, terms)
		g = e
	}
	var sc scratch
	index := newListIndex(len(mg.w), lookupTerms*most) // dense term -> clusters listed under it on this date
	family := newListIndex(mg.docs, most)              // family root -> items of the family on this date
	var deeds deedIndex                                // deed (with its objects, and without) -> items with it on this date
	deeds.reset(most)
	deeds.lists = make([]deedList, 0, 2*most)
	date := &merger{w: mg.w, occasion: mg.occasion, sides: mg.sides, docs: mg.docs,
		items: make([]item, 0, most), pool: make([]uint32, 0, mostTerms),
		parent: make([]int32, 0, most), reps: make([]repSet, 0, most), stamp: make([]int32, 0, most)}
	for g := 0; g < len(order); {
		e := g
		for e < len(order) && mg.items[order[e]].r.equal(mg.items[order[g]].r) {
			e++
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if e-g > 1 { // a date with one item has nothing to merge
			date.load(mg, order[g:e])
			date.mergeDate(&sc, index, family, &deeds)
			mg.store(date, order[g:e])
		}
		g = e
	}
	return nil
}

// load makes mg, the merger of one date, a copy of the items of from
// listed in group, numbered by their place in it, each its own cluster.
func (mg *merger) load(from *merger, group []int) {
	terms := 0
	for _, i := range group {
		terms += int(from.items[i].nt)
	}
	mg.items, mg.pool = emptied(mg.items, len(group)), emptied(mg.pool, terms)
	for _, i := range group {
		it := from.items[i]
		at := len(mg.pool)
		mg.pool = append(mg.pool, from.terms(&it)...)
		it.toff = uint32(at)
		mg.items = append(mg.items, it)
	}
	n := len(group)
	mg.parent, mg.reps, mg.stamp = emptied(mg.parent, n)[:n], emptied(mg.reps, n)[:n], emptied(mg.stamp, n)[:n]
	clear(mg.stamp) // scratch epochs start at 1
	for k := range n {
		mg.parent[k] = int32(k)
		mg.reps[k] = repSet{}
		mg.reps[k].add(k)
	}
}

// emptied returns s emptied, with room for n: made anew when it has
// not, twice as large as before at least (a few times in all, as dates
// grow larger).
func emptied[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, max(n, 2*cap(s)))
	}
	return s[:0]
}

// store writes the clusters of date, the merger of the items listed in
// group (see load), back into mg.
func (mg *merger) store(date *merger, group []int) {
	for k, i := range group {
		r := date.find(k)
		mg.parent[i] = int32(group[r])
		mg.reps[i] = repSet{}
		if r == k {
			for _, x := range date.reps[k].list() {
				mg.reps[i].add(group[x])
			}
		}
	}
}

// mergeDate merges the items of one date (see load), in their order.
func (mg *merger) mergeDate(sc *scratch, index, family *listIndex, deeds *deedIndex) {
	index.reset()
	family.reset()
	deeds.reset(len(mg.items))
	for i := range mg.items {
		it := &mg.items[i]
		var look [lookupTerms]uint32
		terms := look[:copy(look[:], mg.lookup(sc, it))]
		target := mg.bestCandidate(sc, it, terms, index)
		if target < 0 {
			target = mg.familyAgree(sc, family, it)
		}
		if target < 0 {
			target = mg.familyCluster(family, it)
		}
		// the deed's two lists, made empty when new: the item goes in both
		withObjs, anyObjs := int32(-1), int32(-1)
		if it.deed != 0 {
			withObjs, anyObjs = deeds.list(deedKey(it.deed, it.objs)), deeds.list(deedKey(it.deed, 0))
		}
		if target < 0 && it.deed != 0 {
			target = mg.sameDeed(deeds.members(withObjs), it) // the same objects first
		}
		if target < 0 && it.deed != 0 {
			target = mg.sameDeed(deeds.members(anyObjs), it)
		}
		if target >= 0 {
			root := mg.union(target, i)
			if mg.reps[root].has(i) {
				index.addAll(terms, root)
			}
		} else {
			index.addAll(terms, i)
		}
		family.add(uint32(it.root), i)
		if it.deed != 0 {
			deeds.add(withObjs, i)
			deeds.add(anyObjs, i)
		}
	}
}

// listIndex lists numbers under small keys (dense terms, docs) for one
// date at a time, newest first: each key's list is a chain of nodes
// through one slice, emptied by the keys used and reused. Nothing in it
// holds a pointer, and once its nodes have room for the largest date it
// allocates nothing: the merge runs with the heap near the memory limit,
// where any allocation starts the collector again.
type listIndex struct {
	head    []int32 // per key: 1 + its newest node; 0 when it has none
	touched []uint32
	nodes   []listNode
}

// listNode is one number of a key's list, and the node listed before it
// (1 + its index; 0 at the first).
type listNode struct{ v, prev int32 }

// newListIndex makes an index of keys keys with room for values numbers.
func newListIndex(keys, values int) *listIndex {
	return &listIndex{head: make([]int32, keys), touched: make([]uint32, 0, min(keys, values)), nodes: make([]listNode, 0, values)}
}

func (x *listIndex) add(k uint32, v int) {
	if x.head[k] == 0 {
		x.touched = append(x.touched, k)
	}
	x.nodes = append(x.nodes, listNode{int32(v), x.head[k]})
	x.head[k] = int32(len(x.nodes))
}

// newest returns the first node (1 + its index; 0: none) of key k's
// list, newest first; next steps on.
func (x *listIndex) newest(k int32) int32 {
	if k < 0 || int(k) >= len(x.head) {
		return 0
	}
	return x.head[k]
}

func (x *listIndex) next(n int32) int32 { return x.nodes[n-1].prev }

func (x *listIndex) value(n int32) int32 { return x.nodes[n-1].v }

func (x *listIndex) reset() {
	for _, k := range x.touched {
		x.head[k] = 0
	}
	x.touched = x.touched[:0]
	x.nodes = x.nodes[:0]
}

// deedIndex lists, for one date at a time, the first candidatesPer items
// under each deed key: the lists in one slice, found through a table
// with open addressing sized for the date (a map of slices cost an
// allocation per deed, and a map lookup each time).
type deedIndex struct {
	keys  []uint64
	at    []int32 // per slot: 1 + the index in lists of its key's list; 0 when empty
	mask  uint64  // slots in use - 1 (a power of two)
	lists []deedList
}

// deedList is one deed key's items.
type deedList struct {
	n     uint8
	items [candidatesPer]int32
}

// reset empties the index for a date of n items (two keys each at most).
func (d *deedIndex) reset(n int) {
	size := 64
	for size < 4*n {
		size *= 2
	}
	if size > len(d.at) {
		d.keys, d.at = make([]uint64, size), make([]int32, size)
	}
	d.mask = uint64(size - 1)
	clear(d.at[:size])
	d.lists = d.lists[:0]
}

// list returns the list of key, made empty when key has none yet.
func (d *deedIndex) list(key uint64) int32 {
	for h := (key * 0x9e3779b97f4a7c15) >> 32 & d.mask; ; h = (h + 1) & d.mask {
		switch {
		case d.at[h] == 0:
			d.keys[h] = key
			d.lists = append(d.lists, deedList{})
			d.at[h] = int32(len(d.lists))
			return d.at[h] - 1
		case d.keys[h] == key:
			return d.at[h] - 1
		}
	}
}

// members returns the items of list l.
func (d *deedIndex) members(l int32) []int32 { return d.lists[l].items[:d.lists[l].n] }

// add appends item i to list l unless it is full.
func (d *deedIndex) add(l int32, i int) {
	if x := &d.lists[l]; int(x.n) < candidatesPer {
		x.items[x.n] = int32(i)
		x.n++
	}
}

// deedKey is a deed with the names of its object (0: any), as one hash.
func deedKey(deed, objs uint64) uint64 { return deed ^ objs*0x9e3779b97f4a7c15 }

// sameDeed finds, among the items of one date with the item's deed, the
// cluster of one whose object agrees: one subject doing one thing on one
// day is one event; by a month or a year, only when no other name is
// the object ("signed with Germany" is not "signed with France").
func (mg *merger) sameDeed(members []int32, it *item) int {
	for _, m := range members {
		o := &mg.items[m]
		if it.r.prec() != Day && objectsConflict(it, o) {
			continue
		}
		return mg.find(int(m))
	}
	return -1
}

// objectsConflict reports that each of two deeds names an object the
// other does not.
func objectsConflict(a, b *item) bool { return lacks(a.objs, b.objs) && lacks(b.objs, a.objs) }

// lacks reports that objs names an object other does not.
func lacks(objs, other uint64) bool {
	o := objectNames(other)
	for _, n := range objectNames(objs) {
		if n != 0 && n != o[0] && n != o[1] {
			return true
		}
	}
	return false
}

// sameThing reports whether a coarsely dated item (a month, a year) speaks
// of the same thing as a finer event or milestone: a shared agreement or
// occasion (memorandum, roadmap, summit), or a shared name other than the
// partnership's two sides (an actor, a place). "The invasion of Ukraine
// in 2022" is not the MoU of 7 November 2022 for naming the EU.
func (mg *merger) sameThing(a, b *item) bool {
	x, y := mg.terms(a), mg.terms(b)
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch xi, yj := x[i]>>2, y[j]>>2; {
		case xi < yj:
			i++
		case xi > yj:
			j++
		default:
			if mg.occasion[xi] || max(termClass(x[i]), termClass(y[j])) >= termName && !mg.sides[xi] {
				return true
			}
			i++
			j++
		}
	}
	return false
}

// familyAgree finds, among the clusters of an item's own article and its
// translations on the item's date, the one whose content agrees best.
func (mg *merger) familyAgree(sc *scratch, family *listIndex, it *item) int {
	sc.epoch++
	best, bestScore := -1, 0.0
	for n, k := family.newest(it.root), 0; n != 0 && k < 2*candidatesPer; n, k = family.next(n), k+1 {
		r := mg.find(int(family.value(n)))
		if mg.stamp[r] == sc.epoch {
			continue
		}
		mg.stamp[r] = sc.epoch
		if s, ok := mg.agreeCluster(it, r); ok && (best < 0 || s > bestScore) {
			best, bestScore = r, s
		}
	}
	return best
}

// familyCluster returns the one cluster that the other articles of an
// item's translation family have on its date, or -1 when they have none
// or several, or when the item is not a translation of theirs.
func (mg *merger) familyCluster(family *listIndex, it *item) int {
	found := -1
	for n := family.newest(it.root); n != 0; n = family.next(n) {
		m := family.value(n)
		if mg.items[m].doc == it.doc || it.r.width() > 1 {
			continue
		}
		r := mg.find(int(m))
		if found >= 0 && r != found {
			return -1
		}
		found = r
	}
	return found
}

// addAll lists v under each of keys.
func (x *listIndex) addAll(keys []uint32, v int) {
	for _, k := range keys {
		x.add(k, v)
	}
}

// bestCandidate finds the cluster, among those listed under the item's
// lookup terms (look), that agrees best with it.
func (mg *merger) bestCandidate(sc *scratch, it *item, look []uint32, index *listIndex) int {
	sc.epoch++
	best, bestScore := -1, 0.0
	for _, t := range look {
		for n, k := index.newest(int32(t)), 0; n != 0 && k < candidatesPer; n, k = index.next(n), k+1 {
			root := mg.find(int(index.value(n)))
			if mg.stamp[root] == sc.epoch {
				continue
			}
			mg.stamp[root] = sc.epoch
			if s, ok := mg.agreeCluster(it, root); ok && (best < 0 || s > bestScore) {
				best, bestScore = root, s
			}
		}
	}
	return best
}

// posting is a cluster listed under a term, by the start of its date.
type posting struct {
	start int32
	root  int32
}

// postings lists clusters under their lookup terms, in one slice: those
// of dense term t are list[off[t]:off[t+1]], sorted by the start of their
// date. It is made again for each pass of mergeCoarse, in the same room.
type postings struct {
	off  []int32
	next [][]int32 // per worker: where its next root goes under each term
	list []posting
}

func (x *postings) of(t uint32) []posting { return x.list[x.off[t]:x.off[t+1]] }

// listPostingsOn lists each root under the lookup terms of its
// representatives, in the order of roots, then sorts each term's list,
// on workers goroutines: each lists a run of roots (so that under each
// term the first worker's come first, in the order of roots, as one alone
// lists them), then each sorts the lists of a run of terms. The list is
// that of one worker.
func (mg *merger) listPostingsOn(ctx context.Context, roots []int32, x *postings, workers int) {
	workers = max(1, min(workers, len(roots)))
	if len(x.off) != len(mg.w)+1 || len(x.next) != workers {
		x.off, x.next = make([]int32, len(mg.w)+1), make([][]int32, workers)
		for w := range x.next {
			x.next[w] = make([]int32, len(mg.w))
		}
	}
	run := func(w int) []int32 { return roots[len(roots)*w/workers : len(roots)*(w+1)/workers] }
	// each worker counts its roots' postings under each term (in next)
	inParallel(ctx, workers, workers, 1, func(_, w int) { //nolint:errcheck // ctx is checked by mergeCoarse
		var sc scratch
		count := x.next[w]
		clear(count)
		for _, r := range run(w) {
			for _, rep := range mg.reps[r].list() {
				for _, t := range mg.lookup(&sc, &mg.items[rep]) {
					count[t]++
				}
			}
		}
	})
	n := int32(0)
	for t := range mg.w {
		x.off[t] = n
		for w := range workers { // the count becomes where the worker's first goes
			c := x.next[w][t]
			x.next[w][t] = n
			n += c
		}
	}
	x.off[len(mg.w)] = n
	if cap(x.list) < int(n) {
		x.list = make([]posting, n)
	}
	x.list = x.list[:n]
	inParallel(ctx, workers, workers, 1, func(_, w int) { //nolint:errcheck // as above
		var sc scratch
		next := x.next[w]
		for _, r := range run(w) {
			for _, rep := range mg.reps[r].list() {
				for _, t := range mg.lookup(&sc, &mg.items[rep]) {
					x.list[next[t]] = posting{mg.items[r].r.s, r}
					next[t]++
				}
			}
		}
	})
	// the terms cut into runs of about as many postings each
	cuts := make([]int, workers+1)
	for w, t := 1, 0; w < workers; w++ {
		for t < len(mg.w) && int64(x.off[t]) < int64(n)*int64(w)/int64(workers) {
			t++
		}
		cuts[w] = t
	}
	cuts[workers] = len(mg.w)
	inParallel(ctx, workers, workers, 1, func(_, w int) { //nolint:errcheck // as above
		for t := cuts[w]; t < cuts[w+1]; t++ {
			if list := x.of(uint32(t)); len(list) > 1 {
				slices.SortFunc(list, func(a, b posting) int { return cmpInt(a.start, b.start) })
			}
		}
	})
}

// mergeCoarse lets clusters dated by a month (then by a year) join the
// finer cluster within their date whose content agrees best: "signed in
// November 2022" joins "yesterday signed" of 7 November 2022. The roots
// of that precision (the heads) are taken in item order. A head looks
// only within its own date, at clusters listed from there, and what a
// head joins lies within its date: heads whose dates do not overlap, even
// through others, touch no cluster in common. So the heads are cut into
// such spans, each merged on its own, on workers goroutines.
func (mg *merger) mergeCoarse(ctx context.Context, prec Precision, index *postings, workers int) error {
	roots := mg.roots()
	mg.listPostingsOn(ctx, roots, index, workers)
	if err := ctx.Err(); err != nil {
		return err
	}
	var heads []int32
	for _, r := range roots {
		if mg.items[r].r.prec() == prec {
			heads = append(heads, r)
		}
	}
	spans := mg.spansOf(heads)
	clear(mg.stamp) // each worker's epochs count from 1
	scratches := make([]scratch, workers)
	return inParallel(ctx, workers, len(spans), 1, func(w, k int) {
		for n, r := range spans[k] {
			if n%checkEvery == checkEvery-1 && ctx.Err() != nil {
				return
			}
			mg.joinFiner(&scratches[w], index, int(r))
		}
	})
}

// roots lists the roots of the clusters of articles' mentions, in item
// order. A root is its own parent: no path is followed (nor shortened).
func (mg *merger) roots() []int32 {
	var roots []int32
	for i, p := range mg.parent {
		if int(p) == i && mg.items[i].doc >= 0 {
			roots = append(roots, int32(i))
		}
	}
	return roots
}

// spansOf cuts heads into groups whose dates overlap, directly or through
// others (and no two groups' do), each in the order of heads.
func (mg *merger) spansOf(heads []int32) [][]int32 {
	// the places in heads in the order of the start of their date (the
	// groups do not depend on the order of equal starts): counted into
	// place when the starts are few days apart (years: the first of
	// January of each), else one sort of numbers, each start (made
	// unsigned, order kept) above its place
	starts, ends := make([]int32, len(heads)), make([]int32, len(heads))
	lo, hi := int32(math.MaxInt32), int32(math.MinInt32)
	for k, h := range heads {
		r := mg.items[h].r
		starts[k], ends[k] = r.s, r.e
		lo, hi = min(lo, r.s), max(hi, r.s)
	}
	byStart := make([]uint32, len(heads))
	if days := int64(hi) - int64(lo) + 1; len(heads) > 0 && days <= 4*int64(len(heads))+1024 {
		at := make([]uint32, days+1) // per day from lo: where its places go
		for _, s := range starts {
			at[s-lo+1]++
		}
		for d := range days {
			at[d+1] += at[d]
		}
		for k, s := range starts {
			byStart[at[s-lo]] = uint32(k)
			at[s-lo]++
		}
	} else {
		keyed := make([]uint64, len(heads))
		for k, s := range starts {
			keyed[k] = uint64(uint32(s)^1<<31)<<32 | uint64(k)
		}
		slices.Sort(keyed)
		for n, x := range keyed {
			byStart[n] = uint32(x)
		}
	}
	span := make([]int32, len(heads)) // per place in heads: its group
	n, end := int32(-1), int32(0)
	for _, k := range byStart {
		if s := starts[k]; n < 0 || s > end {
			n++
			end = ends[k]
		}
		end = max(end, ends[k])
		span[k] = n
	}
	out := make([][]int32, n+1)
	for k, h := range heads {
		out[span[k]] = append(out[span[k]], h)
	}
	return out
}

// joinFiner lets head r, if still a root, join the finer cluster within
// its date whose content agrees best (see mergeCoarse).
func (mg *merger) joinFiner(sc *scratch, index *postings, r int) {
	if mg.find(r) != r {
		return
	}
	head := &mg.items[r]
	c := head.r
	sc.epoch++
	best, bestScore := -1, 0.0
	var look [lookupTerms]uint32
	for _, t := range look[:copy(look[:], mg.lookup(sc, head))] {
		list := index.of(t)
		k, _ := slices.BinarySearchFunc(list, c.s, func(p posting, s int32) int { return cmpInt(p.start, s) })
		for seen := 0; k < len(list) && list[k].start <= c.e && seen < rangeCandidates; k++ {
			target := mg.find(int(list[k].root))
			if mg.stamp[target] == sc.epoch || target == r {
				continue
			}
			mg.stamp[target] = sc.epoch
			seen++
			f := mg.items[target].r
			if !c.contains(f) || f.width() >= c.width() {
				continue
			}
			if s, ok := mg.agreeCluster(head, target); ok && (best < 0 || s > bestScore) && mg.sameThingCluster(head, target) {
				best, bestScore = target, s
			}
		}
	}
	if best >= 0 {
		mg.union(best, r) // best is a root: the cluster keeps its finer date
	}
}

// sameThingCluster reports whether an item speaks of the same thing as
// one of a cluster's representatives (see sameThing).
func (mg *merger) sameThingCluster(it *item, root int) bool {
	for _, r := range mg.reps[root].list() {
		if mg.sameThing(it, &mg.items[r]) {
			return true
		}
	}
	return false
}

// attachMilestones gives each cluster the milestone it agrees with best, if
// any: dates that contain one another, and shared terms (a shared period
// counts for much). It returns the milestone item of each cluster root.
func (mg *merger) attachMilestones(ctx context.Context, msItems []int, workers int) (map[int]int, error) {
	out := map[int]int{}
	if len(msItems) == 0 {
		return out, nil
	}
	sorted := slices.Clone(msItems)
	slices.SortStableFunc(sorted, func(a, b int) int { return cmpInt(mg.items[a].r.s, mg.items[b].r.s) })
	maxWidth := int32(0)
	for _, m := range sorted {
		maxWidth = max(maxWidth, mg.items[m].r.width())
	}
	starts := make([]int32, len(sorted))
	for k, m := range sorted {
		starts[k] = mg.items[m].r.s
	}
	// The clusters are listed first, then each looks for its milestone on
	// the workers, a chunk at a time.
	roots := mg.roots()
	chunks := (len(roots) + attachChunk - 1) / attachChunk
	found := make([][][2]int32, chunks) // per chunk: cluster, milestone
	err := inParallel(ctx, workers, chunks, 1, func(_, k int) {
		for _, i := range roots[k*attachChunk : min((k+1)*attachChunk, len(roots))] {
			if best := mg.milestoneFor(int(i), sorted, starts, maxWidth); best >= 0 {
				found[k] = append(found[k], [2]int32{i, int32(best)})
			}
		}
	})
	if err != nil {
		return nil, err
	}
	for _, f := range found {
		for _, p := range f {
			out[int(p[0])] = int(p[1])
		}
	}
	return out, nil
}

// attachChunk is how many clusters a worker of attachMilestones takes at
// a time.
const attachChunk = 4096

// milestoneFor is the milestone (of sorted, whose starts are starts and
// widest span maxWidth) that cluster i joins, or -1 (see attachMilestones).
func (mg *merger) milestoneFor(i int, sorted []int, starts []int32, maxWidth int32) int {
	c := mg.items[i].r
	k, _ := slices.BinarySearch(starts, c.s-maxWidth)
	best, bestScore := -1, 0.0
	for n := 0; k < len(sorted) && starts[k] <= c.e && n < 4*rangeCandidates; k, n = k+1, n+1 {
		ms := &mg.items[sorted[k]]
		if !ms.r.contains(c) && !c.contains(ms.r) {
			continue
		}
		coarse := c.contains(ms.r) && c.width() > ms.r.width()
		for _, rep := range mg.reps[i].list() {
			it := &mg.items[rep]
			if coarse && !mg.sameThing(it, ms) {
				continue // a year does not join a day for naming the EU
			}
			s, _, strong := mg.similarity(it, ms)
			if it.period != 0 && it.period == ms.period {
				s += periodBonus
				strong = true
			}
			if strong && s >= milestoneScore && (best < 0 || s > bestScore) {
				best, bestScore = sorted[k], s
			}
		}
	}
	return best
}
