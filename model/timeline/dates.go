package timeline

import "time"

const (
	minYear      = 1900 // earliest year accepted in any expression
	maxYear      = 2100 // latest year accepted in any expression
	maxSpanYears = 50   // longest period "YYYY-YYYY" accepted
	maxSpanDays  = 366  // longest day range accepted
	futureWindow = 62   // days a yearless date may lie after the reference
)

// rng is an inclusive range of days with its precision.
type rng struct {
	start, end time.Time
	prec       Precision
}

func (r rng) equal(o rng) bool { return r.start.Equal(o.start) && r.end.Equal(o.end) }

// width is the number of days in the range minus one.
func (r rng) width() int64 { return dayNumber(r.end) - dayNumber(r.start) }

func (r rng) contains(o rng) bool { return !o.start.Before(r.start) && !o.end.After(r.end) }

func mkDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func lastDay(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func validDay(y int, m time.Month, d int) bool {
	return y >= minYear && y <= maxYear && m >= time.January && m <= time.December && d >= 1 && d <= lastDay(y, m)
}

// validDayAnyYear reports whether d/m exists in some year (29 February counts).
func validDayAnyYear(m time.Month, d int) bool {
	return m >= time.January && m <= time.December && d >= 1 && d <= lastDay(2000, m)
}

func dayRange(t time.Time) rng { return rng{t, t, Day} }

func monthRange(y int, m time.Month) rng {
	return rng{mkDay(y, m, 1), mkDay(y, m, lastDay(y, m)), Month}
}

func yearsRange(y1, y2 int) rng {
	p := Year
	if y2 != y1 {
		p = Span
	}
	return rng{mkDay(y1, time.January, 1), mkDay(y2, time.December, 31), p}
}

// dayNumber counts days since the Unix epoch; safe for any year.
func dayNumber(t time.Time) int64 {
	u := t.Unix()
	if u < 0 {
		return (u - 86399) / 86400
	}
	return u / 86400
}

// reference is the date relative and yearless expressions are resolved against.
type reference struct {
	anchor time.Time // UTC midnight; for Month precision the last day of the month
	prec   Precision // Day, Month or Unknown
}

func newReference(t time.Time, p Precision) reference {
	if t.IsZero() {
		return reference{}
	}
	y, m, d := t.Date()
	switch p {
	case Day:
		return reference{mkDay(y, m, d), Day}
	case Month:
		return reference{mkDay(y, m, lastDay(y, m)), Month}
	}
	return reference{}
}

// hasDay reports whether relative days ("yesterday") can be resolved.
func (r reference) hasDay() bool { return r.prec == Day }

// yearFor picks the year for a day and month given without one: among the
// reference year and its neighbours, the date nearest the reference, where
// dates more than futureWindow days ahead lose to past ones (unless the
// sentence speaks of the future).
func (r reference) yearFor(m time.Month, d int, future bool) (int, bool) {
	if r.prec != Day && r.prec != Month {
		return 0, false
	}
	window := int64(futureWindow)
	if future {
		window = 366
	}
	ry := r.anchor.Year()
	best, bestCost := 0, int64(-1)
	for y := ry - 1; y <= ry+1; y++ {
		if !validDay(y, m, d) {
			continue
		}
		diff := dayNumber(mkDay(y, m, d)) - dayNumber(r.anchor)
		cost := diff
		switch {
		case diff <= 0:
			cost = -diff
		case diff > window:
			cost = diff + 100000
		}
		if bestCost < 0 || cost < bestCost {
			best, bestCost = y, cost
		}
	}
	return best, bestCost >= 0
}
