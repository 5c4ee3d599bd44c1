package model

import (
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
