package index

import (
	"cmp"
	"slices"

	"github.com/blevesearch/bleve/v2/search"
)

// phraseWalk finds where a phrase stands among one document's occurrences
// of its terms, in one pass over them. Slots with the same terms share
// their occurrences (a class), so a phrase that repeats a word holds its
// occurrences once: `"lithium lithium … lithium"` of 100 words over an
// article of 150,000 "lithium" keeps 150,000 entries, not 15 million.
type phraseWalk struct {
	classOf []int        // per slot: its class, -1 for a gap
	entries [][]posEntry // per class: its terms' occurrences, by position
	next    []int        // per slot: the first of its class's entries not passed
	// steps counts the entries looked at and the slots tried: the work,
	// which tests bound by the occurrences times the phrase's length.
	steps int
}

// posEntry is one occurrence of a class's term: its position (with its
// field in the high bits, see fieldShift), and its index among the
// document's locations.
type posEntry struct {
	pos uint64
	i   int
}

// fieldShift puts a location's field above its position, so that the
// occurrences of every field are walked at once and no phrase spans two.
const fieldShift = 48

// newPhraseWalk sets up the walk of a phrase whose slots are classes of
// terms: classOf[i] is slot i's class (-1 for a gap) among n classes.
func newPhraseWalk(classOf []int, n int) *phraseWalk {
	return &phraseWalk{classOf: classOf, entries: make([][]posEntry, n), next: make([]int, len(classOf))}
}

// reset empties the walk for the next document.
func (w *phraseWalk) reset() {
	for c := range w.entries {
		w.entries[c] = w.entries[c][:0]
	}
}

// add records an occurrence of a term of class c.
func (w *phraseWalk) add(c int, pos uint64, i int) {
	w.entries[c] = append(w.entries[c], posEntry{pos: pos, i: i})
}

// ready sorts each class's occurrences and reports whether every class
// has some (else the phrase cannot stand).
func (w *phraseWalk) ready() bool {
	for c, e := range w.entries {
		if len(e) == 0 {
			return false
		}
		if !slices.IsSortedFunc(e, byPos) {
			slices.SortStableFunc(w.entries[c], byPos)
		}
	}
	return true
}

// starts calls fn with each position where the phrase starts, in order,
// until fn returns false. When fn is called, next[i] is the first of slot
// i's class's entries at start+i (see each). The starts increase, so each
// slot passes its class's entries once over all starts: the work is the
// occurrences times the slots at most.
func (w *phraseWalk) starts(fn func(start uint64) bool) {
	clear(w.next)
	first := w.entries[w.classOf[0]]
	for k := range first {
		w.steps++
		start := first[k].pos
		if k > 0 && start == first[k-1].pos {
			continue
		}
		if w.at(start) && !fn(start) {
			return
		}
	}
}

// at reports whether every slot has an occurrence at start plus its
// offset, moving next past the entries before it.
func (w *phraseWalk) at(start uint64) bool {
	for i, c := range w.classOf {
		w.steps++
		if c < 0 {
			continue
		}
		want := start + uint64(i)
		e := w.entries[c]
		j := w.next[i]
		for j < len(e) && e[j].pos < want {
			j++
			w.steps++
		}
		w.next[i] = j
		if j == len(e) || e[j].pos != want {
			return false
		}
	}
	return true
}

// each calls fn with every entry of the occurrence at start (after starts
// called fn with it): for each slot, the entries at start plus its offset.
func (w *phraseWalk) each(start uint64, fn func(slot int, e posEntry)) {
	for i, c := range w.classOf {
		if c < 0 {
			continue
		}
		e := w.entries[c]
		for j := w.next[i]; j < len(e) && e[j].pos == start+uint64(i); j++ {
			w.steps++
			fn(i, e[j])
		}
	}
}

func byPos(a, b posEntry) int { return cmp.Compare(a.pos, b.pos) }

// phraseClasses groups slots with the same terms: the class of each slot
// (-1 for a gap), the terms of each class, and the classes of each term.
func phraseClasses(slots [][]string) (classOf []int, classes [][]string, of map[string][]int) {
	classOf = make([]int, len(slots))
	of = map[string][]int{}
	for i, slot := range slots {
		if len(slot) == 0 {
			classOf[i] = -1
			continue
		}
		c := slices.IndexFunc(classes, func(terms []string) bool { return sameTerms(terms, slot) })
		if c < 0 {
			c = len(classes)
			classes = append(classes, slot)
			for _, t := range slot {
				if !slices.Contains(of[t], c) {
					of[t] = append(of[t], c)
				}
			}
		}
		classOf[i] = c
	}
	return classOf, classes, of
}

// sameTerms reports whether two slots hold the same terms, in any order.
func sameTerms(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, t := range a {
		if !slices.Contains(b, t) {
			return false
		}
	}
	for _, t := range b {
		if !slices.Contains(a, t) {
			return false
		}
	}
	return true
}

// phraseScratch checks a phrase against documents' term locations, one
// after the other, reusing its buffers.
type phraseScratch struct {
	walk   *phraseWalk
	of     map[string][]int // the classes of each term
	fields []string
	keep   []bool
}

// newPhraseScratch checks slots.
func newPhraseScratch(slots [][]string) *phraseScratch {
	classOf, classes, of := phraseClasses(trimSlots(slots))
	return &phraseScratch{walk: newPhraseWalk(classOf, len(classes)), of: of}
}

// match finds the phrase among one document's term locations (a phrase
// never spans two fields, or two parts of the text field: they are told
// apart by the location's field). It returns which locations belong to
// an occurrence of the phrase (all of them when locations is set, else
// it stops at the first occurrence), or nil when the phrase is not
// there. The work is linear in the locations times the phrase's length,
// but for sorting a class whose terms' occurrences interleave.
func (sc *phraseScratch) match(ftls []search.FieldTermLocation, locations bool) []bool {
	w := sc.walk
	if len(w.classOf) == 0 {
		return nil
	}
	w.reset()
	sc.fields = sc.fields[:0]
	for i, ftl := range ftls {
		cs := sc.of[ftl.Term]
		if len(cs) == 0 {
			continue
		}
		f := slices.Index(sc.fields, ftl.Field)
		if f < 0 {
			f = len(sc.fields)
			sc.fields = append(sc.fields, ftl.Field)
		}
		pos := uint64(f)<<fieldShift | ftl.Location.Pos&(1<<fieldShift-1)
		for _, c := range cs {
			w.add(c, pos, i)
		}
	}
	if !w.ready() {
		return nil
	}
	sc.keep = slices.Grow(sc.keep[:0], len(ftls))[:len(ftls)]
	clear(sc.keep)
	found := false
	w.starts(func(start uint64) bool {
		found = true
		if !locations {
			return false
		}
		w.each(start, func(_ int, e posEntry) { sc.keep[e.i] = true })
		return true
	})
	if !found {
		return nil
	}
	return sc.keep
}
