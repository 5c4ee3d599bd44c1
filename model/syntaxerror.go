package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// SyntaxError is typed text that cannot be parsed (a search query, a
// roadmap filter): what is wrong and where, so that a prompt or a command
// can point at it with a caret.
type SyntaxError struct {
	Query string
	Pos   int // byte offset of the problem in Query
	Msg   string
}

// SyntaxErrorAt makes a *SyntaxError at byte pos of q.
func SyntaxErrorAt(q string, pos int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Query: q, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// Column is the 1-based character column of the problem.
func (e *SyntaxError) Column() int {
	p := min(max(e.Pos, 0), len(e.Query))
	return utf8.RuneCountInString(e.Query[:p]) + 1
}

// Error says what is wrong and at which column.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("column %d: %s", e.Column(), e.Msg)
}

// Pointer returns the text and a caret under the problem, for a terminal.
func (e *SyntaxError) Pointer() string {
	return e.Query + "\n" + strings.Repeat(" ", e.Column()-1) + "^"
}
