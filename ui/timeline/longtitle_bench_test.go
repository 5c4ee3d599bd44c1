package timeline

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/index/library"
	"dossier/model"
	"dossier/model/roadmap"
	"dossier/seeds"
	"dossier/ui/common"
)

// BenchmarkDetailLongTitle draws the detail of an event whose article has
// a title of n letters without a space (held in memory, past the bound
// the loader puts on titles): the cost must grow linearly with n.
func BenchmarkDetailLongTitle(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			doc := model.Document{Article: model.Article{ID: "long", Title: strings.Repeat("x", n), Lang: "en"},
				Body: "On 4 March 2024 the EU and Kazakhstan signed a memorandum on lithium in Astana."}
			c := model.NewMemCorpus("long", []model.Document{doc})
			cat, err := roadmap.Parse("roadmap.md", seeds.Roadmap)
			if err != nil {
				b.Fatal(err)
			}
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(termenv.Ascii)
			m := New(common.Common{Renderer: r, Styles: common.NewStyles(r, common.ThemeMono), Keys: common.DefaultKeyMap(), Roadmap: cat})
			m.SetSize(52, 33)
			_, cmd := m.Update(common.DataMsg{State: library.Loaded(library.NewSnapshot(c, nil, nil)).State()})
			for cmd != nil {
				msg := cmd()
				if msg == nil {
					break
				}
				_, cmd = m.Update(msg)
			}
			found := false
			for _, ev := range m.t.Events {
				if strings.Contains(ev.Label, "lithium") && m.list.Select(ev.Key()) {
					found = true
				}
			}
			if !found || !strings.Contains(m.DetailView(64, 33), "xxxxxxxx") {
				b.Fatal("the event of the long title is not shown")
			}
			for b.Loop() {
				_ = m.DetailView(64, 33)
			}
		})
	}
}
