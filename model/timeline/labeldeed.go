package timeline

import (
	"hash/fnv"
	"slices"
	"strings"
)

// Who did what: the subject and the main verb of a compressed sentence,
// so that reports of one deed on one date become one event even when
// their details (a number, a material) differ.

// deed is the subject's content words and the main verb, hashed (key, 0
// when the sentence does not tell them apart), and the first two names
// after the verb (objects; see addObject).
type deed struct {
	key, objects uint64
}

// headlineDeed compresses the units of a sentence into a headline (see
// headline) and tells its deed.
func (s *scanner) headlineDeed(u []unit) (string, deed) {
	l := labeler{en: s.en, de: s.de, ru: s.ru, w: labelVocabulary(), verb: -1}
	l.u = u
	label := l.compress()
	return label, l.deed()
}

// deed finds the subject and the main verb among the live units.
func (l *labeler) deed() deed {
	idx := l.live()
	from, to, v := l.subjectVerb(idx)
	if v < 0 || to <= from {
		return deed{}
	}
	cw := vocabulary()
	var words []string
	for k := from; k < to; k++ {
		x := l.u[idx[k]]
		if x.word() && !x.date && l.identifier(idx, k, v) {
			words = append(words, idx2word(l.u[idx[k-1]].low, x.low)) // "company 3"
			continue
		}
		if !x.word() || x.date || strings.ContainsAny(x.low, "0123456789") || dateLexicon().lookup(x.low).has(fUnit) {
			continue // amounts and units are details: "at least 12% of titanium"
		}
		if c := cw.canon(strings.TrimRight(x.low, ":,")); c != "" {
			words = append(words, c)
		}
	}
	verb := l.verbForm(idx, v)
	if len(words) == 0 || verb == "" {
		return deed{}
	}
	slices.Sort(words)
	words = slices.Compact(words)
	h := fnv.New64a()
	for _, w := range words {
		h.Write([]byte(w))
		h.Write([]byte{0})
	}
	h.Write([]byte{1})
	h.Write([]byte(verb))
	d := deed{key: h.Sum64() | 1}
	// the names of the object: after the verb, up to a comma
	for k := v + 1; k < len(idx); k++ {
		x := l.u[idx[k]]
		if x.kind == uComma || x.kind == uSemi || x.kind == uColon || strings.HasSuffix(x.text, ",") && k > v+1 {
			break
		}
		switch {
		case !x.word() || x.date:
		case l.identifier(idx, k, v):
			d.objects = addObject(d.objects, idx2word(l.u[idx[k-1]].low, x.low)) // "licence 1003"
		case l.objectName(x):
			d.objects = addObject(d.objects, cw.canon(x.low))
		}
	}
	return d
}

// objectName reports a word that names someone or somewhere: any
// capitalised word in English and Russian, an acronym or a name of the
// partnership's sides in German (where every noun is capitalised).
func (l *labeler) objectName(x unit) bool {
	if isAcronym(x.text) {
		return true
	}
	if l.en || l.ru {
		return x.cap()
	}
	c := vocabulary().canon(x.low)
	return vocabulary().kzSide[c] || vocabulary().euSide[c]
}

// identifier reports a number that names something rather than counts
// it: after a noun and before no unit ("company 3", "licence 1003",
// "Block 5"), not an amount ("€3 million", "12%", "1 percent").
func (l *labeler) identifier(idx []int, k, verb int) bool {
	x := l.u[idx[k]]
	if !isDigits(x.low) || k == 0 || k-1 == verb {
		return false // "signed 60 licences": a count after the verb
	}
	prev := l.u[idx[k-1]]
	if !prev.word() || prev.date || strings.ContainsAny(prev.low, "0123456789") || l.w.articles[prev.low] ||
		l.w.preps[prev.low] || dateLexicon().lookup(prev.low).has(fYearPrep) || l.w.dangling[prev.low] {
		return false
	}
	if k+1 < len(idx) {
		if n := l.u[idx[k+1]]; n.word() && dateLexicon().lookup(n.low).has(fUnit) {
			return false
		}
	}
	return true
}

func idx2word(noun, num string) string { return noun + " " + num }

// addObject adds a name to a deed's objects: up to two 32-bit hashes,
// the smaller in the low half, 0 for none.
func addObject(objs uint64, name string) uint64 {
	h := uint32(fnv64(name)) | 1
	lo, hi := uint32(objs), uint32(objs>>32)
	switch {
	case lo == h || hi == h:
		return objs
	case lo == 0:
		return uint64(h)
	case hi == 0:
		lo, hi = min(lo, h), max(lo, h)
		return uint64(hi)<<32 | uint64(lo)
	}
	return objs // two already
}

// objectNames are the names a deed's objects hold (see addObject).
func objectNames(objs uint64) [2]uint32 { return [2]uint32{uint32(objs), uint32(objs >> 32)} }

func fnv64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// subjectVerb returns the live positions [from, to) of the subject and
// that of the main verb (-1 when none is found). In "X said the plan
// would help ...", the deed is the reported one: "plan", "help".
func (l *labeler) subjectVerb(idx []int) (from, to, v int) {
	// "X: ... unterzeichnet" (a German perfect made a headline)
	for k, i := range idx {
		if l.de && l.u[i].word() && strings.HasSuffix(l.u[i].text, ":") {
			last := k + 1
			for last < len(idx) && l.u[idx[last]].kind != uComma {
				last++
			}
			if last-1 > k {
				return 0, k + 1, last - 1
			}
		}
	}
	if l.verb >= 0 && !l.u[l.verb].gone {
		for k, i := range idx {
			if i == l.verb {
				if k > 0 && l.u[idx[k-1]].low == "to" {
					return 0, k - 1, k // "EBRD to open ..."
				}
				return 0, k, k
			}
		}
	}
	capSeen := false
	for k := 0; k < len(idx); k++ {
		x := l.u[idx[k]]
		if x.kind == uComma {
			// an aside between commas ("The project, located near X, is ...")
			c := l.commaAt0(idx, k+1, min(len(idx), k+12))
			if k == from || c < 0 {
				return 0, 0, -1
			}
			k = c
			continue
		}
		if x.kind == uSemi || x.kind == uColon {
			return 0, 0, -1
		}
		if !x.word() || x.date || k == from || !isLowerStart(x.text) {
			capSeen = capSeen || x.cap()
			continue
		}
		switch {
		case l.en:
			that := k+1 < len(idx) && l.u[idx[k+1]].low == "that"
			if (l.w.attribution[x.low] || findings[x.low]) && (that || l.auxAhead(idx, k+1)) {
				from, capSeen = k+1, false // "X said (that) the plan would help": the plan's deed
				if from < len(idx) && (l.u[idx[from]].low == "that" || l.w.articles[l.u[idx[from]].low]) {
					from++
				}
				k = from - 1
				continue
			}
			if modalEN[x.low] || auxEN[x.low] {
				if w := l.mainAfter(idx, k); w > k {
					return from, k, w
				}
				return from, k, k
			}
			if l.verbLikeEN(x) {
				return from, k, k
			}
		case l.de && capSeen && l.verbLikeDE(x) && !l.attributiveDE(idx, k):
			return from, k, k
		case l.ru && !l.en && verbLikeRU(x.low):
			return from, k, k
		}
	}
	return 0, 0, -1
}

// findings are verbs that report what a study found: "found that ...".
var findings = set("found finds showed shows concluded concludes")

// modalEN and auxEN are English modal and auxiliary verbs; the deed's
// verb is the one they govern.
var (
	modalEN = set("will would could should may might must can shall")
	auxEN   = set("is are was were has have had be been")
)

// auxAhead reports a modal or auxiliary in the clause from live position
// k: what a reporting verb introduces is itself a clause.
func (l *labeler) auxAhead(idx []int, k int) bool {
	for ; k < len(idx) && l.u[idx[k]].kind != uComma; k++ {
		if w := l.u[idx[k]].low; modalEN[w] || auxEN[w] {
			return true
		}
	}
	return false
}

// mainAfter finds the verb a modal or auxiliary at live position k
// governs: "would help", "should be processed", "is expected to produce",
// "has been selected"; k when it finds none.
func (l *labeler) mainAfter(idx []int, k int) int {
	j := k + 1
	for j < len(idx) && l.u[idx[j]].word() && (auxEN[l.u[idx[j]].low] || strings.HasSuffix(l.u[idx[j]].low, "ly")) {
		j++ // "be", "been", "officially"
	}
	if j+2 < len(idx) && l.u[idx[j+1]].low == "to" {
		switch l.u[idx[j]].low {
		case "expected", "set", "due", "scheduled", "likely", "going", "about", "planned", "able":
			j += 2 // "is expected to produce"
		}
	}
	if j < len(idx) && l.u[idx[j]].word() && isLowerStart(l.u[idx[j]].text) && !l.w.articles[l.u[idx[j]].low] {
		return j
	}
	return k
}

// verbLikeEN reports an English verb form: a known past form or base,
// their present forms, or a regular past ("opposed").
func (l *labeler) verbLikeEN(x unit) bool {
	w := x.low
	if _, ok := l.w.past[w]; ok || l.w.participles[w] {
		return true
	}
	if w == "to" {
		return false
	}
	return len(w) > 4 && strings.HasSuffix(w, "ed") || l.w.bases[w] || l.w.bases[strings.TrimSuffix(w, "s")] ||
		strings.HasSuffix(w, "es") && l.w.bases[strings.TrimSuffix(w, "es")]
}

// verbLikeDE reports a German finite verb or participle after the
// subject: an auxiliary or modal, or a lower-case word that is not an
// article, preposition, conjunction or particle.
func (l *labeler) verbLikeDE(x unit) bool {
	w := x.low
	switch {
	case l.w.auxDE[w] || l.w.modalDE[w]:
		return true
	case l.w.articlesDE[w] || l.w.preps[w] || l.w.particles[w] || l.w.conjDE[w] || l.w.pronounsDE[w]:
		return false
	}
	return !strings.HasSuffix(w, "ly") && !isDigits(w)
}

// attributiveDE reports a lower-case German word that qualifies the noun
// after it ("kasachische Minister") rather than being the verb: an
// adjective's ending, a capitalised word next, and not a verb's past.
func (l *labeler) attributiveDE(idx []int, k int) bool {
	w := l.u[idx[k]].low
	if k+1 >= len(idx) || !l.u[idx[k+1]].cap() || l.w.auxDE[w] || l.w.modalDE[w] {
		return false
	}
	if k > 0 && (l.w.articlesDE[l.u[idx[k-1]].low] || l.u[idx[k-1]].low == "dem" || l.u[idx[k-1]].low == "des") {
		return true // "das unterzeichnete Memorandum": nothing comes between an article and its noun but words of the noun
	}
	if participleDE(w) || strings.HasSuffix(w, "te") || strings.HasSuffix(w, "ten") {
		return false
	}
	for _, e := range []string{"e", "en", "er", "es", "em"} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// ruVerbEndings are the endings of Russian verbs in the past and present.
var ruVerbEndings = []string{"лся", "лась", "лось", "лись", "ла", "ло", "ли", "ет", "ёт", "ют", "ут", "ит", "ят",
	"ется", "ются", "ится", "ятся", "л"}

// verbLikeRU guesses a Russian verb by its ending ("подписали", "планирует").
func verbLikeRU(w string) bool {
	if len(w) < 6 {
		return false
	}
	for _, e := range ruVerbEndings {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// verbForm is the comparison form of the verb at live position v: the
// base of an English past, the last verb of a German clause when v is
// an auxiliary or modal ("wird ... steigen"), with a separable particle
// ("setzt ... fort").
func (l *labeler) verbForm(idx []int, v int) string {
	x := l.u[idx[v]]
	w := strings.TrimRight(x.low, ",:")
	switch {
	case l.en:
		if w == "to" && v+1 < len(idx) {
			w = l.u[idx[v+1]].low
		}
		if b, ok := l.w.past[w]; ok {
			w = b
		}
	case l.de:
		end := v + 1
		for end < len(idx) && l.u[idx[end]].kind != uComma && l.u[idx[end]].kind != uEnd {
			end++
		}
		if last := idx[end-1]; (l.w.auxDE[w] || l.w.modalDE[w]) && end-1 > v && l.u[last].word() && isLowerStart(l.u[last].text) {
			w = l.u[last].low
		} else if l.u[last].particle && end-1 > v {
			w = l.u[last].low + w
		}
	}
	if c := vocabulary().canon(w); c != "" {
		return c
	}
	return w
}
