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
