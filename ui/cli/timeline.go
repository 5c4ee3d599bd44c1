package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"dossier/model"
	tl "dossier/model/timeline"
)

// TimelineOptions are the flags of `dossier timeline`.
type TimelineOptions struct {
	Sources
	JSON bool
}

type jsonSource struct {
	ID    string `json:"id"`
	Quote string `json:"quote"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

type jsonEvent struct {
	Start     *string      `json:"start"`
	End       *string      `json:"end"`
	Precision string       `json:"precision"`
	Label     string       `json:"label"`
	Sources   []jsonSource `json:"sources"`
}

// Timeline extracts the partnership's timeline from the corpus and prints
// it, oldest first; undated articles come last (in JSON with null dates).
func Timeline(o TimelineOptions, out, errOut io.Writer) error {
	corpus, err := LoadCorpus(o.Sources, errOut)
	if err != nil {
		return err
	}
	events, undated := tl.Build(tl.FromCorpus(corpus))
	if o.JSON {
		return printTimelineJSON(out, corpus, events, undated)
	}
	year := 0
	for _, ev := range events {
		if ev.Start.Year() != year {
			year = ev.Start.Year()
			fmt.Fprintf(out, "\n%d\n", year)
		}
		ids := make([]string, len(ev.Sources))
		for i, s := range ev.Sources {
			ids[i] = s.ID
		}
		fmt.Fprintf(out, "  %-17s %s\n  %-17s %s\n", ev.DateString(), ev.Label, "", "sources: "+strings.Join(ids, ", "))
	}
	if len(undated) > 0 {
		fmt.Fprintf(out, "\nundated\n")
		for _, id := range undated {
			a, _ := corpus.Article(id)
			fmt.Fprintf(out, "  %-17s %s\n  %-17s sources: %s\n", "—", a.Title, "", id)
		}
	}
	return nil
}

func printTimelineJSON(out io.Writer, corpus *model.Corpus, events []tl.Event, undated []string) error {
	day := func(t time.Time) *string { s := t.Format(time.DateOnly); return &s }
	list := make([]jsonEvent, 0, len(events)+len(undated))
	for _, ev := range events {
		je := jsonEvent{Start: day(ev.Start), End: day(ev.End), Precision: ev.Precision.String(), Label: ev.Label}
		for _, s := range ev.Sources {
			je.Sources = append(je.Sources, jsonSource{ID: s.ID, Quote: s.Quote, Start: s.Start, End: s.End})
		}
		list = append(list, je)
	}
	for _, id := range undated {
		a, _ := corpus.Article(id)
		list = append(list, jsonEvent{Precision: "unknown", Label: "Published: " + a.Title,
			Sources: []jsonSource{{ID: id, Quote: a.Title}}})
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(list)
}
