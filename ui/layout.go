package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"dossier/ui/common"
)

// rect is a pane's place on screen, border included.
type rect struct{ x, y, w, h int }

// frame is the border around a pane: one cell on each side.
const frame = 2

func (a *App) tooSmall() bool { return a.width < MinWidth || a.height < MinHeight }

func (a *App) wide() bool { return a.width >= WideWidth }

// chromeHeight is the lines taken by the header, tab bar and footer.
func (a *App) chromeHeight() int { return 2 + a.footerHeight() }

// bodyRects returns where the list pane and the reader go. On narrow
// screens only the focused pane is drawn, in the first rect.
func (a *App) bodyRects() (list, reader rect) {
	h := max(a.height-a.chromeHeight(), frame+1)
	if !a.wide() {
		return rect{0, 2, a.width, h}, rect{0, 2, a.width, h}
	}
	lw := max(a.width*2/5, 44)
	return rect{0, 2, lw, h}, rect{lw, 2, a.width - lw, h}
}

// layout sizes every pane for the current terminal and asks the reader to
// render again if its width changed.
func (a *App) layout() tea.Cmd {
	if a.tooSmall() {
		return nil
	}
	a.help.Width = a.width
	list, rd := a.bodyRects()
	for i, p := range a.panes {
		r := list
		if common.PaneID(i) == common.PaneReader {
			r = rd
		}
		p.SetSize(r.w-frame, r.h-frame)
	}
	return a.reader.Refresh()
}
