package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/model/review"
	"dossier/ui/common"
)

// freshView draws a's screen from nothing: no box or frame kept from an
// earlier draw.
func freshView(a *App) string {
	boxes, chrome := a.boxes, a.chrome
	a.boxes, a.chrome = [len(a.boxes)]boxMemo{}, chromeMemo{}
	v := a.draw()
	a.boxes, a.chrome = boxes, chrome
	return v
}

// TestKeptFramesAreFresh: after every kind of message, the screen View
// gives (which reuses the last frame after a message that changed nothing
// on screen, and each column's box when its title, place and content are
// the same) is the screen drawn from nothing, at the sizes of one, two and
// three columns, as keys move, open, focus, filter and resize.
func TestKeptFramesAreFresh(t *testing.T) {
	sh := testShared(t)
	steps := []struct {
		name string
		msgs []tea.Msg
	}{
		{"start", nil},
		{"preview", []tea.Msg{common.PreviewMsg{}}},
		{"poll", []tea.Msg{readPollMsg{}}},
		{"limits", []tea.Msg{limitTickMsg{}}}, // no limits: no next tick
		{"sources, none failing", []tea.Msg{sourcesMsg{}}},
		{"down", keys("j")},
		{"preview after a move", []tea.Msg{common.PreviewMsg{}}},
		{"down, up", keys("jjk")},
		{"next pane", keys("<tab>")},
		{"roadmap down", keys("jj")},
		{"search", keys("/lithium<enter>")},
		{"search down", keys("j")},
		{"open", keys("<enter>")},
		{"reader scroll", keys("jjjj")},
		{"back", keys("<esc>")},
		{"help", keys("?")},
		{"help closed", keys("?")},
		{"timeline", keys("1")},
		{"mark read", keys("m")},
		{"a status", []tea.Msg{common.StatusMsg{Text: "a status message long enough to wrap on the narrowest screens of the grid, twice over"}}},
		{"poll after a status", []tea.Msg{readPollMsg{}}},
		{"narrower", []tea.Msg{tea.WindowSizeMsg{Width: 100, Height: 30}}},
		{"wider", []tea.Msg{tea.WindowSizeMsg{Width: 200, Height: 50}}},
	}
	for _, size := range [][2]int{{80, 24}, {120, 35}, {160, 45}} {
		a := New(testCommon(t, sh))
		drive(t, a, a.Init(), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, st := range steps {
			drive(t, a, st.msgs...)
			got, want := a.View(), freshView(a)
			if got != want {
				t.Fatalf("%dx%d, after %s: the screen drawn differs from a fresh one\n--- drawn\n%s\n--- fresh\n%s", size[0], size[1], st.name, got, want)
			}
			if again := a.View(); again != got {
				t.Fatalf("%dx%d, after %s: two draws differ", size[0], size[1], st.name)
			}
		}
	}
}

// TestChangesAfterKeptFramesShow: a message that changes the screen after
// ones that did not (so the last frame was kept) is drawn: a failing news
// source in the header, the reader's preview beside a list, the session's
// end.
func TestChangesAfterKeptFramesShow(t *testing.T) {
	sh := testShared(t)
	a := New(testCommon(t, sh))
	drive(t, a, a.Init(), tea.WindowSizeMsg{Width: 160, Height: 45})
	a.SetLimits(Limits{Idle: time.Hour}) // after Init: no tick to wait for
	for _, msg := range []tea.Msg{readPollMsg{}, sourcesMsg{}, limitTickMsg{}} {
		a.Update(msg) // not their commands: the next poll and tick
	}
	before := a.View()
	failing := review.FeedState{Source: "Kazinform", FailStreak: 5, FailingSince: time.Now().Add(-time.Hour), LastAt: time.Now()}
	a.Update(sourcesMsg{failing: []review.FeedState{failing}})
	if v := a.View(); v == before || !strings.Contains(v, "Kazinform: failing since") {
		t.Fatalf("the failing source is not in the header:\n%s", v)
	}
	a.Update(readPollMsg{})
	if v := a.View(); !strings.Contains(v, "Kazinform: failing since") {
		t.Fatalf("the header lost the failing source after a poll:\n%s", v)
	}
	// Three columns: moving the timeline's cursor previews its article.
	shown := a.View()
	drive(t, a, keys("jj")...)
	if v := a.View(); v == shown || v != freshView(a) {
		t.Fatalf("the move is not drawn as a fresh screen would be:\n%s", v)
	}
	a.limits.Idle = time.Nanosecond
	a.Update(limitTickMsg{})
	if v := a.View(); !strings.Contains(v, "without a key press") {
		t.Fatalf("the end of the session is not shown:\n%s", v)
	}
}
