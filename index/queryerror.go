package index

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// QueryError is a query that cannot be parsed: what is wrong and where.
type QueryError struct {
	Query string
	Pos   int // byte offset of the problem in Query
	Msg   string
}

// Column is the 1-based character column of the problem.
func (e *QueryError) Column() int {
	p := min(max(e.Pos, 0), len(e.Query))
	return utf8.RuneCountInString(e.Query[:p]) + 1
}

// Error says what is wrong and at which column.
func (e *QueryError) Error() string {
	return fmt.Sprintf("column %d: %s", e.Column(), e.Msg)
}

// Pointer returns the query and a caret under the problem, for a terminal.
func (e *QueryError) Pointer() string {
	return e.Query + "\n" + strings.Repeat(" ", e.Column()-1) + "^"
}

func errAt(q string, pos int, format string, args ...any) *QueryError {
	return &QueryError{Query: q, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}
