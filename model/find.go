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
// its own end, trimmed.
func SentenceAt(text string, offset int) Span {
	offset = min(max(offset, 0), len(text))
	start := 0
	for i := offset - 1; i >= 0; i-- {
		if text[i] == '\n' || (i+1 < len(text) && (text[i] == '.' || text[i] == '!' || text[i] == '?') && text[i+1] == ' ' && i+1 < offset) {
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
		if (text[i] == '.' || text[i] == '!' || text[i] == '?') && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n') {
			end = i + 1
			break
		}
	}
	for start < end && (text[start] == ' ' || text[start] == '\t') {
		start++
	}
	return Span{Start: start, End: end}
}
