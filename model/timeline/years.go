package timeline

import (
	"strings"
	"unicode/utf8"
)

// currencyRunes before a number mark it as money.
const currencyRunes = "€$£¥₸₽#+§№"

// loneYear reads a four-digit year standing alone in a date-like context:
// "in 2022", "since 2019", "mid-2024", "end of 2021", "the 2022 Memorandum".
func (s *scanner) loneYear(i int) (cand, bool) {
	y, ok := s.num(i, 4, 4)
	if !ok || y < minYear || y > maxYear || !s.yearContext(i) {
		return cand{}, false
	}
	return cand{a: i, b: s.yearWord(i + 1), r: yearsRange(y, y), st: stOK, prio: 50}, true
}

// yearContext reports whether the number token i reads as a year.
func (s *scanner) yearContext(i int) bool {
	if !s.endOK(i+1) || !s.quantityFree(i, i+1) {
		return false
	}
	if j := i + 1; j < len(s.ts) && glued(s.ts, j) && s.ts[j].kind == tPunct {
		switch s.str(j) {
		case "%", "°":
			return false
		case "-", "/", ".", ",", ":":
			if j+1 < len(s.ts) && glued(s.ts, j+1) && s.ts[j+1].kind == tNum {
				return false
			}
		}
	}
	if glued(s.ts, i) && s.ts[i-1].kind == tPunct {
		switch s.str(i - 1) {
		case ".", ",", "-", "/", ":":
			if i >= 2 && glued(s.ts, i-1) && s.ts[i-2].kind == tNum {
				return false
			}
		}
	}
	// mid-2024, end-2023
	if i >= 2 && glued(s.ts, i) && s.isPunct(i-1, '-') && glued(s.ts, i-1) && s.lex[i-2].has(fHyphenPrep) &&
		(i == 2 || !glued(s.ts, i-2) || s.ts[i-3].kind == tPunct) {
		return s.followsLikeYear(i + 1)
	}
	if i == 0 || !s.sp(i) || s.ts[i-1].kind != tWord {
		return false
	}
	prev := s.lex[i-1]
	switch w := lower(s.str(i - 1)); {
	case w == "by" && i >= 2 && changeVerbs[lower(s.str(i-2))]:
		return false // "rose by 2030": an amount
	case prev.has(fYearPrep):
	case w == "of":
		if i < 2 || !s.sp(i-1) || s.ts[i-2].kind != tWord || !s.lex[i-2].has(fOfHead) {
			return false
		}
	case w == "the" && s.en:
		// "the 2022 EU–Kazakhstan Memorandum": a year used as an adjective.
		if i+1 >= len(s.ts) || !s.sp(i+1) || s.ts[i+1].kind != tWord || !isUpperStart(s.str(i+1)) {
			return false
		}
	default:
		return false
	}
	return s.followsLikeYear(i + 1)
}

// changeVerbs say by how much something changed: "rose by 2030" is an amount.
var changeVerbs = set(`rose rise rises risen fell fall falls fallen grew grow grows grown increased increase increases
	decreased decrease decreases declined decline declines dropped drop drops cut cuts reduced reduce reduces
	raised raise raises climbed jumped surged slipped gained lost up down`)

// followsLikeYear rejects years followed by a lower-case English noun.
func (s *scanner) followsLikeYear(j int) bool {
	if !s.en || j >= len(s.ts) || !s.sp(j) || s.ts[j].kind != tWord {
		return true
	}
	w := s.str(j)
	return !isLowerStart(w) || s.lex[j].has(fFollowOK)
}

// quantityFree reports that the numbers of tokens [a, b) are not money or
// a measured quantity ("€2000", "2000 tonnes").
func (s *scanner) quantityFree(a, b int) bool {
	if a > 0 && s.ts[a-1].kind == tPunct {
		r, _ := utf8.DecodeRuneInString(s.str(a - 1))
		if strings.ContainsRune(currencyRunes, r) {
			return false
		}
	}
	return b >= len(s.ts) || !s.sp(b) || s.ts[b].kind != tWord || !s.lex[b].has(fUnit)
}
