package timeline

import "unicode"

// maxLabel is the longest label in runes. Labels are compressed to a
// headline and shortened at phrase boundaries, never cut inside a word
// and never ended with an ellipsis.
const maxLabel = 90

// uKind is the class of a label unit.
type uKind uint8

const (
	uWord  uKind = iota // a word, number or compound ("EU-Central", "H.E.", "€3")
	uComma              // ,
	uSemi               // ;
	uColon              // :
	uOpen               // ( [
	uClose              // ) ]
	uQuote              // quotation marks
	uDash               // a dash between words: " – "
	uEnd                // the sentence's closing . ! ? …
	uOther              // any other sign
)

// unit is one word or sign of a sentence being compressed.
type unit struct {
	text    string
	low     string // folded text of a word
	kind    uKind
	date    bool // part of a date expression the label leaves out
	period  bool // part of a period ("2025-2026"), which the label keeps
	primary bool // part of the date of the event the label is for
	gone    bool // removed
	// particle is the separable particle ending a German clause ("setzt
	// ... fort", "kündigte ... an"), which stays with its verb
	particle bool
}

func (u unit) word() bool { return u.kind == uWord }

func (u unit) cap() bool { return u.kind == uWord && isUpperStart(u.text) }

// labeler compresses one sentence into a headline.
type labeler struct {
	u      []unit
	en, de bool
	ru     bool
	w      *labelWords
	venue  string // an acronym from a dropped leading phrase: "COP27"
	verb   int    // the unit of the main verb, or -1
	buf    []int  // the slice live returns
}

// maxLabelTokens bounds the tokens a label is made from.
const maxLabelTokens = 160

// headline compresses the units of a sentence (see units) into a
// headline; it returns "" when the sentence does not compress into one.
func (s *scanner) headline(u []unit) string {
	l := labeler{en: s.en, de: s.de, w: labelVocabulary(), verb: -1}
	l.u = u
	return l.compress()
}

// notEvent reports that a sentence (its units) cannot state an event: a
// dateline ("TASHKENT, Uzbekistan, November 26."), a bare parenthetical
// ("(4. April 2025)"), a caption or a heading of few words.
func notEvent(u []unit) bool {
	words, lowerWords := 0, 0
	first := -1
	for i, x := range u {
		if x.word() && !x.date {
			words++
			if isLowerStart(x.text) {
				lowerWords++
			}
			if first < 0 {
				first = i
			}
		}
	}
	if words < 3 || lowerWords == 0 {
		return true
	}
	if u[0].kind == uOpen && closesAtEnd(u) {
		return true
	}
	if first >= 0 && labelVocabulary().captions[u[first].low] && first+1 < len(u) &&
		(u[first+1].kind == uColon || u[first+1].kind == uDash || u[first+1].low == "by") {
		return true
	}
	last := u[len(u)-1]
	terminated := last.kind == uEnd || last.kind == uQuote || last.kind == uClose
	return !terminated && words < 8
}

// closesAtEnd reports that the bracket opened by u[0] closes at the end.
func closesAtEnd(u []unit) bool {
	depth := 0
	for i, x := range u {
		switch x.kind {
		case uOpen:
			depth++
		case uClose:
			depth--
			if depth == 0 {
				for _, y := range u[i+1:] {
					if y.kind != uEnd {
						return false
					}
				}
				return true
			}
		}
	}
	return false
}

// compress runs the compression steps and renders the headline.
func (l *labeler) compress() string {
	if l.de {
		l.markParticles()
	}
	l.dropDateline()
	quoted := l.quoteAttribution()
	l.dropLeading()
	l.dropParentheses()
	l.dropAppositives()
	l.titlesToSurnames()
	l.dropDates()
	l.dropAttribution()
	l.dropClauses()
	l.abbreviate()
	l.betweenToCompound()
	if l.de && !quoted {
		l.germanInversion()
	}
	l.dropArticles()
	if l.en && !quoted {
		l.headlineVerb()
	}
	if l.de && !quoted {
		l.germanPerfect()
	}
	l.tidy()
	label := l.fit()
	if l.de && !l.en && !quoted && label != "" && !l.clauseDE() {
		return "" // not a clause: the event takes the article's headline
	}
	return label
}

// markParticles marks the separable particles that end a German clause:
// a particle before the sentence's end, a comma or a closing sign.
func (l *labeler) markParticles() {
	for i := 1; i < len(l.u); i++ {
		x := l.u[i]
		if !x.word() || !isLowerStart(x.text) || !l.w.particlesDE[x.low] {
			continue
		}
		if i+1 == len(l.u) {
			l.u[i].particle = true
			continue
		}
		switch l.u[i+1].kind {
		case uEnd, uComma, uSemi, uColon, uQuote, uClose, uDash:
			l.u[i].particle = true
		}
	}
}

// clauseDE reports whether the live units make a German clause: a
// subject, then a verb (finite, a participle, or an infinitive with
// "zu"), and a separable particle of the sentence kept with it.
func (l *labeler) clauseDE() bool {
	idx := l.live()
	_, _, v := l.subjectVerb(idx)
	if v < 0 {
		return false
	}
	for i, x := range l.u {
		if !x.particle || !x.gone {
			continue
		}
		// a particle may go with a whole clause or aside, never alone
		a := i
		for a > 0 && l.u[a-1].gone {
			a--
		}
		switch l.u[a].kind {
		case uComma, uOpen, uDash, uQuote, uSemi, uColon:
		default:
			return false // "setzt seine Reise (fort)": the verb lost its particle
		}
	}
	return true
}

// live returns the indexes of the units not removed. The slice is reused
// by the next call: each step takes it anew.
func (l *labeler) live() []int {
	out := l.buf[:0]
	for i, x := range l.u {
		if !x.gone {
			out = append(out, i)
		}
	}
	l.buf = out
	return out
}

// drop removes the live units from position a to b (positions in live order).
func (l *labeler) dropRange(idx []int, a, b int) {
	for k := a; k < b && k < len(idx); k++ {
		l.u[idx[k]].gone = true
	}
}

// wordsIn counts live words in idx[a:b] that are not dates.
func (l *labeler) wordsIn(idx []int, a, b int) int {
	n := 0
	for k := a; k < b && k < len(idx); k++ {
		if x := l.u[idx[k]]; x.word() && !x.date {
			n++
		}
	}
	return n
}

func isAllCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// commaAt0 finds the first comma outside brackets and quotes in idx[a:b].
func (l *labeler) commaAt0(idx []int, a, b int) int {
	depth := 0
	for k := a; k < b; k++ {
		switch l.u[idx[k]].kind {
		case uOpen:
			depth++
		case uClose:
			depth--
		case uComma:
			if depth <= 0 {
				return k
			}
		}
	}
	return -1
}

// tidy removes dangling punctuation and conjunctions left by the steps.
func (l *labeler) tidy() {
	for changed := true; changed; {
		changed = false
		idx := l.live()
		for k, i := range idx {
			x := l.u[i]
			prevPunct := k == 0 || l.u[idx[k-1]].kind == uComma || l.u[idx[k-1]].kind == uDash
			nextEnd := k+1 >= len(idx) || l.u[idx[k+1]].kind == uComma || l.u[idx[k+1]].kind == uEnd || l.u[idx[k+1]].kind == uDash
			switch {
			case x.kind == uComma && (prevPunct || nextEnd):
				l.u[i].gone, changed = true, true
			case x.kind == uDash && (prevPunct || nextEnd):
				l.u[i].gone, changed = true, true
			case x.kind == uEnd || x.kind == uOther && k == 0:
				l.u[i].gone, changed = true, true
			case x.word() && k == 0 && (x.low == "and" || x.low == "und" || x.low == "but" || x.low == "aber"):
				l.u[i].gone, changed = true, true
			}
		}
	}
}
