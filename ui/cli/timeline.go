package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"dossier/index/library"
	"dossier/model"
	tl "dossier/model/timeline"
)

// TimelineOptions are the flags of `dossier timeline`.
type TimelineOptions struct {
	Sources
	RoadmapFile string // the catalogue whose dated items are the milestones; the embedded one when ""
	JSON        bool
	Published   bool // list the articles' publications among the events
	Width       int  // wrap text output at this many cells (0: never)
}

// Timeline extracts the partnership's timeline from the corpus and the
// roadmap catalogue's milestones and prints it oldest first: the events
// about the partnership by year, then those that are context only, then
// the undated articles. It stops when ctx is cancelled.
func Timeline(ctx context.Context, o TimelineOptions, out, errOut io.Writer) error {
	cat, err := LoadRoadmap(o.RoadmapFile)
	if err != nil {
		return err
	}
	// The kept index keeps each article's extraction: a warm start
	// assembles the timeline without reading the articles again.
	lib, err := OpenLibrary(ctx, o.Sources, library.TimelineDeriver(), errOut)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("timeline: interrupted while reading the corpus: %w", ctx.Err())
		}
		return err
	}
	defer lib.Close()
	snap := lib.Snapshot()
	corpus := snap.Corpus
	t, err := snap.Timeline(ctx, tl.Milestones(cat))
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("timeline: interrupted before it was built: %w", err)
		}
		return err
	}
	if o.JSON {
		return printTimelineJSON(out, corpus, t)
	}
	printTimelineText(out, corpus, t, o.Published, o.Width)
	return nil
}

// printTimelineText writes one block per event: the date (≈ when it is
// inferred), a mark for its kind and the label, then one line per source
// telling how it dates the event. Lines wrap at width (0: never) under the
// label's first word.
func printTimelineText(out io.Writer, corpus *model.Corpus, t tl.Timeline, published bool, width int) {
	var main, context []tl.Event
	for _, ev := range t.Events {
		switch {
		case ev.Kind == tl.KindPublished && !published:
		case ev.Context:
			context = append(context, ev)
		default:
			main = append(main, ev)
		}
	}
	year := 0
	for _, ev := range main {
		if y := ev.Start.Year(); y != year {
			year = y
			fmt.Fprintf(out, "\n%d\n", year)
		}
		printEvent(out, ev, width)
	}
	if len(context) > 0 {
		fmt.Fprintf(out, "\nContext (not about the partnership)\n")
		for _, ev := range context {
			printEvent(out, ev, width)
		}
	}
	if len(t.Undated) > 0 {
		fmt.Fprintf(out, "\nUndated articles\n")
		for _, id := range t.Undated {
			a, _ := corpus.Article(id)
			printHanging(out, width, eventIndent, fmt.Sprintf("  %-16s %s", "—", model.SanitizeLine(a.Title)))
			printHanging(out, width, eventIndent, fmt.Sprintf("  %-16s %s", "", model.Escape(id)))
		}
	}
}

// eventIndent is where an event's label and its sources start, and where
// their wrapped lines go on.
const eventIndent = 21

// kindMarks mark the kind of an event in the text output.
var kindMarks = map[tl.Kind]string{tl.KindMilestone: "◆", tl.KindReported: "•", tl.KindPublished: "▫"}

func printEvent(out io.Writer, ev tl.Event, width int) {
	date := ev.DateString()
	if ev.Inferred() {
		date = "≈" + date
	}
	label := model.SanitizeLine(ev.Label)
	if !ev.Period.IsZero() && !strings.Contains(label, fmt.Sprint(ev.Period.From)) {
		label += " [" + ev.Period.String() + "]"
	}
	printHanging(out, width, eventIndent, fmt.Sprintf("  %-16s %s %s", date, kindMarks[ev.Kind], label))
	for _, s := range ev.Sources {
		if s.Basis == tl.Catalogue {
			what := "item " + model.Escape(s.ID)
			if doc, ok := strings.CutPrefix(s.ID, tl.DocumentMilestonePrefix); ok {
				what = "“" + model.SanitizeLine(doc) + "”"
			}
			printHanging(out, width, eventIndent, fmt.Sprintf("  %-16s   roadmap %s · %s", "", what, model.SanitizeLine(s.Expression)))
			continue
		}
		printHanging(out, width, eventIndent, fmt.Sprintf("  %-16s   %s · %s", "", model.Escape(s.ID), model.SanitizeLine(s.DateNote())))
	}
}

type jsonSource struct {
	ID         string  `json:"id"`
	Quote      string  `json:"quote"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Basis      string  `json:"basis"`
	Expression string  `json:"expression"`
	Anchor     *string `json:"anchor"`
}

type jsonEvent struct {
	Start     *string      `json:"start"`
	End       *string      `json:"end"`
	Precision string       `json:"precision"`
	Kind      string       `json:"kind"`
	Label     string       `json:"label"`
	Context   bool         `json:"context"`
	Period    *string      `json:"period,omitempty"`
	Milestone string       `json:"milestone,omitempty"`
	Sources   []jsonSource `json:"sources"`
}

// printTimelineJSON writes every event (publications and context ones
// included) and then each undated article with null dates.
func printTimelineJSON(out io.Writer, corpus *model.Corpus, t tl.Timeline) error {
	day := func(tm time.Time) *string { s := tm.Format(time.DateOnly); return &s }
	list := make([]jsonEvent, 0, len(t.Events)+len(t.Undated))
	for _, ev := range t.Events {
		je := jsonEvent{Start: day(ev.Start), End: day(ev.End), Precision: ev.Precision.String(), Kind: ev.Kind.String(),
			Label: ev.Label, Context: ev.Context, Milestone: ev.Milestone, Sources: []jsonSource{}}
		if !ev.Period.IsZero() {
			p := fmt.Sprintf("%d-%d", ev.Period.From, ev.Period.To)
			je.Period = &p
		}
		for _, s := range ev.Sources {
			js := jsonSource{ID: s.ID, Quote: s.Quote, Start: s.Start, End: s.End, Basis: s.Basis.String(), Expression: s.Expression}
			if s.Basis == tl.Relative {
				a := model.FormatDate(s.Anchor, modelPrecisionOf(s.AnchorPrecision))
				js.Anchor = &a
			}
			je.Sources = append(je.Sources, js)
		}
		list = append(list, je)
	}
	for _, id := range t.Undated {
		a, _ := corpus.Article(id)
		list = append(list, jsonEvent{Precision: "unknown", Kind: tl.KindPublished.String(), Label: a.Title,
			Sources: []jsonSource{{ID: id, Quote: a.Title, Basis: tl.Stated.String()}}})
	}
	return writeJSON(out, list, true)
}

// modelPrecisionOf maps the timeline's precision to the corpus's.
func modelPrecisionOf(p tl.Precision) model.Precision {
	switch p {
	case tl.Day:
		return model.Day
	case tl.Month:
		return model.Month
	case tl.Year:
		return model.Year
	}
	return model.Unknown
}
