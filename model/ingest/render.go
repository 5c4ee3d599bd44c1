package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"

	"dossier/model"
)

// Render writes an article as dossier reads it: YAML front matter with the
// metadata that is known, then the text. A Markdown input passed through
// is returned as it was.
func Render(d Doc) []byte {
	if d.Raw != nil {
		return d.Raw
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	if d.Meta != (Meta{}) {
		fm, err := yaml.Marshal(d.Meta)
		if err == nil {
			b.Write(fm)
		}
	}
	b.WriteString("---\n")
	b.WriteString(strings.TrimSpace(d.Body))
	b.WriteString("\n")
	return b.Bytes()
}

// hashLen is how many hex digits of the text hash go into a file name.
const hashLen = 10

// TextHash identifies an article's text regardless of its layout: the
// SHA-256 of its words, NFKC-normalised, lower-cased and joined by single
// spaces. Two inputs that extract to the same text have the same hash.
func TextHash(text string) string {
	h := sha256.New()
	first := true
	for _, w := range strings.FieldsFunc(norm.NFKC.String(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if !first {
			h.Write([]byte{' '})
		}
		first = false
		h.Write([]byte(strings.ToLower(w)))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// corpusText is the text the corpus loader would read from a file: without
// front matter (.md) and without a leading date line, sanitised.
func corpusText(name string, data []byte) string {
	text, _ := model.ParseBody(data, name)
	return text
}

// FileName is the name an article is written under: a slug of its title
// and the start of its text hash, so that the same article always gets the
// same name.
func FileName(title, hash string) string {
	if len(hash) > hashLen {
		hash = hash[:hashLen]
	}
	return Slug(title) + "-" + hash + ".md"
}

// maxSlug caps the slug, in bytes.
const maxSlug = 60

// Slug turns a title into a file-name part: lower-case letters and digits
// of any script, accents removed, words joined by "-", cut at a word
// boundary; "article" when nothing is left.
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if b.Len()+len(string(r)) > maxSlug {
				s := b.String()
				if i := strings.LastIndexByte(s, '-'); i > maxSlug/2 {
					s = s[:i]
				}
				return finishSlug(s)
			}
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return finishSlug(b.String())
}

func finishSlug(s string) string {
	s = norm.NFC.String(strings.Trim(s, "-"))
	if s == "" {
		return "article"
	}
	return s
}
