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
// longer than w is cut.
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
		for ww > w { // a word wider than the line: cut it
			lines = append(lines, ansi.Cut(word, 0, w))
			word = ansi.Cut(word, w, ww)
			ww = ansi.StringWidth(word)
		}
		line, lineW = word, ww
	}
	return append(lines, line)
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
