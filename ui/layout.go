package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"dossier/ui/common"
)

// Minimum usable terminal size.
const (
	MinWidth  = 40
	MinHeight = 12
	// WideWidth is the width from which a list has its detail beside it.
	WideWidth = 120
	// WiderWidth is the width from which the reader is on screen too.
	WiderWidth = 160
)

// layoutMode is how many columns the body has.
type layoutMode int

const (
	layoutOne   layoutMode = iota // under 120 columns: the focused pane
	layoutTwo                     // 120–159: a list and its detail, or the list and the reader
	layoutThree                   // 160 and more: list, detail and reader
)

func (a *App) layoutMode() layoutMode {
	switch {
	case a.width >= WiderWidth:
		return layoutThree
	case a.width >= WideWidth:
		return layoutTwo
	}
	return layoutOne
}

// rect is a box's place on screen, border included.
type rect struct{ x, y, w, h int }

// contains reports whether cell (x, y) is inside the box.
func (r rect) contains(x, y int) bool { return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h }

// frame is the border around a pane: one cell on each side.
const frame = 2

// column is one box of the body: a pane, or a list pane's detail.
type column struct {
	pane   common.PaneID
	detail bool // the detail of pane, not the pane itself
	r      rect
}

func (a *App) tooSmall() bool { return a.width < MinWidth || a.height < MinHeight }

// chromeHeight is the lines taken by the header, tab bar and footer.
func (a *App) chromeHeight() int { return 2 + max(a.footerH, 1) }

// columns lays out the body: widths grow with the terminal.
func (a *App) columns() []column {
	h := max(a.height-a.chromeHeight(), frame+1)
	y := 2
	switch a.layoutMode() {
	case layoutTwo:
		lw := a.width * 45 / 100
		right := column{pane: a.listPane, detail: true, r: rect{lw, y, a.width - lw, h}}
		if a.focus == common.PaneReader {
			right = column{pane: common.PaneReader, r: right.r}
		}
		return []column{{pane: a.listPane, r: rect{0, y, lw, h}}, right}
	case layoutThree:
		lw := a.width * 32 / 100
		dw := a.width * 26 / 100
		return []column{
			{pane: a.listPane, r: rect{0, y, lw, h}},
			{pane: a.listPane, detail: true, r: rect{lw, y, dw, h}},
			{pane: common.PaneReader, r: rect{lw + dw, y, a.width - lw - dw, h}},
		}
	}
	return []column{{pane: a.focus, r: rect{0, y, a.width, h}}}
}

// layout sizes every pane for the current terminal and asks the reader to
// render again if its width changed.
func (a *App) layout() tea.Cmd {
	if a.tooSmall() {
		return nil
	}
	a.footerH = a.footerLines()
	a.helpView.setSize(a.width-frame, max(a.height-a.chromeHeight()-frame, 1))
	cols := a.columns()
	size := func(p common.PaneID) rect {
		for _, c := range cols {
			if c.pane == p && !c.detail {
				return c.r
			}
		}
		return cols[0].r // not on screen: sized as the main column, for when it is
	}
	for i, p := range a.panes {
		r := size(common.PaneID(i))
		p.SetSize(r.w-frame, r.h-frame)
	}
	return a.reader.Refresh()
}
