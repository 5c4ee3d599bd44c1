package timeline

import (
	"math"
	"slices"
	"sort"
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
	doc    int // index into docs; -1 for a milestone
	m      int // index into the doc's mentions, or into milestones
	r      rng
	terms  []Term    // sorted by id
	fac    []float32 // how much less each term counts for being common (1: not common)
	look   []Term    // the most telling terms, to find candidates by
	weight float64
	role   Role
	root   int // translation family; -1 for a milestone
	en     bool
	period Period
	deed   uint64 // who did what (see Mention.Deed); 0 when unknown
	objs   uint64 // the names of the deed's object
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
	items   []item
	weights map[uint64]float64 // reduced weights of common terms
	parent  []int              // union-find over items
	reps    []repSet           // representative items of each root
	best    []rng              // the most precise date of each root
	stamp   []int              // per-root visit marks for candidate sets
	epoch   int
}

func newMerger(items []item, weights map[uint64]float64) *merger {
	mg := &merger{items: items, weights: weights, parent: make([]int, len(items)),
		reps: make([]repSet, len(items)), best: make([]rng, len(items)), stamp: make([]int, len(items))}
	for i := range items {
		mg.parent[i] = i
		mg.reps[i].add(i)
		mg.best[i] = items[i].r
	}
	return mg
}

func (mg *merger) find(x int) int {
	for mg.parent[x] != x {
		mg.parent[x] = mg.parent[mg.parent[x]]
		x = mg.parent[x]
	}
	return x
}

// union joins the cluster of b into that of a; a's date stays.
func (mg *merger) union(a, b int) int {
	ra, rb := mg.find(a), mg.find(b)
	if ra == rb {
		return ra
	}
	mg.parent[rb] = ra
	for _, r := range mg.reps[rb].list() {
		if !mg.reps[ra].add(int(r)) {
			break
		}
	}
	mg.reps[rb] = repSet{}
	return ra
}

// termWeight is how much sharing t says: names and key terms more than
// other words, terms common in the corpus less.
func (mg *merger) termWeight(t Term, class int) float64 {
	f := 1.0
	if w, ok := mg.weights[t.id()]; ok {
		f = w
	}
	return classWeight(class) * f
}

func classWeight(class int) float64 {
	if class >= termKey {
		return 1.5
	}
	return 1
}

// prepare computes each item's term factors, total weight and lookup terms.
func (mg *merger) prepare(it *item) {
	it.fac = make([]float32, len(it.terms))
	it.weight = 0
	for k, t := range it.terms {
		f := 1.0
		if w, ok := mg.weights[t.id()]; ok {
			f = w
		}
		it.fac[k] = float32(f)
		it.weight += classWeight(t.class()) * f
	}
	it.look = mg.lookupOf(it)
}

// similarity compares two items: the weight of their shared terms, how
// many they share, and whether one of them is a name or key term.
func (mg *merger) similarity(a, b *item) (score float64, shared int, strong bool) {
	x, y := a.terms, b.terms
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch xi, yj := x[i].id(), y[j].id(); {
		case xi < yj:
			i++
		case xi > yj:
			j++
		default:
			c := max(x[i].class(), y[j].class())
			w := classWeight(c) * float64(a.fac[i])
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
	if a.deed != 0 && a.deed == b.deed && a.r.prec != Day && objectsConflict(a, b) {
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
	case a.r.prec == Year || b.r.prec == Year:
		need, count = minScore+2, 3 // a year says little: the content must say more
	case a.r.prec == Month || b.r.prec == Month:
		need = minScore + 1
	}
	cover := minCover * min(a.weight, b.weight)
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

// lookup returns an item's most telling terms.
func (mg *merger) lookup(it *item) []Term { return it.look }

// lookupOf finds an item's most telling terms: names and key terms that
// are not common in the corpus, which any merge needs one of.
func (mg *merger) lookupOf(it *item) []Term {
	var out []Term
	for k, t := range it.terms {
		if t.class() >= termKey && it.fac[k] >= 1 {
			out = append(out, t)
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
func (mg *merger) mergeEqualDates(order []int, check func(int) error) error {
	index := map[uint64][]int{}
	family := map[int][]int{}    // family root -> items of the family on this date
	deeds := map[deedKey][]int{} // deed (with its objects, and without) -> items with it on this date
	for g := 0; g < len(order); {
		e := g
		for e < len(order) && mg.items[order[e]].r.equal(mg.items[order[g]].r) {
			e++
		}
		clear(index)
		clear(family)
		clear(deeds)
		for _, i := range order[g:e] {
			if err := check(i); err != nil {
				return err
			}
			it := &mg.items[i]
			target := mg.bestCandidate(it, index, nil)
			if target < 0 {
				target = mg.familyAgree(family[it.root], it)
			}
			if target < 0 {
				target = mg.familyCluster(family[it.root], it)
			}
			if target < 0 && it.deed != 0 {
				target = mg.sameDeed(deeds[deedKey{it.deed, it.objs}], it) // the same objects first
			}
			if target < 0 && it.deed != 0 {
				target = mg.sameDeed(deeds[deedKey{it.deed, 0}], it)
			}
			if target >= 0 {
				root := mg.union(target, i)
				if mg.reps[root].has(i) {
					mg.indexItem(index, it, root)
				}
			} else {
				mg.indexItem(index, it, i)
			}
			family[it.root] = append(family[it.root], i)
			for _, k := range [2]deedKey{{it.deed, it.objs}, {it.deed, 0}} {
				if it.deed != 0 && len(deeds[k]) < candidatesPer {
					deeds[k] = append(deeds[k], i)
				}
			}
		}
		g = e
	}
	return nil
}

// deedKey is a deed with the names of its object (0: any).
type deedKey struct{ deed, objs uint64 }

// sameDeed finds, among the items of one date with the item's deed, the
// cluster of one whose object agrees: one subject doing one thing on one
// day is one event; by a month or a year, only when no other name is
// the object ("signed with Germany" is not "signed with France").
func (mg *merger) sameDeed(members []int, it *item) int {
	for _, m := range members {
		o := &mg.items[m]
		if it.r.prec != Day && objectsConflict(it, o) {
			continue
		}
		return mg.find(m)
	}
	return -1
}

// objectsConflict reports that each of two deeds names an object the
// other does not.
func objectsConflict(a, b *item) bool { return a.objs&^b.objs != 0 && b.objs&^a.objs != 0 }

// sameThing reports whether a coarsely dated item (a month, a year) speaks
// of the same thing as a finer event or milestone: a shared agreement or
// occasion (memorandum, roadmap, summit), or a shared name other than the
// partnership's two sides (an actor, a place). "The invasion of Ukraine
// in 2022" is not the MoU of 7 November 2022 for naming the EU.
func (mg *merger) sameThing(a, b *item) bool {
	th := thingTerms()
	x, y := a.terms, b.terms
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch xi, yj := x[i].id(), y[j].id(); {
		case xi < yj:
			i++
		case xi > yj:
			j++
		default:
			if th.occasion[xi] || max(x[i].class(), y[j].class()) >= termName && !th.sides[xi] {
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
func (mg *merger) familyAgree(members []int, it *item) int {
	mg.epoch++
	best, bestScore := -1, 0.0
	for n := len(members) - 1; n >= 0 && n >= len(members)-2*candidatesPer; n-- {
		r := mg.find(members[n])
		if mg.stamp[r] == mg.epoch {
			continue
		}
		mg.stamp[r] = mg.epoch
		if s, ok := mg.agreeCluster(it, r); ok && (best < 0 || s > bestScore) {
			best, bestScore = r, s
		}
	}
	return best
}

// familyCluster returns the one cluster that the other articles of an
// item's translation family have on its date, or -1 when they have none
// or several, or when the item is not a translation of theirs.
func (mg *merger) familyCluster(members []int, it *item) int {
	found := -1
	for _, m := range members {
		if mg.items[m].doc == it.doc || it.r.width() > 1 {
			continue
		}
		r := mg.find(m)
		if found >= 0 && r != found {
			return -1
		}
		found = r
	}
	return found
}

// indexItem lists root under the lookup terms of it.
func (mg *merger) indexItem(index map[uint64][]int, it *item, root int) {
	for _, t := range mg.lookup(it) {
		index[t.id()] = append(index[t.id()], root)
	}
}

// bestCandidate finds the cluster, among those listed under the item's
// terms, that agrees best with it; accept filters candidates.
func (mg *merger) bestCandidate(it *item, index map[uint64][]int, accept func(root int) bool) int {
	mg.epoch++
	best, bestScore := -1, 0.0
	for _, t := range mg.lookup(it) {
		list := index[t.id()]
		for k := len(list) - 1; k >= 0 && k >= len(list)-candidatesPer; k-- {
			root := mg.find(list[k])
			if mg.stamp[root] == mg.epoch {
				continue
			}
			mg.stamp[root] = mg.epoch
			if accept != nil && !accept(root) {
				continue
			}
			if s, ok := mg.agreeCluster(it, root); ok && (best < 0 || s > bestScore) {
				best, bestScore = root, s
			}
		}
	}
	return best
}

// posting is a cluster listed under a term, by the start of its date.
type posting struct {
	start int64
	root  int
}

// mergeCoarse lets clusters dated by a month (then by a year) join the
// finer cluster within their date whose content agrees best: "signed in
// November 2022" joins "yesterday signed" of 7 November 2022.
func (mg *merger) mergeCoarse(prec Precision, check func(int) error) error {
	var roots []int
	for i := range mg.items {
		if mg.find(i) == i && mg.items[i].doc >= 0 {
			roots = append(roots, i)
		}
	}
	index := map[uint64][]posting{}
	for _, r := range roots {
		for _, rep := range mg.reps[r].list() {
			for _, t := range mg.lookup(&mg.items[rep]) {
				index[t.id()] = append(index[t.id()], posting{dayNumber(mg.best[r].start), r})
			}
		}
	}
	for _, list := range index {
		sort.Slice(list, func(a, b int) bool { return list[a].start < list[b].start })
	}
	for _, r := range roots {
		if err := check(r); err != nil {
			return err
		}
		c := mg.best[r]
		if c.prec != prec || mg.find(r) != r {
			continue
		}
		head := &mg.items[r]
		lo, hi := dayNumber(c.start), dayNumber(c.end)
		mg.epoch++
		best, bestScore := -1, 0.0
		for _, t := range mg.lookup(head) {
			list := index[t.id()]
			k := sort.Search(len(list), func(i int) bool { return list[i].start >= lo })
			for seen := 0; k < len(list) && list[k].start <= hi && seen < rangeCandidates; k++ {
				target := mg.find(list[k].root)
				if mg.stamp[target] == mg.epoch || target == r {
					continue
				}
				mg.stamp[target] = mg.epoch
				seen++
				f := mg.best[target]
				if !c.contains(f) || f.width() >= c.width() {
					continue
				}
				if s, ok := mg.agreeCluster(head, target); ok && (best < 0 || s > bestScore) && mg.sameThingCluster(head, target) {
					best, bestScore = target, s
				}
			}
		}
		if best >= 0 {
			root := mg.union(best, r)
			mg.best[root] = mg.best[best]
		}
	}
	return nil
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
func (mg *merger) attachMilestones(msItems []int, check func(int) error) (map[int]int, error) {
	out := map[int]int{}
	if len(msItems) == 0 {
		return out, nil
	}
	sorted := slices.Clone(msItems)
	sort.Slice(sorted, func(a, b int) bool {
		return dayNumber(mg.items[sorted[a]].r.start) < dayNumber(mg.items[sorted[b]].r.start)
	})
	maxWidth := int64(0)
	for _, m := range sorted {
		maxWidth = max(maxWidth, mg.items[m].r.width())
	}
	starts := make([]int64, len(sorted))
	for k, m := range sorted {
		starts[k] = dayNumber(mg.items[m].r.start)
	}
	for i := range mg.items {
		if err := check(i); err != nil {
			return nil, err
		}
		if mg.find(i) != i || mg.items[i].doc < 0 {
			continue
		}
		c := mg.best[i]
		lo := dayNumber(c.start) - maxWidth
		k := sort.Search(len(starts), func(x int) bool { return starts[x] >= lo })
		best, bestScore := -1, 0.0
		for n := 0; k < len(sorted) && starts[k] <= dayNumber(c.end) && n < 4*rangeCandidates; k, n = k+1, n+1 {
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
				if !it.period.IsZero() && it.period == ms.period {
					s += periodBonus
					strong = true
				}
				if strong && s >= milestoneScore && (best < 0 || s > bestScore) {
					best, bestScore = sorted[k], s
				}
			}
		}
		if best >= 0 {
			out[i] = best
		}
	}
	return out, nil
}

// weightsOf reduces the weight of terms found in many documents (more
// than 5, and more than 1 in 50): such terms say little about which event
// a sentence tells.
func weightsOf(df map[uint64]int, docs int) map[uint64]float64 {
	w := map[uint64]float64{}
	limit := max(5, docs/50)
	for t, n := range df {
		if n > limit {
			w[t] = math.Max(0.05, float64(limit)/float64(n))
		}
	}
	return w
}
