package index

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"dossier/model"
)

// Result is the answer to one query.
type Result struct {
	Query string
	// Total counts the documents matching, beyond the returned page: an
	// article and each of its translations count one each.
	Total uint64
	// Articles counts the hits as they are listed, beyond the returned
	// page: an article with its matching translations beside it is one.
	Articles uint64
	Took     time.Duration // all the work of the search: hits, facets, match positions, fragments
	Hits     []Hit
	Facets   Facets
	Ignored  []string // words dropped as too common in every language
	Partial  bool     // the corpus was still being indexed
}

// Hit is one matching article.
type Hit struct {
	ID        string
	Title     string
	Date      string // YYYY-MM-DD (first day when less precise), "" when unknown
	Precision model.Precision
	Lang      string
	Source    string
	Author    string
	Score     float64
	Fragments []Fragment
	// Matches are every match in the title, the body, the outlet (Source)
	// and the author, by field then offset; offsets are into that text.
	Matches []Match
	// Fields names where the hit matched, in the order of MatchFields:
	// words in the title, body, outlet or author, and the language, date
	// or id filters of the query it meets.
	Fields   []string
	Versions []Version // other languages of the same article that match too
	part     int       // which part of the index answered
	surfaces []string  // the text of each title and body match, for lead.go
}

// MatchFields are the names Hit.Fields uses, in their order.
var MatchFields = []string{"title", "body", "source", "author", "lang", "date", "id"}

// Version is another language of a hit's article that matches the query.
type Version struct {
	ID    string `json:"id"`
	Lang  string `json:"lang"`
	Title string `json:"title"`
}

// Match is the byte range of one match in an article's title, body,
// outlet or author.
type Match struct {
	Field      string // "title", "body", "source" or "author"
	Start, End int
}

// Span is a byte range [Start, End).
type Span = model.Span

// Fragment is a short passage of the body with its matches marked.
type Fragment struct {
	Text  string
	Marks []Span // byte ranges of matches within Text, in order
	Start int    // byte offset of Text's first body byte in the article body
}

// Marked returns the fragment text with each match wrapped in open and close.
func (f Fragment) Marked(open, close string) string {
	var b strings.Builder
	last := 0
	for _, m := range f.Marks {
		b.WriteString(f.Text[last:m.Start])
		b.WriteString(open)
		b.WriteString(f.Text[m.Start:m.End])
		b.WriteString(close)
		last = m.End
	}
	b.WriteString(f.Text[last:])
	return b.String()
}

// HumanDate prints the hit's date at its precision ("7 Nov 2022",
// "Jun 2023") or "undated".
func (h Hit) HumanDate() string {
	d, _, err := model.ParseDate(h.Date)
	if err != nil || h.Date == "" {
		return model.HumanDate(d, model.Unknown)
	}
	return model.HumanDate(d, h.Precision)
}

// BodyMatches returns the matches in the body only.
func (h Hit) BodyMatches() []Match { return h.FieldMatches("body") }

// FacetCount is how many hits have one value of a facet.
type FacetCount struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// Facets counts the hits by language, year and outlet, most frequent first.
type Facets struct {
	Lang   []FacetCount `json:"lang"`
	Year   []FacetCount `json:"year"`
	Source []FacetCount `json:"source"`
}

// JSON mark-up of matches inside fragments.
const (
	MarkOpen  = "<mark>"
	MarkClose = "</mark>"
)

// MarshalJSON writes the hit in the documented `dossier search --json` shape.
func (h Hit) MarshalJSON() ([]byte, error) {
	if err := finiteScore(h.Score); err != nil {
		return nil, err
	}
	return h.appendJSON(nil), nil
}

// MarshalJSON writes the result as one JSON object.
func (r Result) MarshalJSON() ([]byte, error) { return r.AppendJSON(nil) }

// CountText says how many hits there are as they are listed, the same way
// everywhere: "4 articles · 1 also in German" (a translation that matches
// too is beside its article, not counted apart).
func (r *Result) CountText() string {
	s := fmt.Sprintf("%d articles", r.Articles)
	if r.Articles == 1 {
		s = "1 article"
	}
	n := 0
	langs := map[string]bool{}
	for _, h := range r.Hits {
		if len(h.Versions) > 0 {
			n++
		}
		for _, v := range h.Versions {
			langs[v.Lang] = true
		}
	}
	switch {
	case n == 0:
	case len(langs) == 1:
		for l := range langs {
			s += fmt.Sprintf(" · %d also in %s", n, model.LangName(l))
		}
	default:
		s += fmt.Sprintf(" · %d also in other languages", n)
	}
	return s
}

// FieldMatches returns the matches in one field ("title", "body", "source"
// or "author").
func (h Hit) FieldMatches(field string) []Match {
	var out []Match
	for _, m := range h.Matches {
		if m.Field == field {
			out = append(out, m)
		}
	}
	return out
}

// MatchedIn reports whether the hit matched in a field of MatchFields.
func (h Hit) MatchedIn(field string) bool { return slices.Contains(h.Fields, field) }
