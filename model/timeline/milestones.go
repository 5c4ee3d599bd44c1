package timeline

import (
	"strings"
	"time"
	"unicode/utf8"

	"dossier/model"
	"dossier/model/roadmap"
)

// Milestone is a dated commitment of the roadmap catalogue: a dated
// document (the MoU signed, a roadmap agreed) or a dated item.
type Milestone struct {
	ID         string    // the item id, or "# " and the title for a document's own date
	Label      string    // headline made from the item text or the document's description
	Text       string    // the item text or the document's description, quoted as the source
	Start, End time.Time // inclusive days (UTC midnight)
	Precision  Precision // Day, Month or Year
	Period     Period    // the span of the roadmap it belongs to, if any
}

// DocumentMilestonePrefix starts the ID of a milestone made from a
// document heading rather than an item.
const DocumentMilestonePrefix = "# "

// Milestones returns the dated documents and items of a catalogue, in
// file order (each document before its items).
func Milestones(cat *roadmap.Catalogue) []Milestone {
	if cat == nil {
		return nil
	}
	var out []Milestone
	byDoc := map[string][]roadmap.Item{}
	for _, it := range cat.Items() {
		byDoc[it.Document] = append(byDoc[it.Document], it)
	}
	seenDoc := map[string]bool{}
	for _, d := range cat.Documents {
		if d.Date.Precision != model.Unknown {
			text := d.Description
			if text == "" {
				text = d.Title
			}
			m := milestone(DocumentMilestonePrefix+d.Title, text, d.Date)
			if m.Label == "" {
				m.Label = fitTitle(d.Title)
			}
			out = append(out, m)
		}
		if seenDoc[d.Title] {
			continue // two documents of one title: their items were listed once
		}
		seenDoc[d.Title] = true
		for _, it := range byDoc[d.Title] {
			if it.Date.Precision == model.Unknown {
				continue
			}
			m := milestone(it.ID, it.Text, it.Date)
			if m.Label == "" {
				m.Label = fitTitle(it.Text)
			}
			out = append(out, m)
		}
	}
	return out
}

// milestone makes a milestone of a catalogue text and date.
func milestone(id, text string, d roadmap.Date) Milestone {
	m := Milestone{ID: id, Text: text, Label: headlineOf(text, "en")}
	y, mo, day := d.Time.Date()
	switch d.Precision {
	case model.Day:
		r := dayRange(mkDay(y, mo, day))
		m.Start, m.End, m.Precision = r.start, r.end, Day
	case model.Month:
		r := monthRange(y, mo)
		m.Start, m.End, m.Precision = r.start, r.end, Month
	default:
		r := yearsRange(y, y)
		m.Start, m.End, m.Precision = r.start, r.end, Year
	}
	if d.PeriodFrom != 0 {
		m.Period = Period{From: d.PeriodFrom, To: d.PeriodTo}
	}
	return m
}

// headlineOf compresses the first sentence of a text into a headline,
// leaving out its dates.
func headlineOf(text, lang string) string {
	sents := splitSentences(text)
	if len(sents) == 0 {
		return ""
	}
	s := newScanner(text, lang, reference{})
	s.load(sents[0].start, sents[0].end)
	dates := s.dates()
	periods := make([]bool, len(dates))
	for k, c := range dates {
		periods[k] = isPeriod(c.r)
	}
	return s.headline(s.units(dates, periods, -1))
}

// fitTitle shortens a title or other text to a label of at most maxLabel
// runes at a word boundary, without compressing it.
func fitTitle(title string) string {
	title = strings.Join(strings.Fields(title), " ")
	if utf8.RuneCountInString(title) <= maxLabel && !strings.ContainsAny(title, "\"“”„«»") {
		return title
	}
	s := newScanner(title, "", reference{})
	s.load(0, len(title))
	l := labeler{en: true, w: labelVocabulary(), verb: -1, u: s.units(nil, nil, -1)}
	for i := range l.u {
		if l.u[i].kind == uQuote {
			l.u[i].gone = true
		}
	}
	idx := l.live()
	if s := l.render(idx); len([]rune(s)) <= maxLabel {
		return s
	}
	return l.cut(idx)
}
