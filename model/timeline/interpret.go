package timeline

import (
	"strings"
	"time"
)

// interpret turns the captured parts of a calendar expression at tokens
// [a, b) into a range; relative is true when the year came from the
// reference date.
func (s *scanner) interpret(p parts, a, b int) (rng, candStatus, bool) {
	switch {
	case p.periodOnly:
		y1, y2 := p.y1, p.y2
		if p.yy2 >= 0 {
			y2 = y1/100*100 + p.yy2
			if y2 <= y1 {
				y2 += 100
			}
			if y2-y1 > 10 {
				return rng{}, stBlock, false
			}
		}
		if y1 < minYear || y2 > maxYear || y2 <= y1 || y2-y1 > maxSpanYears || !s.quantityFree(a, b) {
			return rng{}, stBlock, false
		}
		return yearsRange(y1, y2), stOK, false
	case p.d1 == 0: // month and year
		if p.y1 < minYear || p.y1 > maxYear {
			return rng{}, stBlock, false
		}
		return monthRange(p.y1, p.m1), stOK, false
	case p.d2 == 0: // one day
		m := p.m1
		if p.n1 != 0 {
			m = time.Month(p.n1)
		}
		if p.y1 != 0 {
			if !validDay(p.y1, m, p.d1) {
				return rng{}, stBlock, false
			}
			return dayRange(mkDay(p.y1, m, p.d1)), stOK, false
		}
		if lowerAmbiguous(p.name1) {
			return rng{}, stReject, false
		}
		if !validDayAnyYear(m, p.d1) {
			return rng{}, stBlock, false
		}
		y, ok := s.ref.yearFor(m, p.d1, s.futureCue(a, b))
		if !ok {
			return rng{}, stBlock, false
		}
		return dayRange(mkDay(y, m, p.d1)), stOK, true
	}
	return s.dayRangeOf(p, a, b)
}

// dayRangeOf resolves "June 1-2", "30 June - 2 July 2023" and the like.
func (s *scanner) dayRangeOf(p parts, a, b int) (rng, candStatus, bool) {
	ma, mb := p.m1, p.m2
	da, db, ya, yb := p.d1, p.d2, p.y1, p.y2
	if ma == 0 {
		ma = mb
	}
	if mb == 0 {
		mb = ma
	}
	wraps := mb < ma || (mb == ma && db < da)
	relative := false
	switch {
	case ya == 0 && yb == 0:
		if lowerAmbiguous(p.name1) || lowerAmbiguous(p.name2) {
			return rng{}, stReject, false
		}
		if !validDayAnyYear(ma, da) {
			return rng{}, stBlock, false
		}
		y, ok := s.ref.yearFor(ma, da, s.futureCue(a, b))
		if !ok {
			return rng{}, stBlock, false
		}
		ya, yb, relative = y, y, true
		if wraps {
			yb++
		}
	case ya == 0:
		ya = yb
		if wraps {
			ya--
		}
	case yb == 0:
		yb = ya
		if wraps {
			yb++
		}
	}
	if !validDay(ya, ma, da) || !validDay(yb, mb, db) {
		return rng{}, stBlock, false
	}
	r := rng{mkDay(ya, ma, da), mkDay(yb, mb, db), Span}
	w := r.width()
	if w < 0 || w > maxSpanDays {
		return rng{}, stBlock, false
	}
	if w == 0 {
		r.prec = Day
	}
	return r, stOK, relative
}

// lowerAmbiguous reports a lower-case "may"/"march", which is more likely
// a verb than a month when no year follows.
func lowerAmbiguous(m string) bool {
	switch m {
	case "may", "march":
		return true
	}
	return false
}

// relativeDay reads "yesterday", "the day before yesterday", "gestern" at token i.
func (s *scanner) relativeDay(i int) (cand, bool) {
	e := s.lex[i]
	switch {
	case s.en && e.has(fRelDay):
	case s.de && e.has(fRelDayDE):
		if e.rel == 1 && !s.isTomorrow(i) {
			return cand{}, false
		}
	case s.ru && e.has(fRelDayRU):
	case s.en && s.ts[i].end-s.ts[i].start == 3 && strings.EqualFold(s.str(i), "the"):
		// the day before yesterday, the day after tomorrow
		if i+3 >= len(s.ts) || !s.sp(i+1) || !s.sp(i+2) || !s.sp(i+3) || lower(s.str(i+1)) != "day" {
			return cand{}, false
		}
		dir, end := lower(s.str(i+2)), lower(s.str(i+3))
		switch {
		case dir == "before" && end == "yesterday":
			return s.relCand(i, i+4, -2), true
		case dir == "after" && end == "tomorrow":
			return s.relCand(i, i+4, 2), true
		}
		return cand{}, false
	default:
		return cand{}, false
	}
	return s.relCand(i, i+1, e.rel), true
}

func (s *scanner) relCand(a, b, off int) cand {
	return cand{a: a, b: b, r: dayRange(s.ref.anchor.AddDate(0, 0, off)), st: stOK, prio: 200, relative: true}
}

// isTomorrow tells the adverb "morgen" (tomorrow) from the noun "Morgen"
// (morning): "heute Morgen", "am Morgen" and a capitalised "Morgen"
// inside a sentence are the time of day.
func (s *scanner) isTomorrow(i int) bool {
	if i > 0 && s.sp(i) && s.ts[i-1].kind == tWord && s.lex[i-1].has(fNotTomorrow) {
		return false
	}
	if isUpperStart(s.str(i)) {
		return i == 0
	}
	return true
}

// weekdayAt reads "on Tuesday", "last Friday", "said Monday", "am
// vergangenen Dienstag" at token i.
func (s *scanner) weekdayAt(i int) (cand, bool) {
	e := s.lex[i]
	switch {
	case s.en && e.has(fQualEN):
		if !s.sp(i+1) || !s.lex[i+1].isWD || !isEnglishWeekday(lower(s.str(i+1))) {
			return cand{}, false
		}
		return s.weekdayCand(i, i+2, e, s.lex[i+1].weekday), true
	case s.en && e.isWD && isEnglishWeekday(lower(s.str(i))):
		if i == 0 || !s.sp(i) || !s.lex[i-1].has(fSaid) {
			return cand{}, false
		}
		return s.weekdayCand(i, i+1, lexEntry{mode: tensed}, e.weekday), true
	case s.de && e.has(fQualDE):
		j := i + 1
		q := e
		if s.sp(j) && s.lex[j].has(fQualDE2) {
			q = s.lex[j]
			j++
		}
		if !s.sp(j) || !s.lex[j].isWD || isEnglishWeekday(lower(s.str(j))) {
			return cand{}, false
		}
		return s.weekdayCand(i, j+1, q, s.lex[j].weekday), true
	case s.de && e.has(fQualDE3):
		if !s.sp(i+1) || !s.lex[i+1].isWD || isEnglishWeekday(lower(s.str(i+1))) {
			return cand{}, false
		}
		return s.weekdayCand(i, i+2, e, s.lex[i+1].weekday), true
	}
	return cand{}, false
}

func isEnglishWeekday(w string) bool { return len(w) > 3 && w[len(w)-3:] == "day" }

func (s *scanner) weekdayCand(a, b int, q lexEntry, wd time.Weekday) cand {
	var t time.Time
	if q.fixed {
		t = s.ref.anchor.AddDate(0, 0, q.rel)
	} else {
		mode := q.mode
		if mode == tensed {
			mode = onOrBefore
			if s.futureCue(a, b) {
				mode = onOrAfter
			}
		}
		t = resolveWeekday(s.ref.anchor, wd, mode)
	}
	return cand{a: a, b: b, r: dayRange(t), st: stOK, prio: 300, weekday: true, relative: true}
}

// resolveWeekday finds the weekday wd relative to ref according to mode.
func resolveWeekday(ref time.Time, wd time.Weekday, mode int) time.Time {
	back := (int(ref.Weekday()) - int(wd) + 7) % 7
	fwd := (int(wd) - int(ref.Weekday()) + 7) % 7
	switch mode {
	case before:
		if back == 0 {
			back = 7
		}
		return ref.AddDate(0, 0, -back)
	case onOrAfter:
		return ref.AddDate(0, 0, fwd)
	case after:
		if fwd == 0 {
			fwd = 7
		}
		return ref.AddDate(0, 0, fwd)
	}
	return ref.AddDate(0, 0, -back)
}
