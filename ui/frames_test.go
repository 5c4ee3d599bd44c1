package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/ui/common"
)

// TestResultsWithinAFrameAreDrawnOnce: with a frame gap, a result that
// comes within the gap of the last draw is held (the screen stays as it
// was) until the gap's end, then drawn with every result held since, as a
// fresh screen; input and the session's end are drawn at once, with what
// was held; without a gap nothing is held.
func TestResultsWithinAFrameAreDrawnOnce(t *testing.T) {
	sh := testShared(t)
	a := New(testCommon(t, sh))
	drive(t, a, a.Init(), tea.WindowSizeMsg{Width: 160, Height: 45})
	status := func(s string) tea.Msg { return common.StatusMsg{Text: s} }

	// Without a gap, a result is drawn at once.
	a.Update(status("drawn at once"))
	if v := a.View(); !strings.Contains(v, "drawn at once") {
		t.Fatalf("without a frame gap the status is not drawn:\n%s", v)
	}

	// A gap that does not end by itself: only frameDueMsg ends it.
	a.SetFrameGap(time.Hour)
	before := a.View()
	a.Update(status("first result"))
	a.Update(status("second result"))
	if v := a.View(); v != before {
		t.Fatalf("results within the gap were drawn at once:\n%s", v)
	}
	a.Update(frameDueMsg{})
	if v := a.View(); !strings.Contains(v, "second result") || v != freshView(a) {
		t.Fatalf("at the gap's end the screen is not the fresh one with the last result:\n%s", v)
	}

	// Input is drawn at once, with what was held.
	a.frames.drawnAt = time.Now()
	a.Update(status("held before a key"))
	shown := a.View()
	drive(t, a, keys("j")...)
	if v := a.View(); v == shown || v != freshView(a) {
		t.Fatalf("a key after a held result is not drawn at once as a fresh screen:\n%s", v)
	}
	// A frameDueMsg of a hold that a key ended draws nothing more.
	drawn := a.frames.drawnAt
	a.Update(frameDueMsg{})
	if a.View(); a.frames.drawnAt != drawn {
		t.Error("a late frameDueMsg drew the screen again")
	}

	// The gap's end comes by itself: the command a held result returns.
	a.SetFrameGap(time.Second) // drive waits for the tick
	a.frames.drawnAt = time.Now()
	drive(t, a, status("shown after the gap"))
	if v := a.View(); !strings.Contains(v, "shown after the gap") {
		t.Fatalf("a held result is not drawn after the gap:\n%s", v)
	}

	// A new size is drawn at once.
	a.frames.drawnAt = time.Now()
	a.Update(status("held before a new size"))
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 35})
	if v := a.View(); v != freshView(a) || strings.Count(v, "\n") != 34 {
		t.Fatalf("a new size is not drawn at once:\n%s", v)
	}

	// The session's end is drawn at once.
	a.SetFrameGap(time.Hour)
	a.frames.drawnAt = time.Now()
	a.Update(status("held before the end"))
	a.limits.Idle = time.Nanosecond
	a.Update(limitTickMsg{})
	if v := a.View(); !strings.Contains(v, "without a key press") {
		t.Fatalf("the end of the session is not shown at once:\n%s", v)
	}
}

// TestFirstSizeIsHeldForResults: with a frame gap, a session's first size
// (before any screen) is held with the results that follow it, and the
// first screen is drawn whole at the gap's end.
func TestFirstSizeIsHeldForResults(t *testing.T) {
	sh := testShared(t)
	a := New(testCommon(t, sh))
	a.SetFrameGap(200 * time.Millisecond) // drive waits for each gap's end
	init := a.Init()
	if v := a.View(); v != "" {
		t.Fatalf("a screen before a size: %q", v)
	}
	_, held := a.Update(tea.WindowSizeMsg{Width: 160, Height: 45})
	if v := a.View(); v != "" {
		t.Fatalf("the first size was drawn at once:\n%s", v)
	}
	drive(t, a, init, held) // the results (the corpus, the timeline, ...), then the gap's end
	if v := a.View(); v == "" || v != freshView(a) || !strings.Contains(v, "events · ") {
		t.Fatalf("after the gap the first screen is not drawn whole:\n%s", v)
	}
}
