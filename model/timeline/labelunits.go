package timeline

import (
	"strings"
	"unicode/utf8"
)

// Label units: the words and signs of a sentence the headline is made of.

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
