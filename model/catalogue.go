package model

import (
	"bytes"
	"errors"
	"fmt"
	"io"

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
}

// Catalogue maps article ids to their metadata.
type Catalogue map[string]Meta

// ParseCatalogue reads a catalogue: a YAML document with a list "articles" of
// entries, each with an id. Unknown keys, duplicate ids and bad dates are errors.
func ParseCatalogue(data []byte) (Catalogue, error) {
	var doc struct {
		Articles []Meta `yaml:"articles"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return Catalogue{}, nil
		}
		return nil, yamlError(err)
	}
	cat := make(Catalogue, len(doc.Articles))
	for i, m := range doc.Articles {
		if m.ID == "" {
			return nil, fmt.Errorf("entry %d has no id", i+1)
		}
		if _, dup := cat[m.ID]; dup {
			return nil, fmt.Errorf("id %q is listed twice", m.ID)
		}
		if err := m.validate(); err != nil {
			return nil, fmt.Errorf("id %q: %w", m.ID, err)
		}
		cat[m.ID] = m
	}
	return cat, nil
}

func (m Meta) validate() error {
	if _, _, err := ParseDate(m.Date); err != nil {
		return err
	}
	if m.Outlet != "" && m.Source != "" && m.Outlet != m.Source {
		return fmt.Errorf("outlet %q and source %q disagree: give one of them", m.Outlet, m.Source)
	}
	if m.Lang != "" && !ValidLang(m.Lang) {
		return fmt.Errorf("lang %q: want a two- or three-letter code such as en or de", m.Lang)
	}
	return nil
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

// apply copies the fields m sets onto a.
func (m Meta) apply(a *Article) {
	set := func(dst *string, v string) {
		if v = SanitizeLine(v); v != "" {
			*dst = v
		}
	}
	set(&a.Title, m.Title)
	set(&a.Outlet, m.Outlet)
	set(&a.Outlet, m.Source)
	set(&a.Author, m.Author)
	set(&a.URL, m.URL)
	set(&a.TranslationOf, m.TranslationOf)
	if m.Lang != "" {
		a.Lang, a.LangDetected = m.Lang, false
	}
	if t, p, err := ParseDate(m.Date); err == nil && p != Unknown {
		a.Date, a.Precision = t, p
	}
}
