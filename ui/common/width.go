package common

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Width is the display width of s in cells (ansi.StringWidth). Most lines
// drawn hold printable ASCII, SGR styles and a few one-cell symbols (·, …,
// ▸, box edges, Latin letters): those are counted directly, a rune each;
// any other text (wide or combining characters, emoji, other escape
// sequences, controls) is measured by ansi.StringWidth. Every key drew and
// measured every line of a box: measuring by grapheme took a fifth of a
// key's CPU.
func Width(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			n++
			i++
		case c == 0x1b:
			j := csiEnd(s, i)
			if j < 0 {
				return ansi.StringWidth(s)
			}
			i = j
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !oneCell(r) {
				return ansi.StringWidth(s)
			}
			n++
			i += size
		default:
			return ansi.StringWidth(s)
		}
	}
	return n
}

// csiEnd is the index after the control sequence (ESC [ parameters,
// intermediates, final byte) that starts at s[i], or -1 when none does.
func csiEnd(s string, i int) int {
	j := i + 1
	if j >= len(s) || s[j] != '[' {
		return -1
	}
	j++
	for j < len(s) && s[j] >= 0x30 && s[j] <= 0x3f {
		j++
	}
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j >= len(s) || s[j] < 0x40 || s[j] > 0x7e {
		return -1
	}
	return j + 1
}

// oneCell reports whether r is one cell wide and a grapheme of its own
// beside any of these: Latin letters and signs, punctuation, arrows, box
// drawing, blocks and geometric shapes without an emoji presentation.
// Combining marks, joiners, variation selectors, wide and ambiguous-emoji
// characters are not among them (TestOneCellRunes checks every one).
func oneCell(r rune) bool {
	switch {
	case r >= 0xa1 && r <= 0x2ff:
		return r != 0xad // the soft hyphen
	case r >= 0x2010 && r <= 0x2027, r >= 0x2030 && r <= 0x205e:
		return true
	case r >= 0x2190 && r <= 0x21ff:
		return true
	case r >= 0x2500 && r <= 0x25fc:
		return true
	}
	return false
}
