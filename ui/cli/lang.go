package cli

import (
	"fmt"
	"strings"

	"dossier/model"
)

// EnvLang names the environment variable that sets the reader's language.
const EnvLang = "DOSSIER_LANG"

// LangValue is the --lang flag: the reader's language, a two- or
// three-letter code (en, de, ru); empty means the locale's language, else
// English (model.ReaderLang).
type LangValue struct{ Lang *string }

// String returns the language set, or "".
func (v LangValue) String() string {
	if v.Lang == nil {
		return ""
	}
	return *v.Lang
}

// Set checks and sets a language code.
func (v LangValue) Set(s string) error {
	code, err := ParseLang(s)
	if err != nil {
		return err
	}
	*v.Lang = code
	return nil
}

// Type names the flag's kind in usage messages.
func (v LangValue) Type() string { return "LANG" }

// ParseLang checks a language code: two or three letters (any case), or
// empty for the default.
func ParseLang(s string) (string, error) {
	code := strings.ToLower(strings.TrimSpace(s))
	if code != "" && !model.ValidLang(code) {
		return "", fmt.Errorf("want a language code of two or three letters such as en, de or ru, not %s", model.Escape(s))
	}
	return code, nil
}
