package index

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"dossier/model"
)

// ParseSynonyms reads a synonym list: one group per line, terms or phrases
// separated by commas, "#" starting a comment line. Errors are reported
// with their line numbers, all at once (the first few, and a count of the
// others); a binary or non-UTF-8 file is refused in one line.
func ParseSynonyms(name string, data []byte) ([][]string, error) {
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("%s: a binary file (it holds NUL bytes), not a synonym list; give a text file with one group of comma-separated terms per line", name)
	}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:model.InvalidUTF8At(data)], []byte("\n"))
		return nil, fmt.Errorf("%s:%d: not valid UTF-8; save the synonym list as UTF-8 text", name, line)
	}
	var groups [][]string
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var group []string
		bad := false
		for i, term := range strings.Split(text, ",") {
			term = strings.Join(strings.Fields(term), " ")
			if term == "" {
				errs = append(errs, fmt.Errorf("%s:%d: term %d is empty (two commas in a row, or a trailing comma?)", name, line, i+1))
				bad = true
				continue
			}
			if clean := model.SanitizeLine(term); clean != term {
				errs = append(errs, fmt.Errorf("%s:%d: term %d holds control characters: %s", name, line, i+1, model.Escape(term)))
				bad = true
				continue
			}
			group = append(group, term)
		}
		if bad {
			continue
		}
		if len(group) < 2 {
			errs = append(errs, fmt.Errorf("%s:%d: %q alone is not a group; list at least two terms separated by commas", name, line, group[0]))
			continue
		}
		groups = append(groups, group)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s:%d: %v", name, line+1, err))
	}
	if len(errs) > maxSynonymErrors {
		errs = append(errs[:maxSynonymErrors], fmt.Errorf("… and %d more problems in %s", len(errs)-maxSynonymErrors, name))
	}
	return groups, errors.Join(errs...)
}

// maxSynonymErrors is how many problems of one synonym list are told; the
// rest are counted.
const maxSynonymErrors = 5

// synonymTable tells which words and phrases of a query are synonyms, by
// their normalised form (lower case, accents folded, English-stemmed tokens
// joined by spaces); the query joins the words of a multi-word synonym into
// one phrase before looking it up in each language's field.
type synonymTable struct {
	keys     map[string]bool
	maxWords int
	analyzer analysis.Analyzer
	variants *synVariants // nil: every variant read on its own
}

func newSynonymTable(groups [][]string, an analysis.Analyzer) *synonymTable {
	t := &synonymTable{keys: map[string]bool{}, maxWords: 1, analyzer: an}
	for _, g := range groups {
		for _, term := range g {
			key, n := t.key(term)
			if key == "" {
				continue
			}
			t.keys[key] = true
			t.maxWords = max(t.maxWords, n)
		}
	}
	return t
}

// key normalises text and returns the key and its number of tokens.
func (t *synonymTable) key(text string) (string, int) {
	toks := t.analyzer.Analyze([]byte(text))
	parts := make([]string, len(toks))
	for i, tok := range toks {
		parts[i] = string(tok.Term)
	}
	return strings.Join(parts, " "), len(parts)
}

// has reports whether text is a key of the table.
func (t *synonymTable) has(text string) bool {
	key, _ := t.key(text)
	return t.keys[key]
}
