package review

import (
	"fmt"
	"strings"
)

// Error is a sentinel error of this package; compare with errors.Is.
type Error string

// Error returns the sentinel's text.
func (e Error) Error() string { return string(e) }

const (
	// ErrConflict means the change was refused because the data changed since the caller read it.
	ErrConflict Error = "review: conflicting change"
	// ErrNotFound means the change or evidence named does not exist.
	ErrNotFound Error = "review: not found"
	// ErrInvalid means an argument was rejected (empty author, invalid UTF-8, bad status, ...).
	ErrInvalid Error = "review: invalid argument"
	// ErrForeign means the file at the store path is not a dossier review store.
	ErrForeign Error = "review: not a dossier review store"
	// ErrCorrupt means the file at the store path is a damaged SQLite database.
	ErrCorrupt Error = "review: store is corrupt"
	// ErrNewerSchema means the store was written by a newer dossier than this build.
	ErrNewerSchema Error = "review: store has a newer schema"
	// ErrBusy means the store stayed locked by other writers for longer than the retry budget.
	ErrBusy Error = "review: store is busy"
)

// OpenError explains why Open refused a file; errors.Is matches its Kind.
type OpenError struct {
	Path   string // the database file
	Kind   Error  // ErrForeign, ErrCorrupt or ErrNewerSchema
	Detail string // what was found
	Err    error  // underlying error, if any
}

// Error describes the refusal, naming the file.
func (e *OpenError) Error() string {
	switch e.Kind {
	case ErrForeign:
		return fmt.Sprintf("%s is not a dossier review store: %s (file left untouched)", e.Path, e.Detail)
	case ErrCorrupt:
		return fmt.Sprintf("%s is corrupt: %s (file left untouched; restore it from a backup)", e.Path, e.Detail)
	case ErrNewerSchema:
		return fmt.Sprintf("%s was written by a newer dossier: %s (file left untouched; upgrade dossier)", e.Path, e.Detail)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Detail)
}

// Is reports whether target is the refusal's Kind.
func (e *OpenError) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying error.
func (e *OpenError) Unwrap() error { return e.Err }

// ConflictError is returned (matching ErrConflict) when a conditional write
// or an undo is refused; Current is the item as it is now, so a UI can show
// it and ask the user.
type ConflictError struct {
	Current Review // the item's state at the time of the refusal
	Reason  string // why the change was refused
}

// Error describes the conflict.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("review: conflicting change on %s: %s", e.Current.ItemID, e.Reason)
}

// Is reports whether target is ErrConflict.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// listNames joins up to max names for an error message.
func listNames(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:max], ", ") + fmt.Sprintf(", ... (%d in all)", len(names))
}
