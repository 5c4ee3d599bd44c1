package cli

import (
	"context"
	"fmt"
	"io"
	"math"

	"dossier/index"
	"dossier/model"
)

// ConcernsOptions are the flags of `dossier concerns`.
type ConcernsOptions struct {
	JSON  bool
	Limit int // items shown; 0 for all that the article touches
}

// concernJSON is one item an article concerns, as --json prints it.
type concernJSON struct {
	ID      string      `json:"id"`
	Score   float64     `json:"score"`
	Strong  bool        `json:"strong"`
	Passage passageJSON `json:"passage"`
}

type passageJSON struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Quote string `json:"quote"`
}

// concernsJSON turns links into their JSON form, quoting from text.
func concernsJSON(links []index.Link, text string) []concernJSON {
	out := make([]concernJSON, 0, len(links))
	for _, l := range links {
		p := l.Passage
		out = append(out, concernJSON{ID: l.TopicID, Score: math.Round(l.Score*1000) / 1000, Strong: l.Strong,
			Passage: passageJSON{Start: p.Start, End: p.End, Quote: text[p.Start:p.End]}})
	}
	return out
}

// Concerns prints the roadmap items an article most likely concerns, best
// first, each with its score and the passage that links them (a range
// that dossier review --evidence takes as it is).
func Concerns(ctx context.Context, e ReviewEnv, id string, o ConcernsOptions, out, errOut io.Writer) error {
	if o.Limit < 0 {
		return UsageError{fmt.Errorf("--limit %d: must be 0 or more", o.Limit)}
	}
	d, err := e.openDay(ctx, true, errOut)
	if err != nil {
		return err
	}
	defer d.Close()
	a, ok := d.corpus().Article(id)
	if !ok {
		return UsageError{fmt.Errorf("concerns: no article %q in the corpus (dossier search --json gives the ids)", model.Escape(id))}
	}
	reviews, err := d.st.All(ctx)
	if err != nil {
		return err
	}
	lk, err := d.linker(ctx, reviews)
	if err != nil {
		return err
	}
	links, err := lk.Concerns(ctx, id, o.Limit)
	if err != nil {
		return err
	}
	text, err := d.corpus().Text(id)
	if err != nil {
		return err
	}
	if o.JSON {
		return writeJSON(out, struct {
			Article string        `json:"article"`
			Items   []concernJSON `json:"items"`
		}{id, concernsJSON(links, text)}, true)
	}
	lw := lineWriter{width: e.Width}
	line := func(format string, args ...any) { fmt.Fprintln(out, lw.fit(fmt.Sprintf(format, args...))) }
	line("%s “%s” (%s)", model.Escape(id), oneLine(a.Title), model.HumanDate(a.Date, a.Precision))
	if len(links) == 0 {
		line("concerns no item of the roadmap")
		return nil
	}
	for _, l := range links {
		it, _ := d.cat.Item(l.TopicID)
		strong := ""
		if l.Strong {
			strong = "strong"
		}
		line("  %s %.2f %s %s", padRight(model.Escape(l.TopicID), 9), l.Score, padRight(strong, 6), oneLine(it.Text))
		p := l.Passage
		line("  %s %s “%s”", padRight("", 16), padRight(fmt.Sprintf("%d-%d", p.Start, p.End), 10), oneLine(text[p.Start:p.End]))
	}
	return nil
}
