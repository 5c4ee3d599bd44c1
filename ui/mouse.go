package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/ui/common"
)

// wheelRows is how many rows of a list one turn of the wheel scrolls.
const wheelRows = 1

// doubleClick is the longest time between the two clicks of a double click.
const doubleClick = 400 * time.Millisecond

// clickTracker tells double clicks from single ones.
type clickTracker struct {
	x, y int
	at   time.Time
}

// click records a click and reports whether it completes a double click.
func (t *clickTracker) click(x, y int, now time.Time) bool {
	double := x == t.x && y == t.y && now.Sub(t.at) <= doubleClick
	t.x, t.y, t.at = x, y, now
	if double {
		t.at = time.Time{} // a third click starts over
	}
	return double
}

// mouse handles --mouse events: a click on a tab focuses its pane; a click
// in a pane focuses it and selects what is under the pointer (a double
// click opens it); the wheel scrolls the pane under the pointer.
func (a *App) mouse(msg tea.MouseMsg) tea.Cmd {
	wheel := msg.Button == tea.MouseButtonWheelUp || msg.Button == tea.MouseButtonWheelDown
	if !a.c.Mouse || a.tooSmall() {
		return nil
	}
	if a.helpView.open {
		if wheel {
			a.helpView.scroll(msg)
		}
		return nil
	}
	if msg.Y == 1 && msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
		if p, ok := a.tabAt(msg.X); ok {
			return a.focusPane(p)
		}
		return nil
	}
	for _, c := range a.columns() {
		if !c.r.contains(msg.X, msg.Y) {
			continue
		}
		if wheel {
			switch sc, ok := a.panes[c.pane].(common.Scroller); {
			case c.detail:
				return nil
			case c.pane == common.PaneReader:
				_, cmd := a.reader.Update(msg)
				return cmd
			case ok:
				n := wheelRows
				if msg.Button == tea.MouseButtonWheelUp {
					n = -n
				}
				return sc.Scroll(n)
			}
			return nil
		}
		if msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft {
			return nil
		}
		double := a.clicks.click(msg.X, msg.Y, time.Now())
		var cmd tea.Cmd
		if c.pane != a.focus && !a.panes[a.focus].Prompt() {
			cmd = a.focusPane(c.pane)
		}
		if cl, ok := a.panes[c.pane].(common.Clicker); ok && !c.detail {
			return tea.Batch(cmd, cl.Click(msg.X-c.r.x-1, msg.Y-c.r.y-1, double))
		}
		return cmd
	}
	return nil
}

// tabAt returns the pane whose tab is at column x.
func (a *App) tabAt(x int) (common.PaneID, bool) {
	tabs, pad := a.tabLabels()
	at := 0
	for i, t := range tabs {
		w := common.Width(t)
		if x >= at && x < at+w {
			return common.PaneID(i), true
		}
		at += w
		if !pad {
			at++
		}
	}
	return 0, false
}
