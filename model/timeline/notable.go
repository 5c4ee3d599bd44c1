package timeline

import (
	"slices"
	"time"
)

// Reports counts the articles that report the event (an announcement
// does not; neither does the catalogue), those left out of Sources too.
func (ev Event) Reports() int {
	n := ev.MoreReports
	for _, s := range ev.Sources {
		if s.Basis != Catalogue && !s.Announced {
			n++
		}
	}
	return n
}

// Articles counts the articles among the event's sources, reports and
// announcements, those left out of Sources too.
func (ev Event) Articles() int {
	n := ev.MoreReports + ev.MoreAnnounced
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
func (p *proto) notableCandidate() bool {
	return p.kind == KindMilestone || p.weight >= 2 || !p.context && p.strong
}

// NotableBudget bounds the notable events besides the milestones: on a
// large corpus those told by the most articles are kept.
const NotableBudget = 3000

// markNotable sets notable on the milestones and on the candidates (see
// notableCandidate), at most NotableBudget of them: those told by the
// most articles, about the partnership before context, the more precise
// first, then in date order.
func markNotable(protos []proto) {
	var cand []int32
	for i := range protos {
		p := &protos[i]
		switch {
		case p.kind == KindMilestone:
			p.notable = true
		case p.notableCandidate():
			cand = append(cand, int32(i))
		}
	}
	if len(cand) > NotableBudget {
		slices.SortFunc(cand, func(x, y int32) int {
			a, b := &protos[x], &protos[y]
			switch {
			case a.weight != b.weight:
				return cmpInt(b.weight, a.weight)
			case a.context != b.context:
				if a.context {
					return 1
				}
				return -1
			case a.r.prec() != b.r.prec():
				return cmpInt(a.r.prec().rank(), b.r.prec().rank())
			case a.r.s != b.r.s:
				return cmpInt(a.r.s, b.r.s)
			case a.r.e != b.r.e:
				return cmpInt(a.r.e, b.r.e)
			}
			return cmpInt(x, y)
		})
		cand = cand[:NotableBudget]
	}
	for _, i := range cand {
		protos[i].notable = true
	}
}

// NotableAbove is the number of events (publications aside) above which
// a person is shown the notable ones only: a timeline of that size is
// read whole.
const NotableAbove = 1000

// Bounded reports whether the timeline is large enough (over
// NotableAbove events) that a person is shown only its notable ones (see
// Event.Notable).
func (t Timeline) Bounded() bool { return t.Large }

// Within reports whether the event's days meet the range [from, to]; a
// zero bound is open.
func (ev Event) Within(from, to time.Time) bool {
	return (from.IsZero() || !ev.End.Before(from)) && (to.IsZero() || !ev.Start.After(to))
}
