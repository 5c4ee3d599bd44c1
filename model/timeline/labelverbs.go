package timeline

import "strings"

// Label steps on verbs: headline tense in English, subject-first order
// and the perfect in German.

// isParticiple guesses an English or German past participle.
func (l *labeler) isParticiple(x unit) bool {
	if !x.word() || !isLowerStart(x.text) {
		return false
	}
	if l.de && participleDE(x.low) {
		return true
	}
	return l.en && (strings.HasSuffix(x.low, "ed") || l.w.participles[x.low])
}

// germanInversion restores subject-first order when a fronted date or
// phrase was dropped: "(Am Dienstag) eröffnete Síkela das Forum" ->
// "Síkela eröffnete das Forum".
func (l *labeler) germanInversion() {
	idx := l.live()
	if len(idx) < 3 {
		return
	}
	v := l.u[idx[0]]
	if !v.word() || !isLowerStart(v.text) || l.w.articlesDE[v.low] || l.w.preps[v.low] || v.low == "und" {
		return
	}
	j, caps := 1, 0
	for j < len(idx) && j < 3 && l.u[idx[j]].word() && isLowerStart(l.u[idx[j]].text) &&
		!l.w.articlesDE[l.u[idx[j]].low] && !l.w.preps[l.u[idx[j]].low] {
		j++ // "hat zudem der Stadtrat": an adverb before the subject
	}
	adverbs := j
	for j < len(idx) {
		x := l.u[idx[j]]
		if !x.word() || x.date {
			break
		}
		if x.cap() {
			caps++
		} else if caps > 0 && attributePrepDE[x.low] && j+1 < len(idx) && l.u[idx[j+1]].word() &&
			(l.u[idx[j+1]].cap() || l.w.articlesDE[l.u[idx[j+1]].low] || l.u[idx[j+1]].low == "dem") {
			// the noun's attribute goes with it: "der Minister für Energie",
			// "die Produktion von Lithium"
		} else if caps > 0 && x.low != "der" && x.low != "des" && x.low != "und" && l.u[idx[j-1]].low != "und" {
			break // after a noun only a genitive ("Bau der Anlage") or "und" goes on
		} else if !l.w.articlesDE[x.low] && x.low != "dem" && x.low != "des" && x.low != "und" {
			break
		}
		j++
	}
	if caps == 0 {
		return
	}
	moved := make([]unit, 0, len(l.u))
	for _, i := range idx[adverbs:j] {
		moved = append(moved, l.u[i])
	}
	moved = append(moved, l.u[idx[0]])
	for _, i := range idx[1:adverbs] {
		moved = append(moved, l.u[i])
	}
	for k, i := range idx[:j] {
		l.u[i] = moved[k]
	}
}

// attributePrepDE are the prepositions of a German noun's attribute.
var attributePrepDE = set("von fur aus uber an")

// headlineVerb puts the main English verb into headline tense: "have
// agreed" -> "agree", "has launched" -> "launches", "signed" -> "sign",
// "will meet" -> "to meet", "was endorsed" -> "endorsed". It looks for an
// auxiliary before the first comma, or a known past tense as the first
// lower-case content word; anything else is left as written.
func (l *labeler) headlineVerb() {
	idx := l.live()
	firstContent := true
	for k := 1; k < len(idx) && k < 24; k++ {
		x := l.u[idx[k]]
		if x.kind == uComma {
			return
		}
		if !x.word() || x.date {
			continue
		}
		switch x.low {
		case "will", "shall":
			if k+1 < len(idx) && l.u[idx[k+1]].word() {
				l.u[idx[k]].text, l.u[idx[k]].low = "to", "to"
				l.verb = idx[k+1]
			}
			return
		case "have", "has", "had":
			l.perfect(idx, k)
			return
		case "was", "were", "is", "are":
			if k+1 < len(idx) && l.isParticiple(l.u[idx[k+1]]) {
				l.u[idx[k]].gone = true
				l.verb = idx[k+1]
			}
			return
		}
		if !isLowerStart(x.text) {
			continue
		}
		// a past form followed by its object, not by a preposition
		// ("signed in June", a participle), is the main verb
		if base, ok := l.w.past[x.low]; ok && k+1 < len(idx) {
			next := l.u[idx[k+1]]
			if raw := idx[k] + 1; raw+1 < len(l.u) && l.u[raw].gone && l.w.preps[l.u[raw].low] && l.u[raw+1].date {
				// "MoU signed (in March 2019) covers ...": a participle before
				// a dropped date; the verb comes after it
				if next.word() && isLowerStart(next.text) && !l.w.preps[next.low] && !l.w.articles[next.low] {
					l.u[idx[k]].text += ","
					return
				}
				// "started (in 2020)." with nothing after: the main verb
				l.u[idx[k]].text = presentForm(base, l.pluralSubject(idx[:k]))
				l.u[idx[k]].low = l.u[idx[k]].text
				l.verb = idx[k]
				return
			}
			if next.word() && !l.w.preps[next.low] && next.low != "by" && next.low != "as" {
				l.u[idx[k]].text = presentForm(base, l.pluralSubject(idx[:k]))
				l.u[idx[k]].low = l.u[idx[k]].text
				l.verb = idx[k]
				return
			}
			if firstContent {
				return
			}
		}
		firstContent = false
	}
}

// perfect turns "have agreed" into "agree" and "has (officially)
// launched" into "launches"; "has been" is dropped before a participle.
func (l *labeler) perfect(idx []int, k int) {
	aux := l.u[idx[k]].low
	j := k + 1
	for j < len(idx) && strings.HasSuffix(l.u[idx[j]].low, "ly") && isLowerStart(l.u[idx[j]].text) {
		j++
	}
	if j >= len(idx) {
		return
	}
	v := l.u[idx[j]]
	l.verb = idx[j]
	if v.low == "been" {
		if j+1 < len(idx) && l.isParticiple(l.u[idx[j+1]]) {
			l.u[idx[k]].gone = true
			l.u[idx[j]].gone = true
			l.verb = idx[j+1]
		}
		return
	}
	base, ok := l.w.past[v.low]
	if !ok {
		return
	}
	for _, i := range idx[j+1:] {
		if l.u[i].low == "since" {
			return // "has invested ... since 1992" stays perfect: "invests since 1992" is not English
		}
	}
	l.u[idx[k]].gone = true
	for m := k + 1; m < j; m++ {
		l.u[idx[m]].gone = true // "officially"
	}
	l.u[idx[j]].text = presentForm(base, aux == "have")
	l.u[idx[j]].low = l.u[idx[j]].text
}

// pluralSubject guesses whether the words before the verb are plural.
func (l *labeler) pluralSubject(idx []int) bool {
	for _, i := range idx {
		switch l.u[i].low {
		case "and", "&", "both", "they", "we", "leaders", "ministers", "officials", "partners", "sides", "countries":
			return true
		}
	}
	for _, i := range idx {
		x := l.u[i]
		if l.w.particles[x.low] {
			continue
		}
		if l.w.preps[x.low] || x.low == "of" {
			return false // the head noun came before: "output of metals"
		}
		if x.word() && isLowerStart(x.text) && len(x.low) > 3 && strings.HasSuffix(x.low, "s") &&
			!strings.HasSuffix(x.low, "ss") && !strings.HasSuffix(x.low, "us") && !strings.HasSuffix(x.low, "is") {
			return true // "cooperations", "roadmaps"
		}
	}
	return false
}

// germanPerfect turns "X haben ... gebilligt" into "X: ... gebilligt" and
// "Die Roadmap wurde ... gebilligt" into "Roadmap ... gebilligt".
func (l *labeler) germanPerfect() {
	idx := l.live()
	for k := 1; k < len(idx) && k < 16; k++ {
		x := l.u[idx[k]]
		if !x.word() || !l.w.auxDE[x.low] || !isLowerStart(x.text) {
			continue
		}
		// the clause ends at the first comma or the end; its last word must be a participle
		end := l.commaAt0(idx, k, len(idx))
		if end < 0 {
			end = len(idx)
		}
		last := end - 1
		for last > k && !l.u[idx[last]].word() {
			last--
		}
		v := l.u[idx[last]]
		if last <= k || !(l.isParticiple(v) || l.w.auxHaben[x.low] && v.word() && isLowerStart(v.text)) {
			return
		}
		l.u[idx[k]].gone = true
		if l.w.auxHaben[x.low] && last > k+1 {
			l.u[idx[k-1]].text += ":"
		}
		return
	}
}
