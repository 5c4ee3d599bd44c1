package roadmap

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

const sourcesOpen = "(sources:"

// Load reads the catalogue at path in fsys and parses it, naming errors after path.
func Load(fsys fs.FS, path string) (*Catalogue, error) {
	data, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, fmt.Errorf("roadmap: reading %s: %w", path, err)
	}
	return Parse(path, data)
}

// Parse parses a catalogue; name labels errors, which come back as ParseErrors.
func Parse(name string, data []byte) (*Catalogue, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, ParseErrors{{File: name, Line: firstInvalidLine(data), Msg: "not valid UTF-8 (save the file as UTF-8)"}}
	}
	p := parser{name: name, group: -1, seen: map[string]int{}}
	commentLine := 0 // line of an open "<!--", 0 outside comments
	for i, s := range strings.Split(string(data), "\n") {
		n := i + 1
		s = strings.TrimSuffix(s, "\r")
		trimmed := strings.TrimLeft(s, " \t")
		switch {
		case commentLine > 0:
			if strings.Contains(s, "-->") {
				commentLine = 0
			}
		case strings.HasPrefix(trimmed, "<!--"):
			p.flush()
			if !strings.Contains(trimmed[len("<!--"):], "-->") {
				commentLine = n
			}
		case strings.TrimSpace(s) == "":
			p.flush()
		case trimmed != s: // indented
			if strings.HasPrefix(trimmed, "- [") {
				p.flush()
				p.errorf(n, "item must start at the beginning of the line (nested items are not supported)")
			} else if p.cur != nil {
				p.cur.parts = append(p.cur.parts, strings.TrimSpace(trimmed))
			}
		case strings.HasPrefix(s, "- ["):
			p.flush()
			p.startItem(n, s)
		case s[0] == '#':
			p.flush()
			p.heading(n, s)
		case p.cur != nil:
			p.errorf(n, "text directly after an item: indent it to continue the item, or add a blank line before it")
			p.flush()
		}
	}
	p.flush()
	if commentLine > 0 {
		p.errorf(commentLine, `comment "<!--" is never closed with "-->"`)
	}
	if p.items == 0 && len(p.errs) == 0 {
		p.errorf(1, "catalogue has no items (an item is a line \"- [id] text\")")
	}
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].Line < p.errs[j].Line })
		return nil, p.errs
	}
	return &p.cat, nil
}

// parser holds the state of one Parse call.
type parser struct {
	name       string
	errs       ParseErrors
	cat        Catalogue
	doc, area  string
	sawDoc     bool           // a # heading was seen
	sawHeading bool           // a # or ## heading was seen
	group      int            // index of the open group in cat.Groups; -1 after a heading
	seen       map[string]int // item id -> line of first use
	items      int            // item lines seen, valid or not
	cur        *pending       // item being collected, nil between items
}

// pending is an item whose continuation lines are still being read.
type pending struct {
	line  int
	id    string
	ok    bool // id and placement are valid
	parts []string
}

func (p *parser) errorf(line int, format string, args ...any) {
	p.errs = append(p.errs, ParseError{File: p.name, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// heading handles a column-0 line starting with '#'.
func (p *parser) heading(n int, s string) {
	level := len(s) - len(strings.TrimLeft(s, "#"))
	if level > 2 {
		return // ### and deeper are notes
	}
	rest := s[level:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		p.errorf(n, "missing space after %q in heading", s[:level])
		return
	}
	title := headingTitle(rest)
	if title == "" {
		p.errorf(n, "heading has an empty title")
	}
	if level == 1 {
		p.doc, p.area, p.sawDoc = title, "", true
	} else {
		if !p.sawDoc {
			p.errorf(n, "area heading (##) before any document heading (#)")
		}
		p.area = title
	}
	p.sawHeading = true
	p.group = -1
}

// headingTitle trims a heading's text and its optional closing run of '#'.
func headingTitle(rest string) string {
	t := strings.TrimSpace(rest)
	u := strings.TrimRight(t, "#")
	if u == "" {
		return ""
	}
	if u != t && (strings.HasSuffix(u, " ") || strings.HasSuffix(u, "\t")) {
		t = strings.TrimSpace(u)
	}
	return t
}

// startItem opens an item from a line starting with "- [".
func (p *parser) startItem(n int, s string) {
	p.items++
	rest := s[len("- ["):]
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		p.errorf(n, "item id has no closing ]")
		p.cur = &pending{line: n}
		return
	}
	it := &pending{line: n, id: strings.TrimSpace(rest[:end]), ok: true}
	it.parts = append(it.parts, strings.TrimSpace(rest[end+1:]))
	p.cur = it
	switch {
	case it.id == "":
		p.errorf(n, "item has an empty id")
		it.ok = false
	case !validID(it.id):
		p.errorf(n, "invalid item id %q: use a-z, 0-9, '.' and '-', starting with a letter or digit", it.id)
		it.ok = false
	default:
		if first, dup := p.seen[it.id]; dup {
			p.errorf(n, "duplicate item id %q (first used on line %d)", it.id, first)
			it.ok = false
		} else {
			p.seen[it.id] = n
		}
	}
	if !p.sawHeading {
		p.errorf(n, "item before any heading: put a # document heading above it")
		it.ok = false
	}
}

// flush finishes the pending item, checking its text and sources.
func (p *parser) flush() {
	it := p.cur
	p.cur = nil
	if it == nil || it.id == "" {
		return
	}
	var parts []string
	for _, s := range it.parts {
		if s != "" {
			parts = append(parts, s)
		}
	}
	text, sources, problems := splitSources(strings.Join(parts, " "))
	if text == "" {
		problems = append([]string{"has no text"}, problems...)
	}
	for _, msg := range problems {
		p.errorf(it.line, "item %q %s", it.id, msg)
	}
	if !it.ok || len(problems) > 0 {
		return
	}
	if p.group < 0 {
		p.cat.Groups = append(p.cat.Groups, Group{Document: p.doc, Area: p.area})
		p.group = len(p.cat.Groups) - 1
	}
	g := &p.cat.Groups[p.group]
	g.Items = append(g.Items, Item{ID: it.id, Text: text, Sources: sources, Document: p.doc, Area: p.area, Line: it.line})
}

// splitSources separates an item's text from its trailing "(sources: ...)" list.
func splitSources(s string) (text string, sources []string, problems []string) {
	i := indexFold(s, sourcesOpen)
	if i < 0 {
		return strings.TrimSpace(s), nil, nil
	}
	text = strings.TrimSpace(s[:i])
	rest := s[i+len(sourcesOpen):]
	end := strings.IndexByte(rest, ')')
	if end < 0 {
		return text, nil, []string{`has an unterminated "(sources:" list: close it with ")"`}
	}
	if strings.TrimSpace(rest[end+1:]) != "" {
		problems = append(problems, "has text after its (sources: ...) list, which must end the item")
	}
	list := strings.TrimSpace(rest[:end])
	if list == "" {
		return text, nil, problems
	}
	for _, src := range strings.Split(list, ",") {
		src = strings.TrimSpace(src)
		switch {
		case src == "":
			problems = append(problems, "has an empty source id in its (sources: ...) list")
		case !validSource(src):
			problems = append(problems, fmt.Sprintf("has an invalid source id %q: use letters, digits, '_', '.' and '-'", src))
		case slices.Contains(sources, src):
			problems = append(problems, fmt.Sprintf("lists source %q twice", src))
		default:
			sources = append(sources, src)
		}
	}
	return text, sources, problems
}

// validID reports whether id matches ^[a-z0-9][a-z0-9.-]*$.
func validID(id string) bool {
	for i := 0; i < len(id); i++ {
		c := id[i]
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '.' && c != '-') {
			return false
		}
	}
	return id != ""
}

// validSource reports whether s is a plausible article id (a file name without extension).
func validSource(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return s != ""
}

// indexFold is strings.Index for an ASCII needle, ignoring ASCII case.
func indexFold(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		if asciiEqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}

func asciiEqualFold(a, b string) bool {
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// firstInvalidLine returns the 1-based line holding the first byte that is not valid UTF-8.
func firstInvalidLine(data []byte) int {
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}
