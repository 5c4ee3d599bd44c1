package timeline

import "strings"

// Label steps that drop what does not say what happened: datelines,
// leading phrases, asides, dates, attribution and subordinate clauses.

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
			// the name, genitives and all: "der Rat der EU", "des Ministry of Ecology and Natural Resources"
			for j < len(idx) && (l.u[idx[j]].cap() || nameJoint[l.u[idx[j]].low] && j+1 < len(idx) && l.u[idx[j+1]].cap()) {
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

// nameJoint are the small words inside the name of an organisation:
// "Rat der EU", "Ministry of Ecology and Natural Resources".
var nameJoint = set("der des of and und for fur the &")

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
				l.dropRange(idx, k+1, len(idx)) // the comma stays until tidy: it may close a clause
				return
			}
			if !x.word() || !(x.cap() || l.w.articles[x.low] || l.w.articlesDE[x.low] ||
				isLowerStart(x.text) && l.w.articles[l.u[idx[j-1]].low]) { // ", the ministry said"
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
			sub := l.w.subord[n.low] && l.en || l.w.subordDE[n.low] && l.de && isLowerStart(n.text) && !l.zuInfinitive(idx, k+1)
			participle := l.en && isLowerStart(n.text) && (strings.HasSuffix(n.low, "ing") && len(n.low) > 5 ||
				l.isParticiple(n) && k+2 < len(idx) && l.w.preps[l.u[idx[k+2]].low])
			if !sub && !participle {
				continue
			}
			end := l.commaAt0(idx, k+1, len(idx))
			closing := end // the comma closing a relative clause, or -1
			switch {
			case end < 0 || !l.relativeWord(n):
				end, closing = len(idx), -1
			case end+1 < len(idx) && l.u[idx[end+1]].word() && isLowerStart(l.u[idx[end+1]].text):
				end++ // "X, who ..., announced": the main clause goes on
			}
			last := len(l.u) - 1 // the clause's last unit, dropped dates before its closing comma included
			if end < len(idx) {
				last = idx[end] - 1
			}
			if l.holdsPrimary(idx[k], last) {
				// The clause tells what happened on the date. Between the
				// subject and its verb ("X, which has invested ... since
				// 1996, said ..."), it is the event: "X has invested ...".
				rest := closing > 0 && (end > closing || l.wordsIn(idx, closing, len(idx)) == 0) // a verb follows, or nothing
				if l.en && (n.low == "which" || n.low == "who") && rest {
					l.u[idx[k]].gone, l.u[idx[k+1]].gone = true, true
					l.dropRange(idx, closing, len(idx))
					return
				}
				continue
			}
			l.dropRange(idx, k, end)
			k = end - 1
		}
	}
}

// zuInfinitive reports a German clause from live position a that ends
// in an infinitive with "zu" ("die Zusammenarbeit auszubauen", "neue
// Projekte zu starten"): the object of the verb before it, not an aside.
func (l *labeler) zuInfinitive(idx []int, a int) bool {
	end := a
	for end < len(idx) && l.u[idx[end]].kind != uComma && l.u[idx[end]].kind != uEnd {
		end++
	}
	last := end - 1
	if last <= a || !l.u[idx[last]].word() {
		return false
	}
	w := l.u[idx[last]].low
	if !strings.HasSuffix(w, "en") || !isLowerStart(l.u[idx[last]].text) {
		return false
	}
	if l.u[idx[last-1]].low == "zu" {
		return true
	}
	for p := range l.w.particlesDE {
		if strings.HasPrefix(w, p+"zu") && len(w) > len(p)+4 {
			return true
		}
	}
	return false
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
