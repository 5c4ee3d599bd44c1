package timeline

import (
	"fmt"
	"time"
)

// Doc is one article as the timeline sees it. Assemble needs only the
// metadata; Extract also reads Text.
type Doc struct {
	ID, Title, Text, Lang string
	Date                  time.Time // publication date
	DatePrecision         Precision // Day, Month or Year when known, else Unknown
	TranslationOf         string    // ID of the article this one translates, if any
}

// Kind is what an event is.
type Kind int

const (
	// KindReported is a dated event stated in an article.
	KindReported Kind = iota
	// KindPublished is an article's own publication.
	KindPublished
	// KindMilestone is a dated commitment of the roadmap catalogue, with
	// the articles that report it.
	KindMilestone
	// KindPlanned is an intention or an announcement that no article
	// reports as done: "the plant will start production by 2030", or
	// "tomorrow" in an article published the day before.
	KindPlanned
)

var kindNames = [...]string{"reported", "published", "milestone", "planned"}

// String names the kind: "reported", "published", "milestone" or "planned".
func (k Kind) String() string { return enumName(kindNames[:], int(k), "kind") }

// MarshalText encodes the kind as its name, for JSON.
func (k Kind) MarshalText() ([]byte, error) { return enumText(kindNames[:], int(k), "kind") }

// UnmarshalText decodes a kind name written by MarshalText.
func (k *Kind) UnmarshalText(b []byte) error { return enumParse(kindNames[:], b, (*int)(k), "kind") }

// Basis is how a source found the date of an event.
type Basis int

const (
	// Stated means the date is written out in the source ("7 November 2022").
	Stated Basis = iota
	// Relative means it was resolved against the publication date
	// ("yesterday", "am Dienstag", or "4 April" without a year).
	Relative
	// Catalogue means it comes from the roadmap catalogue.
	Catalogue
)

var basisNames = [...]string{"stated", "relative", "catalogue"}

// String names the basis: "stated", "relative" or "catalogue".
func (b Basis) String() string { return enumName(basisNames[:], int(b), "basis") }

// MarshalText encodes the basis as its name, for JSON.
func (b Basis) MarshalText() ([]byte, error) { return enumText(basisNames[:], int(b), "basis") }

// UnmarshalText decodes a basis name written by MarshalText.
func (b *Basis) UnmarshalText(t []byte) error { return enumParse(basisNames[:], t, (*int)(b), "basis") }

// Period is a span of whole years an event belongs to, such as the
// 2023–2024 of a roadmap; the zero Period means none.
type Period struct {
	From, To int // first and last year; 0 when there is no period
}

// IsZero reports that there is no period.
func (p Period) IsZero() bool { return p.From == 0 }

// String formats the period as "2023–2024", or "" for none.
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d–%d", p.From, p.To)
}

// Event is one entry of the timeline.
type Event struct {
	Kind       Kind
	Start, End time.Time // inclusive days (UTC midnight)
	Precision  Precision // Day, Month, Year or Span
	Label      string    // headline of at most about 90 runes, never cut mid-word; a publication's is its whole title
	Context    bool      // not about the partnership: shown below the others or behind a filter
	Period     Period    // the span it belongs to ("Roadmap 2025–2026"), if any
	Milestone  string    // the roadmap item id of a milestone
	Sources    []Source  // one per article (and the catalogue item of a milestone), sorted
	// MoreReports and MoreAnnounced count the articles beyond Sources
	// that report or announce the event: a bounded timeline keeps at most
	// SourcesShown sources of an event, the reports first.
	MoreReports, MoreAnnounced int
	// Notable marks the events a person reads by default on a large
	// timeline (see Timeline.Bounded): the milestones, and at most
	// NotableBudget events that several articles tell, or that one
	// dates to the day in so many words.
	Notable bool
}

// Source is one article (or catalogue item) backing an event, with the
// sentence that dates it and how the date was found.
type Source struct {
	ID         string    // article id; the roadmap item id when Basis is Catalogue
	Quote      string    // the sentence (or the article title of a publication, the item text of a milestone)
	Start, End int       // byte range of Quote in the article text; 0, 0 when not from the text
	DateStart  time.Time // the date this source gives, which may be coarser than the event's
	DateEnd    time.Time
	Precision  Precision
	Basis      Basis
	Expression string // the date as written: "yesterday", "am 4. April", "2023-05-19"
	// Anchor is the publication date a Relative date was resolved against
	// (with AnchorPrecision); AnchorID names the article it belongs to when
	// that is not the source itself (an undated translation's original).
	Anchor          time.Time
	AnchorPrecision Precision
	AnchorID        string
	// Announced is true when the article announced the event rather than
	// reported it: it was published before the event's date, or it speaks
	// of an intention ("will", "plans to"). Such a source never counts
	// as a report.
	Announced bool
}

// Timeline is the result of Assemble.
type Timeline struct {
	// Events are oldest first: every event and publication, or, when a
	// large timeline was assembled bounded, only its notable events.
	Events []Event
	// Large is true when there are more than NotableAbove events
	// (publications aside): a person reads the notable ones.
	Large bool
	// Left counts the events a bounded assembly left out.
	Left int
	// Undated lists, in input order, the articles with no publication
	// date of their own nor through the original they translate.
	Undated []string
}

func enumName(names []string, v int, what string) string {
	if v >= 0 && v < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", what, v)
}

func enumText(names []string, v int, what string) ([]byte, error) {
	if v < 0 || v >= len(names) {
		return nil, fmt.Errorf("timeline: invalid %s %d", what, v)
	}
	return []byte(names[v]), nil
}

func enumParse(names []string, b []byte, v *int, what string) error {
	for i, n := range names {
		if n == string(b) {
			*v = i
			return nil
		}
	}
	return fmt.Errorf("timeline: unknown %s %q", what, b)
}
