package model

import (
	"fmt"
	"time"

	"gopkg.in/yaml.v3"
)

// CatalogueFile is the name of the metadata file read from a corpus folder.
const CatalogueFile = "catalogue.yaml"

// Meta is what a catalogue entry or a Markdown front matter may say about an
// article. Empty fields say nothing.
type Meta struct {
	ID            string `yaml:"id"`
	Title         string `yaml:"title"`
	Outlet        string `yaml:"outlet"`
	Source        string `yaml:"source"` // another name for outlet (dossier import writes it)
	Author        string `yaml:"author"`
	URL           string `yaml:"url"`
	Lang          string `yaml:"lang"`
	Date          string `yaml:"date"` // YYYY, YYYY-MM or YYYY-MM-DD
	TranslationOf string `yaml:"translation_of"`
	Fetched       string `yaml:"fetched"`   // when dossier fetch wrote it (RFC 3339)
	Published     string `yaml:"published"` // when its feed says it was published (RFC 3339)
}

// Catalogue maps article ids to their metadata.
type Catalogue map[string]Meta

// ParseCatalogue reads a catalogue: a YAML document with a list "articles" of
// entries, each with an id. Unknown keys, duplicate ids and bad dates are
// errors, each told with its line (the first few of them).
func ParseCatalogue(data []byte) (Catalogue, error) {
	top, err := parseYAML(data, 0)
	if err != nil {
		return nil, err
	}
	if top == nil || isNull(top) {
		return Catalogue{}, nil
	}
	var p yamlProblems
	if top.Kind != yaml.MappingNode {
		p.add(top.Line, "want the key articles: with a list of entries (- id: …), not %s", kindName(top))
		return nil, p.err()
	}
	var list *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := resolve(top.Content[i]), resolve(top.Content[i+1])
		switch {
		case k.Kind != yaml.ScalarNode || k.Value != "articles":
			p.add(k.Line, "unknown key %s (a catalogue has one key, articles:, with a list of entries)", kindName(k))
		case list != nil:
			p.add(k.Line, "articles is given twice (first on line %d)", list.Line)
		case !isNull(v) && v.Kind != yaml.SequenceNode:
			p.add(v.Line, "articles: want a list of entries (- id: …), not %s", kindName(v))
			list = v
		default:
			list = v
		}
	}
	cat := Catalogue{}
	if list == nil || list.Kind != yaml.SequenceNode {
		return cat, p.err()
	}
	first := map[string]int{}
	for i, n := range list.Content {
		n = resolve(n)
		m, lines, ok := metaFrom(n, fmt.Sprintf("entry %d: ", i+1), &p)
		switch {
		case !ok:
		case m.ID == "":
			p.add(n.Line, "entry %d has no id", i+1)
		case first[m.ID] > 0:
			p.add(lines["id"], "id %q is listed twice (first on line %d)", Escape(m.ID), first[m.ID])
		case m.check(lines, n.Line, fmt.Sprintf("id %q: ", Escape(m.ID)), &p):
			first[m.ID] = lines["id"]
			cat[m.ID] = m
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return cat, nil
}

// validate checks the values of m; key is the key a problem concerns.
func (m Meta) validate() (key string, err error) {
	if _, _, err := ParseDate(m.Date); err != nil {
		return "date", err
	}
	if m.Outlet != "" && m.Source != "" && m.Outlet != m.Source {
		return "source", fmt.Errorf("outlet %q and source %q disagree: give one of them", m.Outlet, m.Source)
	}
	for _, f := range [...]struct{ key, v string }{{"fetched", m.Fetched}, {"published", m.Published}} {
		if _, err := ParseStamp(f.v); err != nil {
			return f.key, fmt.Errorf("%s %q: %w", f.key, Truncate(f.v, 40), err)
		}
	}
	if m.Lang != "" && !ValidLang(m.Lang) {
		return "lang", fmt.Errorf("lang %q: want a two- or three-letter code such as en or de", m.Lang)
	}
	return "", nil
}

// ParseStamp reads a time as dossier fetch writes it (RFC 3339, such as
// 2025-04-07T09:30:00Z); "" is the zero time.
func ParseStamp(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want a time such as 2025-04-07T09:30:00Z")
	}
	return t, nil
}

// ValidLang reports whether s looks like an ISO 639 code: two or three
// lower-case letters.
func ValidLang(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, c := range s {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// MaxTitle bounds, in runes, the title, outlet and author an article
// takes from its front matter or the catalogue; a longer one is cut at a
// word boundary with "…" (a front matter title is then also the first
// paragraph of the text, whole). Every view of a title is linear in it, but
// a row is no place for 100,000 characters.
const MaxTitle = 512

// apply copies the fields m sets onto a.
func (m Meta) apply(a *Article) {
	set := func(dst *string, v string) {
		if v = SanitizeLine(v); v != "" {
			*dst = v
		}
	}
	bounded := func(dst *string, v string) { set(dst, Truncate(SanitizeLine(v), MaxTitle)) }
	bounded(&a.Title, m.Title)
	bounded(&a.Outlet, m.Outlet)
	bounded(&a.Outlet, m.Source)
	bounded(&a.Author, m.Author)
	set(&a.URL, m.URL)
	set(&a.TranslationOf, m.TranslationOf)
	if m.Lang != "" {
		a.Lang, a.LangDetected = m.Lang, false
	}
	if t, p, err := ParseDate(m.Date); err == nil && p != Unknown {
		a.Date, a.Precision = t, p
	}
}
