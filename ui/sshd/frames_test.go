package sshd

import (
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/ui"
)

// counter is a model whose view shows how many messages it took, and
// counts its drawings.
type counter struct{ msgs, views int }

type resultMsg struct{}

func (c *counter) Init() tea.Cmd { return nil }
func (c *counter) Update(tea.Msg) (tea.Model, tea.Cmd) {
	c.msgs++
	return c, nil
}
func (c *counter) View() string { c.views++; return fmt.Sprint(c.msgs) }

// TestFramesDrawResultsOncePerFrameAndInputAtOnce: results coming in
// within one frame are drawn once, and the last state is drawn one frame
// later through the redraw the limiter asks for; a key, a resize and the
// end of the session are drawn at once.
func TestFramesDrawResultsOncePerFrameAndInputAtOnce(t *testing.T) {
	c := &counter{}
	f := newFrames(c)
	clock := time.Unix(1000, 0)
	f.now = func() time.Time { return clock }
	step := func(msg tea.Msg) (string, tea.Cmd) {
		_, cmd := f.Update(msg)
		return f.View(), cmd
	}
	if v, _ := step(resultMsg{}); v != "1" {
		t.Fatalf("the first view is %q, want it drawn", v)
	}
	// Nine more results within the same frame: no drawing, one redraw asked.
	var asked int
	for range 9 {
		clock = clock.Add(time.Millisecond)
		v, cmd := step(resultMsg{})
		if v != "1" {
			t.Fatalf("a result within the frame was drawn: %q", v)
		}
		if cmd != nil {
			asked++
		}
	}
	if asked != 1 {
		t.Errorf("%d redraws asked for nine results within one frame, want 1", asked)
	}
	if c.views != 1 {
		t.Errorf("the model was drawn %d times for ten results within one frame, want 1", c.views)
	}
	// The redraw comes a frame later: the last state is drawn.
	clock = clock.Add(frameEvery)
	if v, _ := step(redrawMsg{}); v != "10" {
		t.Errorf("after the redraw the view is %q, want the last state (10)", v)
	}
	// Input is drawn at once, even within a frame of the last drawing.
	for i, msg := range []tea.Msg{tea.KeyMsg{Type: tea.KeyDown}, tea.WindowSizeMsg{Width: 80, Height: 24},
		tea.MouseMsg{}, ui.EndSessionMsg{Reason: "bye"}} {
		clock = clock.Add(time.Millisecond)
		if v, _ := step(msg); v != fmt.Sprint(11+i) {
			t.Errorf("%T was not drawn at once: view %q, want %d", msg, v, 11+i)
		}
	}
	// A result a whole frame after the last drawing is drawn at once.
	clock = clock.Add(frameEvery)
	if v, cmd := step(resultMsg{}); v != "15" || cmd != nil {
		t.Errorf("a result after a quiet frame: view %q (want 15), redraw asked %v", v, cmd != nil)
	}
}
