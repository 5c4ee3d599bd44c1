package timeline

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// loneYearRe finds four-digit numbers; yearContext decides which are years.
var loneYearRe = regexp.MustCompile(`(?:^|[^\p{L}\p{N}\p{M}])(\d{4})`)

// yearPreps are words (folded lower case) after which a four-digit number
// is read as a year: "in 2022", "seit 2022", "Ende 2022".
var yearPreps = map[string]bool{
	"in": true, "since": true, "until": true, "till": true, "during": true, "throughout": true,
	"before": true, "after": true, "early": true, "late": true, "mid": true, "year": true, "fiscal": true,
	"spring": true, "summer": true, "autumn": true, "fall": true, "winter": true,
	"q1": true, "q2": true, "q3": true, "q4": true, "h1": true, "h2": true,
	"im": true, "seit": true, "bis": true, "ab": true, "anfang": true, "mitte": true, "ende": true,
	"beginn": true, "jahr": true, "jahre": true, "jahres": true, "fruhjahr": true, "fruhling": true,
	"sommer": true, "herbst": true,
}

// ofHeads are words that make "<word> of 2022" a year: "end of 2022".
var ofHeads = map[string]bool{
	"end": true, "start": true, "beginning": true, "middle": true, "half": true, "quarter": true,
	"spring": true, "summer": true, "autumn": true, "fall": true, "winter": true, "rest": true,
	"course": true, "year": true, "as": true,
}

// hyphenPreps are prefixes like "mid-2024".
var hyphenPreps = []string{"mid-", "end-", "early-", "late-"}

// unitWords (folded lower case) after a number mark it as a quantity.
var unitWords = map[string]bool{
	"t": true, "kt": true, "mt": true, "kg": true, "g": true, "km": true, "m": true, "km2": true, "sq": true,
	"square": true, "tonnes": true, "tons": true, "ton": true, "tonnen": true, "hectares": true, "ha": true,
	"acres": true, "people": true, "persons": true, "residents": true, "inhabitants": true, "employees": true,
	"workers": true, "staff": true, "jobs": true, "units": true, "pieces": true, "items": true, "cars": true,
	"vehicles": true, "homes": true, "households": true, "students": true, "participants": true,
	"visitors": true, "deposits": true, "companies": true, "firms": true, "projects": true, "years": true,
	"months": true, "days": true, "hours": true, "minutes": true, "jahre": true, "jahren": true,
	"monate": true, "monaten": true, "tage": true, "tagen": true, "stunden": true, "menschen": true,
	"personen": true, "einwohner": true, "mitarbeiter": true, "mitarbeitern": true, "beschaftigte": true,
	"arbeitsplatze": true, "stuck": true, "euro": true, "euros": true, "eur": true, "usd": true,
	"dollar": true, "dollars": true, "tenge": true, "kzt": true, "rubel": true, "rubles": true,
	"pounds": true, "prozent": true, "percent": true, "per": true, "mal": true, "times": true,
	"million": true, "millions": true, "billion": true, "billions": true, "mio": true, "mrd": true,
	"millionen": true, "milliarden": true, "tausend": true, "thousand": true, "bn": true, "mln": true,
	"mw": true, "gw": true, "kw": true, "mwh": true, "gwh": true, "twh": true, "kwh": true, "meter": true,
	"metres": true, "meters": true, "kilometer": true, "kilometres": true, "kilometers": true,
	"barrels": true, "bbl": true, "points": true, "punkte": true, "x": true,
}

// followOK are lower-case English words that may follow a year ("in 2022
// the EU ..."); any other lower-case word suggests a quantity ("in 2000 cases").
var followOK = map[string]bool{
	"and": true, "or": true, "to": true, "the": true, "a": true, "an": true, "as": true, "at": true,
	"by": true, "for": true, "from": true, "in": true, "into": true, "of": true, "on": true,
	"onwards": true, "onward": true, "when": true, "while": true, "with": true, "was": true, "were": true,
	"is": true, "are": true, "has": true, "had": true, "have": true, "will": true, "would": true,
	"could": true, "should": true, "can": true, "may": true, "might": true, "must": true, "but": true,
	"after": true, "before": true, "until": true, "since": true, "through": true, "which": true,
	"that": true, "who": true, "where": true, "respectively": true, "compared": true, "than": true,
	"under": true, "amid": true, "following": true, "also": true, "already": true, "again": true,
}

// currencyRunes before a number mark it as money.
const currencyRunes = "€$£¥₸₽#+§№"

// loneYears collects four-digit years standing alone in a date-like context.
func (s *scan) loneYears(cands []candidate) []candidate {
	for _, m := range findAll(loneYearRe, s.text, s.digits) {
		a, b := m[2], m[3]
		y := atoi(s.text[a:b])
		if y < minYear || y > maxYear || !s.yearContext(a, b) {
			continue
		}
		cands = append(cands, candidate{start: a, end: b, r: yearsRange(y, y), status: stOK, prio: 100})
	}
	return cands
}

// yearContext reports whether the number at [a, b) reads as a year.
func (s *scan) yearContext(a, b int) bool {
	t := s.text
	if !endOK(t, b) || !s.quantityFree(a, b) {
		return false
	}
	if r := runeAt(t, b); r == '%' || r == '°' || ((r == '-' || r == '/' || r == '.' || r == ',' || r == ':') && isASCIIDigit(runeAt(t, b+1))) {
		return false
	}
	if p := runeBefore(t, a); (p == '.' || p == ',' || p == '-' || p == '/' || p == ':') && isASCIIDigit(runeBefore(t, a-1)) {
		return false
	}
	for _, h := range hyphenPreps {
		if a >= len(h) && strings.EqualFold(t[a-len(h):a], h) && !isWordRune(runeBefore(t, a-len(h))) {
			return s.followsLikeYear(b)
		}
	}
	prev, prevStart := wordBeforeSpace(t, a)
	switch p := foldWord(prev); {
	case yearPreps[p]:
	case p == "of":
		head, _ := wordBeforeSpace(t, prevStart)
		if !ofHeads[foldWord(head)] {
			return false
		}
	case p == "the" && s.en:
		// "the 2022 EU–Kazakhstan Memorandum": a year used as an adjective.
		next := nextWord(t, b)
		r, _ := utf8.DecodeRuneInString(next)
		if next == "" || !unicode.IsUpper(r) {
			return false
		}
	default:
		return false
	}
	return s.followsLikeYear(b)
}

// followsLikeYear rejects years followed by a lower-case English noun.
func (s *scan) followsLikeYear(b int) bool {
	next := nextWord(s.text, b)
	if next == "" || !s.en {
		return true
	}
	r, _ := utf8.DecodeRuneInString(next)
	return !unicode.IsLower(r) || followOK[strings.ToLower(next)]
}

// quantityFree reports that the number at [a, b) is not money or a
// measured quantity ("€2000", "2000 tonnes").
func (s *scan) quantityFree(a, b int) bool {
	t := s.text
	i := a
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(t[:i])
		if r != ' ' && r != '\u00a0' {
			break
		}
		i -= size
	}
	if p := runeBefore(t, i); p >= 0 && strings.ContainsRune(currencyRunes, p) {
		return false
	}
	return !unitWords[foldWord(nextWord(t, b))]
}

// wordBeforeSpace returns the word that ends just before byte i, separated
// from it only by horizontal space, and its start offset.
func wordBeforeSpace(t string, i int) (string, int) {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(t[:j])
		if r != ' ' && r != '\t' && r != '\u00a0' {
			break
		}
		j -= size
	}
	if j == i {
		return "", i
	}
	k := j
	for k > 0 {
		r, size := utf8.DecodeLastRuneInString(t[:k])
		if !isWordRune(r) {
			break
		}
		k -= size
	}
	return t[k:j], k
}

// nextWord returns the word after byte i, skipping horizontal space only;
// "" when punctuation or a line break comes first.
func nextWord(t string, i int) string {
	for i < len(t) {
		r, size := utf8.DecodeRuneInString(t[i:])
		if r != ' ' && r != '\t' && r != '\u00a0' {
			break
		}
		i += size
	}
	j := i
	for j < len(t) {
		r, size := utf8.DecodeRuneInString(t[j:])
		if !isWordRune(r) {
			break
		}
		j += size
	}
	return t[i:j]
}
