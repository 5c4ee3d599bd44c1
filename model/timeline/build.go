package timeline

import (
	"strings"
	"time"
)

// Doc is one article as the extractor sees it.
type Doc struct {
	ID, Title, Text, Lang string
	Date                  time.Time // publication date
	DatePrecision         Precision // Day or Month when known, else Unknown
	TranslationOf         string    // ID of the article this one translates, if any
}

// Event is one timeline entry, possibly with several sources.
type Event struct {
	Start, End time.Time // inclusive days (UTC midnight)
	Precision  Precision // the most precise date among the sources
	Label      string    // short summary, at most about 80 runes
	Sources    []Source  // one per article, sorted by ID
}

// Source is one article backing an event, with the sentence that dates it.
type Source struct {
	ID          string // Doc.ID
	Quote       string // the sentence, or the title for a publication
	Start, End  int    // byte range of Quote in Doc.Text; 0, 0 for a publication
	Publication bool   // the event is the article's own publication
}

// Thresholds for merging mentions by shared content words.
const (
	mergeScore     = 2.0 // weighted shared words needed for compatible dates
	mergeScoreSpan = 1.0 // ... for identical multi-day or multi-year spans
	commonDocs     = 8   // corpus size from which very common words count half
)

// item is one mention of one document, prepared for merging.
type item struct {
	doc   int
	m     Mention
	r     rng
	words []string
	en    bool
}

// Build extracts the dated mentions of all docs, merges mentions of the
// same real-world event (compatible dates and shared content words, or an
// article and its translation giving the same date), adds one publication
// event per dated article and returns the events sorted oldest first
// (Start, End, Label). undated lists, in input order, the IDs of docs
// whose own publication date is unknown; their absolute date mentions
// still appear, and a translation uses its original's date as reference.
func Build(docs []Doc) (events []Event, undated []string) {
	byID := map[string]int{}
	for i, d := range docs {
		if _, dup := byID[d.ID]; !dup {
			byID[d.ID] = i
		}
	}
	roots := make([]string, len(docs))
	var items []item
	var pubs []int
	for i, d := range docs {
		roots[i] = familyRoot(docs, byID, i)
		if _, ok := ownRange(d); ok {
			pubs = append(pubs, i)
		} else {
			undated = append(undated, d.ID)
		}
		ref, prec := referenceOf(docs, byID, i)
		for _, m := range Extract(d.Text, d.Lang, ref, prec) {
			items = append(items, item{doc: i, m: m, r: rng{m.Start, m.End, m.Precision},
				words: contentWords(m.Sentence), en: isEnglish(d.Lang)})
		}
	}
	weights := wordWeights(docs)
	events = append(events, mergeMentions(docs, roots, items, weights)...)
	events = append(events, publications(docs, roots, pubs)...)
	sortEvents(events)
	return events, undated
}

// ownRange is the publication date range of d, if known.
func ownRange(d Doc) (rng, bool) {
	if d.Date.IsZero() {
		return rng{}, false
	}
	y, m, day := d.Date.Date()
	switch d.DatePrecision {
	case Day:
		return dayRange(mkDay(y, m, day)), true
	case Month:
		return monthRange(y, m), true
	case Year:
		return yearsRange(y, y), true
	}
	return rng{}, false
}

// referenceOf returns the date that dates doc i's relative expressions:
// its own (Day or Month precision), else that of the nearest original it
// translates.
func referenceOf(docs []Doc, byID map[string]int, i int) (time.Time, Precision) {
	for steps := 0; steps <= len(docs); steps++ {
		d := docs[i]
		if !d.Date.IsZero() && (d.DatePrecision == Day || d.DatePrecision == Month) {
			return d.Date, d.DatePrecision
		}
		j, ok := byID[d.TranslationOf]
		if d.TranslationOf == "" || !ok || j == i {
			break
		}
		i = j
	}
	return time.Time{}, Unknown
}

// familyRoot names the original at the end of doc i's translation chain
// (for a cycle, its smallest ID), so translations of one original match.
func familyRoot(docs []Doc, byID map[string]int, i int) string {
	seen := map[string]bool{}
	id := docs[i].ID
	for !seen[id] {
		seen[id] = true
		next := docs[i].TranslationOf
		if next == "" {
			return id
		}
		j, ok := byID[next]
		if !ok {
			return next
		}
		id, i = next, j
	}
	lowest := id
	for s := range seen {
		lowest = min(lowest, s)
	}
	return lowest
}

func isEnglish(lang string) bool { return strings.HasPrefix(strings.ToLower(lang), "en") }

// wordWeights gives words found in more than half of a large corpus half weight.
func wordWeights(docs []Doc) map[string]float64 {
	w := map[string]float64{}
	if len(docs) < commonDocs {
		return w
	}
	df := map[string]int{}
	for _, d := range docs {
		for _, c := range contentWords(d.Title + "\n" + d.Text) {
			df[c]++
		}
	}
	for c, n := range df {
		if 2*n > len(docs) {
			w[c] = 0.5
		}
	}
	return w
}

// overlapScore sums the weights of the words two sorted lists share.
func overlapScore(a, b []string, weights map[string]float64) float64 {
	score := 0.0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			if w, ok := weights[a[i]]; ok {
				score += w
			} else {
				score++
			}
			i++
			j++
		}
	}
	return score
}

// compatible reports whether two dates can describe the same event: equal
// ranges, or a day or month inside a month or year.
func compatible(a, b rng) bool {
	if a.equal(b) {
		return true
	}
	n, w := a, b
	if n.width() > w.width() {
		n, w = w, n
	}
	if n.prec == Span || w.prec == Span || w.prec == Day {
		return false
	}
	return w.contains(n)
}

// narrower reports whether a is a more precise date than b.
func narrower(a, b rng) bool {
	if a.width() != b.width() {
		return a.width() < b.width()
	}
	return a.prec.rank() < b.prec.rank()
}
