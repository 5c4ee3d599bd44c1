package model

import (
	"errors"
	"fmt"
	"strings"
)

// SplitFrontMatter separates a leading YAML front matter block ("---" lines)
// from the text after it. ok is false when the text has none. A block that is
// opened but never closed is an error.
func SplitFrontMatter(text string) (front, body string, ok bool, err error) {
	rest, found := strings.CutPrefix(text, "\ufeff")
	if !found {
		rest = text
	}
	first, after, hasNL := strings.Cut(rest, "\n")
	if strings.TrimRight(first, " \t\r") != "---" || !hasNL {
		return "", text, false, nil
	}
	pos := 0
	for pos <= len(after) {
		line, next, more := strings.Cut(after[pos:], "\n")
		if t := strings.TrimRight(line, " \t\r"); t == "---" || t == "..." {
			body := ""
			if more {
				body = next
			}
			return after[:pos], body, true, nil
		}
		if !more {
			break
		}
		pos += len(line) + 1
	}
	return "", text, false, errors.New("front matter opened with --- is never closed")
}

// ParseFrontMatter decodes a front matter block into Meta. Problems are
// told with their line in the file (the block starts on line 2).
func ParseFrontMatter(front string) (Meta, error) {
	if strings.TrimSpace(front) == "" {
		return Meta{}, nil
	}
	top, err := parseYAML([]byte(front), 1)
	if err != nil {
		return Meta{}, fmt.Errorf("front matter: %w", err)
	}
	if top == nil || isNull(top) {
		return Meta{}, nil
	}
	p := yamlProblems{off: 1}
	m, lines, ok := metaFrom(top, "", &p)
	if ok {
		m.check(lines, top.Line, "", &p)
	}
	if err := p.err(); err != nil {
		return Meta{}, fmt.Errorf("front matter: %w", err)
	}
	return m, nil
}
