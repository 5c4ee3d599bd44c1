package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/ui/common"
)

// Bubble Tea draws the screen after every message, but writes it to the
// terminal at most once a frame (60 a second): of the screens drawn within
// one frame only the last is ever seen. A session's start brings a dozen
// results within a few milliseconds (the corpus, the timeline, the reviews,
// the searches, the count of new articles), each of which used to draw the
// whole screen. With a frame gap set (SetFrameGap, what `serve` does: a
// hundred sessions opening at once share the CPU), a result that comes
// within the gap of the last draw is held: the screen is drawn once, at the
// end of the gap, with every result held since. So is the session's first
// size, which comes before any result: its screen would be all "loading".
// Input (keys, the mouse, a new size) and the session's end are never held,
// and a held result is on screen within one gap.

// frameDueMsg ends a held frame: the screen is drawn with what came since.
type frameDueMsg struct{}

// SetFrameGap sets the shortest time between two draws caused by results
// (0, the default: every message that changes the screen draws it).
func (a *App) SetFrameGap(d time.Duration) { a.frames.gap = d }

// frameHold is the held-frame state of a session.
type frameHold struct {
	gap     time.Duration // 0: nothing is held
	held    bool          // the screen changed since the last draw; a frameDueMsg is on its way
	drawnAt time.Time     // when the screen was last drawn
}

// hold decides, after msg was handled, whether the screen it changed is
// drawn now or at the end of the gap; it returns the command that ends a
// held frame.
func (a *App) hold(msg tea.Msg) tea.Cmd {
	f := &a.frames
	switch msg.(type) {
	case tea.WindowSizeMsg:
		if a.frame == "" {
			break // the first size, before any screen: held for the results that follow it
		}
		f.held = false // a new size is drawn now, with whatever was held
		return nil
	case tea.KeyMsg, tea.MouseMsg, EndSessionMsg, frameDueMsg:
		f.held = false // drawn now, with whatever was held
		return nil
	}
	if a.ending != "" {
		f.held = false // the session's last screen is shown at once
		return nil
	}
	if f.gap <= 0 || a.frameOK || f.held {
		return nil // nothing to draw, or a draw is already due
	}
	wait := f.gap - time.Since(f.drawnAt)
	if wait <= 0 {
		return nil
	}
	f.held = true
	return common.Tick(a.c.Context(), wait, func(time.Time) tea.Msg { return frameDueMsg{} })
}
