package timeline

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// TestColumns: months spread over the columns, whole columns per month
// or several months a column.
func TestColumns(t *testing.T) {
	for _, tt := range []struct {
		counts []int
		room   int
		want   []float64
		top    int
		unit   string
	}{
		{[]int{1, 0, 3}, 7, []float64{1, 1, 0, 0, 3, 3}, 3, "a month"},
		{[]int{1, 0, 3}, 3, []float64{1, 0, 3}, 3, "a month"},
		{[]int{1, 0, 3, 2, 2}, 2, []float64{4, 4}, 4, "per 3 months"},
		{[]int{0, 0}, 2, []float64{0, 0}, 1, "a month"},
	} {
		got, top, unit := columns(tt.counts, tt.room)
		if !slices.Equal(got, tt.want) || top != tt.top || unit != tt.unit {
			t.Errorf("columns(%v, %d) = %v %d %q, want %v %d %q", tt.counts, tt.room, got, top, unit, tt.want, tt.top, tt.unit)
		}
	}
}

// TestSparkline: the timeline's header shows the articles per month
// between the corpus's first and last months, never wider than the pane,
// with what the bars count where it fits; two lines in a tall pane, none
// in the smallest.
func TestSparkline(t *testing.T) {
	m := pane(t, 60, 20)
	if len(m.hist.counts) != 38 || !m.hist.first.Equal(time.Date(2022, 11, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("histogram from %v, %d months", m.hist.first, len(m.hist.counts))
	}
	for w := 10; w <= 220; w++ {
		for _, h := range []int{5, 7, 20, 40} {
			lines := m.sparkLines(w, h)
			if want := sparkRows(h); len(lines) != want && len(lines) != 0 {
				t.Fatalf("%dx%d: %d lines, want %d", w, h, len(lines), want)
			}
			for _, l := range lines {
				if cw := ansi.StringWidth(l); cw > w {
					t.Fatalf("%dx%d: a line of %d cells: %q", w, h, cw, l)
				}
			}
			if w >= 50 && h >= sparkOneLine {
				last := lines[len(lines)-1]
				if !strings.Contains(last, "2022") || !strings.Contains(last, "2025") || !strings.Contains(last, "█") {
					t.Fatalf("%dx%d: %q", w, h, last)
				}
				if !strings.Contains(last, "article") {
					t.Errorf("%dx%d: the sparkline does not say what it counts: %q", w, h, last)
				}
			}
		}
	}
	if got := m.sparkLines(120, 20)[0]; !strings.HasPrefix(got, "Nov 2022 ") || !strings.Contains(got, "Dec 2025 · articles a month, at most 1") {
		t.Errorf("at 120 cells: %q", got)
	}
	if v := m.View(); !strings.HasPrefix(v, "Nov 2022 ") {
		t.Errorf("the pane does not start with the sparkline:\n%s", v)
	}
}
