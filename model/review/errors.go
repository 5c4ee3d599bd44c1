package review

import (
	"fmt"
	"strings"
	"time"
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
	// ErrForeign means the file or database at the store's address is not a dossier review store.
	ErrForeign Error = "review: not a dossier review store"
	// ErrCorrupt means the file at the store path is a damaged SQLite database.
	ErrCorrupt Error = "review: store is corrupt"
	// ErrNewerSchema means the store was written by a newer dossier than this build.
	ErrNewerSchema Error = "review: store has a newer schema"
	// ErrBusy means the store stayed locked by other writers for longer than the retry budget.
	ErrBusy Error = "review: store is busy"
	// ErrReadOnly means the store cannot be written (read-only folder, file or
	// mount, a full disk at open, a read-only database role); see ReadOnlyError.
	ErrReadOnly Error = "review: store is read-only"
	// ErrDiskFull means a write failed because the disk holding the store is full; nothing was written.
	ErrDiskFull Error = "review: disk full"
	// ErrNothingToUndo means the reviewer has no change left that undo could take back.
	ErrNothingToUndo Error = "review: nothing to undo"
	// ErrUnavailable means the store's server could not be reached within the retry budget.
	ErrUnavailable Error = "review: store unavailable"
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
		return fmt.Sprintf("%s is not a dossier review store: %s (left untouched)", e.Path, e.Detail)
	case ErrCorrupt:
		return fmt.Sprintf("%s is corrupt: %s (file left untouched; restore it from a backup)", e.Path, e.Detail)
	case ErrNewerSchema:
		return fmt.Sprintf("%s was written by a newer dossier: %s (left untouched; upgrade dossier)", e.Path, e.Detail)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Detail)
}

// Is reports whether target is the refusal's Kind.
func (e *OpenError) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying error.
func (e *OpenError) Unwrap() error { return e.Err }

// ReadOnlyError is returned (matching ErrReadOnly) by every write to a store
// opened read-only; Reason is the same text Store.ReadOnly gives.
type ReadOnlyError struct {
	Reason string // e.g. "/data is not writable by user nobody (permission denied)"
}

// Error says that nothing was written, and why.
func (e *ReadOnlyError) Error() string {
	return "reviews are read-only: " + e.Reason + "; nothing was changed"
}

// Is reports whether target is ErrReadOnly.
func (e *ReadOnlyError) Is(target error) bool { return target == ErrReadOnly }

// DiskFullError is returned (matching ErrDiskFull) when a write failed for
// lack of space; the write was rolled back, so nothing is half-saved.
type DiskFullError struct {
	Where string // the folder or server that is full
	Err   error  // what the database reported
}

// Error says what is full and what to do.
func (e *DiskFullError) Error() string {
	return fmt.Sprintf("disk full: no space left for the review store in %s; nothing was saved (free some space, then try again)", e.Where)
}

// Is reports whether target is ErrDiskFull.
func (e *DiskFullError) Is(target error) bool { return target == ErrDiskFull }

// Unwrap returns what the database reported.
func (e *DiskFullError) Unwrap() error { return e.Err }

// ConflictError is returned (matching ErrConflict) when a conditional write
// or an undo is refused. Current is the item as it is now, so a UI can show
// it and ask the user; By and At name the change that stands in the way.
type ConflictError struct {
	Current Review    // the item's state at the time of the refusal
	By      string    // who made the change that stands in the way ("" if unknown)
	At      time.Time // when (UTC; zero if unknown)
	Reason  string    // why the change was refused, for people
	// Undo is, for a refused undo, the change that could not be undone
	// (zero otherwise): UndoLastExcept can pass over it.
	Undo Change
}

// Error describes the conflict.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("review: %s: %s", e.Current.ItemID, e.Reason)
}

// Is reports whether target is ErrConflict.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// HumanTime formats a stored time for messages: "30 Nov 2025 14:03 UTC" in
// the local time zone of the process.
func HumanTime(t time.Time) string {
	if t.IsZero() {
		return "at an unknown time"
	}
	return t.Local().Format("2 Jan 2006 15:04 MST")
}

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
