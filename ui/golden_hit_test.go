package ui

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/seeds"
)

// longTitleShared is a corpus whose hit has a long title, an author, an
// address and a German translation, for the hit detail's goldens.
func longTitleShared(t *testing.T) Shared {
	t.Helper()
	day := func(s string) model.Article {
		d, p, _ := model.ParseDate(s)
		return model.Article{Date: d, Precision: p}
	}
	en := day("2025-04-07")
	en.ID, en.Lang, en.Outlet, en.Author = "en-long", "en", "The Astana Times", "Assel Satubaldina"
	en.Title = "Kazakhstan and the European Union agree on the next steps of their strategic partnership on sustainable raw materials, batteries and renewable hydrogen value chains at the Samarkand summit"
	en.URL = "https://astanatimes.com/2025/04/kazakhstan-and-the-european-union-agree-on-the-next-steps/"
	de := model.Article{ID: "de-long", Lang: "de", Outlet: "Turkish News World (German edition)", TranslationOf: "en-long",
		Title: "Kasachstan und die Europäische Union vereinbaren die nächsten Schritte ihrer strategischen Partnerschaft für nachhaltige Rohstoffe"}
	other := day("2023-06-02")
	other.ID, other.Lang, other.Outlet = "other", "en", "ActiveNews"
	other.Title = "Lithium deposits in East Kazakhstan draw European investors"
	c := model.NewMemCorpus("long", []model.Document{
		{Article: en, Body: "ASTANA – The partners agreed to develop lithium deposits together, with the first joint projects selected under the EU Critical Raw Materials Act and financed through the Global Gateway.\nThe summit in Samarkand also endorsed a roadmap for 2025-2026 with new actions on lithium refining, battery production and skills."},
		{Article: de, Body: "ASTANA – Die Partner vereinbarten in Samarkand, Lithium-Lagerstätten gemeinsam zu erschließen."},
		{Article: other, Body: "Investors from Germany and France visited lithium deposits in East Kazakhstan this week."},
	})
	syn, err := index.ParseSynonyms("synonyms.list", seeds.Synonyms)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(context.Background(), c, index.Options{Synonyms: syn})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	cat, err := roadmap.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	st, err := review.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return Shared{Feed: library.Loaded(library.NewSnapshot(c, ix, nil)), Roadmap: cat, Store: st}
}

// TestGoldenHitDetail: the search pane and the hit beside it, whose title
// is long, at the five sizes (one, two and three columns): the title wraps
// whole in the detail, the other language is named by its title, where it
// matched is said, and the match is in the snippet at every width.
func TestGoldenHitDetail(t *testing.T) {
	for _, size := range [][2]int{{40, 12}, {80, 24}, {120, 35}, {160, 45}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			tm := teatest.NewTestModel(t, New(testCommon(t, longTitleShared(t))), teatest.WithInitialTermSize(size[0], size[1]))
			for _, k := range keys("/lithium Samarkand") {
				tm.Send(k)
			}
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("1 article")) },
				teatest.WithDuration(10*time.Second))
			tm.Send(tea.KeyMsg{Type: tea.KeyDown}) // into the results
			teatest.WaitFor(t, tm.Output(), settled(), teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
			tm.Send(tea.QuitMsg{})
			final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
			teatest.RequireEqualOutput(t, []byte(normalise(final.View())))
		})
	}
}
