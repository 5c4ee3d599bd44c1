package roadmap

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/ui/common"
)

// The Roadmap's header shows, above the list, one bar per document
// segmented by status, with a legend: blocks in the statuses' colours, or
// the status letters (those of the status picker) in mono.
//
// The bars are drawn here rather than with ntcharts' bar chart: a stacked
// bar there scales each segment to eighths of a cell, so one blocked item
// among 26 is a sliver that vanishes, segments are told apart by their
// colours only (no letters without colour), and its labels are cut by
// bytes. Here every status present gets at least one whole cell.

// barStatuses are the bar's segments, in order.
var barStatuses = [...]review.Status{review.Done, review.OnTrack, review.AtRisk, review.Blocked, review.Unreviewed}

// Bar sizes: the narrowest bar worth drawing, the widest label.
const (
	minBarWidth  = 8
	maxBarLabel  = 20
	minListLines = 8 // what the per-document bars leave the list at least
)

// segments shares width cells among counts in proportion (largest
// remainders), giving each count above zero at least one cell when there
// are enough cells for that.
func segments(counts []int, width int) []int {
	out := make([]int, len(counts))
	total, nonzero := 0, 0
	for _, c := range counts {
		total += c
		if c > 0 {
			nonzero++
		}
	}
	if total == 0 || width <= 0 {
		return out
	}
	left := width
	if width >= nonzero { // every status present is seen
		for i, c := range counts {
			if c > 0 {
				out[i] = 1
				left--
			}
		}
	}
	rem := make([]float64, len(counts))
	for i, c := range counts {
		exact := float64(c) * float64(width) / float64(total)
		extra := max(int(exact)-out[i], 0)
		extra = min(extra, left)
		out[i] += extra
		left -= extra
		rem[i] = exact - float64(out[i])
	}
	for ; left > 0; left-- {
		best := -1
		for i, c := range counts {
			if c > 0 && (best < 0 || rem[i] > rem[best]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		out[best]++
		rem[best]--
	}
	return out
}

// statusLetter is a status's letter in the mono bars: its key in the
// status picker.
func (m *Model) statusLetter(st review.Status) string {
	return m.c.Keys.StatusPick[st].Help().Key
}

// mono reports whether the session draws without colour.
func (m *Model) mono() bool { return m.c.Styles.Theme == common.ThemeMono }

// segmentGlyph is what a status's cells are drawn with.
func (m *Model) segmentGlyph(st review.Status) (string, lipgloss.Style) {
	switch {
	case m.mono():
		return m.statusLetter(st), m.c.Styles.Text
	case st == review.Unreviewed:
		return "░", m.c.Styles.Muted
	}
	return "█", m.statusStyle(st)
}

// statusCounts counts the items of each status, in barStatuses order.
func (m *Model) statusCounts(items []roadmap.Item) []int {
	counts := make([]int, len(barStatuses))
	for _, it := range items {
		st := m.reviews[it.ID].Status
		for i, b := range barStatuses {
			if b == st {
				counts[i]++
			}
		}
	}
	return counts
}

// bar draws the statuses of items in width cells.
func (m *Model) bar(items []roadmap.Item, width int) string {
	var b strings.Builder
	for i, n := range segments(m.statusCounts(items), width) {
		if n > 0 {
			g, st := m.segmentGlyph(barStatuses[i])
			b.WriteString(st.Render(strings.Repeat(g, n)))
		}
	}
	return b.String()
}

// documents are the catalogue's documents in order, with their items.
func (m *Model) documents() (names []string, items [][]roadmap.Item) {
	at := map[string]int{}
	for _, g := range m.c.Roadmap.Groups {
		i, ok := at[g.Document]
		if !ok {
			i = len(names)
			at[g.Document] = i
			names = append(names, g.Document)
			items = append(items, nil)
		}
		items[i] = append(items[i], g.Items...)
	}
	return names, items
}

// reviewedCount is "3/9": items reviewed of all.
func (m *Model) reviewedCount(items []roadmap.Item) string {
	n := 0
	for _, it := range items {
		if m.reviews[it.ID].Status != review.Unreviewed {
			n++
		}
	}
	return fmt.Sprintf("%d/%d", n, len(items))
}

// barLines are the bars for a box of w cells with room lines to spare
// above a list: one bar per document and the legend when they leave the
// list minListLines, else one bar for the whole catalogue, else none.
// Unless draw, the lines are left empty: as many as there would be.
func (m *Model) barLines(w, room int, draw bool) []string {
	names, items := m.documents()
	legend := m.legend(w)
	if len(names) == 0 || w < minBarWidth+8 {
		return nil
	}
	if len(names) > 1 && room-len(names)-len(legend) >= minListLines {
		if !draw {
			return make([]string, len(names)+len(legend))
		}
		return append(m.barRows(names, items, w), legend...)
	}
	if room-1 >= minListLines/2 {
		if !draw {
			return make([]string, 1)
		}
		return m.barRows([]string{"All items"}, [][]roadmap.Item{m.catItems()}, w)
	}
	return nil
}

// barRows draws labelled bars: the label (cut with … when long), the bar,
// the count of items reviewed.
func (m *Model) barRows(names []string, items [][]roadmap.Item, w int) []string {
	s := m.c.Styles
	lw, cw := 0, 0
	for i, n := range names {
		lw = max(lw, common.Width(model.SanitizeLine(n)))
		cw = max(cw, len(m.reviewedCount(items[i])))
	}
	lw = min(lw, maxBarLabel, max(w/3, 6))
	bw := w - lw - cw - 2
	if bw < minBarWidth { // no room for the count
		cw, bw = 0, w-lw-1
	}
	out := make([]string, len(names))
	for i, n := range names {
		label := common.PadRight(s.Muted.Render(model.SanitizeLine(n)), lw)
		line := label + " " + m.bar(items[i], bw)
		if cw > 0 {
			line += " " + s.Muted.Render(fmt.Sprintf("%*s", cw, m.reviewedCount(items[i])))
		}
		out[i] = common.Truncate(line, w)
	}
	return out
}

// legend names the statuses with their glyphs, on as few lines as w
// allows (two at most; a cut ends in …).
func (m *Model) legend(w int) []string {
	s := m.c.Styles
	var parts []string
	for _, st := range barStatuses {
		g, style := m.segmentGlyph(st)
		parts = append(parts, style.Render(g)+" "+s.Muted.Render(st.String()))
	}
	var lines []string
	line := ""
	for _, p := range parts {
		switch {
		case line == "":
			line = p
		case common.Width(line)+2+common.Width(p) <= w:
			line += "  " + p
		default:
			lines = append(lines, line)
			line = p
		}
	}
	lines = append(lines, line)
	for i := range lines {
		lines[i] = common.Truncate(lines[i], w)
	}
	return common.Clip(lines, 2, w)
}
