package timeline

import (
	"time"
	"unicode/utf8"
)

// candStatus says what a matched expression contributes.
type candStatus int

const (
	stReject candStatus = iota // not a date after all; ignored
	stBlock                    // date-like but unresolvable; hides what it overlaps
	stOK                       // a resolved date
)

// cand is one date expression found in a sentence, as a token range.
type cand struct {
	a, b     int // token range [a, b)
	r        rng
	st       candStatus
	prio     int
	weekday  bool
	relative bool // resolved against the reference date
}

// scanner finds date expressions in the sentences of one text.
type scanner struct {
	text   string
	ts     []token    // tokens of the current sentence
	lex    []lexEntry // date vocabulary entry of each token
	fold   []string   // folded form of each word token, made on first use
	en, de bool
	ru     bool
	ref    reference
	lx     *lexicon
}

func newScanner(text, lang string, ref reference) *scanner {
	s := &scanner{text: text, ref: ref, lx: dateLexicon()}
	s.en, s.de, s.ru = langFlags(lang)
	return s
}

// load tokenizes text[a:b] as the current sentence.
func (s *scanner) load(a, b int) {
	s.ts = tokenize(s.text, a, b, s.ts[:0])
	s.lex = s.lex[:0]
	s.fold = s.fold[:0]
	for _, t := range s.ts {
		s.fold = append(s.fold, "")
		var e lexEntry
		if t.kind == tWord && t.end-t.start <= 2*maxLexWord {
			e = s.lx.lookup(s.text[t.start:t.end])
		}
		s.lex = append(s.lex, e)
	}
}

// dates returns the date expressions of the loaded sentence, leftmost
// longest first, in text order; unresolvable ones are left out.
func (s *scanner) dates() []cand {
	var found []cand
	for i := 0; i < len(s.ts); {
		c, ok := s.best(i)
		if !ok {
			i++
			continue
		}
		found = append(found, c)
		i = c.b
	}
	out := found[:0]
	for k, c := range found {
		if c.st != stOK || (c.weekday && s.beforeDate(c, found[k+1:])) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// best returns the longest expression starting at token i (ties: rule order).
func (s *scanner) best(i int) (cand, bool) {
	if !s.startOK(i) {
		return cand{}, false
	}
	var best cand
	found := false
	try := func(c cand, ok bool) {
		if !ok || c.st == stReject || !s.endOK(c.b) {
			return
		}
		if !found || s.ts[c.b-1].end > s.ts[best.b-1].end {
			best, found = c, true
		}
	}
	t := s.ts[i]
	switch {
	case t.kind == tNum:
		for p, rule := range numRules {
			c, ok := rule(s, i)
			c.prio = p
			try(c, ok)
		}
		try(s.loneYear(i))
	case s.lex[i].month != 0:
		for p, rule := range monthRules {
			c, ok := rule(s, i)
			c.prio = 100 + p
			try(c, ok)
		}
	}
	if t.kind == tWord && s.ref.hasDay() {
		try(s.relativeDay(i))
		try(s.weekdayAt(i))
	}
	return best, found
}

// startOK reports that token i is not glued to a preceding word or number.
func (s *scanner) startOK(i int) bool {
	if i == 0 || !glued(s.ts, i) {
		return true
	}
	return s.ts[i-1].kind == tPunct
}

// endOK reports that an expression ending before token j is not glued to
// a following word or number ("April 2025" is not "April 20"; "4.5" not "4").
func (s *scanner) endOK(j int) bool {
	if j >= len(s.ts) || !glued(s.ts, j) {
		return true
	}
	t := s.ts[j]
	if t.kind != tPunct {
		return s.isoTimestamp(j)
	}
	c := s.text[t.start]
	if (c == '.' || c == ',') && j+1 < len(s.ts) && glued(s.ts, j+1) && s.ts[j+1].kind == tNum && s.ts[j-1].kind == tNum {
		return false
	}
	return true
}

// isoTimestamp reports an ISO date followed by a time: "2025-04-04T10:00".
func (s *scanner) isoTimestamp(j int) bool {
	return j >= 5 && s.str(j) == "T" && j+1 < len(s.ts) && glued(s.ts, j+1) && s.ts[j+1].kind == tNum &&
		s.ts[j-5].kind == tNum && s.ts[j-5].end-s.ts[j-5].start == 4 && s.isPunct(j-4, '-')
}

func (s *scanner) str(i int) string { return s.text[s.ts[i].start:s.ts[i].end] }

// folded returns the folded form of word token i ("Brücke" -> "brucke").
func (s *scanner) folded(i int) string {
	if s.fold[i] == "" {
		s.fold[i] = foldWord(s.str(i))
	}
	return s.fold[i]
}

func (s *scanner) isPunct(i int, r rune) bool {
	if i < 0 || i >= len(s.ts) || s.ts[i].kind != tPunct {
		return false
	}
	got, _ := utf8.DecodeRuneInString(s.text[s.ts[i].start:])
	return got == r
}

func (s *scanner) isDashAt(i int) bool {
	if i < 0 || i >= len(s.ts) || s.ts[i].kind != tPunct {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s.text[s.ts[i].start:])
	return isDash(r)
}

// sp reports horizontal space (no line break) before token j.
func (s *scanner) sp(j int) bool { return j >= 0 && j < len(s.ts) && s.ts[j].space }

// osp reports that token j exists on the same line.
func (s *scanner) osp(j int) bool { return j >= 0 && j < len(s.ts) && !s.ts[j].brk }

// num returns the value of number token i with between lo and hi digits.
func (s *scanner) num(i, lo, hi int) (int, bool) {
	if i < 0 || i >= len(s.ts) || s.ts[i].kind != tNum {
		return 0, false
	}
	n := s.ts[i].end - s.ts[i].start
	if n < lo || n > hi {
		return 0, false
	}
	return atoi(s.str(i)), true
}

// month returns the month named at token i and the token after it (and
// after its abbreviation dot).
func (s *scanner) month(i int) (time.Month, string, int) {
	if i < 0 || i >= len(s.ts) || s.lex[i].month == 0 {
		return 0, "", -1
	}
	name, j := s.str(i), i+1
	if s.lex[i].has(fAbbrev) && s.isPunct(j, '.') && glued(s.ts, j) {
		j++
	}
	return s.lex[i].month, name, j
}

// ordinal skips an ordinal suffix glued to a number ending before token j.
func (s *scanner) ordinal(j int) int {
	if j < len(s.ts) && glued(s.ts, j) && s.ts[j].kind == tWord {
		switch lower(s.str(j)) {
		case "st", "nd", "rd", "th":
			return j + 1
		}
	}
	return j
}

// dayMonth returns the token of the month after a day ending before token
// j: "4 ", "4th of ", "4. ", "4.".
func (s *scanner) dayMonth(j int) int {
	if s.isPunct(j, '.') && glued(s.ts, j) {
		if s.osp(j + 1) {
			return j + 1
		}
		return -1
	}
	j = s.ordinal(j)
	if s.sp(j) && s.ts[j].kind == tWord && lower(s.str(j)) == "of" {
		j++
	}
	if s.sp(j) {
		return j
	}
	return -1
}

// yearTail reads ", 2022" or " 2022" at token j.
func (s *scanner) yearTail(j int) (int, int) {
	k := j
	if s.isPunct(k, ',') && glued(s.ts, k) {
		k++
	}
	if s.sp(k) {
		if y, ok := s.num(k, 4, 4); ok {
			return y, s.yearWord(k + 1)
		}
	}
	return 0, j
}

// yearWord skips the noun a Russian year takes ("2022 года", "2022 г.")
// at token j, returning the token after it (j when there is none).
func (s *scanner) yearWord(j int) int {
	if !s.sp(j) || s.ts[j].kind != tWord || !s.lex[j].has(fYearWord) {
		return j
	}
	if s.str(j) == "г" || s.str(j) == "Г" {
		if s.isPunct(j+1, '.') && glued(s.ts, j+1) {
			return j + 2
		}
		return j
	}
	return j + 1
}

// rangeSep reads the joint of a range at token j: "-", " – ", " to ", " bis ".
func (s *scanner) rangeSep(j int) int {
	if s.osp(j) && s.isDashAt(j) {
		if s.osp(j + 1) {
			return j + 1
		}
		return -1
	}
	if s.sp(j) && s.lex[j].has(fRange) && s.sp(j+1) {
		return j + 1
	}
	return -1
}

// parts are the captured pieces of a calendar expression.
type parts struct {
	d1, d2     int
	m1, m2     time.Month
	n1         int // numeric month
	y1, y2     int
	yy2        int // two-digit end year, -1 when absent
	name1      string
	name2      string
	periodOnly bool
}

func (s *scanner) make(i, j int, p parts) (cand, bool) {
	r, st, rel := s.interpret(p, i, j)
	return cand{a: i, b: j, r: r, st: st, relative: rel}, true
}

// numRules are the calendar patterns starting with a number, most
// specific first (the order only breaks ties between equally long matches).
var numRules = []func(*scanner, int) (cand, bool){
	// 7 November 2022, 7th of November, 2022, 4. April 2025
	func(s *scanner, i int) (cand, bool) {
		d, ok := s.num(i, 1, 2)
		k := s.dayMonth(i + 1)
		if !ok || k < 0 {
			return cand{}, false
		}
		m, name, j := s.month(k)
		if m == 0 {
			return cand{}, false
		}
		y, j2 := s.yearTail(j)
		if y == 0 {
			return cand{}, false
		}
		return s.make(i, j2, parts{d1: d, m1: m, name1: name, y1: y, yy2: -1})
	},
	// 2025-04-04
	func(s *scanner, i int) (cand, bool) {
		v, ok := s.numericDate(i, '-', [3][2]int{{4, 4}, {2, 2}, {2, 2}})
		if !ok {
			return cand{}, false
		}
		return s.make(i, i+5, parts{d1: v[2], n1: v[1], y1: v[0], yy2: -1})
	},
	// 04.04.2025
	func(s *scanner, i int) (cand, bool) {
		v, ok := s.numericDate(i, '.', [3][2]int{{1, 2}, {1, 2}, {4, 4}})
		if !ok {
			return cand{}, false
		}
		return s.make(i, i+5, parts{d1: v[0], n1: v[1], y1: v[2], yy2: -1})
	},
	// 30 June - 2 July 2023, 30. Juni bis 2. Juli
	func(s *scanner, i int) (cand, bool) {
		d1, ok := s.num(i, 1, 2)
		k := s.dayMonth(i + 1)
		if !ok || k < 0 {
			return cand{}, false
		}
		m1, n1, j := s.month(k)
		if m1 == 0 {
			return cand{}, false
		}
		y1, j := s.yearTail(j)
		j = s.rangeSep(j)
		d2, ok := s.num(j, 1, 2)
		if j < 0 || !ok {
			return cand{}, false
		}
		k = s.dayMonth(j + 1)
		if k < 0 {
			return cand{}, false
		}
		m2, n2, j := s.month(k)
		if m2 == 0 {
			return cand{}, false
		}
		y2, j := s.yearTail(j)
		return s.make(i, j, parts{d1: d1, d2: d2, m1: m1, m2: m2, name1: n1, name2: n2, y1: y1, y2: y2, yy2: -1})
	},
	// 1-2 June, 1.–2. Juni 2023, 1. bis 2. Juni
	func(s *scanner, i int) (cand, bool) {
		d1, ok := s.num(i, 1, 2)
		if !ok {
			return cand{}, false
		}
		j := i + 1
		if s.isPunct(j, '.') && glued(s.ts, j) {
			j++
		} else {
			j = s.ordinal(j)
		}
		j = s.rangeSep(j)
		d2, ok := s.num(j, 1, 2)
		if j < 0 || !ok {
			return cand{}, false
		}
		k := s.dayMonth(j + 1)
		if k < 0 {
			return cand{}, false
		}
		m2, n2, j := s.month(k)
		if m2 == 0 {
			return cand{}, false
		}
		y2, j := s.yearTail(j)
		return s.make(i, j, parts{d1: d1, d2: d2, m2: m2, name2: n2, y2: y2, yy2: -1})
	},
	// 4 April, 4th of April, 4. April
	func(s *scanner, i int) (cand, bool) {
		d, ok := s.num(i, 1, 2)
		k := s.dayMonth(i + 1)
		if !ok || k < 0 {
			return cand{}, false
		}
		m, name, j := s.month(k)
		if m == 0 {
			return cand{}, false
		}
		return s.make(i, j, parts{d1: d, m1: m, name1: name, yy2: -1})
	},
	// 2023-2024, 2023–2024, 2023/24
	func(s *scanner, i int) (cand, bool) {
		y1, ok := s.num(i, 4, 4)
		j := i + 1
		if !ok || !s.osp(j) || !(s.isDashAt(j) || s.isPunct(j, '/')) || !s.osp(j+1) {
			return cand{}, false
		}
		if y2, ok := s.num(j+1, 4, 4); ok {
			return s.make(i, j+2, parts{y1: y1, y2: y2, yy2: -1, periodOnly: true})
		}
		if yy, ok := s.num(j+1, 2, 2); ok {
			return s.make(i, j+2, parts{y1: y1, yy2: yy, periodOnly: true})
		}
		return cand{}, false
	},
	// 2023 to 2024, 2023 bis 2024
	func(s *scanner, i int) (cand, bool) {
		y1, ok := s.num(i, 4, 4)
		if !ok || !s.sp(i+1) || !s.lex[i+1].has(fRange) || !s.sp(i+2) {
			return cand{}, false
		}
		y2, ok := s.num(i+2, 4, 4)
		if !ok {
			return cand{}, false
		}
		return s.make(i, i+3, parts{y1: y1, y2: y2, yy2: -1, periodOnly: true})
	},
	// between 2023 and 2024
	func(s *scanner, i int) (cand, bool) {
		y1, ok := s.num(i, 4, 4)
		if !ok || i == 0 || !s.sp(i) || s.ts[i-1].kind != tWord {
			return cand{}, false
		}
		if w := lower(s.str(i - 1)); w != "between" && w != "zwischen" {
			return cand{}, false
		}
		if !s.sp(i+1) || s.ts[i+1].kind != tWord || !s.sp(i+2) {
			return cand{}, false
		}
		if w := lower(s.str(i + 1)); w != "and" && w != "und" {
			return cand{}, false
		}
		y2, ok := s.num(i+2, 4, 4)
		if !ok {
			return cand{}, false
		}
		return s.make(i, i+3, parts{y1: y1, y2: y2, yy2: -1, periodOnly: true})
	},
}

// monthRules are the calendar patterns starting with a month name.
var monthRules = []func(*scanner, int) (cand, bool){
	// November 7, 2022
	func(s *scanner, i int) (cand, bool) {
		m, name, j := s.month(i)
		d, ok := s.num(j, 1, 2)
		if !s.sp(j) || !ok {
			return cand{}, false
		}
		y, j2 := s.yearTail(s.ordinal(j + 1))
		if y == 0 {
			return cand{}, false
		}
		return s.make(i, j2, parts{d1: d, m1: m, name1: name, y1: y, yy2: -1})
	},
	// June 30 - July 2, June 30, 2023 - July 2, 2023
	func(s *scanner, i int) (cand, bool) {
		m1, n1, j := s.month(i)
		d1, ok := s.num(j, 1, 2)
		if !s.sp(j) || !ok {
			return cand{}, false
		}
		y1, j := s.yearTail(s.ordinal(j + 1))
		j = s.rangeSep(j)
		if j < 0 {
			return cand{}, false
		}
		m2, n2, j := s.month(j)
		if m2 == 0 {
			return cand{}, false
		}
		d2, ok := s.num(j, 1, 2)
		if !s.sp(j) || !ok {
			return cand{}, false
		}
		y2, j := s.yearTail(s.ordinal(j + 1))
		return s.make(i, j, parts{d1: d1, d2: d2, m1: m1, m2: m2, name1: n1, name2: n2, y1: y1, y2: y2, yy2: -1})
	},
	// June 1-2, June 1-2, 2023
	func(s *scanner, i int) (cand, bool) {
		m1, n1, j := s.month(i)
		d1, ok := s.num(j, 1, 2)
		if !s.sp(j) || !ok {
			return cand{}, false
		}
		j = s.rangeSep(s.ordinal(j + 1))
		d2, ok := s.num(j, 1, 2)
		if j < 0 || !ok {
			return cand{}, false
		}
		y2, j := s.yearTail(s.ordinal(j + 1))
		return s.make(i, j, parts{d1: d1, d2: d2, m1: m1, name1: n1, y2: y2, yy2: -1})
	},
	// November 2022, Nov. 2022, November of 2022
	func(s *scanner, i int) (cand, bool) {
		m, name, j := s.month(i)
		if s.isPunct(j, ',') && glued(s.ts, j) {
			j++
		}
		if !s.sp(j) {
			return cand{}, false
		}
		if s.ts[j].kind == tWord && lower(s.str(j)) == "of" {
			j++
			if !s.sp(j) {
				return cand{}, false
			}
		}
		y, ok := s.num(j, 4, 4)
		if !ok {
			return cand{}, false
		}
		return s.make(i, s.yearWord(j+1), parts{m1: m, name1: name, y1: y, yy2: -1})
	},
	// April 4, April 4th
	func(s *scanner, i int) (cand, bool) {
		m, name, j := s.month(i)
		d, ok := s.num(j, 1, 2)
		if !s.sp(j) || !ok {
			return cand{}, false
		}
		return s.make(i, s.ordinal(j+1), parts{d1: d, m1: m, name1: name, yy2: -1})
	},
}

// beforeDate reports whether weekday candidate c directly precedes an
// absolute date ("on Tuesday, April 4"), which then dates it instead.
func (s *scanner) beforeDate(c cand, rest []cand) bool {
	if len(rest) == 0 || rest[0].weekday {
		return false
	}
	for j := c.b; j < rest[0].a; j++ {
		if s.ts[j].kind == tPunct {
			switch s.str(j) {
			case ",", "(":
				continue
			}
			return false
		}
		switch lower(s.str(j)) {
		case "the", "den", "dem":
			continue
		}
		return false
	}
	return true
}

// futureCue reports whether tokens [a, b) are governed by a future-tense
// word ("will", "wird", ...): one of the eight words before them in the
// sentence, or of the two words after them ("Am Freitag wird ...").
func (s *scanner) futureCue(a, b int) bool {
	n := 0
	for k := a - 1; k >= 0 && n < 8; k-- {
		if s.ts[k].kind == tPunct {
			continue
		}
		n++
		if s.lex[k].has(fFuture) {
			return true
		}
	}
	n = 0
	for k := b; k < len(s.ts) && n < 2; k++ {
		if s.ts[k].kind == tPunct {
			continue
		}
		n++
		if s.lex[k].has(fFuture) {
			return true
		}
	}
	return false
}

// langFlags maps a language tag to the word sets to use: English,
// German or Russian, all three when the language is another or unknown.
func langFlags(lang string) (en, de, ru bool) {
	l := lower(lang)
	switch {
	case len(l) >= 2 && l[:2] == "en":
		return true, false, false
	case len(l) >= 2 && l[:2] == "de":
		return false, true, false
	case len(l) >= 2 && l[:2] == "ru":
		return false, false, true
	}
	return true, true, true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 9; i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// numericDate reads three numbers written together with sep between them
// and no space anywhere (2025-04-04, 4.4.2025), each of the digit counts
// given (at least, at most).
func (s *scanner) numericDate(i int, sep rune, digits [3][2]int) ([3]int, bool) {
	var v [3]int
	for k := range 3 {
		at := i + 2*k
		if k > 0 && (!s.isPunct(at-1, sep) || !glued(s.ts, at-1) || !glued(s.ts, at)) {
			return v, false
		}
		n, ok := s.num(at, digits[k][0], digits[k][1])
		if !ok {
			return v, false
		}
		v[k] = n
	}
	return v, true
}
