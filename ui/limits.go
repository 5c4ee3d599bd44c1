package ui

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/ui/common"
)

// Limits bound one session (set for SSH users; zero values mean none).
type Limits struct {
	Idle     time.Duration // close after this long without a key
	Deadline time.Time     // close at this time (maximum session length)
}

// limitEvery is how often the session checks its limits.
const limitEvery = 5 * time.Second

// endDelay is how long the closing message stays before the session ends.
const endDelay = 1500 * time.Millisecond

// limitTickMsg asks the app to check its limits.
type limitTickMsg struct{}

// EndSessionMsg closes the session: the unsaved note is kept as a draft,
// the reason is shown, then the program quits. The SSH server sends it on
// shutdown.
type EndSessionMsg struct{ Reason string }

// SetLimits bounds the session.
func (a *App) SetLimits(l Limits) { a.limits = l }

func (a *App) watchLimits() tea.Cmd {
	if a.limits.Idle <= 0 && a.limits.Deadline.IsZero() {
		return nil
	}
	every := limitEvery
	if a.limits.Idle > 0 {
		every = max(min(every, a.limits.Idle/4), 250*time.Millisecond)
	}
	return common.Tick(a.c.Context(), every, func(time.Time) tea.Msg { return limitTickMsg{} })
}

// checkLimits ends the session when it was idle too long or its time is up.
func (a *App) checkLimits() tea.Cmd {
	if a.ending != "" {
		return nil
	}
	now := time.Now()
	switch {
	case a.limits.Idle > 0 && now.Sub(a.lastKey) >= a.limits.Idle:
		return a.end(fmt.Sprintf("Closed after %s without a key press.", humanDuration(a.limits.Idle)))
	case !a.limits.Deadline.IsZero() && !now.Before(a.limits.Deadline):
		return a.end("The session reached its time limit.")
	}
	return a.watchLimits()
}

// end keeps any unsaved note as a draft, shows why, and quits.
func (a *App) end(reason string) tea.Cmd {
	if a.ending != "" {
		return nil
	}
	a.ending = reason
	return tea.Sequence(a.roadmap.SaveDraft(), tea.Tick(endDelay, func(time.Time) tea.Msg { return tea.QuitMsg{} }))
}

// endingView is the screen shown while the session closes.
func (a *App) endingView() string {
	s := a.c.Styles
	msg := []string{
		s.Warning.Render(a.ending),
		s.Muted.Render("Any unsaved note was kept as a draft; it comes back when you edit it again."),
	}
	lines := make([]string, a.height)
	for i := range lines {
		if i >= 1 && i-1 < len(msg) {
			lines[i] = "  " + msg[i-1]
		}
	}
	return joinLines(lines, a.width)
}

// humanDuration prints whole minutes and hours in words, others as Go does.
func humanDuration(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return plural(int(d/time.Hour), "hour")
	case d >= time.Minute && d%time.Minute == 0:
		return plural(int(d/time.Minute), "minute")
	}
	return d.String()
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
