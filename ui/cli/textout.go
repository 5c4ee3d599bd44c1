package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"dossier/model"
)

// lineWriter cuts lines of text output to a width in terminal cells; width
// 0 never cuts (the default when output is not a terminal).
type lineWriter struct {
	width int
}

// fit cuts line to the width, ending a cut line with "…".
func (l lineWriter) fit(line string) string {
	if l.width <= 0 || ansi.StringWidth(line) <= l.width {
		return line
	}
	return ansi.Truncate(line, l.width, "…")
}

// oneLine makes untrusted text one safe line (controls removed, whitespace runs collapsed).
func oneLine(s string) string { return model.SanitizeLine(s) }

// EscapeLine shows a one-line message that quotes what was typed (a flag
// error naming an unknown flag) with every control made visible.
func EscapeLine(s string) string { return model.Escape(s) }

// quoted shows an old or new value of the history: ∅ for empty, else the
// text as one safe, quoted line.
func quoted(s string) string {
	if s == "" {
		return "∅"
	}
	return strconv.Quote(oneLine(s))
}

// padRight pads s with spaces to n cells (never cuts).
func padRight(s string, n int) string {
	if w := ansi.StringWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// writeJSON writes v as JSON, indented when indent is set. Values stay
// exact; the characters a terminal must not see are written as \u escapes
// (model.EscapeJSON), so the output is safe to print as it is.
func writeJSON(w io.Writer, v any, indent bool) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(model.EscapeJSON(buf.Bytes()))
	return err
}

// hang wraps one line of text output at spaces to width cells with a
// hanging indent: the line keeps its own indentation, the lines it wraps
// onto start indent cells in (less, for a word that would not fit there).
// Only a word wider than a whole line is cut. Width 0 never wraps (output
// that is not a terminal stays one line a record, for grep and scripts).
func hang(line string, width, indent int) []string {
	if width <= 0 || ansi.StringWidth(line) <= width {
		return []string{line}
	}
	body := strings.TrimLeft(line, " ")
	lead := line[:len(line)-len(body)]
	indent = min(indent, width/2)
	var out []string
	cur, curW := lead, ansi.StringWidth(lead)
	empty := true
	for _, word := range strings.Split(body, " ") {
		ww := ansi.StringWidth(word)
		if !empty && curW+1+ww > width {
			out = append(out, cur)
			in := max(min(indent, width-ww), 0)
			cur, curW, empty = strings.Repeat(" ", in), in, true
		}
		if !empty {
			cur += " "
			curW++
		} else if curW+ww > width && ww <= width {
			cur, curW = strings.Repeat(" ", width-ww), width-ww // indented less, but whole
		}
		for curW+ww > width { // a word wider than a line: cut it
			room := max(width-curW, 1)
			cur += ansi.Cut(word, 0, room)
			out = append(out, cur)
			word = ansi.Cut(word, room, ww)
			ww = ansi.StringWidth(word)
			cur, curW = "", 0
		}
		cur += word
		curW += ww
		empty = false
	}
	return append(out, cur)
}

// printHanging writes a line through hang.
func printHanging(w io.Writer, width, indent int, line string) {
	for _, l := range hang(line, width, indent) {
		fmt.Fprintln(w, l)
	}
}
