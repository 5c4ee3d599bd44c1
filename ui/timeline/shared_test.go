package timeline

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/index/library"
	"dossier/model"
	"dossier/ui/common"
)

// sharedCorpus is a corpus of 300 dated articles, most about one event.
func sharedCorpus() *model.Corpus {
	docs := make([]model.Document, 300)
	for i := range docs {
		var b strings.Builder
		for k := range 6 {
			fmt.Fprintf(&b, "The EU and Kazakhstan signed memorandum %d-%d on lithium in Astana on %d May %d, said minister %d. ", i, k, 1+(i+k)%28, 2000+(i*7+k)%25, k)
		}
		docs[i] = model.Document{Article: model.Article{ID: fmt.Sprintf("a%04d", i), Title: fmt.Sprintf("Memorandum %d", i), Lang: "en",
			Date: time.Date(2025, 1, 1+i%28, 0, 0, 0, 0, time.UTC), Precision: model.Day}, Body: b.String()}
	}
	return model.NewMemCorpus("shared", docs)
}

// paneOf is a built Timeline pane of one session on snap.
func paneOf(t *testing.T, snap *library.Snapshot, profile termenv.Profile, theme common.Theme, w, h int) *Model {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(profile)
	m := New(common.Common{Ctx: context.Background(), Renderer: r, Styles: common.NewStyles(r, theme), Keys: common.DefaultKeyMap()})
	m.SetSize(w, h)
	_, cmd := m.Update(common.DataMsg{State: library.Loaded(snap).State()})
	m.Update(cmd())
	if !m.built || len(m.entries) == 0 {
		t.Fatalf("timeline not built: %v", m.err)
	}
	return m
}

// shown is what a session shows, and every row of its list as it would
// draw it.
func shown(m *Model) string {
	l := m.listing()
	if k, ok := m.sharedKey(); ok {
		l = m.sharedListing(k)
	}
	return m.View() + rowsText(m.freshen(l), m.c.Width)
}

// rowsText is every row's key, height and text, drawn w wide.
func rowsText(rows []common.Row, w int) string {
	var b strings.Builder
	for _, r := range rows {
		h := r.Height
		if r.Measure != nil {
			h = r.Measure()
		}
		fmt.Fprintf(&b, "%s %d\n%s\n", r.Key, h, r.Render(w, false))
	}
	return b.String()
}

// keptListings counts the listings a snapshot keeps for its sessions.
func keptListings(t *testing.T, snap *library.Snapshot) int {
	t.Helper()
	v, err := snap.Value(context.Background(), "timeline listings", func() any { return &listings{} })
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range v.(*listings).kept {
		if e.ok {
			n++
		}
	}
	return n
}

// TestSessionsShareTheirListing: sessions of one snapshot with the same
// look, size and toggles share one listing of the timeline's rows, and
// each shows what it would show with a listing of its own: another size,
// look or toggle gets its own, and the events new for one person are
// marked for that person only.
func TestSessionsShareTheirListing(t *testing.T) {
	snap := library.NewSnapshot(sharedCorpus(), nil, nil)
	// alone is what a session shows with nothing shared: the only
	// session of a snapshot of its own.
	alone := func(m *Model) string {
		t.Helper()
		own := paneOf(t, library.NewSnapshot(sharedCorpus(), nil, nil), m.c.Renderer.ColorProfile(), m.c.Styles.Theme, m.c.Width, m.c.Height)
		if m.newest {
			own.Update(r("o"))
		}
		if m.fresh != nil {
			own.Update(common.NewArticlesMsg{IDs: m.fresh})
		}
		l := own.listing() // its own, not one kept
		own.shown = l.shown
		own.list.SetRows(own.freshen(l))
		return own.View() + rowsText(own.freshen(l), own.c.Width)
	}
	a := paneOf(t, snap, termenv.ANSI256, common.ThemeDark, 90, 20)
	b := paneOf(t, snap, termenv.ANSI256, common.ThemeDark, 90, 20)
	if n := keptListings(t, snap); n != 1 {
		t.Fatalf("two sessions of one size and look keep %d listings, want 1", n)
	}
	narrow := paneOf(t, snap, termenv.ANSI256, common.ThemeDark, 30, 20) // a narrower date column, labels wrapped
	short := paneOf(t, snap, termenv.ANSI256, common.ThemeDark, 30, 5)   // labels cut to fewer lines
	mono := paneOf(t, snap, termenv.Ascii, common.ThemeMono, 90, 20)
	newest := paneOf(t, snap, termenv.ANSI256, common.ThemeDark, 90, 20)
	newest.Update(r("o"))
	if !newest.newest {
		t.Fatal("o did not put the newest first")
	}
	for name, m := range map[string]*Model{"first": a, "second": b, "narrower": narrow, "shorter": short, "another look": mono, "newest first": newest} {
		if got, want := shown(m), alone(m); got != want {
			t.Errorf("%s: the session shows\n%s\nwant\n%s", name, got, want)
		}
	}
	// An article of the first event listed is new for b's person.
	ev, ok := b.selected()
	if !ok || len(ev.Sources) == 0 {
		t.Fatal("no event selected")
	}
	b.Update(common.NewArticlesMsg{IDs: map[string]bool{ev.Sources[0].ID: true}})
	a.SetSize(90, 20) // a lays its rows out again
	if got, want := shown(b), alone(b); got != want || !strings.Contains(got, common.NewTag) {
		t.Errorf("with an article new: the session shows\n%s\nwant (with %q)\n%s", got, common.NewTag, want)
	}
	if got := shown(a); strings.Contains(got, common.NewTag) || got != alone(a) {
		t.Errorf("another person's new article is marked in this session:\n%s", got)
	}
}

// TestHasMarkTargetsAgrees: the footer's cheap question (is there an
// article to mark?) answers as MarkTargets does on every row: events with
// articles, the roadmap's own milestones (none), undated articles.
func TestHasMarkTargetsAgrees(t *testing.T) {
	m := pane(t, 100, 30)
	for _, k := range []tea.KeyMsg{r("p"), r("c"), r("l")} { // every kind listed
		m.Update(k)
	}
	with, without := 0, 0
	for i := range m.list.Len() {
		m.list.SelectIndex(i)
		want := len(m.MarkTargets()) > 0
		if got := m.HasMarkTargets(); got != want {
			t.Fatalf("row %q: HasMarkTargets %v, MarkTargets %v", m.list.SelectedKey(), got, m.MarkTargets())
		}
		if want {
			with++
		} else {
			without++
		}
	}
	if with == 0 || without == 0 {
		t.Fatalf("rows with articles %d, without %d: both kinds are needed", with, without)
	}
}

// TestSessionsShareTheirSparkline: the sparkline is drawn once for the
// sessions of one snapshot with the same size and look, each gets the one
// it would draw itself, and a session's header (the sparkline and a line
// of its own) leaves the shared one as drawn.
func TestSessionsShareTheirSparkline(t *testing.T) {
	snap := library.NewSnapshot(sharedCorpus(), nil, nil)
	a := paneOf(t, snap, termenv.ANSI256, common.ThemeDark, 90, 20)
	b := paneOf(t, snap, termenv.ANSI256, common.ThemeDark, 90, 20)
	la, lb := a.sparkLines(90, 20), b.sparkLines(90, 20)
	if len(la) == 0 || &la[0] != &lb[0] {
		t.Fatal("two sessions of one size and look drew their own sparklines")
	}
	for _, m := range []*Model{a, b, paneOf(t, snap, termenv.Ascii, common.ThemeMono, 90, 20), paneOf(t, snap, termenv.ANSI256, common.ThemeDark, 50, 20),
		paneOf(t, snap, termenv.ANSI256, common.ThemeDark, 90, 40), paneOf(t, snap, termenv.ANSI256, common.ThemeDark, 90, 4)} {
		want := m.drawSpark(m.c.Width, sparkRows(m.c.Height))
		if got := m.sparkLines(m.c.Width, m.c.Height); !slices.Equal(got, want) {
			t.Errorf("%s %dx%d: the sparkline is\n%q\nwant\n%q", m.c.Styles.Look, m.c.Width, m.c.Height, got, want)
		}
		m.View()
	}
	if want := a.drawSpark(90, sparkRows(20)); !slices.Equal(a.sparkLines(90, 20), want) || cap(la) != len(la) {
		t.Errorf("a session's header wrote in the shared sparkline: %q", a.sparkLines(90, 20))
	}
}
