package cli

import (
	"bytes"
	"encoding/json"
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
