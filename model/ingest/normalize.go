package ingest

import (
	"net/url"
	"strings"
	"time"

	"github.com/itlightning/dateparse"

	"dossier/model"
)

// maxField caps a metadata value, in runes.
const maxField = 300

// cleanLine makes one untrusted metadata value safe: sanitised, one line,
// at most maxField runes.
func cleanLine(s string) string {
	return model.Truncate(model.SanitizeLine(s), maxField)
}

// langCode turns a language tag ("de-DE", "en_US", "RU") into the ISO 639
// code dossier stores, or "" when it is not one.
func langCode(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i > 0 {
		tag = tag[:i]
	}
	if !model.ValidLang(tag) || tag == "und" || tag == "mul" || tag == "zxx" {
		return ""
	}
	return tag
}

var isoDay = model.LazyRegexp(`^\s*(\d{4}-\d{2}-\d{2})(?:$|[T\s])`)

// day reads a publication date (ISO 8601, RFC 1123, "7 June 2023"…) and
// returns the day as written, YYYY-MM-DD, without moving it to another time
// zone; "" when s is not an unambiguous date.
func day(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return ""
	}
	d := ""
	if m := isoDay().FindStringSubmatch(s); m != nil {
		d = m[1]
	} else if t, err := dateparse.ParseStrict(s); err == nil {
		d = t.Format(time.DateOnly)
	}
	if d == "" {
		return ""
	}
	t, p, err := model.ParseDate(d)
	if err != nil || p != model.Day || t.Year() < 1900 {
		return ""
	}
	return d
}

// byPrefix matches the words that open a byline.
var byPrefix = model.LazyRegexp(`(?i)^\s*(?:by|von|от|автор(?:ы)?:?|author:?|text:?)\s+`)

// cleanAuthor turns a byline into names: "By Jane Doe | 7 June 2023"
// becomes "Jane Doe". It returns "" for something that is not a name.
func cleanAuthor(s string) string {
	s = model.SanitizeLine(s)
	s = byPrefix().ReplaceAllString(s, "")
	for _, sep := range []string{" | ", " · ", " — ", " – ", "\u00a0|"} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	s = strings.Trim(s, " ,;|·")
	if s == "" || looksLikeURL(s) || len([]rune(s)) > 120 {
		return ""
	}
	return cleanLine(s)
}

// cleanURL keeps an absolute http(s) link, resolving a relative one against
// base when base is absolute; "" otherwise.
func cleanURL(raw, base string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return ""
	}
	if !u.IsAbs() && base != "" {
		if b, err := url.Parse(base); err == nil && b.IsAbs() {
			u = b.ResolveReference(u)
		}
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	s := u.String()
	if s != model.SanitizeLine(s) || strings.ContainsAny(s, " \"'<>") {
		return ""
	}
	return s
}
