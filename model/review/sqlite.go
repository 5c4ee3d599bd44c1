package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
)

// SQLite primary result codes used here (extended codes are reduced with &0xff).
const (
	sqlitePerm     = 3
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// sqliteCode returns the primary SQLite result code in err, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// isBusy reports whether err means another connection holds a lock we need.
func isBusy(err error) bool {
	if err == nil {
		return false
	}
	switch sqliteCode(err) {
	case sqliteBusy, sqliteLocked:
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY")
}

// cannotWrite reports whether err is SQLite saying it cannot write (or,
// for a WAL file, even read without writing) where the store lives.
func cannotWrite(err error) bool {
	switch sqliteCode(err) {
	case sqliteReadOnly, sqliteCantOpen, sqliteIOErr, sqliteFull, sqlitePerm:
		return true
	}
	return errors.Is(err, fs.ErrPermission) || isErrno(err, errROFS) || isErrno(err, errNoSpace)
}

// sqliteDialect is SQLite in WAL mode: writes take the file's write lock
// with BEGIN IMMEDIATE, so reads inside a write see the latest data.
type sqliteDialect struct {
	dir, path string
}

func (sqliteDialect) rebind(q string) string { return q }

func (sqliteDialect) begin(t *txn, write bool) error {
	stmt := "BEGIN" // deferred: a read snapshot from the first SELECT
	if write {
		stmt = "BEGIN IMMEDIATE"
	}
	_, err := t.c.ExecContext(t.ctx, stmt)
	return err
}

func (sqliteDialect) transient(err error) bool { return isBusy(err) }

func (sqliteDialect) exhausted(_ error, budget time.Duration, attempts int) error {
	// SQLite's "database is locked" is not passed on: ErrBusy says what to do.
	return fmt.Errorf("%w: other writers kept it locked for %v (%d attempts); try again", ErrBusy, budget, attempts)
}

func (d sqliteDialect) classify(err error) error {
	var ro *ReadOnlyError
	var full *DiskFullError
	if errors.As(err, &ro) || errors.As(err, &full) {
		return err
	}
	switch code := sqliteCode(err); {
	case code == sqliteFull, code == sqliteIOErr && diskFull(d.dir), isErrno(err, errNoSpace):
		return &DiskFullError{Where: d.dir, Err: err}
	case code == sqliteReadOnly:
		reason, ok := readOnlyReason(d.dir, d.path)
		if !ok {
			reason = "SQLite refuses to write " + d.path + " (" + err.Error() + ")"
		}
		return &ReadOnlyError{Reason: reason}
	}
	return err
}

func (sqliteDialect) notify(*txn, int64) error { return nil }

func (sqliteDialect) readFallback(err error) bool { return cannotWrite(err) }

// Open opens the SQLite store in dir; it is OpenSQLite.
func Open(dir string) (Store, error) { return OpenSQLite(dir) }

// OpenSQLite opens the store in dir (DIR/reviews.db), creating dir (mode
// 0700) and the database if missing and migrating it to the current schema.
//
// A file that is not a dossier review store, is damaged, or is newer than
// this build is refused with an *OpenError and left untouched. If the
// folder, the file or the disk cannot be written (another user's folder, a
// read-only mount, a full disk) the store opens read-only instead of
// failing: ReadOnly says why, every read works, every write returns a
// *ReadOnlyError. A missing store there is an empty read-only store.
func OpenSQLite(dir string) (Store, error) {
	s, err := openSQLite(dir, defaultPolicy())
	if err != nil {
		return nil, err
	}
	return s, nil
}

func openSQLite(dir string, pol lockPolicy) (*sqlStore, error) {
	if dir == "" {
		return nil, invalid("empty data directory")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	path := filepath.Join(abs, FileName)
	ctx := context.Background()
	if err := os.MkdirAll(abs, 0o700); err != nil {
		if !cannotWrite(err) {
			return nil, fmt.Errorf("review: create data directory: %w", err)
		}
		reason := fmt.Sprintf("cannot create the data folder %s (%v)", abs, errnoText(err))
		if isErrno(err, errNoSpace) {
			reason = "disk full: " + reason
		}
		return openEmptySQLite(ctx, abs, path, pol, reason)
	}
	ms := schema()
	if err := probe(ctx, path, len(ms), pol); err != nil {
		return nil, err
	}
	s, err := openWritableSQLite(ctx, abs, path, pol, ms)
	if err == nil {
		// SQLite may open a file it cannot write, and read it through WAL
		// files someone else made: ask the system too.
		reason, denied := permissionReason(abs, path)
		if !denied {
			return s, nil
		}
		s.Close()
		return openReadOnlySQLite(ctx, abs, path, pol, reason, len(ms))
	}
	if !cannotWrite(err) {
		return nil, err
	}
	reason, ok := readOnlyReason(abs, path)
	if !ok {
		return nil, fmt.Errorf("review: open %s: %w", path, err)
	}
	if fi, statErr := os.Stat(path); statErr != nil || fi.Size() == 0 {
		return openEmptySQLite(ctx, abs, path, pol, reason)
	}
	return openReadOnlySQLite(ctx, abs, path, pol, reason, len(ms))
}

func newSQLiteStore(db *sql.DB, abs, path string, pol lockPolicy) *sqlStore {
	s := &sqlStore{db: db, d: sqliteDialect{dir: abs, path: path}, pol: pol, where: path, poll: time.Second, keepsReads: true}
	s.source = s.pollSource
	return s
}

// sqliteConns is how many connections a writable store opens at most.
const sqliteConns = 8

// openWritableSQLite opens the file for reading and writing, switches it to
// WAL mode and migrates it.
func openWritableSQLite(ctx context.Context, abs, path string, pol lockPolicy, ms []migration) (*sqlStore, error) {
	// journal_mode is deliberately not a DSN pragma: it would run on every
	// new connection, and converting a file to WAL rewrites its header, which
	// must not happen before the file is known to be ours (see probe).
	q := url.Values{}
	q.Add("_pragma", pol.busyPragma())
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	db, err := sql.Open("sqlite", dsn(path, q))
	if err != nil {
		return nil, fmt.Errorf("review: open %s: %w", path, err)
	}
	// As many kept idle as may be open: when many sessions read at once (a
	// server's logins), a connection given back is not closed only to be
	// opened again (each open runs the pragmas and reads the schema).
	db.SetMaxOpenConns(sqliteConns)
	db.SetMaxIdleConns(sqliteConns)
	db.SetConnMaxIdleTime(time.Minute)
	s := newSQLiteStore(db, abs, path, pol)
	if err := initWAL(ctx, db, pol, path); err != nil {
		db.Close()
		return nil, err
	}
	if err := migrate(ctx, db, pol, path, ms); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// initWAL switches the file to WAL mode (persistent).
func initWAL(ctx context.Context, db *sql.DB, pol lockPolicy, path string) error {
	var mode string
	d := sqliteDialect{}
	err := retry(ctx, pol, d, func() error { return db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode) })
	if err != nil {
		return classifyOpenErr(path, err)
	}
	if mode == "wal" {
		return nil
	}
	err = retry(ctx, pol, d, func() error { return db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode) })
	if err != nil {
		return classifyOpenErr(path, err)
	}
	if mode != "wal" {
		return fmt.Errorf("review: %s: cannot switch to WAL mode (journal_mode is %q)", path, mode)
	}
	return nil
}

// readOnlyDB opens the file for reading only; immutable reads the main file
// without the WAL index, for folders where that index cannot be created.
// Connections are not kept, so every read sees the file as it is then.
func readOnlyDB(path string, pol lockPolicy, immutable bool) (*sql.DB, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	if immutable {
		q.Set("immutable", "1")
	}
	q.Add("_pragma", pol.busyPragma())
	db, err := sql.Open("sqlite", dsn(path, q))
	if err != nil {
		return nil, fmt.Errorf("review: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(0)
	return db, nil
}

// openReadOnlySQLite opens an existing store for reading only.
func openReadOnlySQLite(ctx context.Context, abs, path string, pol lockPolicy, reason string, latest int) (*sqlStore, error) {
	db, err := readOnlyDB(path, pol, false)
	if err != nil {
		return nil, err
	}
	imm, err := readOnlyDB(path, pol, true)
	if err != nil {
		db.Close()
		return nil, err
	}
	s := newSQLiteStore(db, abs, path, pol)
	s.fallback, s.roReason = imm, reason
	var info dbInfo
	err = s.runTx(ctx, false, func(t *txn) error {
		var err error
		info, err = readInfo(t)
		return err
	})
	switch {
	case err != nil:
		s.Close()
		return nil, classifyOpenErr(path, err)
	case info.fresh():
		s.Close()
		return openEmptySQLite(ctx, abs, path, pol, reason)
	case info.userVersion < latest:
		s.Close()
		return nil, fmt.Errorf("review: %s has schema version %d and needs an upgrade to %d, but it cannot be written: %s; open it once where it is writable",
			path, info.userVersion, latest, reason)
	}
	return s, nil
}

// openEmptySQLite is the store of a data folder that has none and where
// none can be made: an empty, read-only store (in memory).
func openEmptySQLite(ctx context.Context, abs, path string, pol lockPolicy, reason string) (*sqlStore, error) {
	db, err := sql.Open("sqlite", "file:dossier-empty?mode=memory")
	if err != nil {
		return nil, err
	}
	// One connection, kept: an in-memory database lives as long as it does.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	if err := migrate(ctx, db, pol, ":memory:", schema()); err != nil {
		db.Close()
		return nil, err
	}
	s := newSQLiteStore(db, abs, path, pol)
	s.roReason = reason + " (no reviews there yet)"
	return s, nil
}

// busyPragma is the DSN value setting the policy's busy_timeout.
func (p lockPolicy) busyPragma() string {
	return fmt.Sprintf("busy_timeout(%d)", p.busyTimeout.Milliseconds())
}

// readOnlyReason says, for people, why dir or the store file in it cannot
// be written; ok is false when nothing explains it.
func readOnlyReason(dir, path string) (string, bool) {
	if diskFull(dir) {
		return "disk full: no space left in " + dir, true
	}
	return permissionReason(dir, path)
}

// permissionReason says why this process may not write dir, the store
// file or its WAL files (permissions, a read-only mount); ok is false if it may.
func permissionReason(dir, path string) (string, bool) {
	if err := writable(dir); err != nil {
		return denied(dir, err), true
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if err := writable(p); err != nil {
			return denied(p, err), true
		}
	}
	return "", false
}

func denied(path string, err error) string {
	if isErrno(err, errROFS) {
		return path + " is on a read-only file system"
	}
	return fmt.Sprintf("%s is not writable by user %s (%v)", path, currentUser(), errnoText(err))
}

// errnoText is the system's reason without the path around it.
func errnoText(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
