package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Fold lower-cases s and removes diacritics ("Šefčovič" → "sefcovic"); it
// also returns, for each byte of the result, the offset in s of the rune it
// came from, plus one final entry for len(s).
func Fold(s string) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	back := make([]int, 0, len(s)+1)
	var buf [utf8.UTFMax * 4]byte
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		for _, d := range norm.NFD.String(string(r)) {
			if unicode.Is(unicode.Mn, d) {
				continue
			}
			switch d {
			case 'ß':
				d = 's' // ß folds to "ss": emit one s here and one below
				b.WriteByte('s')
				back = append(back, i)
			case 'ı':
				d = 'i'
			}
			n := utf8.EncodeRune(buf[:], unicode.ToLower(d))
			b.Write(buf[:n])
			for k := 0; k < n; k++ {
				back = append(back, i)
			}
		}
		i += size
	}
	back = append(back, len(s))
	return b.String(), back
}

// FindAll returns every occurrence of needle in text, ignoring case and
// diacritics, as byte ranges of text. An empty needle finds nothing.
func FindAll(text, needle string) []Span {
	n, _ := Fold(strings.TrimSpace(needle))
	if n == "" {
		return nil
	}
	hay, back := Fold(text)
	var out []Span
	for from := 0; from <= len(hay)-len(n); {
		k := strings.Index(hay[from:], n)
		if k < 0 {
			break
		}
		start, end := from+k, from+k+len(n)
		s := back[start]
		e := back[end]
		// end is the first byte after the match: extend e to the end of the
		// rune that produced the last matched byte.
		last := back[end-1]
		_, size := utf8.DecodeRuneInString(text[last:])
		e = max(e, last+size)
		if e > s && (len(out) == 0 || s >= out[len(out)-1].End) {
			out = append(out, Span{Start: s, End: e})
		}
		from = end
	}
	return out
}

// SentenceAt returns the sentence of text that contains offset: from after
// the previous sentence end (. ! ? followed by a space, or a line break) to
// its own end, trimmed. A dot after a title or an initial ("Dr. Jones",
// "John M. Roberts") does not end a sentence: a quote does not lose them.
func SentenceAt(text string, offset int) Span {
	offset = min(max(offset, 0), len(text))
	start := 0
	for i := offset - 1; i >= 0; i-- {
		if text[i] == '\n' || (i+1 < len(text) && endsSentence(text, i) && text[i+1] == ' ' && i+1 < offset) {
			start = i + 1
			break
		}
	}
	end := len(text)
	for i := offset; i < len(text); i++ {
		if text[i] == '\n' {
			end = i
			break
		}
		if endsSentence(text, i) && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n') {
			end = i + 1
			break
		}
	}
	for start < end && (text[start] == ' ' || text[start] == '\t') {
		start++
	}
	return Span{Start: start, End: end}
}

// endsSentence reports whether the byte at i is a sentence end: ! or ?, or
// a dot that does not close a title or an initial.
func endsSentence(text string, i int) bool {
	switch text[i] {
	case '!', '?':
		return true
	case '.':
	default:
		return false
	}
	w := i
	for w > 0 && w > i-8 && isASCIILetter(text[w-1]) {
		w--
	}
	if w > 0 && isASCIILetter(text[w-1]) || w == i {
		return true // a long word, or no word: the dot ends the sentence
	}
	if w > 0 && text[w-1] >= '0' && text[w-1] <= '9' {
		return true // "the 1st."
	}
	if w > 0 && text[w-1] == '.' {
		return false // "e.g.", "U.S."
	}
	word := strings.ToLower(text[w:i])
	switch {
	case len(word) == 1 && text[w] >= 'A' && text[w] <= 'Z':
		return false // an initial
	case isTitleAbbrev(word):
		return false
	case isNumberAbbrev(word):
		j := i + 1
		for j < len(text) && text[j] == ' ' {
			j++
		}
		return j == len(text) || text[j] < '0' || text[j] > '9' // "No. 5"
	}
	return true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isTitleAbbrev reports whether a lower-case word is an abbreviation after
// which a dot never ends a sentence (a title before a name; English and
// German).
func isTitleAbbrev(w string) bool {
	switch w {
	case "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "gen", "sen", "rep", "hon", "rev", "amb",
		"capt", "col", "lt", "sgt", "messrs", "dipl", "ing", "mag", "approx", "ca", "bzw", "vgl", "ggf", "inkl":
		return true
	}
	return false
}

// isNumberAbbrev reports whether a lower-case word is an abbreviation
// whose dot does not end a sentence when a number follows ("No. 5").
func isNumberAbbrev(w string) bool {
	switch w {
	case "no", "nr", "nos", "vol", "fig", "art", "p", "pp", "ch":
		return true
	}
	return false
}
