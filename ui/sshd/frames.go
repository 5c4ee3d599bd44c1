package sshd

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/ui"
)

// frameEvery is the least time between two drawings of a session for
// messages that are not the person's input. Bubble Tea v1 asks for the
// view after every message, and a session takes about 17 results while
// its first screen fills in; the renderer shows at most 60 frames a
// second anyway. With many sessions on a few cores, the drawings nobody
// sees were most of the server's work.
const frameEvery = time.Second / 30

// frames draws a session's model at most once per frameEvery for results
// and ticks; a key, a mouse event, a resize or the end of the session is
// drawn at once. A state left undrawn is drawn one frame later, by a
// redraw message it asks for.
type frames struct {
	tea.Model
	every   time.Duration
	now     func() time.Time
	last    time.Time // when the model was last drawn
	view    string
	fresh   bool // the next View draws
	pending bool // a redraw is asked for
}

// redrawMsg asks frames to draw what changed since its last drawing.
type redrawMsg struct{}

func newFrames(m tea.Model) *frames {
	return &frames{Model: m, every: frameEvery, now: time.Now, fresh: true}
}

// Update passes msg to the model and decides whether the next View draws.
func (f *frames) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(redrawMsg); ok {
		f.pending, f.fresh = false, true
		return f, nil
	}
	var cmd tea.Cmd
	f.Model, cmd = f.Model.Update(msg)
	switch msg.(type) {
	case tea.KeyMsg, tea.MouseMsg, tea.WindowSizeMsg, ui.EndSessionMsg:
		f.fresh = true
		return f, cmd
	}
	if wait := f.every - f.now().Sub(f.last); wait > 0 && !f.fresh && !f.pending {
		f.pending = true
		cmd = tea.Batch(cmd, tea.Tick(wait, func(time.Time) tea.Msg { return redrawMsg{} }))
	}
	return f, cmd
}

// View draws the model, or gives its last drawing within a frame of it
// when no input came since.
func (f *frames) View() string {
	now := f.now()
	if !f.fresh && f.view != "" && now.Sub(f.last) < f.every {
		return f.view
	}
	f.fresh, f.last = false, now
	f.view = f.Model.View()
	return f.view
}
