package review

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// appID is stored in PRAGMA application_id to recognise a dossier review store ("doss").
const appID = 0x646f7373

// migration is one step of the schema; version N turns a version N-1 store into version N.
type migration struct {
	version int
	name    string
	stmts   []string
}

// coreTables must exist in every store of schema version 1 or later.
func coreTables() []string { return []string{"evidence", "history", "item_state"} }

// schema returns the migrations in order; append new steps, never edit applied ones.
func schema() []migration {
	return []migration{
		{version: 1, name: "state, evidence and history", stmts: []string{
			`CREATE TABLE item_state (
				item_id    TEXT PRIMARY KEY NOT NULL,
				status     TEXT NOT NULL DEFAULT 'unreviewed'
				           CHECK (status IN ('unreviewed', 'on track', 'at risk', 'blocked', 'done')),
				note       TEXT NOT NULL DEFAULT '',
				updated_by TEXT NOT NULL,
				updated_at TEXT NOT NULL,
				version    INTEGER NOT NULL DEFAULT 0
			)`,
			`CREATE TABLE evidence (
				id         INTEGER PRIMARY KEY AUTOINCREMENT,
				item_id    TEXT NOT NULL REFERENCES item_state(item_id),
				article_id TEXT NOT NULL,
				"start"    INTEGER NOT NULL CHECK ("start" >= 0),
				"end"      INTEGER NOT NULL CHECK ("end" >= "start"),
				quote      TEXT NOT NULL,
				added_by   TEXT NOT NULL,
				added_at   TEXT NOT NULL
			)`,
			`CREATE INDEX evidence_by_item ON evidence(item_id, id)`,
			`CREATE TABLE history (
				id      INTEGER PRIMARY KEY AUTOINCREMENT,
				item_id TEXT NOT NULL,
				field   TEXT NOT NULL CHECK (field IN ('status', 'note', 'evidence+', 'evidence-')),
				old     TEXT NOT NULL,
				new     TEXT NOT NULL,
				who     TEXT NOT NULL,
				at      TEXT NOT NULL
			)`,
			`CREATE INDEX history_by_item ON history(item_id, field, id)`,
			`CREATE TRIGGER history_no_update BEFORE UPDATE ON history
			 BEGIN SELECT RAISE(ABORT, 'history is append-only'); END`,
			`CREATE TRIGGER history_no_delete BEFORE DELETE ON history
			 BEGIN SELECT RAISE(ABORT, 'history is append-only'); END`,
		}},
		{version: 2, name: "note drafts", stmts: []string{
			`CREATE TABLE drafts (
				item_id TEXT NOT NULL,
				who     TEXT NOT NULL,
				note    TEXT NOT NULL,
				at      TEXT NOT NULL,
				PRIMARY KEY (item_id, who)
			)`,
		}},
		{version: 3, name: "undo log and idempotent writes", stmts: []string{
			`ALTER TABLE history ADD COLUMN undoes INTEGER`, // the change this row undid
			`ALTER TABLE history ADD COLUMN prev_by TEXT`,   // the item's reviewer before this change
			`ALTER TABLE history ADD COLUMN prev_at TEXT`,   // and its time ('' = never)
			`ALTER TABLE history ADD COLUMN op TEXT`,        // the write's operation id
			`CREATE UNIQUE INDEX history_op ON history(op)`, // NULLs (older rows) are distinct
			`CREATE INDEX history_by_who ON history(who, id)`,
			`CREATE INDEX history_undoes ON history(undoes)`,
		}},
		{version: 4, name: "news feed sources", stmts: feedTables("INTEGER PRIMARY KEY AUTOINCREMENT")},
		userStateStep(5),
		// Step 6 only adds a table: every review, change and draft stays.
		{version: 6, name: "search history", stmts: []string{
			`CREATE TABLE searches (
				id    INTEGER PRIMARY KEY AUTOINCREMENT,
				who   TEXT NOT NULL,
				query TEXT NOT NULL,
				at    TEXT NOT NULL
			)`,
			`CREATE INDEX searches_by_who ON searches(who, id)`,
		}},
	}
}

// dbInfo is what identifies a database file as ours.
type dbInfo struct {
	appID       int64
	userVersion int
	objects     []string // schema objects other than SQLite's own
}

func readInfo(t *txn) (dbInfo, error) {
	var info dbInfo
	if err := t.row("PRAGMA application_id").Scan(&info.appID); err != nil {
		return info, err
	}
	if err := t.row("PRAGMA user_version").Scan(&info.userVersion); err != nil {
		return info, err
	}
	rows, err := t.query(
		`SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return info, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return info, err
		}
		info.objects = append(info.objects, name)
	}
	return info, rows.Err()
}

// fresh reports whether the database is empty and unclaimed, so it may become a store.
func (i dbInfo) fresh() bool { return i.appID == 0 && i.userVersion == 0 && len(i.objects) == 0 }

// check refuses databases that are not ours or are newer than latest.
func (i dbInfo) check(path string, latest int) error {
	switch {
	case i.appID == appID:
		if i.userVersion > latest {
			return &OpenError{Path: path, Kind: ErrNewerSchema,
				Detail: fmt.Sprintf("schema version %d, this build knows up to %d", i.userVersion, latest)}
		}
		if i.userVersion >= 1 {
			for _, t := range coreTables() {
				if !slices.Contains(i.objects, t) {
					return &OpenError{Path: path, Kind: ErrCorrupt,
						Detail: fmt.Sprintf("schema version %d but table %q is missing", i.userVersion, t)}
				}
			}
		}
		return nil
	case i.fresh():
		return nil
	case i.appID != 0:
		return &OpenError{Path: path, Kind: ErrForeign,
			Detail: fmt.Sprintf("SQLite database of another program (application_id 0x%08x)", uint32(i.appID))}
	case len(i.objects) > 0:
		return &OpenError{Path: path, Kind: ErrForeign,
			Detail: "SQLite database with unrelated tables: " + listNames(i.objects, 5)}
	default:
		return &OpenError{Path: path, Kind: ErrForeign,
			Detail: fmt.Sprintf("empty SQLite database claimed by another program (user_version %d)", i.userVersion)}
	}
}

// migrate brings the database up to the last step of ms, each step in its
// own write transaction that first re-checks, under the write lock, that the
// file is ours (or empty) and at the step's base version. Concurrent openers
// therefore apply each step exactly once.
func migrate(ctx context.Context, db *sql.DB, pol lockPolicy, path string, ms []migration) error {
	latest := 0
	for i, m := range ms {
		if m.version != i+1 {
			return fmt.Errorf("review: migration %d (%s) is out of order", m.version, m.name)
		}
		latest = m.version
	}
	d := sqliteDialect{}
	for _, m := range ms {
		err := retry(ctx, pol, d, func() error {
			return tryTx(ctx, db, d, true, func(t *txn) error {
				info, err := readInfo(t)
				if err != nil {
					return classifyOpenErr(path, err)
				}
				if err := info.check(path, latest); err != nil {
					return err
				}
				if info.userVersion >= m.version {
					return nil // applied earlier or by another process
				}
				if m.version == 1 {
					if _, err := t.exec(fmt.Sprintf("PRAGMA application_id = %d", appID)); err != nil {
						return err
					}
				}
				for _, stmt := range m.stmts {
					if _, err := t.exec(stmt); err != nil {
						return fmt.Errorf("review: migration %d (%s): %w", m.version, m.name, err)
					}
				}
				_, err = t.exec(fmt.Sprintf("PRAGMA user_version = %d", m.version))
				return err
			})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
