package model

import (
	"time"
	"unicode/utf8"
)

// Article is what dossier knows about one text of the corpus without holding
// the text itself: its metadata, sanitised and ready to index or show. The
// text is read on demand (Corpus.Text), so a large corpus costs little memory.
type Article struct {
	ID            string    // file name without extension
	Title         string    // headline, from metadata or derived from the text
	Outlet        string    // publication that carried it
	Author        string    // byline, if known
	URL           string    // where it was published
	Lang          string    // ISO 639-1 code, or "und" when undetermined
	TranslationOf string    // id of the article this one translates
	Date          time.Time // publication date (UTC midnight); zero when unknown
	Precision     Precision // how much of Date is known
	Path          string    // where it was read from, for messages (folder label + path)
	File          string    // the file on disk; "" for embedded articles
	LangDetected  bool      // true when Lang came from detection, not metadata
	Words         int       // words in the text
	Size          int       // bytes of the text (every byte offset is below it)
	Sum           uint64    // checksum of the file's bytes, to notice a file changed under us
}

// Document is an article with its text, as it comes out of parsing and goes
// into the index.
type Document struct {
	Article
	Body string // sanitised text; every byte offset in dossier points into it
}

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
		w, size := asciiWord[s[i]], 1 // wordAt, inlined by hand
		if s[i] >= utf8.RuneSelf {
			w, size = wordRuneAt(s, i)
		}
		i += size
		if w && !in {
			n++
		}
		in = w
	}
	return n
}
