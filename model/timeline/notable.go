package timeline

import (
	"sort"
	"time"
)

// Reports counts the articles that report the event (an announcement
// does not; neither does the catalogue).
func (ev Event) Reports() int {
	n := 0
	for _, s := range ev.Sources {
		if s.Basis != Catalogue && !s.Announced {
			n++
		}
	}
	return n
}

// Articles counts the articles among the event's sources, reports and
// announcements.
func (ev Event) Articles() int {
	n := 0
	for _, s := range ev.Sources {
		if s.Basis != Catalogue {
			n++
		}
	}
	return n
}

// notableCandidate reports whether an event may be among those a person
// reads by default: a milestone; an event two or more articles report
// (or, for a planned one, announce); or one with a strong single source,
// a day stated outright in a sentence about the partnership.
// Publications are listed on their own request and are never notable.
func (ev *Event) notableCandidate() bool {
	switch ev.Kind {
	case KindMilestone:
		return true
	case KindPublished:
		return false
	}
	if ev.weight() >= 2 {
		return true
	}
	if ev.Context {
		return false
	}
	for _, s := range ev.Sources {
		if s.Basis == Stated && (s.Precision == Day || s.Precision == Span) &&
			s.DateStart.Equal(ev.Start) && s.DateEnd.Equal(ev.End) {
			return true
		}
	}
	return false
}

// weight is how many articles tell the event: its reports, or for a
// planned event the articles announcing it.
func (ev *Event) weight() int {
	if ev.Kind == KindPlanned {
		return ev.Articles()
	}
	return ev.Reports()
}

// NotableBudget bounds the notable events besides the milestones: on a
// large corpus those told by the most articles are kept.
const NotableBudget = 3000

// markNotable sets Notable on the milestones and on the candidates (see
// notableCandidate), at most NotableBudget of them: those told by the
// most articles, about the partnership before context, the more precise
// first, then in date order.
func markNotable(events []Event) {
	var cand []int
	for i := range events {
		ev := &events[i]
		switch {
		case ev.Kind == KindMilestone:
			ev.Notable = true
		case ev.notableCandidate():
			cand = append(cand, i)
		}
	}
	if len(cand) > NotableBudget {
		sort.SliceStable(cand, func(x, y int) bool {
			a, b := &events[cand[x]], &events[cand[y]]
			switch {
			case a.weight() != b.weight():
				return a.weight() > b.weight()
			case a.Context != b.Context:
				return !a.Context
			case a.Precision.rank() != b.Precision.rank():
				return a.Precision.rank() < b.Precision.rank()
			}
			return false // stable: date order
		})
		cand = cand[:NotableBudget]
	}
	for _, i := range cand {
		events[i].Notable = true
	}
}

// NotableAbove is the number of events (publications aside) above which
// a person is shown the notable ones only: a timeline of that size is
// read whole.
const NotableAbove = 1000

// Bounded reports whether the timeline is large enough that a person is
// shown only its notable events (see Event.Notable and NotableAbove).
func (t Timeline) Bounded() bool {
	n := 0
	for _, ev := range t.Events {
		if ev.Kind != KindPublished {
			n++
			if n > NotableAbove {
				return true
			}
		}
	}
	return false
}

// Within reports whether the event's days meet the range [from, to]; a
// zero bound is open.
func (ev Event) Within(from, to time.Time) bool {
	return (from.IsZero() || !ev.End.Before(from)) && (to.IsZero() || !ev.Start.After(to))
}
