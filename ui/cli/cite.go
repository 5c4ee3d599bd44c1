package cli

import (
	"fmt"
	"io"
	"strings"

	"dossier/model"
)

// isRange reports whether s is START-END, two numbers.
func isRange(s string) bool {
	a, b, ok := strings.Cut(s, "-")
	digits := func(x string) bool { return x != "" && strings.Trim(x, "0123456789") == "" }
	return ok && digits(a) && digits(b)
}

// Cite prints the citation of an article, or of a passage of it
// (ID:START-END, as search --json and concerns --json give ranges):
// “quote” — Outlet, “Title”, 7 Apr 2025, URL.
func Cite(src Sources, spec, format string, out, errOut io.Writer) error {
	if format != "text" && format != "md" && format != "json" {
		return UsageError{fmt.Errorf("--format %q: use text, md or json", format)}
	}
	corpus, err := LoadCorpus(src, errOut)
	if err != nil {
		return err
	}
	id, quote := spec, ""
	start, end := 0, 0
	if i := strings.LastIndexByte(spec, ':'); i >= 0 && isRange(spec[i+1:]) {
		if _, whole := corpus.Article(spec); !whole { // an id may end in ":1-2" itself
			ev, err := parseEvidence(spec, corpus)
			if err != nil {
				return UsageError{fmt.Errorf("cite: %s", strings.TrimPrefix(err.Error(), "--evidence "))}
			}
			id, quote, start, end = ev.ArticleID, ev.Quote, ev.Start, ev.End
		}
	}
	a, ok := corpus.Article(id)
	if !ok {
		return UsageError{fmt.Errorf("cite: no article %q in the corpus (dossier search --json gives the ids)", model.Escape(id))}
	}
	c := model.Cite(a, quote)
	switch format {
	case "md":
		_, err = fmt.Fprintln(out, c.Markdown())
	case "json":
		err = writeJSON(out, struct {
			ID       string `json:"id"`
			Start    int    `json:"start"`
			End      int    `json:"end"`
			Quote    string `json:"quote"`
			Outlet   string `json:"outlet"`
			Title    string `json:"title"`
			Date     string `json:"date"`
			URL      string `json:"url"`
			Text     string `json:"text"`
			Markdown string `json:"markdown"`
		}{id, start, end, c.Quote, c.Outlet, c.Title, c.Date, c.URL, c.Text(), c.Markdown()}, true)
	default:
		_, err = fmt.Fprintln(out, c.Text())
	}
	return err
}
