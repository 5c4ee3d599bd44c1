// Package review keeps staff reviews of roadmap items (status, note,
// evidence) behind one interface, Store, with two implementations that
// behave alike: SQLite in a data folder (DIR/reviews.db), shared safely by
// several dossier processes on one host, and PostgreSQL, shared by several
// dossier servers on several hosts.
//
// Every write is one transaction that holds the store's write lock, reads
// the current value, compares, writes the new state and appends a row to an
// append-only history, so no update is lost, every change can be shown and
// undone, and a write that changes nothing is neither stored nor recorded
// (Change.Unchanged). Writers that find the store busy (or, for PostgreSQL,
// the server gone) retry with backoff; each write carries an operation id,
// so a retry after an unknown outcome never writes twice.
//
// Undo is per reviewer and lives in the history (UndoLast), so it survives
// restarts and is shared by all of a reviewer's sessions.
//
// A store that cannot be written (another user's folder, a read-only mount,
// a full disk, a read-only database role) opens read-only: ReadOnly says
// why, reads work, and writes return a *ReadOnlyError. A write that fails
// for lack of space returns a *DiskFullError and leaves nothing half-done.
//
// Opening never migrates or writes to something it does not recognise: a
// non-SQLite file, an SQLite file or a PostgreSQL database of another
// application, a damaged file or a store from a newer dossier is reported
// (ErrForeign, ErrCorrupt, ErrNewerSchema) and left as it was.
package review
