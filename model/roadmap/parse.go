package roadmap

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"dossier/model"
)

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
			p.endDescription()
		case trimmed != s: // indented
			if strings.HasPrefix(trimmed, "- [") {
				p.flush()
				p.errorf(n, "item must start at the beginning of the line (nested items are not supported)")
			} else if p.cur != nil {
				p.cur.parts = append(p.cur.parts, strings.TrimSpace(trimmed))
			} else if p.desc == descReading {
				p.paragraph(strings.TrimSpace(trimmed))
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
		default:
			p.paragraph(s)
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
	desc       descState      // whether a paragraph is the current document's description
}

// descState tracks the description paragraph of a document.
type descState int

const (
	descNone    descState = iota // no paragraph here describes the document
	descWaiting                  // right after a # heading: the next paragraph does
	descReading                  // inside that paragraph
)

// paragraph handles an ignored text line: the first paragraph after a #
// heading becomes the document's description.
func (p *parser) paragraph(s string) {
	if p.desc == descNone || len(p.cat.Documents) == 0 {
		return
	}
	if strings.HasPrefix(s, "* ") || strings.HasPrefix(s, "- ") {
		p.desc = descNone // a list ends the description
		return
	}
	d := &p.cat.Documents[len(p.cat.Documents)-1]
	if d.Description != "" {
		d.Description += " "
	}
	d.Description += model.SanitizeLine(s)
	p.desc = descReading
}

// endDescription closes the description paragraph at a blank line.
func (p *parser) endDescription() {
	if p.desc == descReading {
		p.desc = descNone
	}
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
	title, attrs, problems := splitAttributes(headingTitle(rest))
	title = model.SanitizeLine(headingTitle(title))
	if title == "" {
		p.errorf(n, "heading has an empty title")
	}
	for _, msg := range problems {
		p.errorf(n, "heading %s", msg)
	}
	if attrs.hasSources {
		p.errorf(n, "heading cannot have a (sources: ...) list: put it on the items")
	}
	p.desc = descNone
	if level == 1 {
		p.doc, p.area, p.sawDoc = title, "", true
		p.cat.Documents = append(p.cat.Documents, Document{Title: title, Date: attrs.date, Line: n})
		p.desc = descWaiting
	} else {
		if !p.sawDoc {
			p.errorf(n, "area heading (##) before any document heading (#)")
		}
		if !attrs.date.IsZero() || attrs.date.PeriodFrom != 0 {
			p.errorf(n, "area heading cannot have a (date: ...) or (period: ...): put it on the # heading or the items")
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
	p.desc = descNone
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
	text, attrs, problems := splitAttributes(strings.Join(parts, " "))
	text = model.SanitizeLine(text)
	sources := attrs.sources
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
	date := attrs.date
	if date.PeriodFrom == 0 && len(p.cat.Documents) > 0 {
		doc := p.cat.Documents[len(p.cat.Documents)-1].Date
		date.PeriodFrom, date.PeriodTo = doc.PeriodFrom, doc.PeriodTo
	}
	if date.IsZero() {
		date.PeriodFrom, date.PeriodTo = 0, 0
	}
	g.Items = append(g.Items, Item{ID: it.id, Text: text, Sources: sources, Document: p.doc, Area: p.area, Line: it.line, Date: date})
}

// attributes are the trailing "(key: value)" groups of an item or heading.
type attributes struct {
	sources    []string
	hasSources bool
	date       Date
}

// attributeKeys are the keys of the groups that may end an item or heading.
var attributeKeys = []string{"sources", "date", "period"}

// splitAttributes separates a text from its trailing attribute groups
// "(sources: a, b)", "(date: 2023-05-19)" and "(period: 2023-2024)", in
// any order, each at most once; they must end the text.
func splitAttributes(s string) (text string, attrs attributes, problems []string) {
	first := -1
	for _, k := range attributeKeys {
		if i := indexFold(s, "("+k+":"); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	if first < 0 {
		return strings.TrimSpace(s), attrs, nil
	}
	text = strings.TrimSpace(s[:first])
	rest := s[first:]
	seen := map[string]bool{}
	last := ""
	for {
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			return text, attrs, problems
		}
		key := ""
		for _, k := range attributeKeys {
			if len(rest) > len(k)+1 && rest[0] == '(' && asciiEqualFold(rest[1:len(k)+2], k+":") {
				key = k
			}
		}
		if key == "" {
			noun := "attribute"
			if last == "sources" {
				noun = "list"
			}
			return text, attrs, append(problems, fmt.Sprintf("has text after its (%s: ...) %s, which must end the item", last, noun))
		}
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			if key == "sources" {
				return text, attrs, append(problems, `has an unterminated "(sources:" list: close it with ")"`)
			}
			return text, attrs, append(problems, fmt.Sprintf(`has an unterminated "(%s:" attribute: close it with ")"`, key))
		}
		value := strings.TrimSpace(rest[len(key)+2 : end])
		rest = rest[end+1:]
		last = key
		if seen[key] {
			problems = append(problems, fmt.Sprintf("has two (%s: ...) attributes", key))
			continue
		}
		seen[key] = true
		switch key {
		case "sources":
			attrs.hasSources = true
			var msgs []string
			attrs.sources, msgs = parseSources(value)
			problems = append(problems, msgs...)
		case "date":
			t, prec, err := model.ParseDate(value)
			switch {
			case err != nil:
				problems = append(problems, fmt.Sprintf("has an invalid (date: %s): want YYYY-MM-DD, YYYY-MM or YYYY", model.Escape(value)))
			case prec == model.Unknown:
				problems = append(problems, "has an empty (date: ...): give YYYY-MM-DD, YYYY-MM or YYYY")
			default:
				attrs.date.Time, attrs.date.Precision = t, prec
			}
		case "period":
			from, to, ok := parsePeriod(value)
			if !ok {
				problems = append(problems, fmt.Sprintf("has an invalid (period: %s): want two years such as 2023-2024, the first before the second", model.Escape(value)))
				continue
			}
			attrs.date.PeriodFrom, attrs.date.PeriodTo = from, to
		}
	}
}

// parseSources reads the comma-separated article ids of a (sources: ...) list.
func parseSources(list string) (sources []string, problems []string) {
	if list == "" {
		return nil, nil
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
	return sources, problems
}

// parsePeriod reads "2023-2024" (or with an en dash) into two years.
func parsePeriod(s string) (from, to int, ok bool) {
	a, b, found := strings.Cut(strings.ReplaceAll(s, "–", "-"), "-")
	if !found {
		return 0, 0, false
	}
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if len(a) != 4 || len(b) != 4 || !allDigits(a) || !allDigits(b) {
		return 0, 0, false
	}
	from, _ = strconv.Atoi(a)
	to, _ = strconv.Atoi(b)
	return from, to, from < to && to-from <= 50
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
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
	off := model.InvalidUTF8At(data)
	if off < 0 {
		off = len(data)
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}
