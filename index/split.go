package index

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// splitFilter splits tokens where letters meet digits ("COP27" → "COP",
// "27"; "H2" → "H", "2"), keeping exact byte offsets and renumbering the
// positions after each split, so that "COP27" and "COP-27" are the same two
// words in a row.
type splitFilter struct{}

// Filter splits the tokens of the stream.
func (splitFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	shift := 0
	for i, tok := range input {
		parts := splitPoints(tok.Term)
		if len(parts) == 0 {
			if out != nil {
				tok.Position += shift
				out = append(out, tok)
			}
			continue
		}
		if out == nil {
			out = make(analysis.TokenStream, 0, len(input)+4)
			out = append(out, input[:i]...)
		}
		from := 0
		for k, cut := range append(parts, len(tok.Term)) {
			out = append(out, &analysis.Token{
				Term:     append([]byte(nil), tok.Term[from:cut]...),
				Start:    tok.Start + from,
				End:      tok.Start + cut,
				Position: tok.Position + shift + k,
				Type:     tok.Type,
			})
			from = cut
		}
		shift += len(parts)
	}
	if out == nil {
		return input
	}
	return out
}

// splitPoints returns the byte offsets inside term where a run of letters
// meets a run of digits; nil when there are none.
func splitPoints(term []byte) []int {
	// Most terms are ASCII letters only, or digits only: no cut, and no
	// rune decoded.
	letters, digits := false, false
	for _, c := range term {
		switch {
		case c >= utf8.RuneSelf:
			return splitPointsUnicode(term)
		case isDigitASCII(c):
			digits = true
		case isLetterASCII(c):
			letters = true
		}
	}
	if !letters || !digits {
		return nil
	}
	return splitPointsUnicode(term)
}

// splitPointsUnicode is splitPoints for any term, rune by rune.
func splitPointsUnicode(term []byte) []int {
	var cuts []int
	prev := 0 // 1 letter, 2 digit
	for i := 0; i < len(term); {
		r, size := utf8.DecodeRune(term[i:])
		kind := 0
		switch {
		case unicode.IsDigit(r):
			kind = 2
		case unicode.IsLetter(r):
			kind = 1
		}
		if kind != 0 && prev != 0 && kind != prev {
			cuts = append(cuts, i)
		}
		if kind != 0 {
			prev = kind
		}
		i += size
	}
	return cuts
}
