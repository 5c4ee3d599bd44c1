package model

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
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

// ParseFrontMatter decodes a front matter block into Meta.
func ParseFrontMatter(front string) (Meta, error) {
	var m Meta
	if strings.TrimSpace(front) == "" {
		return m, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader([]byte(front)))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return Meta{}, fmt.Errorf("front matter: %w", yamlError(err))
	}
	if err := m.validate(); err != nil {
		return Meta{}, fmt.Errorf("front matter: %w", err)
	}
	return m, nil
}
