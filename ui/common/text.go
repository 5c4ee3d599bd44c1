package common

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Truncate cuts s (which may hold ANSI styles) to at most w display cells,
// ending with "…" when cut; wide characters are never split.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// PadRight pads s with spaces to w display cells (after truncating it).
func PadRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := Width(s)
	if n > w {
		s = ansi.Truncate(s, w, "…")
		n = Width(s)
	}
	if n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// Dotted joins the parts that are not empty with " · ": an article without
// an outlet shows "7 Apr 2025", not " · 7 Apr 2025".
func Dotted(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " · ")
}

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
	if Width(s) <= w {
		return []string{s}
	}
	var lines []string
	line, lineW := "", 0
	for _, word := range strings.Split(s, " ") {
		ww := Width(word)
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

// Ellipsis ends a line whose text goes on where it cannot be shown.
const Ellipsis = "…"

// Lines wraps untrusted text to w cells, keeping its own line breaks: it
// is sanitised (model.Sanitize is the caller's: this only lays it out),
// each of its lines is wrapped at spaces (Wrap), tabs become spaces, and
// each line drawn is styled with st on its own, so a style never spills
// into the next line. A blank line in the text stays a blank line.
func Lines(text string, w int, st lipgloss.Style) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		l = strings.TrimRight(strings.ReplaceAll(l, "\t", "    "), " ")
		if l == "" {
			out = append(out, "")
			continue
		}
		for _, part := range Wrap(l, w) {
			out = append(out, st.Render(part))
		}
	}
	return out
}

// EndCut marks a line after which its text goes on but is not shown: it
// ends in "…", replacing what does not leave room for it in w cells.
func EndCut(line string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(line)+1 <= w {
		return line + Ellipsis
	}
	return ansi.Truncate(line, w-1, "") + Ellipsis
}

// Clip keeps at most n lines of a block; when it drops some, the last line
// kept ends in "…" (EndCut), so that a cut never looks whole.
func Clip(lines []string, n, w int) []string {
	if n <= 0 {
		return nil
	}
	if len(lines) <= n {
		return lines
	}
	out := append([]string(nil), lines[:n]...)
	out[n-1] = EndCut(out[n-1], w)
	return out
}

// Fit lays blocks of lines out in at most h lines, the way a box holds
// several texts: every block keeps its first line while there is room,
// the lines left go to the blocks in order, and a block that does not get
// all its lines ends in "…" (Clip). Nothing is dropped without a mark.
func Fit(blocks [][]string, h, w int) []string {
	room := make([]int, len(blocks))
	left := h
	for i, b := range blocks {
		if left > 0 && len(b) > 0 {
			room[i] = 1
			left--
		}
	}
	for i, b := range blocks {
		more := min(len(b)-room[i], left)
		if more > 0 && room[i] > 0 {
			room[i] += more
			left -= more
		}
	}
	var out []string
	for i, b := range blocks {
		out = append(out, Clip(b, room[i], w)...)
	}
	return out
}

// More keeps at most h lines of a block: when there are more, the last line
// kept ends in "…" and a last line, styled with st, says "↓ more" and
// which key shows the rest (hint).
func More(lines []string, h, w int, hint string, st lipgloss.Style) []string {
	if len(lines) <= h || h <= 1 {
		return Clip(lines, h, w)
	}
	return append(Clip(lines, h-1, w), st.Render(Truncate("↓ more: "+hint, w)))
}
