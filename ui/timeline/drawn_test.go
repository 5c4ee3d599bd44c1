package timeline

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/index/library"
	"dossier/ui/common"
)

// TestSharedRowsAreDrawnPerLook: sessions share each event's entry, and
// the rows drawn from it, but a session whose colours, width, height or
// selection differ gets the row drawn its way: every row equals one drawn
// afresh, whichever session drew it first.
func TestSharedRowsAreDrawnPerLook(t *testing.T) {
	snap := library.NewSnapshot(bigCorpus(), nil, nil)
	data := common.DataMsg{State: library.Loaded(snap).State()}
	type look struct {
		profile termenv.Profile
		theme   common.Theme
	}
	var panes []*Model
	for _, size := range [][2]int{{60, 20}, {90, 20}, {30, 20}, {30, 3}} {
		for _, lk := range []look{{termenv.Ascii, common.ThemeMono}, {termenv.ANSI256, common.ThemeDark}, {termenv.ANSI256, common.ThemeLight}, {termenv.TrueColor, common.ThemeDark}} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(lk.profile)
			m := New(common.Common{Ctx: context.Background(), Renderer: r, Styles: common.NewStyles(r, lk.theme), Keys: common.DefaultKeyMap()})
			m.SetSize(size[0], size[1])
			_, cmd := m.Update(data)
			m.Update(cmd())
			if !m.built || len(m.entries) == 0 {
				t.Fatalf("timeline not built: %v", m.err)
			}
			panes = append(panes, m)
		}
	}
	if &panes[0].entries[0] != &panes[len(panes)-1].entries[0] {
		t.Fatal("the sessions do not share the entries: nothing is shared to test")
	}
	// Each session draws right after each other one, which leaves its
	// rows kept: a row drawn another way must not be taken for its own.
	shared := 0
	check := func(m *Model, i int) {
		t.Helper()
		w, dw, e := m.c.Width, dateWidth, &m.entries[i]
		if e.drawn != nil {
			shared++
		}
		for _, sel := range []bool{false, true} {
			row := &eventRow{shape: &rowShape{m: m, w: w, dw: dw, maxLines: m.entryLinesMax()}, e: e}
			want := strings.Join(m.entryLines(w, dw, sel, *e), "\n")
			if got := row.render(w, sel); got != want {
				t.Fatalf("%s, %dx%d, selected %v: the row drawn is\n%q\nwant\n%q", m.c.Styles.Look, w, m.c.Height, sel, got, want)
			}
		}
	}
	for i := range min(len(panes[0].entries), 12) {
		for _, a := range panes {
			for _, b := range panes {
				check(a, i)
				check(b, i)
			}
		}
	}
	for _, m := range panes {
		m.View() // the list draws its rows through the same drawings
	}
	if shared == 0 {
		t.Fatal("no entry keeps its drawings")
	}
}
