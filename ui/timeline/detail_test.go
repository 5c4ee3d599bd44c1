package timeline

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"dossier/model"
)

// crowdCorpus is n articles that each report one event, the same day:
// one event told by n articles.
func crowdCorpus(n int) *model.Corpus {
	docs := make([]model.Document, n)
	for i := range docs {
		docs[i] = model.Document{Article: model.Article{ID: fmt.Sprintf("c%02d", i), Title: fmt.Sprintf("Report number %d on the Karaganda plant opening", i),
			Outlet: "Example Wire", Lang: "en", Date: time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC), Precision: model.Day},
			Body: "Officials in Astana opened the lithium plant in Karaganda on 1 March 2025, the ministry said."}
	}
	return model.NewMemCorpus("crowd", docs)
}

var belowLine = regexp.MustCompile(`^↓ (\d+) more articles?(: enter lists them| below)$`)

// TestDetailShowsEveryArticleOrSaysHowManyMore: an event told by twelve
// articles, in a detail column from 6 to 70 lines: every line fits, every
// article's title is on screen, or the last line counts exactly those
// below it; an article shown in part ends in "…".
func TestDetailShowsEveryArticleOrSaysHowManyMore(t *testing.T) {
	const n = 12
	m := paneOn(t, crowdCorpus(n), 60, 30)
	selectEvent(t, m, "plant")
	for h := 6; h <= 70; h++ {
		lines := strings.Split(m.DetailView(44, h), "\n")
		if len(lines) != h {
			t.Fatalf("h %d: %d lines", h, len(lines))
		}
		shown := 0
		for i := range n {
			title := fmt.Sprintf("Report number %d on", i)
			for _, l := range lines {
				if strings.HasPrefix(l, title) {
					shown++
					break
				}
			}
		}
		if shown == 0 {
			t.Errorf("h %d: no article shown:\n%s", h, strings.Join(lines, "\n"))
		}
		body := strings.TrimRight(strings.Join(lines, "\n"), " \n")
		last := strings.TrimSpace(body[strings.LastIndex(body, "\n")+1:])
		if shown < n {
			got := belowLine.FindStringSubmatch(last)
			if got == nil {
				t.Errorf("h %d: %d of %d articles shown, and the last line says nothing of the others: %q", h, shown, n, last)
				continue
			}
			if k, _ := strconv.Atoi(got[1]); k != n-shown {
				t.Errorf("h %d: %d of %d shown, but the last line counts %d more", h, shown, n, k)
			}
		}
		for i := range n { // an article not shown whole (title, outlet, date, sentence) ends in "…"
			block := articleBlock(lines, i)
			if len(block) > 0 && len(block) < 5 && !strings.HasSuffix(block[len(block)-1], "…") {
				t.Errorf("h %d: article %d shown in part (%q) without “…”", h, i, block)
			}
		}
	}
}

// articleBlock is the lines of article i in the detail: from its title to
// the line before the next title, blank or marker line.
func articleBlock(lines []string, i int) []string {
	var out []string
	in := false
	for _, l := range lines {
		l = strings.TrimRight(l, " ")
		switch {
		case strings.HasPrefix(l, fmt.Sprintf("Report number %d on", i)):
			in = true
		case in && (l == "" || strings.HasPrefix(l, "Report number") || strings.HasPrefix(l, "↓ ")):
			return out
		}
		if in {
			out = append(out, l)
		}
	}
	return out
}

// TestDetailFollowsTheChooser: in the chooser, the detail holds the
// article under its cursor whole, with the count of those above and below.
func TestDetailFollowsTheChooser(t *testing.T) {
	const n = 12
	m := paneOn(t, crowdCorpus(n), 60, 30)
	selectEvent(t, m, "plant")
	press(t, m, enter)
	for range 8 {
		press(t, m, r("j"))
	}
	d := m.DetailView(44, 16)
	at := m.chooser.Cursor()
	title := fmt.Sprintf("Report number %d on", at)
	flatD := flat(d)
	for _, want := range []string{title, "“Officials in Astana opened the lithium plant in Karaganda on 1 March 2025, the ministry said.”", "more articles above", "more articles below"} {
		if !strings.Contains(flatD, want) {
			t.Errorf("the chooser at %d: the detail lacks %q:\n%s", at, want, d)
		}
	}
}

// TestEntryHeight: the lines an entry is counted to take are the lines it
// is drawn on, at every width, with and without an article count.
func TestEntryHeight(t *testing.T) {
	m := pane(t, 80, 30)
	for w := 20; w <= 200; w += 7 {
		for _, dw := range []int{8, 12, 19} {
			for i, ev := range m.t.Events {
				for _, e := range []entry{{label: ev.Label, date: dateOf(ev)}, {label: ev.Label, sources: 3, announced: i % 2}, {label: ""}, {label: "", sources: 2}} {
					if got, want := entryHeight(w, dw, m.entryLinesMax(), e), max(len(m.entryLines(w, dw, false, e)), 1); got != want {
						t.Fatalf("%q at %d (date %d): counted %d lines, drawn %d", e.label, w, dw, got, want)
					}
				}
			}
		}
	}
}
