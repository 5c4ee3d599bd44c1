package model

import (
	"errors"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

var unknownField = regexp.MustCompile(`field (\S+) not found in type \S+`)

// metaKeys lists the keys a catalogue entry or front matter may use.
const metaKeys = "id, title, outlet (or source), author, url, lang, date, translation_of"

// yamlError rewrites a YAML decoding error for people: line numbers kept,
// Go type names removed.
func yamlError(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs := make([]string, len(te.Errors))
		for i, m := range te.Errors {
			msgs[i] = unknownField.ReplaceAllString(m, `unknown key "$1" (known: `+metaKeys+`)`)
		}
		return errors.New(strings.Join(msgs, "; "))
	}
	return errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
}
