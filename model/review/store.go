package review

import (
	"context"
	"time"
)

// FileName is the SQLite store's file inside the data directory.
const FileName = "reviews.db"

// Evidence is a quoted span of an article supporting a review.
type Evidence struct {
	ID        int64     // assigned by the store
	ItemID    string    // roadmap item the evidence supports
	ArticleID string    // article quoted
	Start     int       // byte offset of the span in the article
	End       int       // byte offset just past the span; End >= Start
	Quote     string    // the quoted text
	By        string    // who added it
	At        time.Time // when it was added (UTC)
}

// Review is the current review state of one roadmap item.
type Review struct {
	ItemID   string
	Status   Status
	Note     string
	By       string     // who changed the item last ("" if nobody, or if an undo took the item back to never reviewed)
	At       time.Time  // when it was changed last (UTC); zero if never reviewed
	Version  int64      // incremented by every change to the item; 0 if never reviewed
	Evidence []Evidence // oldest first; each says who added it

	// Who set the current status and who wrote the current note, and when:
	// the authors of the standing changes that gave them (an undo gives the
	// field back to whoever had set it before). "" and the zero time when
	// nobody has (the status was never set, or undone back to unreviewed).
	StatusBy string
	StatusAt time.Time
	NoteBy   string
	NoteAt   time.Time
}

// Change is one row of the append-only history, or the result of a write.
//
// A write that would change nothing (the status or note the item already
// has, evidence already attached) is not stored and not recorded: it returns
// a Change with Unchanged set, ID 0 and Old == New, and no error. A UI says
// so, e.g. "mou-1.1 is already on track: nothing changed".
type Change struct {
	ID     int64  // increases with every change in the store; 0 when Unchanged
	ItemID string // the item changed
	Field  string // FieldStatus, FieldNote, FieldEvidenceAdd or FieldEvidenceRemove
	Old    string // value before (status name, note text, or evidence as JSON for FieldEvidenceRemove)
	New    string // value after (status name, note text, or evidence as JSON for FieldEvidenceAdd)
	By     string
	At     time.Time // UTC

	Undoes    int64     // the id of the change this one undid; 0 for an ordinary change
	PrevBy    string    // who had changed the item last before this change ("" if nobody)
	PrevAt    time.Time // when (zero if never)
	Unchanged bool      // the write changed nothing, so nothing was stored (see above)
}

// The Field values of a Change.
const (
	FieldStatus         = "status"    // Old and New are status names ("on track")
	FieldNote           = "note"      // Old and New are the note texts
	FieldEvidenceAdd    = "evidence+" // New is the added evidence as JSON (see Change.Evidence)
	FieldEvidenceRemove = "evidence-" // Old is the removed evidence as JSON (see Change.Evidence)
)

// Store is the review store: the current review of every roadmap item, an
// append-only history of every change, per-reviewer undo, and note drafts.
// SQLite (OpenSQLite) and PostgreSQL (OpenPostgres) implement it alike. It
// is safe for concurrent use, and several processes (and, with PostgreSQL,
// several hosts) may use one store at once: every write reads and compares
// inside its own transaction, so no update is lost and no no-op is recorded.
type Store interface {
	// Get returns the review of itemID; an item never reviewed gives a
	// Review with that ItemID, Status Unreviewed and Version 0, and no error.
	Get(ctx context.Context, itemID string) (Review, error)
	// All returns every item that has ever been reviewed, keyed by item id.
	All(ctx context.Context) (map[string]Review, error)
	// History returns the changes to itemID, or to every item if itemID is "", oldest first.
	History(ctx context.Context, itemID string) ([]Change, error)
	// LastChangeID returns the id of the newest change (0 if none).
	LastChangeID(ctx context.Context) (int64, error)
	// ChangesSince returns the changes after change id after, oldest first,
	// at most limit of them (the oldest ones): what others did since a
	// session last looked.
	ChangesSince(ctx context.Context, after int64, limit int) ([]Change, error)

	// SetStatus sets the status of itemID as who and records the change.
	SetStatus(ctx context.Context, itemID string, st Status, who string) (Change, error)
	// SetStatusIf is SetStatus that refuses with a *ConflictError unless the
	// item is still at expectedVersion (0: never reviewed; negative: no check).
	SetStatusIf(ctx context.Context, itemID string, expectedVersion int64, st Status, who string) (Change, error)
	// SetNote replaces the note of itemID, stored exactly as given, and records the change.
	SetNote(ctx context.Context, itemID, note, who string) (Change, error)
	// SetNoteIf is SetNote that refuses with a *ConflictError (carrying the
	// current note, who changed it and when) unless the item is still at
	// expectedVersion: a stale editor is told, and a second save with the
	// version from the error overwrites knowingly.
	SetNoteIf(ctx context.Context, itemID string, expectedVersion int64, note, who string) (Change, error)
	// AddEvidence attaches e to e.ItemID on behalf of e.By; e.ID and e.At
	// are assigned. The Change's Evidence method gives the stored evidence.
	AddEvidence(ctx context.Context, e Evidence) (Change, error)
	// RemoveEvidence deletes the evidence with the given id (ErrNotFound if none) and records it.
	RemoveEvidence(ctx context.Context, evidenceID int64, who string) (Change, error)

	// UndoLast undoes who's newest change that is not undone yet, restoring
	// the value and the item's previous reviewer and time, and records the
	// undo. Called again it undoes who's change before that, and so on; the
	// log is in the store, so it survives restarts. It refuses with a
	// *ConflictError naming who changed the item since, and when, if anyone
	// else did; with ErrNothingToUndo when who has nothing left to undo.
	UndoLast(ctx context.Context, who string) (Change, error)
	// NextUndo returns the change UndoLast would undo next; ok is false if none.
	NextUndo(ctx context.Context, who string) (ch Change, ok bool, err error)
	// UndoLastExcept is UndoLast passing over the changes whose ids are in
	// skip (at most 100): those a refused undo named (ConflictError.Undo)
	// and the reviewer chose to leave, so that their older changes can
	// still be undone.
	UndoLastExcept(ctx context.Context, who string, skip []int64) (Change, error)
	// NextUndoExcept returns the change UndoLastExcept would undo next.
	NextUndoExcept(ctx context.Context, who string, skip []int64) (ch Change, ok bool, err error)

	// SaveDraft keeps who's unsaved note for an item, replacing an older draft.
	SaveDraft(ctx context.Context, itemID, who, note string) error
	// Draft returns who's draft for an item; ok is false when there is none.
	Draft(ctx context.Context, itemID, who string) (d Draft, ok bool, err error)
	// Drafts returns every draft of who's, by item.
	Drafts(ctx context.Context, who string) (map[string]Draft, error)
	// DeleteDraft drops who's draft for an item; deleting a missing draft is not an error.
	DeleteDraft(ctx context.Context, itemID, who string) error

	// RememberSearch keeps a query who submitted, as the newest of their
	// searches (the same query again moves to the end; the newest
	// MaxSearches are kept). Not a change: no history, no notice.
	RememberSearch(ctx context.Context, who, query string) error
	// Searches returns who's remembered queries, oldest first.
	Searches(ctx context.Context, who string) ([]string, error)

	// Watch reports changes made by anyone, anywhere, until ctx ends (then
	// the channel is closed): a first Notice at once, then one whenever the
	// newest change id grows or the store becomes unavailable or available
	// again. Only the latest Notice is kept for a slow reader.
	Watch(ctx context.Context) <-chan Notice
	// ReadOnly reports whether writes are refused, and why (for a banner).
	ReadOnly() (readOnly bool, reason string)
	// Where describes the store for people: a file path, or a URL without its password.
	Where() string
	// Close closes the store; writes that returned have committed.
	Close() error
}

// Draft is a note that was being edited when a session ended before it was
// saved (idle timeout, session limit, server shutdown). It is not part of
// the review until its author saves it.
type Draft struct {
	ItemID, Who, Note string
	At                time.Time
}
