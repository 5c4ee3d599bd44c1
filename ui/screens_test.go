package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"dossier/index/library"
	"dossier/model"
	"dossier/ui/common"
)

// TestFooterAlwaysOffersHelp: "? help" ends the footer of every pane at
// every width, however many of the other keys are cut, and the footer
// never overflows.
func TestFooterAlwaysOffersHelp(t *testing.T) {
	for _, w := range []int{40, 80, 120, 160} {
		a := newApp(t, w, 30)
		for _, pane := range []string{"1", "2", "3", "4", "2<enter>"} {
			drive(t, a, keys(pane)...)
			f := a.footerView()
			if !strings.HasSuffix(strings.TrimRight(f, " "), "? help") || ansi.StringWidth(f) != w {
				t.Errorf("width %d, keys %s: footer %q", w, pane, f)
			}
			drive(t, a, keys("<esc>")...)
		}
	}
}

// TestHelpHeadingsColumnsAndMore: the help has its headings, is set in two
// columns from 160 columns, and says when there is more below; its box
// keeps both top corners at 40x12.
func TestHelpHeadingsColumnsAndMore(t *testing.T) {
	small := newApp(t, 40, 12)
	drive(t, small, keys("?")...)
	screen := small.View()
	lines := strings.Split(screen, "\n")
	if !strings.HasPrefix(lines[2], "┏") || !strings.HasSuffix(lines[2], "┓") {
		t.Errorf("the help's top edge at 40x12 lost a corner: %q", lines[2])
	}
	if !strings.Contains(screen, "▼ more below") {
		t.Errorf("40x12: no sign of more below:\n%s", screen)
	}
	var all []string
	for range 60 { // page down to the end: every heading passes by
		all = append(all, small.View())
		drive(t, small, tea.KeyMsg{Type: tea.KeyPgDown})
	}
	text := strings.Join(all, "\n")
	for _, h := range []string{"This pane: Timeline", "Everywhere (no prompt open)", "In a prompt", "Search syntax", "How keys work"} {
		if !strings.Contains(text, h) {
			t.Errorf("40x12: the help has no heading %q", h)
		}
	}
	if strings.Contains(small.View(), "▼ more below") {
		t.Error("at the end the help still says there is more below")
	}

	wide := newApp(t, 160, 45)
	drive(t, wide, keys("?")...)
	screen = wide.View()
	row := func(s string) int {
		for i, l := range strings.Split(screen, "\n") {
			if strings.Contains(l, s) {
				return i
			}
		}
		return -1
	}
	if a, b := row("This pane: Timeline"), row("Search syntax"); a < 0 || a != b {
		t.Errorf("160x45: the help is not in two columns (rows %d and %d):\n%s", a, b, screen)
	}
	narrow := newApp(t, 120, 35)
	drive(t, narrow, keys("?")...)
	if strings.Contains(strings.Split(narrow.View(), "\n")[3], "Search syntax") {
		t.Error("120 columns: the help is in two columns")
	}
}

// TestSkippedFilesAreListed: the header counts skipped files with the
// right plural and says how to see them; ! lists each with its reason.
func TestSkippedFilesAreListed(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.md"), []byte("---\ntitle: Good\ndate: 2024-01-02\n---\nLithium in Kazakhstan.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	for n, files := range [][]string{1: nil, 2: {"bad.md"}} {
		if n == 0 {
			continue
		}
		for _, f := range files {
			os.WriteFile(filepath.Join(dir, f), []byte("---\ntitle: [unclosed\n---\ntext\n"), 0o644)
		}
		feed := library.Start(context.Background(), library.Options{Dirs: []string{dir}, Warn: func(model.Warning) {}})
		t.Cleanup(func() { feed.Close() })
		sh := testShared(t)
		sh.Feed = feed
		a := New(testCommon(t, sh))
		drive(t, a, tea.WindowSizeMsg{Width: 120, Height: 35}) // the feed is given below, state by state
		waitState(t, a, func(st library.State) bool { return st.Snap != nil && st.Warnings == n })
		head := a.headerView()
		want := map[int]string{1: "1 file skipped (! lists them)", 2: "2 files skipped (! lists them)"}[n]
		if !strings.Contains(head, want) {
			t.Errorf("%d skipped: header %q", n, head)
		}
		drive(t, a, keys("!")...)
		screen := a.View()
		if !strings.Contains(screen, "Skipped files") || !strings.Contains(screen, "empty.txt: ") || n == 2 && !strings.Contains(screen, "bad.md: ") {
			t.Errorf("! does not list the files:\n%s", screen)
		}
		drive(t, a, keys("<esc>")...)
	}
}

// waitState feeds the app the feed's states until ok holds.
func waitState(t *testing.T, a *App, ok func(library.State) bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for seq := 0; ; {
		st := a.c.Feed.Wait(ctx, seq)
		if ctx.Err() != nil {
			t.Fatalf("no such state within 10 s; the last: %d warnings, final %v", st.Warnings, st.Final)
		}
		a.Update(common.DataMsg{State: st}) // its command waits for the next state: not run
		drive(t, a, a.previewList())
		if ok(st) {
			return
		}
		if st.Final {
			t.Fatalf("the feed ended without the state looked for: %+v", st.Warnings)
		}
		seq = st.Seq
	}
}

// TestMouseWheelScrollsEveryList: with --mouse the wheel scrolls the list
// under the pointer (timeline, roadmap, search results), not only the
// reader, and the help.
func TestMouseWheelScrollsEveryList(t *testing.T) {
	sh := testShared(t)
	c := testCommon(t, sh)
	c.Mouse = true
	a := New(c)
	drive(t, a, a.Init(), tea.WindowSizeMsg{Width: 80, Height: 24})
	wheel := func(b tea.MouseButton) tea.Msg {
		return tea.MouseMsg{X: 10, Y: 10, Button: b, Action: tea.MouseActionPress}
	}
	for _, pane := range []string{"1", "2"} {
		drive(t, a, keys(pane)...)
		lp, ok := a.panes[a.focus].(common.Scroller)
		if !ok {
			t.Fatalf("pane %s cannot scroll", pane)
		}
		_ = lp
		before := a.View()
		for range 12 {
			drive(t, a, wheel(tea.MouseButtonWheelDown))
		}
		if a.View() == before {
			t.Errorf("pane %s: the wheel did not scroll the list", pane)
		}
	}
	drive(t, a, keys("?")...)
	before := a.View()
	drive(t, a, wheel(tea.MouseButtonWheelDown), wheel(tea.MouseButtonWheelDown))
	if a.View() == before {
		t.Error("the wheel does not scroll the help")
	}
}
