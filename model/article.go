package model

import (
	"encoding/json"
	"time"
	"unicode/utf8"
)

// Article is one text of the corpus, sanitised and ready to index or show.
type Article struct {
	ID            string    // file name without extension
	Title         string    // headline, from metadata or derived from the text
	Body          string    // sanitised text; every byte offset in dossier points into it
	Outlet        string    // publication that carried it
	Author        string    // byline, if known
	URL           string    // where it was published
	Lang          string    // ISO 639-1 code, or "und" when undetermined
	TranslationOf string    // id of the article this one translates
	Date          time.Time // publication date (UTC midnight); zero when unknown
	Precision     Precision // how much of Date is known
	Path          string    // where it was read from, for messages
	LangDetected  bool      // true when Lang came from detection, not metadata
}

// Words counts the words of the body.
func (a Article) Words() int { return CountWords(a.Body) }

// DateString formats the date at its precision, or returns "" when unknown.
func (a Article) DateString() string { return FormatDate(a.Date, a.Precision) }

// DayString returns the date as YYYY-MM-DD (first day of a month or year when
// less precise), or "" when unknown.
func (a Article) DayString() string {
	if a.Precision == Unknown {
		return ""
	}
	return a.Date.Format(time.DateOnly)
}

// CountWords counts runs of letters and digits.
func CountWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		w := isWordRune(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// MarshalJSON renders an article's metadata (not the body) for machine output.
func (a Article) MarshalJSON() ([]byte, error) {
	var date *string
	if d := a.DayString(); d != "" {
		date = &d
	}
	return json.Marshal(struct {
		ID            string  `json:"id"`
		Title         string  `json:"title"`
		Date          *string `json:"date"`
		Precision     string  `json:"precision"`
		Lang          string  `json:"lang"`
		Source        string  `json:"source"`
		Author        string  `json:"author,omitempty"`
		URL           string  `json:"url,omitempty"`
		TranslationOf string  `json:"translation_of,omitempty"`
		Words         int     `json:"words"`
	}{a.ID, a.Title, date, a.Precision.String(), a.Lang, a.Outlet, a.Author, a.URL, a.TranslationOf, a.Words()})
}
