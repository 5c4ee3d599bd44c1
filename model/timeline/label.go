package timeline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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
}

func (u unit) word() bool { return u.kind == uWord }
func (u unit) cap() bool  { return u.kind == uWord && isUpperStart(u.text) }

// labeler compresses one sentence into a headline.
type labeler struct {
	u      []unit
	en, de bool
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

// units groups the tokens of the loaded sentence into label units.
func (s *scanner) units(dates []cand, periods []bool, primary int) []unit {
	ts := s.ts
	if len(ts) > maxLabelTokens {
		ts = ts[:maxLabelTokens]
	}
	var out []unit
	inDate := func(a, b int) (bool, bool, bool) {
		for k, c := range dates {
			if c.b <= a || c.a >= b {
				continue
			}
			return true, periods[k], k == primary
		}
		return false, false, false
	}
	for i := 0; i < len(ts); {
		t := ts[i]
		j := i + 1
		kind := uWord
		switch {
		case t.kind != tPunct || s.currencyBefore(i) || s.hashtag(i):
			for j < len(ts) && glued(ts, j) {
				n := ts[j]
				if n.kind != tPunct {
					j++
					continue
				}
				r, _ := utf8.DecodeRuneInString(s.text[n.start:])
				if r == '%' {
					j++
					continue
				}
				if j+1 < len(ts) && glued(ts, j+1) && ts[j+1].kind != tPunct &&
					(strings.ContainsRune("-‐‑–’'.&/+", r) || r == ',' && ts[j-1].kind == tNum && ts[j+1].kind == tNum) {
					j += 2
					continue
				}
				if r == '.' && j+1 < len(ts) && !(j+1 == len(ts)-1 && s.isCloser(j+1)) {
					j++ // Dr. H.E. Nov.: an abbreviation inside the sentence
				}
				break
			}
		default:
			kind = punctKind(s, i)
		}
		text := s.text[t.start:ts[j-1].end]
		d, p, pr := inDate(i, j)
		x := unit{text: text, kind: kind, date: d && !p, period: p, primary: pr}
		if kind == uWord {
			if j == i+1 {
				x.low = s.folded(i)
			} else {
				x.low = foldWord(text)
			}
		}
		out = append(out, x)
		i = j
	}
	return out
}

// currencyBefore reports a currency sign glued to a following number: "€3".
func (s *scanner) currencyBefore(i int) bool {
	r, _ := utf8.DecodeRuneInString(s.str(i))
	return strings.ContainsRune("€$£¥₸₽", r) && i+1 < len(s.ts) && glued(s.ts, i+1) && s.ts[i+1].kind == tNum
}

// hashtag reports a "#" or "@" glued to a following word.
func (s *scanner) hashtag(i int) bool {
	c := s.text[s.ts[i].start]
	return (c == '#' || c == '@') && i+1 < len(s.ts) && glued(s.ts, i+1) && s.ts[i+1].kind != tPunct
}

func (s *scanner) isCloser(i int) bool {
	return strings.ContainsRune(`"')]”’»«›‹“`, rune(s.str(i)[0])) || punctKind(s, i) == uQuote || punctKind(s, i) == uClose
}

func punctKind(s *scanner, i int) uKind {
	r, _ := utf8.DecodeRuneInString(s.str(i))
	switch r {
	case ',':
		return uComma
	case ';':
		return uSemi
	case ':':
		return uColon
	case '(', '[':
		return uOpen
	case ')', ']':
		return uClose
	case '"', '“', '”', '„', '«', '»', '‹', '›', '‘', '’', '\'', '‚':
		return uQuote
	case '.', '!', '?', '…':
		return uEnd
	}
	if isDash(r) {
		return uDash
	}
	return uOther
}

// compress runs the compression steps and renders the headline.
func (l *labeler) compress() string {
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
	return l.fit()
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

// dropDateline removes "ASTANA –", "BRUSSELS, Belgium —", "Berlin (dpa) -",
// "ASTANA, April 7 (Kazinform) –".
func (l *labeler) dropDateline() {
	idx := l.live()
	k := 0
	caps := 0
	for k < len(idx) && k < 12 {
		x := l.u[idx[k]]
		switch {
		case x.date || x.kind == uComma:
		case x.word() && isAllCaps(x.text):
			caps++
		case x.cap() && k > 0:
		case x.kind == uOpen:
			for k < len(idx) && l.u[idx[k]].kind != uClose {
				k++
			}
		case x.kind == uDash && k > 0:
			first := l.u[idx[0]]
			if caps > 0 || (first.cap() && k+1 < len(idx)) && l.hasAgency(idx[:k]) {
				l.dropRange(idx, 0, k+1)
			}
			return
		default:
			return
		}
		k++
	}
}

// hasAgency reports a parenthesis in a dateline: "Berlin (dpa) –".
func (l *labeler) hasAgency(idx []int) bool {
	for _, i := range idx {
		if l.u[i].kind == uOpen {
			return true
		}
	}
	return false
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

// dropLeading removes leading prepositional and participial phrases that
// end at a comma ("Attending the COP27 in Egypt, ..."), keeping an
// acronym such as COP27 as the venue, and a title phrase that follows
// ("Laut X, EU-Botschafterin in Kasachstan, ...").
func (l *labeler) dropLeading() {
	for range 2 {
		idx := l.live()
		first := -1
		for k, i := range idx {
			if l.u[i].word() && !l.u[i].date {
				first = k
				break
			}
		}
		if first < 0 {
			return
		}
		w := l.u[idx[first]]
		if l.de && w.low == "nach" && first+1 < len(idx) && l.u[idx[first+1]].low == "angaben" {
			// "Nach Angaben des Ministeriums beginnt ...": no comma ends it
			j := first + 2
			for j < len(idx) && (l.w.articlesDE[l.u[idx[j]].low] || l.u[idx[j]].low == "des" || l.u[idx[j]].low == "dem") {
				j++
			}
			for j < len(idx) && l.u[idx[j]].cap() {
				j++
			}
			if l.wordsIn(idx, j, len(idx)) >= 3 {
				l.dropRange(idx, 0, j)
			}
			continue
		}
		opener := l.w.openers[w.low] || (w.cap() && strings.HasSuffix(w.low, "ing") && len(w.low) > 5)
		if !opener {
			return
		}
		comma := l.commaAt0(idx, first, min(len(idx), first+30))
		if comma < 0 || l.wordsIn(idx, comma+1, len(idx)) < 4 {
			return
		}
		for k := first; k < comma; k++ {
			if x := l.u[idx[k]]; x.word() && l.venue == "" && isAllCaps(x.text) && strings.ContainsAny(x.text, "0123456789") {
				l.venue = x.text
			}
		}
		l.dropRange(idx, 0, comma+1)
		// a title phrase left over from "Laut NAME, TITLE in X, ..."
		idx = l.live()
		if len(idx) > 0 && l.w.titleWord(l.u[idx[0]].low) {
			if c := l.commaAt0(idx, 0, min(len(idx), 14)); c > 0 && l.wordsIn(idx, c+1, len(idx)) >= 4 {
				l.dropRange(idx, 0, c+1)
			}
		}
	}
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

// dropParentheses removes bracketed asides and quotation marks.
func (l *labeler) dropParentheses() {
	depth := 0
	for i := range l.u {
		x := &l.u[i]
		switch x.kind {
		case uOpen:
			depth++
			x.gone = true
			continue
		case uClose:
			if depth > 0 {
				depth--
			}
			x.gone = true
			continue
		case uQuote:
			x.gone = true
		}
		if depth > 0 {
			x.gone = true
		}
	}
}

// dropAppositives removes ", Prime Minister of Kazakhstan," after a name
// and reduces the name to the surname.
func (l *labeler) dropAppositives() {
	idx := l.live()
	for k := 1; k+1 < len(idx); k++ {
		if l.u[idx[k]].kind != uComma || !l.u[idx[k-1]].cap() || l.u[idx[k-1]].date {
			continue
		}
		j := k + 1
		for j < len(idx) && (l.w.articles[l.u[idx[j]].low] || l.u[idx[j]].low == "former" || l.u[idx[j]].low == "ehemalige") {
			j++
		}
		t := j
		for t < len(idx) && t < j+3 && l.u[idx[t]].cap() && !l.w.titleWord(l.u[idx[t]].low) {
			t++
		}
		if t >= len(idx) || !l.w.titleWord(l.u[idx[t]].low) {
			continue
		}
		end := l.commaAt0(idx, j, min(len(idx), j+14))
		closed := end >= 0
		if !closed {
			end = len(idx)
			for end > j && l.u[idx[end-1]].kind == uEnd {
				end--
			}
		}
		if !l.titlePhrase(idx[j:end]) {
			continue
		}
		if closed {
			end++
		}
		l.dropRange(idx, k, end)
		l.surname(idx, k-1)
		idx = l.live()
	}
}

// titlePhrase reports words that only name a position: capitalised words
// joined by "of", "the", "in" and the like ("Prime Minister of
// Kazakhstan", "EU-Botschafterin in Kasachstan"), with no verb.
func (l *labeler) titlePhrase(idx []int) bool {
	if len(idx) == 0 || len(idx) > 12 {
		return false
	}
	for _, i := range idx {
		x := l.u[i]
		if !x.word() {
			return false
		}
		switch x.low {
		case "of", "the", "for", "and", "in", "at", "to", "der", "die", "des", "bei", "fur", "von", "und", "im":
			continue
		}
		if !x.cap() && !l.w.titleWord(x.low) {
			return false
		}
	}
	return true
}

// surname reduces the name ending at live position e ("Alikhan Smailov")
// to its surname ("Smailov").
func (l *labeler) surname(idx []int, e int) {
	a := e
	for a-1 >= 0 && (l.u[idx[a-1]].cap() || l.w.particles[l.u[idx[a-1]].low]) && e-a < 4 {
		a--
	}
	for a < e && l.w.particles[l.u[idx[a]].low] {
		a++
	}
	if a >= e || l.w.orgs[l.u[idx[e]].low] || isAllCaps(l.u[idx[e]].text) {
		return
	}
	// keep particles before the last capitalised word: "von der Leyen"
	last := e
	for last-1 > a && l.w.particles[l.u[idx[last-1]].low] {
		last--
	}
	if last-1 >= a && l.u[idx[a]].cap() {
		for k := a; k < last; k++ {
			if !l.w.particles[l.u[idx[k]].low] {
				l.u[idx[k]].gone = true
			}
		}
	}
}

// titlesToSurnames turns "Commission President Ursula von der Leyen" into
// "von der Leyen" and "Minister of Industry ... Marat Karabayev" into
// "Karabayev"; titles without a person's name are kept.
func (l *labeler) titlesToSurnames() {
	idx := l.live()
	for k := 0; k < len(idx); k++ {
		t := l.u[idx[k]]
		if !t.cap() || !l.w.titleWord(t.low) {
			continue
		}
		// the title's own words before it: "Commission President", "Prime Minister"
		a := k
		for a-1 >= 0 && k-a < 3 && l.u[idx[a-1]].cap() && !l.u[idx[a-1]].date {
			a--
		}
		// its complement: "of Industry and Infrastructure Development"
		j := k + 1
		for j < len(idx) && (l.u[idx[j]].cap() && l.w.titleWord(l.u[idx[j]].low)) {
			j++
		}
		if j < len(idx) && (l.u[idx[j]].low == "of" || l.u[idx[j]].low == "for") {
			j++
			for j < len(idx) {
				x := l.u[idx[j]]
				switch {
				case x.cap() || x.low == "the" || x.low == "of" || x.low == "for" || x.text == "&":
					j++
					continue
				case l.w.particles[x.low] && j+1 < len(idx) && (l.u[idx[j+1]].cap() || l.w.particles[l.u[idx[j+1]].low]):
					j++
					continue
				case x.low == "and" && j > 0 && l.w.orgs[l.u[idx[j-1]].low] && j+1 < len(idx) && l.u[idx[j+1]].cap():
					j++
					continue
				}
				break
			}
		} else {
			for j < len(idx) && (l.u[idx[j]].cap() || l.w.particles[l.u[idx[j]].low]) && !l.u[idx[j]].date {
				j++
			}
		}
		e := j - 1
		for e > k && l.w.particles[l.u[idx[e]].low] {
			e--
		}
		if e <= k || !l.u[idx[e]].cap() || l.w.orgs[l.u[idx[e]].low] || isAllCaps(l.u[idx[e]].text) {
			continue
		}
		// the name: the last capitalised word, its particles and at most one given name
		n := e
		for n-1 > k && l.w.particles[l.u[idx[n-1]].low] {
			n--
		}
		for m := a; m < n; m++ {
			l.u[idx[m]].gone = true
		}
		if n-1 > k && l.u[idx[n-1]].cap() && !l.w.orgs[l.u[idx[n-1]].low] {
			l.u[idx[n-1]].gone = true
		}
		k = e
	}
}

// dropDates removes the date expressions and the prepositions that govern
// them ("on 4 April", "am 4. April", "yesterday"); "since 2019" is kept.
func (l *labeler) dropDates() {
	idx := l.live()
	for k := 0; k < len(idx); k++ {
		x := l.u[idx[k]]
		if !x.date {
			continue
		}
		e := k
		for e+1 < len(idx) && l.u[idx[e+1]].date {
			e++
		}
		if k > 0 && lexKeeps(l.u[idx[k-1]].low) {
			for m := k; m <= e; m++ {
				l.u[idx[m]].date = false
			}
			k = e
			continue
		}
		for m := k; m <= e; m++ {
			l.u[idx[m]].gone = true
		}
		// "im Jahr 2022", "in the year 2022": the year's noun goes with it
		if k > 0 && (l.u[idx[k-1]].low == "jahr" || l.u[idx[k-1]].low == "year") {
			l.u[idx[k-1]].gone = true
			k--
			if k > 0 && l.u[idx[k-1]].low == "the" {
				l.u[idx[k-1]].gone = true
				k--
			}
		}
		if k > 0 && lexDrops(l.u[idx[k-1]].low) {
			l.u[idx[k-1]].gone = true
			// "held on June 1-2," / "signed in November 2022,": a participle left alone
			if k > 1 && (e+1 >= len(idx) || l.u[idx[e+1]].kind == uComma || l.u[idx[e+1]].kind == uEnd) &&
				l.isParticiple(l.u[idx[k-2]]) && k > 2 && l.u[idx[k-3]].kind == uComma {
				l.u[idx[k-2]].gone = true
			}
		}
		k = e
	}
}

func lexKeeps(w string) bool { return dateLexicon().lookup(w).has(fKeepPrep) }
func lexDrops(w string) bool { return dateLexicon().lookup(w).has(fDatePrep) }

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

// dropAttribution removes ", reported the Ministry ...", ", the
// Commission said", ", so die EU".
func (l *labeler) dropAttribution() {
	idx := l.live()
	for k := len(idx) - 2; k > 0; k-- {
		if l.u[idx[k]].kind != uComma || l.wordsIn(idx, 0, k) < 2 {
			continue
		}
		for j := k + 1; j < len(idx) && j <= k+6; j++ {
			x := l.u[idx[j]]
			if x.word() && l.w.attribution[x.low] {
				if j+1 < len(idx) && (l.u[idx[j+1]].low == "that" || l.u[idx[j+1]].low == "dass" || l.u[idx[j+1]].kind == uComma) {
					return // "..., announced that ...": what follows is the news
				}
				l.dropRange(idx, k, len(idx))
				return
			}
			if !x.word() || !(x.cap() || l.w.articles[x.low] || l.w.articlesDE[x.low]) {
				break
			}
		}
	}
}

// quoteAttribution turns "“We have agreed,” Kaja Kallas told reporters"
// and "Kallas said: “We have agreed”" into "Kallas: We have agreed". It
// reports whether the label is such a quotation.
func (l *labeler) quoteAttribution() bool {
	idx := l.live()
	if len(idx) < 4 {
		return false
	}
	if l.u[idx[0]].kind == uQuote {
		c := 1
		for c < len(idx) && l.u[idx[c]].kind != uQuote {
			c++
		}
		if c >= len(idx) || c < 3 {
			return false
		}
		j := c + 1
		if j < len(idx) && l.u[idx[j]].kind == uComma {
			j++
		}
		name := -1
		for ; j < len(idx) && j <= c+6; j++ {
			x := l.u[idx[j]]
			if x.cap() && !x.date {
				name = j
				continue
			}
			if x.word() && l.w.attribution[x.low] && name > 0 {
				l.u[idx[0]].text, l.u[idx[0]].kind, l.u[idx[0]].low = l.u[idx[name]].text+":", uWord, l.u[idx[name]].low
				if l.u[idx[c-1]].kind == uComma {
					l.u[idx[c-1]].gone = true
				}
				l.dropRange(idx, c, len(idx))
				return true
			}
			break
		}
		return false
	}
	// NAME said: “...”
	for k := 1; k+2 < len(idx) && k < 8; k++ {
		x := l.u[idx[k]]
		if !x.word() || !l.w.attribution[x.low] || !l.u[idx[k-1]].cap() {
			continue
		}
		if l.u[idx[k+1]].kind != uColon || l.u[idx[k+2]].kind != uQuote {
			return false
		}
		speaker := l.u[idx[k-1]]
		l.u[idx[k+2]].text, l.u[idx[k+2]].kind, l.u[idx[k+2]].low = speaker.text+":", uWord, speaker.low
		l.dropRange(idx, 0, k+2)
		return true
	}
	return false
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

// dropClauses removes subordinate clauses after a comma (", which ...",
// ", who ...", German ", die ..."), asides between dashes, and what
// follows a semicolon or a colon.
func (l *labeler) dropClauses() {
	idx := l.live()
	for k := 0; k < len(idx); k++ {
		x := l.u[idx[k]]
		switch x.kind {
		case uSemi, uColon:
			if l.wordsIn(idx, 0, k) >= 3 {
				l.dropRange(idx, k, len(idx))
				return
			}
		case uDash:
			if k == 0 || l.wordsIn(idx, 0, k) < 3 {
				continue
			}
			end := k + 1
			for end < len(idx) && l.u[idx[end]].kind != uDash {
				end++
			}
			if end < len(idx) {
				end++
			}
			l.dropRange(idx, k, end)
			k = end - 1
		case uComma:
			if k+1 >= len(idx) || l.wordsIn(idx, 0, k) < 1 {
				continue
			}
			n := l.u[idx[k+1]]
			if !l.relativeWord(n) && l.wordsIn(idx, 0, k) < 3 {
				continue
			}
			sub := l.w.subord[n.low] && l.en || l.w.subordDE[n.low] && l.de && isLowerStart(n.text)
			participle := l.en && isLowerStart(n.text) && (strings.HasSuffix(n.low, "ing") && len(n.low) > 5 ||
				l.isParticiple(n) && k+2 < len(idx) && l.w.preps[l.u[idx[k+2]].low])
			if !sub && !participle {
				continue
			}
			end := l.commaAt0(idx, k+1, len(idx))
			switch {
			case end < 0 || !l.relativeWord(n):
				end = len(idx)
			case end+1 < len(idx) && l.u[idx[end+1]].word() && isLowerStart(l.u[idx[end+1]].text):
				end++ // "X, who ..., announced": the main clause goes on
			}
			if l.holdsPrimary(idx[k], idx[end-1]) {
				continue // the clause tells what happened on the date: "..., which has invested since 1996"
			}
			l.dropRange(idx, k, end)
			k = end - 1
		}
	}
}

// holdsPrimary reports whether units a..b (removed ones included) held the
// event's date.
func (l *labeler) holdsPrimary(a, b int) bool {
	for i := a; i <= b && i < len(l.u); i++ {
		if l.u[i].primary {
			return true
		}
	}
	return false
}

// relativeWord reports a word opening a relative clause, which may end
// at the next comma; other clauses run to the end of the sentence.
func (l *labeler) relativeWord(x unit) bool {
	if l.en && l.isParticiple(x) {
		return true // ", signed in 2022, ..."
	}
	switch x.low {
	case "which", "who", "whom", "whose", "where", "when", "while", "although", "though", "whereas":
		return true
	}
	return l.de && l.w.subordDE[x.low]
}

// abbreviate writes the partnership's long names short: MoU, EU, EBRD, CRM Act.
func (l *labeler) abbreviate() {
	idx := l.live()
	for k := 0; k < len(idx); k++ {
		for _, ab := range l.w.abbrev[l.u[idx[k]].low] {
			if k+len(ab.words) > len(idx) {
				continue
			}
			ok := true
			for m, p := range ab.words {
				if x := l.u[idx[k+m]]; !x.word() || x.low != p {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			l.u[idx[k]].text, l.u[idx[k]].low = ab.short, foldWord(ab.short)
			for m := 1; m < len(ab.words); m++ {
				l.u[idx[k+m]].gone = true
			}
			k += len(ab.words) - 1
			break
		}
	}
}

// betweenToCompound writes "a partnership between the EU and Kazakhstan"
// as "EU–Kazakhstan partnership" and "letter of intent between the EU and
// the EBRD" as "EU–EBRD letter of intent".
func (l *labeler) betweenToCompound() {
	if !l.en {
		return
	}
	idx := l.live()
	for k := 1; k+3 < len(idx); k++ {
		if l.u[idx[k]].low != "between" {
			continue
		}
		a, j := l.nameRun(idx, k+1)
		if a == "" || j >= len(idx) || l.u[idx[j]].low != "and" {
			continue
		}
		b, m := l.nameRun(idx, j+1)
		if b == "" || m < len(idx) && (l.u[idx[m]].low == "of" || l.u[idx[m]].low == "for") {
			continue // "the Ministry of Industry": too long a name to compound
		}
		// the noun phrase before "between": "partnership", "letter of intent", "MoU"
		head := k - 1
		for head >= 2 && l.u[idx[head-1]].low == "of" && l.u[idx[head-2]].word() {
			head -= 2
		}
		noun := l.u[idx[head]]
		if !noun.word() || !(isLowerStart(noun.text) || noun.text == "MoU") {
			continue
		}
		l.u[idx[head]].text = a + "–" + b + " " + noun.text
		l.u[idx[head]].low = foldWord(l.u[idx[head]].text)
		for n := k; n < m; n++ {
			l.u[idx[n]].gone = true
		}
		k = m - 1
	}
}

// nameRun reads an optional article and one to three capitalised words
// at live position k; it returns them joined and the position after them.
func (l *labeler) nameRun(idx []int, k int) (string, int) {
	if k < len(idx) && l.w.articles[l.u[idx[k]].low] {
		k++
	}
	var parts []string
	for k < len(idx) && len(parts) < 3 && l.u[idx[k]].cap() && !l.u[idx[k]].date {
		parts = append(parts, l.u[idx[k]].text)
		k++
	}
	if len(parts) == 0 || k < len(idx) && l.u[idx[k]].cap() {
		return "", k
	}
	return strings.Join(parts, " "), k
}

// dropArticles drops English articles, German ones before a noun, and
// connectives that say nothing in a headline ("also", "zudem").
func (l *labeler) dropArticles() {
	idx := l.live()
	for k, i := range idx {
		x := l.u[i]
		if x.word() && l.w.fillers[x.low] && isLowerStart(x.text) {
			l.u[i].gone = true
			continue
		}
		if !x.word() || k+1 >= len(idx) {
			continue
		}
		next := l.u[idx[k+1]]
		switch {
		case l.en && l.w.articles[x.low] && (isLowerStart(x.text) || k == 0) && next.word():
			l.u[i].gone = true
		case l.de && !l.en && l.w.articlesDE[x.low] && next.cap() &&
			!(k > 0 && (l.u[idx[k-1]].low == "von" || l.u[idx[k-1]].low == "van" || l.u[idx[k-1]].cap())):
			l.u[i].gone = true // not "der" after a noun: "Bau der Anlage"
		}
	}
}

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
			if raw := idx[k] + 1; raw < len(l.u) && l.u[raw].gone && l.w.preps[l.u[raw].low] {
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

// segment is a run of live units that a too long label may lose.
type segment struct {
	a, b  int // positions in live order
	core  bool
	names bool // holds a capitalised word or a number: worth keeping
	runes int
}

// fit renders the label within maxLabel runes: it keeps the core
// (subject, verb, object) and adds the following phrases in order while
// they fit; a phrase after a skipped clause is skipped too. Only a core
// longer than maxLabel is cut, at a word boundary.
func (l *labeler) fit() string {
	idx := l.live()
	if l.wordsIn(idx, 0, len(idx)) < 3 {
		return ""
	}
	if s := l.render(l.trimEnd(idx)); utf8.RuneCountInString(s) <= maxLabel {
		return l.withVenue(s)
	}
	// a German clause ends with its verb: keep it whatever is dropped
	var tail []int
	if last := idx[len(idx)-1]; l.de && len(idx) > 4 && l.isParticiple(l.u[last]) {
		tail, idx = idx[len(idx)-1:], idx[:len(idx)-1]
	}
	segs := l.segments(idx)
	parts := append([]int(nil), idx[segs[0].a:segs[0].b]...)
	if utf8.RuneCountInString(l.render(parts)) > maxLabel {
		return capitalise(l.cut(parts))
	}
	skipped := false
	for _, sg := range segs[1:] {
		comma := l.u[idx[sg.a]].kind == uComma
		if skipped && (comma || !l.placePhrase(idx[sg.a:sg.b])) {
			break
		}
		try := append(append([]int(nil), parts...), idx[sg.a:sg.b]...)
		if utf8.RuneCountInString(l.render(append(l.trimEnd(try), tail...))) <= maxLabel {
			parts = try
			continue
		}
		if comma {
			break
		}
		if !skipped && utf8.RuneCountInString(l.render(parts)) < maxLabel/2 {
			if p := l.partial(parts, idx[sg.a:sg.b]); p != nil {
				parts = p
			}
		}
		skipped = true
	}
	return l.withVenue(l.render(append(l.trimEnd(parts), tail...)))
}

// partial adds the longest beginning of a phrase that fits, ending
// before "and", "or" or a comma inside it, or else at a word boundary;
// nil when fewer than three of its words fit.
func (l *labeler) partial(parts, phrase []int) []int {
	var best []int
	for n := len(phrase) - 1; n >= 3; n-- {
		try := append(append([]int(nil), parts...), phrase[:n]...)
		try = l.trimEnd(try)
		if len(try) < len(parts)+3 || utf8.RuneCountInString(l.render(try)) > maxLabel {
			continue
		}
		next := l.u[phrase[min(n, len(phrase)-1)]]
		if next.low == "and" || next.low == "or" || next.low == "und" || next.kind == uComma {
			return try
		}
		if best == nil {
			best = try
		}
	}
	return best
}

// placePhrase reports a short phrase of place such as "in Samarkand",
// which may follow a skipped phrase without changing its sense.
func (l *labeler) placePhrase(parts []int) bool {
	if len(parts) < 2 || len(parts) > 4 {
		return false
	}
	switch l.u[parts[0]].low {
	case "in", "at", "im", "bei":
	default:
		return false
	}
	for _, i := range parts[1:] {
		if !l.u[i].cap() {
			return false
		}
	}
	return true
}

// trimEnd removes what a label must not end with: commas, conjunctions,
// prepositions, articles, and a participle left after the main verb.
func (l *labeler) trimEnd(parts []int) []int {
	for len(parts) > 0 {
		x := l.u[parts[len(parts)-1]]
		if !x.word() || l.w.dangling[x.low] {
			parts = parts[:len(parts)-1]
			continue
		}
		if l.verb >= 0 && parts[len(parts)-1] > l.verb+1 && l.en && isLowerStart(x.text) &&
			(strings.HasSuffix(x.low, "ed") || l.w.participles[x.low]) && len(parts) > 3 {
			parts = parts[:len(parts)-1]
			continue
		}
		break
	}
	return parts
}

// segments splits the live units at prepositions and commas; the first
// segment (subject, verb, object) is the core.
func (l *labeler) segments(idx []int) []segment {
	var segs []segment
	start := 0
	for k := 1; k <= len(idx); k++ {
		boundary := k == len(idx)
		if !boundary {
			x := l.u[idx[k]]
			boundary = x.kind == uComma || (x.word() && isLowerStart(x.text) && l.w.preps[x.low] && k > 2)
		}
		if boundary {
			segs = append(segs, segment{a: start, b: k})
			start = k
		}
	}
	for i := range segs {
		sg := &segs[i]
		sg.core = i == 0
		for _, j := range idx[sg.a:sg.b] {
			x := l.u[j]
			sg.runes += utf8.RuneCountInString(x.text) + 1
			if x.word() && (x.cap() || x.period || strings.ContainsAny(x.text, "0123456789")) {
				sg.names = true
			}
		}
	}
	return segs
}

// cut shortens a label at the last word boundary within maxLabel runes
// and removes words it must not end with.
func (l *labeler) cut(parts []int) string {
	for len(parts) > 0 {
		parts = l.trimEnd(parts)
		if s := l.render(parts); utf8.RuneCountInString(s) <= maxLabel {
			return s
		}
		parts = parts[:len(parts)-1]
	}
	return ""
}

// withVenue adds the venue of a dropped leading phrase when it fits.
func (l *labeler) withVenue(s string) string {
	if l.venue == "" || strings.Contains(s, l.venue) || utf8.RuneCountInString(s)+len(l.venue)+3 > maxLabel {
		return capitalise(s)
	}
	return capitalise(s + " (" + l.venue + ")")
}

// render joins units with single spaces, without space before closing signs.
func (l *labeler) render(parts []int) string {
	var b strings.Builder
	for k, i := range parts {
		x := l.u[i]
		if k > 0 {
			switch x.kind {
			case uComma, uSemi, uColon, uClose, uEnd:
			default:
				if l.u[parts[k-1]].kind != uOpen {
					b.WriteByte(' ')
				}
			}
		}
		b.WriteString(x.text)
	}
	return strings.TrimRight(b.String(), " ,;:–—-")
}

// capitalise upper-cases the first letter unless it starts a surname
// particle ("von der Leyen").
func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return s
	}
	first := s
	if i := strings.IndexByte(s, ' '); i > 0 {
		first = s[:i]
	}
	if labelVocabulary().particles[first] {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
