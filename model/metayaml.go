package model

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Catalogues and front matter are read as a YAML node tree and checked
// here, key by key, so that every mistake is told in the file's terms (the
// key, its line, what was expected) rather than in Go's (types, fields).

// metaKeys lists the keys a catalogue entry or front matter may use.
const metaKeys = "id, title, outlet (or source), author, url, lang, date, translation_of, fetched, published"

// maxYAMLProblems is how many problems one file reports; the rest are counted.
const maxYAMLProblems = 5

// yamlProblems collects the problems of one YAML text, each with its line
// in the file (off is added to the YAML's own line numbers).
type yamlProblems struct {
	off  int
	msgs []string
}

func (p *yamlProblems) add(line int, format string, args ...any) {
	p.msgs = append(p.msgs, fmt.Sprintf("line %d: ", line+p.off)+fmt.Sprintf(format, args...))
}

// err returns the problems as one error, the first few of them and a count
// of the others; nil when there are none.
func (p *yamlProblems) err() error {
	if len(p.msgs) == 0 {
		return nil
	}
	msgs := p.msgs
	if len(msgs) > maxYAMLProblems {
		msgs = append(msgs[:maxYAMLProblems:maxYAMLProblems], fmt.Sprintf("… and %d more", len(p.msgs)-maxYAMLProblems))
	}
	return errors.New(strings.Join(msgs, "; "))
}

var yamlLine = LazyRegexp(`^(?:yaml: )?line (\d+): `)

// parseYAML reads the first document of data as a node tree; nil for an
// empty text. A syntax error is returned with its line in the file.
func parseYAML(data []byte, off int) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		msg := err.Error()
		if m := yamlLine().FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			msg = fmt.Sprintf("line %d: not valid YAML: %s", n+off, msg[len(m[0]):])
		} else {
			msg = "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")
		}
		return nil, errors.New(Escape(msg))
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return resolve(doc.Content[0]), nil
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// isNull reports a node that says nothing ("", "~", "null").
func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// kindName says what a node is, in the words of someone writing the file.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "keys with values"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return strconv.Quote(Escape(Truncate(n.Value, 40)))
	}
	return "something else"
}

// metaLines are the lines of an entry's keys, for validation messages.
type metaLines map[string]int

// metaFrom reads one catalogue entry ("entry 3: " in what) or front
// matter mapping; ok is false when it had problems (reported to p).
func metaFrom(n *yaml.Node, what string, p *yamlProblems) (m Meta, lines metaLines, ok bool) {
	if n.Kind != yaml.MappingNode {
		p.add(n.Line, "%swant keys with values (title: …, date: …), not %s", what, kindName(n))
		return m, nil, false
	}
	lines, ok = metaLines{}, true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		key := k.Value
		dst := m.field(key)
		switch {
		case k.Kind != yaml.ScalarNode:
			p.add(k.Line, "%sa key must be a word such as title, not %s", what, kindName(k))
		case dst == nil:
			p.add(k.Line, "unknown key %q (known: %s)", Escape(key), metaKeys)
		case lines[key] > 0:
			p.add(k.Line, "%s is given twice (first on line %d)", key, lines[key]+p.off)
		case v.Kind != yaml.ScalarNode:
			p.add(v.Line, "%s: want one value, not %s", key, kindName(v))
		default:
			lines[key] = k.Line
			if !isNull(v) {
				*dst = v.Value
			}
			continue
		}
		ok = false
	}
	return m, lines, ok
}

// field returns the field a key names, nil for an unknown key.
func (m *Meta) field(key string) *string {
	switch key {
	case "id":
		return &m.ID
	case "title":
		return &m.Title
	case "outlet":
		return &m.Outlet
	case "source":
		return &m.Source
	case "author":
		return &m.Author
	case "url":
		return &m.URL
	case "lang":
		return &m.Lang
	case "date":
		return &m.Date
	case "translation_of":
		return &m.TranslationOf
	case "fetched":
		return &m.Fetched
	case "published":
		return &m.Published
	}
	return nil
}

// check validates m, reporting a problem at the line of the key concerned
// (or at line when the key is not there).
func (m Meta) check(lines metaLines, line int, prefix string, p *yamlProblems) bool {
	key, err := m.validate()
	if err == nil {
		return true
	}
	if l := lines[key]; l > 0 {
		line = l
	}
	p.add(line, "%s%v", prefix, err)
	return false
}
