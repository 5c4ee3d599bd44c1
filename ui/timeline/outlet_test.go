package timeline

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/index/library"
	"dossier/model"
	"dossier/model/roadmap"
	"dossier/seeds"
	"dossier/ui/common"
)

// paneOn is the pane on a corpus of its own, built, w×h cells.
func paneOn(t *testing.T, c *model.Corpus, w, h int) *Model {
	t.Helper()
	cat, err := roadmap.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m := New(common.Common{Renderer: r, Styles: common.NewStyles(r, common.ThemeMono), Keys: common.DefaultKeyMap(), Roadmap: cat})
	m.SetSize(w, h)
	_, cmd := m.Update(common.DataMsg{State: library.Loaded(library.NewSnapshot(c, nil, nil)).State()})
	run(t, m, cmd)
	if !m.built || m.err != nil {
		t.Fatalf("timeline not built: %v", m.err)
	}
	return m
}

// An imported article without an outlet shows its date alone, in the
// event's detail and in the chooser of its articles: no dangling " · ".
func TestArticleWithoutOutletHasNoDanglingDot(t *testing.T) {
	doc := model.Document{Article: model.Article{ID: "imported", Title: "Roadmap endorsed in Samarkand", Lang: "en",
		Date: time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC), Precision: model.Day},
		Body: "The EU and Kazakhstan endorsed a roadmap in Samarkand on 4 April 2025."}
	m := paneOn(t, model.NewMemCorpus("t", []model.Document{doc}), 52, 30)
	selectEvent(t, m, "Samarkand")
	detail := m.DetailView(64, 30)
	if !strings.Contains(detail, "7 Apr 2025") {
		t.Fatalf("detail lacks the publication date:\n%s", detail)
	}
	press(t, m, enter)
	for name, v := range map[string]string{"detail": detail, "chooser": m.View()} {
		for _, line := range strings.Split(v, "\n") {
			l := strings.TrimSpace(strings.Trim(line, "│┃"))
			if strings.HasPrefix(l, "·") || strings.HasSuffix(l, "·") || strings.Contains(l, "·  ·") || strings.Contains(l, "· ·") {
				t.Errorf("%s: dangling separator in %q", name, line)
			}
		}
	}
}
