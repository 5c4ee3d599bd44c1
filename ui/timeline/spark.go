package timeline

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/NimbleMarkets/ntcharts/sparkline"

	"dossier/ui/common"
)

// The Timeline's header shows the articles published each month over the
// corpus's span as a sparkline (ntcharts), between its first and last
// months: where the news came thick and where it went quiet.

// Sparkline sizes: the narrowest worth drawing, and the pane heights from
// which it takes one line or two.
const (
	minSparkWidth = 12
	sparkOneLine  = 6
	sparkTwoLines = 30
)

// histogram is the corpus's articles per month.
type histogram struct {
	first  time.Time // the first month
	counts []int
}

// sparkCache keeps the sparkline drawn for one box.
type sparkCache struct {
	w, h  int
	lines []string
	ok    bool
}

// sparkRows is how many lines the sparkline takes in a pane h lines high.
func sparkRows(h int) int {
	switch {
	case h >= sparkTwoLines:
		return 2
	case h >= sparkOneLine:
		return 1
	}
	return 0
}

// sparkLines are the sparkline's lines for a pane of w×h cells (none when
// there is no dated article or no room).
func (m *Model) sparkLines(w, h int) []string {
	if c := m.spark; c.ok && c.w == w && c.h == h {
		return c.lines
	}
	m.spark = sparkCache{w: w, h: h, lines: m.sharedSpark(w, sparkRows(h)), ok: true}
	return m.spark.lines
}

// drawSpark draws rows lines: the first month, the bars (one or more
// columns a month, or several months a column when the span is wider than
// the room), the last month and, where it fits, what the bars count.
func (m *Model) drawSpark(w, rows int) []string {
	hg := m.hist
	if rows == 0 || len(hg.counts) == 0 {
		return nil
	}
	s := m.c.Styles
	last := hg.first.AddDate(0, len(hg.counts)-1, 0)
	from, to, values, caption, ok := "", "", []float64(nil), "", false
	// Months as labels where they leave room to say what the bars count,
	// else years; the bars give up some room for a short caption.
	for _, layout := range []string{"Jan 2006", "2006"} {
		from, to = hg.first.Format(layout), last.Format(layout)
		room := w - len(from) - len(to) - 2
		if room < minSparkWidth {
			continue
		}
		long := func(top int, unit string) string { return fmt.Sprintf(" · articles %s, at most %d", unit, top) }
		short := func(top int, unit string) string { return fmt.Sprintf(" ≤%d %s %s", top, articles(top), unit) }
		// The caption that keeps the bars finest: the long one where it
		// leaves a column a month, else the short one if that does, else
		// whichever leaves more columns.
		for _, form := range []func(int, string) string{long, short} {
			v, c, fits := fit(hg.counts, room, form)
			if fits && (!ok || len(v) > len(values)) {
				values, caption, ok = v, c, true
			}
			if fits && len(v) >= len(hg.counts) {
				break
			}
		}
		if ok {
			break
		}
	}
	if !ok { // no room for a caption: the bars alone, if they fit at all
		from, to = hg.first.Format("2006"), last.Format("2006")
		room := w - len(from) - len(to) - 2
		if room < minSparkWidth {
			return nil
		}
		values, _, _ = columns(hg.counts, room)
	}
	top := slices.Max(values)
	sl := sparkline.New(len(values), rows, sparkline.WithStyle(s.Info), sparkline.WithMaxValue(max(top, 1)), sparkline.WithNoAutoMaxValue())
	sl.PushAll(values)
	sl.Draw()
	bars := strings.Split(sl.View(), "\n")
	out := make([]string, len(bars))
	pad := strings.Repeat(" ", len(from)+1)
	for i, b := range bars {
		out[i] = pad + b
	}
	bottom := len(out) - 1
	out[bottom] = s.Muted.Render(from) + " " + bars[bottom] + " " + s.Muted.Render(to+caption)
	return out
}

// fit gives the bars the room a caption of this form leaves them; ok is
// false when that is less than minSparkWidth. Fewer columns may count
// more months each, which makes a longer caption: it tries again then.
func fit(counts []int, room int, form func(top int, unit string) string) (values []float64, caption string, ok bool) {
	caption = form(1, "a month")
	for range 3 {
		r := room - common.Width(caption)
		if r < minSparkWidth {
			return nil, "", false
		}
		v, top, unit := columns(counts, r)
		if caption = form(top, unit); len(v)+common.Width(caption) <= room {
			return v, caption, true
		}
	}
	return nil, "", false
}

// columns spreads counts over at most room columns: each month takes as
// many whole columns as fit, or, when there are more months than columns,
// each column adds up as many months as needed. It returns the values,
// the largest and what a column counts ("a month", "per 2 months").
func columns(counts []int, room int) (values []float64, top int, unit string) {
	if len(counts) <= room {
		k := room / len(counts)
		for _, c := range counts {
			for range k {
				values = append(values, float64(c))
			}
			top = max(top, c)
		}
		return values, max(top, 1), "a month"
	}
	per := (len(counts) + room - 1) / room
	for i := 0; i < len(counts); i += per {
		sum := 0
		for _, c := range counts[i:min(i+per, len(counts))] {
			sum += c
		}
		values = append(values, float64(sum))
		top = max(top, sum)
	}
	return values, max(top, 1), fmt.Sprintf("per %d months", per)
}

// articles is "article" or "articles".
func articles(n int) string {
	if n == 1 {
		return "article"
	}
	return "articles"
}
