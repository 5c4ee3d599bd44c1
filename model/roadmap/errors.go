package roadmap

import (
	"fmt"
	"strings"

	"dossier/model"
)

// ParseError is one problem in a catalogue, located by file name and 1-based line.
type ParseError struct {
	File string
	Line int
	Msg  string
}

// Error formats the problem as "file:line: msg" ("line N: msg" when File is empty).
func (e ParseError) Error() string {
	if e.File == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", model.Escape(e.File), e.Line, e.Msg)
}

// ParseErrors is every problem found in one catalogue, ordered by line.
type ParseErrors []ParseError

// Error lists the problems, one per line.
func (es ParseErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}
