package timeline

import (
	"context"
	"io"
	"reflect"
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
	panes := lookPanes(t)
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
			row := &eventRow{shape: &rowShape{s: m.c.Styles, w: w, dw: dw, maxLines: m.entryLinesMax()}, e: e}
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

// lookPanes are Timeline panes on one snapshot, sharing its entries, in
// several looks (colour profile and theme) and sizes.
func lookPanes(t *testing.T) []*Model {
	t.Helper()
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
	return panes
}

// TestSharedDetailsArePerLook: an event's detail is laid out once for the
// sessions of one look and width, and each gets the one it would lay out
// itself: another look or width gets its own, and a session for which one
// of the event's articles is new gets its own (with the new mark).
func TestSharedDetailsArePerLook(t *testing.T) {
	panes := lookPanes(t)
	var keys []string
	for _, k := range panes[0].keys {
		if ev, ok := panes[0].eventByKey(k); ok && ev.Articles() > 0 && len(keys) < 8 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		t.Fatal("no event with articles")
	}
	check := func(m *Model, key string) {
		t.Helper()
		if !m.list.Select(key) {
			t.Fatalf("event %s is not listed", key)
		}
		ev, _ := m.selected()
		h, a, tl := m.sharedDetail(ev, m.c.Width)
		wh, wa, wt := m.detailPieces(ev, m.c.Width)
		if !reflect.DeepEqual(h, wh) || !reflect.DeepEqual(a, wa) || !reflect.DeepEqual(tl, wt) {
			t.Fatalf("%s, width %d, new %v: event %s's detail differs from one laid out afresh", m.c.Styles.Look, m.c.Width, m.fresh, key)
		}
	}
	for round := range 2 {
		if round == 1 { // an article of each event is new for one session
			fresh := map[string]bool{}
			for _, k := range keys {
				ev, _ := panes[1].eventByKey(k)
				for _, src := range ev.Sources {
					fresh[src.ID] = true
					break
				}
			}
			// The same session with and without them, one after the other.
			for _, k := range keys {
				panes[1].fresh = nil
				check(panes[1], k)
				panes[1].fresh = fresh
				check(panes[1], k)
				panes[1].fresh = nil
				check(panes[1], k)
			}
			panes[1].fresh = fresh
		}
		// Each session right after one of another look, another size,
		// and both (lookPanes lists the looks of each size in turn).
		for _, k := range keys {
			for j, a := range panes {
				for _, d := range []int{1, 4, 5} {
					check(a, k)
					check(panes[(j+d)%len(panes)], k)
				}
			}
		}
	}
}
