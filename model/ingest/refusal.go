package ingest

import (
	"errors"
	"fmt"
)

// Refusal is the error for an input that cannot be imported: corrupt,
// encrypted, empty, without text, too large or of an unsupported type. Its
// message is one line that says why (and, where there is one, what to do).
type Refusal struct{ Reason string }

// Error returns the reason.
func (r *Refusal) Error() string { return r.Reason }

// refusef builds a Refusal.
func refusef(format string, args ...any) error {
	return &Refusal{Reason: fmt.Sprintf(format, args...)}
}

// IsRefusal reports whether err says the input itself cannot be imported
// (rather than that something failed around it).
func IsRefusal(err error) bool {
	var r *Refusal
	return errors.As(err, &r)
}
