package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Truncate cuts s (which may hold ANSI styles) to at most w display cells,
// ending with "…" when cut; wide characters are never split.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// PadRight pads s with spaces to w display cells (after truncating it).
func PadRight(s string, w int) string {
	s = Truncate(s, w)
	if n := w - ansi.StringWidth(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}

// Width is the display width of s in cells.
func Width(s string) int { return ansi.StringWidth(s) }

// OneLine flattens text to a single line of single spaces.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Wrap breaks a one-line, possibly styled string into lines of at most w
// cells, at spaces only: hyphenated words ("EU-Kazakhstan", "COP-27") stay
// whole (x/ansi and glamour always break after a hyphen), and only a word
// longer than w is cut. It reads s once: its cost is linear in len(s).
func Wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	if ansi.StringWidth(s) <= w {
		return []string{s}
	}
	var lines []string
	line, lineW := "", 0
	for _, word := range strings.Split(s, " ") {
		ww := ansi.StringWidth(word)
		switch {
		case lineW == 0 && line == "":
		case lineW+1+ww <= w:
			line += " " + word
			lineW += 1 + ww
			continue
		default:
			lines = append(lines, line)
			line, lineW = "", 0
		}
		if ww > w { // a word wider than the line: cut it
			var pieces []string
			pieces, ww = cutWord(word, w)
			lines = append(lines, pieces[:len(pieces)-1]...)
			word = pieces[len(pieces)-1]
		}
		line, lineW = word, ww
	}
	return append(lines, line)
}

// sgrReset ends every style; a cut piece of a styled word ends with it.
const sgrReset = "\x1b[0m"

// cutWord cuts a word into pieces of w cells (the last may be shorter, and
// a wide character never straddles two), in one pass: each piece starts
// with the styles in force where it starts and ends by resetting them, so
// that each line of a wrapped styled word is styled on its own. It returns
// the pieces and the width of the last.
func cutWord(word string, w int) ([]string, int) {
	var pieces []string
	var cur strings.Builder
	styles := "" // escape sequences in force, since the last reset
	curW := 0
	var state byte
	for len(word) > 0 {
		seq, width, n, next := ansi.DecodeSequence(word, state, nil)
		state = next
		word = word[n:]
		if width > 0 && curW > 0 && curW+width > w {
			if styles != "" {
				cur.WriteString(sgrReset)
			}
			pieces = append(pieces, cur.String())
			cur.Reset()
			cur.WriteString(styles)
			curW = 0
		}
		cur.WriteString(seq)
		curW += width
		if width == 0 && strings.HasPrefix(seq, "\x1b") {
			if seq == sgrReset || seq == "\x1b[m" {
				styles = ""
			} else if len(styles) < 1024 {
				styles += seq
			}
		}
	}
	return append(pieces, cur.String()), curW
}

// Block pads each line to w cells and the block to h lines, cutting what
// does not fit.
func Block(lines []string, w, h int) string {
	out := make([]string, h)
	for i := range out {
		l := ""
		if i < len(lines) {
			l = lines[i]
		}
		out[i] = PadRight(l, w)
	}
	return strings.Join(out, "\n")
}
