package search

import (
	"fmt"
	"strings"

	"github.com/NimbleMarkets/ntcharts/barchart"

	"dossier/index"
	"dossier/model"
	"dossier/ui/common"
)

// Where the pane is wide and tall enough (a 160-column terminal's list
// column), the facets are bars: for the language, the year and the
// outlet, the most frequent values each with a bar of its share of the
// hits (ntcharts' bar chart, eighths of a cell) and its count.

// Facet bars: the box they need, and the values shown per facet.
const (
	facetBarsWidth  = 46
	facetBarsHeight = 26
	facetBarsPer    = 3
	maxFacetLabel   = 16
)

// facetCache keeps the bars drawn for one result at one width: a frame
// draws them again only when either changed.
type facetCache struct {
	res   *index.Result
	w     int
	lines []string
}

// facetLines are the facets: bars where the box allows, else one line.
func (m *Model) facetLines(w int) []string {
	if m.res == nil || len(m.res.Hits) == 0 || m.err != nil || w < facetBarsWidth || m.c.Height < facetBarsHeight {
		return []string{m.facetLine()}
	}
	if c := m.facets; c.res == m.res && c.w == w {
		return c.lines
	}
	m.facets = facetCache{res: m.res, w: w, lines: m.facetBars(w)}
	return m.facets.lines
}

// facetRow is one value of a facet, as a bar.
type facetRow struct {
	label string
	count int
	more  int // values of its facet not shown (on its facet's last row)
}

// facetBars draws the most frequent values of each facet as bars on one
// scale: the number of articles the search found.
func (m *Model) facetBars(w int) []string {
	s := m.c.Styles
	var rows []facetRow
	for _, fc := range [][]index.FacetCount{m.res.Facets.Lang, m.res.Facets.Year, m.res.Facets.Source} {
		n := min(len(fc), facetBarsPer)
		for i, c := range fc[:n] {
			r := facetRow{label: model.SanitizeLine(c.Term), count: c.Count}
			if i == n-1 {
				r.more = len(fc) - n
			}
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return []string{""}
	}
	lw, cw, top := 0, 0, 1
	for _, r := range rows {
		lw = max(lw, common.Width(r.label))
		cw = max(cw, len(countCell(r)))
		top = max(top, r.count)
	}
	lw = min(lw, maxFacetLabel)
	bw := w - lw - cw - 2
	scale := max(int(m.res.Articles), top)
	bc := barchart.New(bw, len(rows), barchart.WithHorizontalBars(), barchart.WithNoAxis(), barchart.WithBarGap(0),
		barchart.WithNoAutoMaxValue(), barchart.WithMaxValue(float64(scale)))
	for _, r := range rows {
		bc.Push(barchart.BarData{Values: []barchart.BarValue{{Name: r.label, Value: float64(r.count), Style: s.Info}}})
	}
	bc.Draw()
	bars := strings.Split(bc.View(), "\n")
	out := make([]string, len(rows))
	for i, r := range rows {
		bar := ""
		if i < len(bars) {
			bar = bars[i]
		}
		out[i] = common.PadRight(s.Text.Render(r.label), lw) + " " + bar + " " + s.Muted.Render(countCell(r))
	}
	return out
}

// countCell is a value's count, and how many values of its facet are not
// shown, on its facet's last row.
func countCell(r facetRow) string {
	if r.more > 0 {
		return fmt.Sprintf("%d (+%d)", r.count, r.more)
	}
	return fmt.Sprint(r.count)
}
