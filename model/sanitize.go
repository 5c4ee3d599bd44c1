package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// This file is dossier's one boundary for untrusted text: every string that
// comes from outside (article text, file names and ids, catalogue and roadmap
// files, synonyms, front matter, queries echoed in errors, key comments,
// review notes) passes Sanitize, SanitizeLine or Escape before it is printed,
// drawn or logged. All three agree, through unsafeRune, on what may never
// reach a terminal: C0 controls (tab and newline excepted where they are
// layout), DEL, C1 controls (U+0080–U+009F), the line and paragraph
// separators, the bidi controls, and invalid UTF-8.

// unsafeRune reports whether r must not reach a terminal as it is. Tab and
// newline are reported too; callers decide whether they are layout.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x80 && r < 0xa0:
		return true
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e || r == 0x200f, r == 0x061c:
		return true // bidi embeddings, overrides, isolates and marks can disguise text
	}
	return false
}

// Sanitize makes untrusted text safe to show in a terminal: it removes
// escape sequences introduced by ESC (CSI, OSC, DCS, SOS, PM, APC and the
// two-byte forms) when they end within MaxEscapeLen bytes, turns CRLF, lone
// CR and the Unicode line separators into newlines, and drops every other
// unsafe character except newline and tab. An ESC that starts no complete
// sequence that short is dropped alone, and a C1 control (U+0080–U+009F) is
// always one character to drop, never the start of a sequence: a
// mis-decoded quote ("â€\u009d") or a stray U+0090 costs that one
// character, not the rest of the text. Invalid UTF-8 becomes U+FFFD.
//
// The guarantee, held by FuzzSanitizeKeepsText: every printable character
// of s is in the result, in order, unless it lies inside a complete escape
// sequence of at most MaxEscapeLen bytes.
func Sanitize(s string) string {
	if isClean(s, true) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
			i++
		case r == 0x1b: // ESC
			if end := escapeEnd(s, i); end > 0 {
				i = end
			} else {
				i++ // no complete sequence: the introducer alone goes
			}
		case r == '\r':
			if !strings.HasPrefix(s[i+1:], "\n") {
				b.WriteByte('\n')
			}
			i++
		case r == '\n' || r == '\t':
			b.WriteRune(r)
			i += size
		case r == 0x2028 || r == 0x2029:
			b.WriteByte('\n')
			i += size
		case unsafeRune(r):
			i += size
		default:
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String()
}

// SanitizeLine is Sanitize for one-line fields such as titles: newlines and
// tabs become spaces and runs of spaces collapse.
func SanitizeLine(s string) string {
	return strings.Join(strings.Fields(Sanitize(s)), " ")
}

// Escape shows an identifier (a file name, an article id, a path, a query)
// safely and unambiguously: every unsafe character, newline and tab
// included, and every invalid byte is written as a visible escape (\x1b,
// \n, \u202e, \xff), and a backslash as \\ when the string needs escaping at
// all. A clean string is returned unchanged. Keep the raw string for lookups;
// use Escape only for what is printed, drawn or logged.
func Escape(s string) string {
	if isClean(s, false) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isClean reports whether s holds no unsafe character; layout says whether
// newline and tab are allowed.
func isClean(s string, layout bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r) && !(layout && (r == '\n' || r == '\t')) {
			return false
		}
		if r == utf8.RuneError && size == 1 {
			return false
		}
		i += size
	}
	return true
}

// MaxEscapeLen bounds an escape sequence Sanitize removes whole, ESC and
// terminator included.
const MaxEscapeLen = 256

// escapeEnd returns the index just past the escape sequence whose ESC is at
// s[i], or 0 when no complete sequence of at most MaxEscapeLen bytes starts
// there: CSI (ESC [, parameter and intermediate bytes, one final byte),
// control strings (ESC ] P X ^ _, up to BEL, ESC \ or C1 ST) and the
// two-byte forms (intermediate bytes, one final byte: ESC ( B, ESC c).
func escapeEnd(s string, i int) int {
	limit := min(len(s), i+MaxEscapeLen)
	j := i + 1
	if j >= limit {
		return 0
	}
	switch s[j] {
	case '[':
		for j++; j < limit; j++ {
			switch c := s[j]; {
			case c >= 0x40 && c <= 0x7e:
				return j + 1
			case c < 0x20 || c > 0x3f:
				return 0 // malformed
			}
		}
		return 0
	case ']', 'P', 'X', '^', '_':
		for j++; j < limit; j++ {
			switch {
			case s[j] == 0x07:
				return j + 1
			case s[j] == 0x1b && j+1 < limit && s[j+1] == '\\':
				return j + 2
			case s[j] == 0xc2 && j+1 < limit && s[j+1] == 0x9c: // U+009C, ST
				return j + 2
			}
		}
		return 0
	}
	for j < limit && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j < limit && s[j] >= 0x30 && s[j] <= 0x7e {
		return j + 1
	}
	return 0
}

// EscapeJSON rewrites encoded JSON so that no character a terminal must not
// see stays raw: encoding/json escapes C0 controls but writes C1 controls,
// DEL and the bidi controls as they are. Each becomes a \u escape inside
// its string, so the decoded values are exactly those encoded. data must be
// the output of encoding/json (valid UTF-8, such characters only in strings).
func EscapeJSON(data []byte) []byte {
	clean := true
	for i := 0; i < len(data) && clean; {
		if c := data[i]; c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		clean = !unsafeRune(r)
		i += size
	}
	if clean {
		return data
	}
	out := make([]byte, 0, len(data)+16)
	for i := 0; i < len(data); {
		if c := data[i]; c < 0x7f {
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if unsafeRune(r) && !(r == utf8.RuneError && size == 1) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	return out
}
