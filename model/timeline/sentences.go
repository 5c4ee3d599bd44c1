package timeline

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a byte range [start, end) in a text.
type span struct{ start, end int }

// abbrevAlways are abbreviations (lower case, without dot) after which a
// dot never ends a sentence.
var abbrevAlways = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "jr": true, "sr": true,
	"vs": true, "approx": true, "ca": true, "bzw": true, "vgl": true, "ggf": true, "inkl": true,
	"mio": true, "mrd": true, "tsd": true, "hr": true, "gen": true, "gov": true, "sen": true, "rep": true,
	"capt": true, "col": true, "lt": true, "sgt": true, "mt": true, "dipl": true, "ing": true, "mag": true,
	"hon": true, "rev": true, "messrs": true, "amb": true, "dept": true, "est": true, "corp": true,
}

// abbrevNumber are abbreviations after which a dot does not end a sentence
// when a number follows ("No. 5", "Nov. 7").
var abbrevNumber = map[string]bool{
	"no": true, "nr": true, "nos": true, "art": true, "abs": true, "p": true, "pp": true, "vol": true,
	"fig": true, "ch": true, "jan": true, "feb": true, "mar": true, "mär": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "okt": true, "nov": true,
	"dec": true, "dez": true,
}

func isTerminal(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

func isCloser(r rune) bool { return strings.ContainsRune(`"')]”’»«›‹“`, r) }

func isBreak(r rune) bool { return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' }

// maxSentence bounds the bytes read as one sentence: a longer run without
// a sentence end (a table, a list, hostile input) is cut into pieces, so
// that the work and memory of one sentence stay bounded.
const maxSentence = 2048

// splitSentences cuts text into trimmed sentences: at line breaks (unless
// the next line continues a hard-wrapped sentence with a lower-case word)
// and at . ! ? … followed by white space, except after abbreviations,
// initials, dotted acronyms, German ordinal dates ("4. April") and before
// lower-case words. A sentence longer than maxSentence bytes is cut at
// spaces (see cutLong).
func splitSentences(text string) []span {
	var out []span
	start := 0
	emit := func(a, b int) {
		a, b = trimSpan(text, a, b)
		for b-a > maxSentence {
			cut := cutLong(text, a)
			if p, q := trimSpan(text, a, cut); p < q {
				out = append(out, span{p, q})
			}
			a, b = trimSpan(text, cut, b)
		}
		if a < b {
			out = append(out, span{a, b})
		}
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && c != '\n' && c != '\r' && c != '.' && c != '!' && c != '?' {
			i++ // most bytes: plain ASCII inside a sentence
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isBreak(r) && wrapped(text, start, i+size):
			i += size
		case isBreak(r):
			emit(start, i)
			start = i + size
			i += size
		case isTerminal(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !isTerminal(r2) && !isCloser(r2) {
					break
				}
				j += s2
			}
			if endsSentence(text, i, r, j) {
				emit(start, j)
				start = j
			}
			i = j
		default:
			i += size
		}
	}
	emit(start, len(text))
	return out
}

// cutLong returns where to cut the piece of at most maxSentence bytes that
// starts at a: after its last space in the second half, else at a rune
// boundary.
func cutLong(text string, a int) int {
	end := a + maxSentence
	if i := strings.LastIndexByte(text[a+maxSentence/2:end], ' '); i >= 0 {
		return a + maxSentence/2 + i + 1
	}
	for end > a && !utf8.RuneStart(text[end]) {
		end--
	}
	return end
}

// wrapped reports a hard-wrapped line: the sentence so far is not empty
// and the next line continues it with a lower-case word.
func wrapped(text string, start, next int) bool {
	if strings.TrimSpace(text[start:next]) == "" {
		return false
	}
	for next < len(text) {
		r, size := utf8.DecodeRuneInString(text[next:])
		if r != ' ' && r != '\t' {
			return unicode.IsLower(r)
		}
		next += size
	}
	return false
}

// endsSentence decides whether the terminal rune r at i (punctuation run
// ending at j) closes a sentence.
func endsSentence(text string, i int, r rune, j int) bool {
	if j < len(text) {
		r2, _ := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsSpace(r2) {
			return false
		}
	}
	k := skipSpace(text, j)
	if k >= len(text) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[k:])
	if unicode.IsLower(next) {
		return false
	}
	if r != '.' {
		return true
	}
	w := wordBefore(text, i)
	if w == "" {
		return true
	}
	first, _ := utf8.DecodeRuneInString(w)
	switch {
	case strings.Contains(w, "."): // U.S., e.g., H.E., z.B.
		return false
	case utf8.RuneCountInString(w) == 1 && unicode.IsLetter(first): // initials
		return false
	}
	if len(w) <= 8 {
		var buf [8]byte
		n := copy(buf[:], w)
		for i := range n {
			if buf[i] >= 'A' && buf[i] <= 'Z' {
				buf[i] += 'a' - 'A'
			}
		}
		if abbrevAlways[string(buf[:n])] {
			return false
		}
		if abbrevNumber[string(buf[:n])] && unicode.IsDigit(next) {
			return false
		}
	}
	if len(w) <= 2 && isDigits(w) && dateLexicon().lookup(strings.TrimSuffix(leadingWord(text[k:]), ".")).month != 0 {
		return false // German ordinal date "4. April"
	}
	return true
}

// wordBefore returns the run of letters, digits and dots ending at i,
// without leading dots.
func wordBefore(text string, i int) string {
	a := i
	for a > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:a])
		if !isWordRune(r) && r != '.' {
			break
		}
		a -= size
	}
	return strings.TrimLeft(text[a:i], ".")
}

// leadingWord returns the letters (and a trailing dot) at the start of s.
func leadingWord(s string) string {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !unicode.IsLetter(r) {
			if r == '.' {
				n += size
			}
			break
		}
		n += size
	}
	return s[:n]
}

func skipSpace(text string, j int) int {
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsSpace(r) {
			break
		}
		j += size
	}
	return j
}

func trimSpan(text string, a, b int) (int, int) {
	for a < b {
		r, size := utf8.DecodeRuneInString(text[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		a += size
	}
	for b > a {
		r, size := utf8.DecodeLastRuneInString(text[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		b -= size
	}
	return a, b
}

// enclosing returns the range covered by the sentences overlapping [a, b),
// extended to include [a, b) itself.
func enclosing(sents []span, a, b int) span {
	first := sort.Search(len(sents), func(k int) bool { return sents[k].end > a })
	last := sort.Search(len(sents), func(k int) bool { return sents[k].start >= b }) - 1
	out := span{a, b}
	if first <= last && first < len(sents) && last >= 0 {
		out.start = min(out.start, sents[first].start)
		out.end = max(out.end, sents[last].end)
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
