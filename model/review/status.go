package review

import (
	"fmt"
	"strings"
)

// Status is the review state of a roadmap item.
type Status int

// The review states, in the order Next cycles through them.
const (
	Unreviewed Status = iota // nobody has assessed the item yet
	OnTrack                  // progressing as committed
	AtRisk                   // progressing, but with a risk of slipping
	Blocked                  // stalled
	Done                     // delivered
	numStatuses
)

// Statuses returns every valid status in cycling order.
func Statuses() []Status { return []Status{Unreviewed, OnTrack, AtRisk, Blocked, Done} }

// String returns the status as shown to users and stored: "unreviewed", "on track", "at risk", "blocked" or "done".
func (s Status) String() string {
	switch s {
	case Unreviewed:
		return "unreviewed"
	case OnTrack:
		return "on track"
	case AtRisk:
		return "at risk"
	case Blocked:
		return "blocked"
	case Done:
		return "done"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Valid reports whether s is one of the defined statuses.
func (s Status) Valid() bool { return s >= Unreviewed && s < numStatuses }

// Next returns the following status, wrapping from Done to Unreviewed; an invalid status gives Unreviewed.
func (s Status) Next() Status {
	if !s.Valid() {
		return Unreviewed
	}
	return (s + 1) % numStatuses
}

// ParseStatus reads a status case-insensitively, ignoring spaces, '-' and '_' ("On-Track", "on_track", "ontrack").
func ParseStatus(s string) (Status, error) {
	key := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '\t':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
	switch key {
	case "unreviewed":
		return Unreviewed, nil
	case "ontrack":
		return OnTrack, nil
	case "atrisk":
		return AtRisk, nil
	case "blocked":
		return Blocked, nil
	case "done":
		return Done, nil
	}
	return Unreviewed, invalid("unknown status %q (want unreviewed, on track, at risk, blocked or done)", s)
}
