package common

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Row is one entry of a List: a fixed number of lines drawn on demand.
type Row struct {
	Key        string // stable identity, to keep the cursor across refreshes
	Height     int    // lines the row takes; 1 when zero
	Selectable bool   // group headings and notes are not
	Render     func(width int, selected bool) string
	// Measure, when set, gives the lines the row takes instead of Height,
	// asked once, when the list first needs them: a long list (thousands
	// of events) lays out the rows it shows and scrolls past, not all.
	Measure func() int
	// Kept says Render gives the same text for the same width and
	// selection until the rows are set again: the list keeps what it drew
	// (a session draws after every message, most of which change no row).
	Kept bool
}

// drawnRow is a kept row as drawn, for the width and selection it was
// drawn for.
type drawnRow struct {
	width    int
	selected bool
	lines    []string
}

// rowHeight is the lines row i takes (measured once).
func (l *List) rowHeight(i int) int {
	r := &l.rows[i]
	if r.Measure == nil {
		return max(r.Height, 1)
	}
	if l.heights[i] == 0 {
		l.heights[i] = int32(max(r.Measure(), 1))
	}
	return int(l.heights[i])
}

// List is a scrolling list of rows with a cursor on selectable rows.
type List struct {
	keys          *KeyMap
	rows          []Row
	heights       []int32          // of the measured rows, once measured (0: not yet)
	drawn         map[int]drawnRow // kept rows as last drawn, by index
	cursor        int              // index into rows; -1 when nothing is selectable
	offset        int              // first visible row
	width, height int
}

// NewList returns an empty list using the given keys.
func NewList(keys *KeyMap) *List { return &List{keys: keys, cursor: -1} }

// SetSize sets the list's box in cells.
func (l *List) SetSize(w, h int) {
	l.width, l.height = w, h
	l.scrollToCursor()
}

// SetRows replaces the rows, keeping the cursor on the row with the same key
// when there is one, else at the same position.
func (l *List) SetRows(rows []Row) {
	prevKey := ""
	if l.cursor >= 0 && l.cursor < len(l.rows) {
		prevKey = l.rows[l.cursor].Key
	}
	prevPos := l.cursor
	l.rows = rows
	l.heights, l.drawn = nil, nil
	for _, r := range rows {
		if r.Measure != nil {
			l.heights = make([]int32, len(rows))
			break
		}
	}
	l.cursor = -1
	if prevKey != "" {
		for i, r := range rows {
			if r.Selectable && r.Key == prevKey {
				l.cursor = i
				break
			}
		}
	}
	if l.cursor < 0 {
		l.cursor = l.nearestSelectable(max(prevPos, 0), 1)
	}
	l.scrollToCursor()
}

// Len is the number of rows.
func (l *List) Len() int { return len(l.rows) }

// Cursor returns the selected row index, or -1.
func (l *List) Cursor() int { return l.cursor }

// SelectedKey returns the key of the selected row, or "".
func (l *List) SelectedKey() string {
	if l.cursor < 0 || l.cursor >= len(l.rows) {
		return ""
	}
	return l.rows[l.cursor].Key
}

// Select moves the cursor to the row with the given key.
func (l *List) Select(key string) bool {
	for i, r := range l.rows {
		if r.Selectable && r.Key == key {
			l.cursor = i
			l.scrollToCursor()
			return true
		}
	}
	return false
}

// SelectIndex moves the cursor to the first selectable row at or after i.
func (l *List) SelectIndex(i int) {
	l.cursor = l.nearestSelectable(i, 1)
	l.scrollToCursor()
}

// nearestSelectable finds a selectable row from i in direction dir, then
// the other way.
func (l *List) nearestSelectable(i, dir int) int {
	if len(l.rows) == 0 {
		return -1
	}
	i = min(max(i, 0), len(l.rows)-1)
	for _, d := range []int{dir, -dir} {
		for j := i; j >= 0 && j < len(l.rows); j += d {
			if l.rows[j].Selectable {
				return j
			}
		}
	}
	return -1
}

// move moves the cursor by n selectable rows (negative is up).
func (l *List) move(n int) {
	if l.cursor < 0 {
		return
	}
	dir := 1
	if n < 0 {
		dir, n = -1, -n
	}
	for ; n > 0; n-- {
		next := -1
		for j := l.cursor + dir; j >= 0 && j < len(l.rows); j += dir {
			if l.rows[j].Selectable {
				next = j
				break
			}
		}
		if next < 0 {
			break
		}
		l.cursor = next
	}
	if dir < 0 && l.cursor == l.nearestSelectable(0, 1) {
		l.offset = 0 // show the headings above the first entry
	}
	l.scrollToCursor()
}

// pageRows is about how many rows fit on a page.
func (l *List) pageRows() int {
	if l.cursor < 0 {
		return 1
	}
	return max(l.height/l.rowHeight(l.cursor)-1, 1)
}

// Update handles the list's navigation keys; it reports whether it used msg.
func (l *List) Update(msg tea.KeyMsg) bool {
	switch {
	case key.Matches(msg, l.keys.Up):
		l.move(-1)
	case key.Matches(msg, l.keys.Down):
		l.move(1)
	case key.Matches(msg, l.keys.Top):
		l.cursor = l.nearestSelectable(0, 1)
		l.offset = 0
		l.scrollToCursor()
	case key.Matches(msg, l.keys.Bottom):
		l.cursor = l.nearestSelectable(len(l.rows)-1, -1)
		l.scrollToCursor()
	case key.Matches(msg, l.keys.PageUp):
		l.move(-l.pageRows())
	case key.Matches(msg, l.keys.PageDown):
		l.move(l.pageRows())
	default:
		return false
	}
	return true
}

// scrollToCursor adjusts the offset so the cursor row is fully visible.
func (l *List) scrollToCursor() {
	if l.cursor < 0 || l.height <= 0 {
		l.offset = min(l.offset, max(len(l.rows)-1, 0))
		return
	}
	if l.cursor < l.offset {
		l.offset = l.cursor
		// keep a heading right above the cursor in view
		for l.offset > 0 && !l.rows[l.offset-1].Selectable && l.rowHeight(l.offset-1) <= l.height-l.rowHeight(l.cursor) {
			l.offset--
			break
		}
	}
	// The first offset from which the rows down to the cursor's fit (or
	// the cursor's row itself, when it alone is taller than the view):
	// counted up from the cursor, so a jump far down the list measures
	// the rows of one screen, not every row in between.
	if l.offset < l.cursor {
		top, used := l.cursor, l.rowHeight(l.cursor)
		for top > l.offset && used+l.rowHeight(top-1) <= l.height {
			top--
			used += l.rowHeight(top)
		}
		l.offset = top
	}
}

// View draws the visible rows, padded to the list's height.
func (l *List) View() string {
	var lines []string
	for i := l.offset; i < len(l.rows) && len(lines) < l.height; i++ {
		h := l.rowHeight(i)
		out := l.draw(i)
		lines = append(lines, out[:min(h, len(out))]...)
		for range h - len(out) {
			lines = append(lines, "")
		}
	}
	if len(lines) > l.height {
		lines = lines[:l.height]
	}
	for len(lines) < l.height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// draw renders row i, or gives it as kept.
func (l *List) draw(i int) []string {
	r, sel := &l.rows[i], i == l.cursor
	if !r.Kept {
		return strings.Split(r.Render(l.width, sel), "\n")
	}
	if d, ok := l.drawn[i]; ok && d.width == l.width && d.selected == sel {
		return d.lines
	}
	if l.drawn == nil || len(l.drawn) > 2*l.height+8 {
		l.drawn = map[int]drawnRow{} // what was on screen before
	}
	d := drawnRow{width: l.width, selected: sel, lines: strings.Split(r.Render(l.width, sel), "\n")}
	l.drawn[i] = d
	return d.lines
}

// Click selects the selectable row drawn at line y of the list (0 is the
// first visible line) and reports whether there was one.
func (l *List) Click(y int) bool {
	if y < 0 {
		return false
	}
	line := 0
	for i := l.offset; i < len(l.rows) && line < l.height; i++ {
		h := l.rowHeight(i)
		if y < line+h {
			if !l.rows[i].Selectable {
				return false
			}
			l.cursor = i
			l.scrollToCursor()
			return true
		}
		line += h
	}
	return false
}

// ScrollInfo returns the first visible row, the cursor and the row count,
// for a position indicator.
func (l *List) ScrollInfo() (offset, cursor, total int) { return l.offset, l.cursor, len(l.rows) }

// Scroll moves the view by n rows (negative: up), as a mouse wheel does,
// and keeps the cursor on a row in view; it reports whether the cursor
// moved.
func (l *List) Scroll(n int) bool {
	if len(l.rows) == 0 || l.height <= 0 {
		return false
	}
	// The last offset that still fills the view.
	last, used := len(l.rows)-1, 0
	for i := len(l.rows) - 1; i >= 0; i-- {
		used += l.rowHeight(i)
		if used > l.height {
			break
		}
		last = i
	}
	l.offset = min(max(l.offset+n, 0), last)
	before := l.cursor
	if l.cursor >= 0 && l.cursor < l.offset {
		l.cursor = l.nearestSelectable(l.offset, 1)
	}
	end, used := l.offset, 0 // the last row fully in view
	for i := l.offset; i < len(l.rows); i++ {
		used += l.rowHeight(i)
		if used > l.height {
			break
		}
		end = i
	}
	if l.cursor > end {
		l.cursor = l.nearestSelectable(end, -1)
	}
	return l.cursor != before
}
