package timeline

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Regexp building blocks. Every rule starts with lead (a non-word rune or
// the start of the text, not part of the expression) and captures the
// expression in the group "expr".
const (
	lead   = `(?:^|[^\p{L}\p{N}\p{M}])`
	hspace = `[ \t\x{00A0}\x{2007}\x{2009}\x{202F}]`
	sp     = hspace + `+`
	osp    = hspace + `*`
	dash   = `[\-\x{2010}-\x{2015}\x{2212}]`
	ord    = `(?:st|nd|rd|th)?`
	// dmTail joins a day to a following month: "4 ", "4th of ", "4. ".
	dmTail = `(?:\.` + osp + `|` + ord + `(?:` + sp + `of)?` + sp + `)`
	// rangeSep joins the two ends of a range: "-", "–", " to ", " bis ".
	rangeSep = `(?:` + osp + dash + osp + `|` + sp + `(?:to|through|until|till|bis)` + sp + `)`
)

func mon(name string) string { return `(?P<` + name + `>` + monthAlt + `)` }

func yearTail(name string) string { return `(?:,?` + sp + `(?P<` + name + `>\d{4}))` }

// dateRule is one compiled expression pattern with its group indexes.
type dateRule struct {
	re  *regexp.Regexp
	idx map[string]int
}

func newRule(prefix, body string) dateRule {
	re := regexp.MustCompile(`(?i)` + lead + prefix + `(?P<expr>` + body + `)`)
	idx := map[string]int{}
	for i, n := range re.SubexpNames() {
		if n != "" {
			idx[n] = i
		}
	}
	return dateRule{re, idx}
}

// absoluteRules are the calendar date patterns, most specific first (the
// order only breaks ties between equally long matches).
var absoluteRules = []dateRule{
	// 7 November 2022, 7th of November, 2022, 4. April 2025
	newRule(``, `(?P<d1>\d{1,2})`+dmTail+mon("m1")+yearTail("y1")),
	// November 7, 2022
	newRule(``, mon("m1")+sp+`(?P<d1>\d{1,2})`+ord+yearTail("y1")),
	// 2025-04-04
	newRule(``, `(?P<y1>\d{4})-(?P<n1>\d{2})-(?P<d1>\d{2})`),
	// 04.04.2025
	newRule(``, `(?P<d1>\d{1,2})\.(?P<n1>\d{1,2})\.(?P<y1>\d{4})`),
	// June 30 - July 2, June 30, 2023 - July 2, 2023
	newRule(``, mon("m1")+sp+`(?P<d1>\d{1,2})`+ord+yearTail("y1")+`?`+rangeSep+mon("m2")+sp+`(?P<d2>\d{1,2})`+ord+yearTail("y2")+`?`),
	// 30 June - 2 July 2023, 30. Juni bis 2. Juli
	newRule(``, `(?P<d1>\d{1,2})`+dmTail+mon("m1")+yearTail("y1")+`?`+rangeSep+`(?P<d2>\d{1,2})`+dmTail+mon("m2")+yearTail("y2")+`?`),
	// June 1-2, June 1-2, 2023
	newRule(``, mon("m1")+sp+`(?P<d1>\d{1,2})`+ord+rangeSep+`(?P<d2>\d{1,2})`+ord+yearTail("y2")+`?`),
	// 1-2 June, 1.–2. Juni 2023, 1. bis 2. Juni
	newRule(``, `(?P<d1>\d{1,2})(?:\.|`+ord+`)`+rangeSep+`(?P<d2>\d{1,2})`+dmTail+mon("m2")+yearTail("y2")+`?`),
	// November 2022, Nov. 2022, November of 2022
	newRule(``, mon("m1")+`(?:,?`+sp+`(?:of`+sp+`)?)(?P<y1>\d{4})`),
	// April 4, April 4th
	newRule(``, mon("m1")+sp+`(?P<d1>\d{1,2})`+ord),
	// 4 April, 4th of April, 4. April
	newRule(``, `(?P<d1>\d{1,2})`+dmTail+mon("m1")),
	// 2023-2024, 2023–2024, 2023/24
	newRule(``, `(?P<y1>\d{4})`+osp+`(?:`+dash+`|/)`+osp+`(?:(?P<y2>\d{4})|(?P<yy2>\d{2}))`),
	// 2023 to 2024, 2023 bis 2024
	newRule(``, `(?P<y1>\d{4})`+sp+`(?:to|through|until|till|bis)`+sp+`(?P<y2>\d{4})`),
	// between 2023 and 2024
	newRule(`(?:between|zwischen)`+sp, `(?P<y1>\d{4})`+sp+`(?:and|und)`+sp+`(?P<y2>\d{4})`),
}

// absolute collects the calendar date expressions of the text.
func (s *scan) absolute(cands []candidate) []candidate {
	for prio, rule := range absoluteRules {
		for _, m := range findAll(rule.re, s.text, s.digits) {
			e := rule.idx["expr"]
			a, b := m[2*e], m[2*e+1]
			if !endOK(s.text, b) && !isoTimestamp(s.text, a, b) {
				continue
			}
			get := func(name string) string {
				i, ok := rule.idx[name]
				if !ok || m[2*i] < 0 {
					return ""
				}
				return s.text[m[2*i]:m[2*i+1]]
			}
			r, st := s.interpret(get, a, b)
			if st == stReject {
				continue
			}
			cands = append(cands, candidate{start: a, end: b, r: r, status: st, prio: prio})
		}
	}
	return cands
}

// isoTimestamp reports an ISO date followed by a time: "2025-04-04T10:00".
func isoTimestamp(text string, a, b int) bool {
	return b-a == 10 && text[a+4] == '-' && runeAt(text, b) == 'T' && isASCIIDigit(runeAt(text, b+1))
}

// interpret turns the captured parts of a date expression into a range.
func (s *scan) interpret(get func(string) string, a, b int) (rng, candStatus) {
	d1, d2 := get("d1"), get("d2")
	m1, m2, n1 := get("m1"), get("m2"), get("n1")
	y1, y2, yy2 := atoi(get("y1")), atoi(get("y2")), get("yy2")
	switch {
	case d1 == "" && m1 == "" && n1 == "": // period of years
		if yy2 != "" {
			y2 = y1/100*100 + atoi(yy2)
			if y2 <= y1 {
				y2 += 100
			}
			if y2-y1 > 10 {
				return rng{}, stBlock
			}
		}
		if y1 < minYear || y2 > maxYear || y2 <= y1 || y2-y1 > maxSpanYears || !s.quantityFree(a, b) {
			return rng{}, stBlock
		}
		return yearsRange(y1, y2), stOK
	case d1 == "": // month and year
		if y1 < minYear || y1 > maxYear || monthOf(m1) == 0 {
			return rng{}, stBlock
		}
		return monthRange(y1, monthOf(m1)), stOK
	case d2 == "": // one day
		m := monthOf(m1)
		if n1 != "" {
			m = time.Month(atoi(n1))
		}
		d := atoi(d1)
		if y1 != 0 {
			if !validDay(y1, m, d) {
				return rng{}, stBlock
			}
			return dayRange(mkDay(y1, m, d)), stOK
		}
		if lowerAmbiguous(m1) {
			return rng{}, stReject
		}
		if !validDayAnyYear(m, d) {
			return rng{}, stBlock
		}
		y, ok := s.ref.yearFor(m, d, s.futureCue(a, b))
		if !ok {
			return rng{}, stBlock
		}
		return dayRange(mkDay(y, m, d)), stOK
	}
	return s.dayRangeOf(m1, m2, atoi(d1), atoi(d2), y1, y2, a, b)
}

// dayRangeOf resolves "June 1-2", "30 June - 2 July 2023" and the like.
func (s *scan) dayRangeOf(m1, m2 string, da, db, ya, yb, a, b int) (rng, candStatus) {
	ma, mb := monthOf(m1), monthOf(m2)
	if ma == 0 {
		ma = mb
	}
	if mb == 0 {
		mb = ma
	}
	wraps := mb < ma || (mb == ma && db < da)
	switch {
	case ya == 0 && yb == 0:
		if lowerAmbiguous(m1) || lowerAmbiguous(m2) {
			return rng{}, stReject
		}
		if !validDayAnyYear(ma, da) {
			return rng{}, stBlock
		}
		y, ok := s.ref.yearFor(ma, da, s.futureCue(a, b))
		if !ok {
			return rng{}, stBlock
		}
		ya, yb = y, y
		if wraps {
			yb++
		}
	case ya == 0:
		ya = yb
		if wraps {
			ya--
		}
	case yb == 0:
		yb = ya
		if wraps {
			yb++
		}
	}
	if !validDay(ya, ma, da) || !validDay(yb, mb, db) {
		return rng{}, stBlock
	}
	r := rng{mkDay(ya, ma, da), mkDay(yb, mb, db), Span}
	w := r.width()
	if w < 0 || w > maxSpanDays {
		return rng{}, stBlock
	}
	if w == 0 {
		r.prec = Day
	}
	return r, stOK
}

// lowerAmbiguous reports a lower-case "may"/"march", which is more likely
// a verb than a month when no year follows.
func lowerAmbiguous(m string) bool {
	if !ambiguousMonths[strings.ToLower(m)] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(m)
	return unicode.IsLower(r)
}
