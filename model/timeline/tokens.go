package timeline

import (
	"unicode"
	"unicode/utf8"
)

// tokKind is the class of a token.
type tokKind uint8

const (
	tWord  tokKind = iota + 1 // letters, marks and non-ASCII digits
	tNum                      // ASCII digits
	tPunct                    // one other non-space rune
)

// token is a word, a number or one punctuation rune of a text, with the
// white space that separates it from the previous token.
type token struct {
	start, end int // byte range in the text
	kind       tokKind
	space      bool // horizontal white space before it
	brk        bool // a line break before it
}

// tokenize appends the tokens of text[a:b] to buf and returns it.
func tokenize(text string, a, b int, buf []token) []token {
	space, brk := false, false
	for i := a; i < b; {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || c == '\t':
				space = true
				i++
				continue
			case c == '\n' || c == '\r' || c == '\v' || c == '\f':
				brk = true
				i++
				continue
			case c >= '0' && c <= '9':
				j := i + 1
				for j < b && text[j] >= '0' && text[j] <= '9' {
					j++
				}
				buf = append(buf, token{i, j, tNum, space && !brk, brk})
				space, brk = false, false
				i = j
				continue
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
				j := wordEnd(text, i, b)
				buf = append(buf, token{i, j, tWord, space && !brk, brk})
				space, brk = false, false
				i = j
				continue
			}
			buf = append(buf, token{i, i + 1, tPunct, space && !brk, brk})
			space, brk = false, false
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:b])
		switch {
		case r == '\u2028' || r == '\u2029' || r == '\u0085':
			brk = true
			i += size
		case unicode.IsSpace(r):
			space = true
			i += size
		case isWordRune(r):
			j := wordEnd(text, i, b)
			buf = append(buf, token{i, j, tWord, space && !brk, brk})
			space, brk = false, false
			i = j
		default:
			buf = append(buf, token{i, i + size, tPunct, space && !brk, brk})
			space, brk = false, false
			i += size
		}
	}
	return buf
}

// wordEnd returns the end of the run of word runes (not ASCII digits) at i.
func wordEnd(text string, i, b int) int {
	for i < b {
		c := text[i]
		if c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				i++
				continue
			}
			return i
		}
		r, size := utf8.DecodeRuneInString(text[i:b])
		if !isWordRune(r) {
			return i
		}
		i += size
	}
	return i
}

// glued reports that token i directly follows token i-1, with no space.
func glued(ts []token, i int) bool { return i > 0 && i < len(ts) && !ts[i].space && !ts[i].brk }

// isDash reports a hyphen or dash rune.
func isDash(r rune) bool { return r == '-' || r >= '\u2010' && r <= '\u2015' || r == '\u2212' }

// isUpperStart reports whether s starts with an upper-case letter.
func isUpperStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// isLowerStart reports whether s starts with a lower-case letter.
func isLowerStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) }
