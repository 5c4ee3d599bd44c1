package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FileName is the store's file inside the data directory.
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
	By       string     // who changed the item last
	At       time.Time  // when it was changed last (UTC); zero if never reviewed
	Version  int64      // incremented by every change to the item; 0 if never reviewed
	Evidence []Evidence // oldest first
}

// Change is one row of the append-only history.
type Change struct {
	ID     int64  // increases with every change in the store
	ItemID string // the item changed
	Field  string // FieldStatus, FieldNote, FieldEvidenceAdd or FieldEvidenceRemove
	Old    string // value before (status name, note text, or evidence as JSON for FieldEvidenceRemove)
	New    string // value after (status name, note text, or evidence as JSON for FieldEvidenceAdd)
	By     string
	At     time.Time // UTC
}

// The Field values of a Change.
const (
	FieldStatus         = "status"    // Old and New are status names ("on track")
	FieldNote           = "note"      // Old and New are the note texts
	FieldEvidenceAdd    = "evidence+" // New is the added evidence as JSON (see Change.Evidence)
	FieldEvidenceRemove = "evidence-" // Old is the removed evidence as JSON (see Change.Evidence)
)

// Store is a review store; it is safe for concurrent use, and several
// processes may open the same directory at once.
type Store struct {
	db   *sql.DB
	path string
	pol  lockPolicy
}

// Open opens the store in dir, creating dir (mode 0700) and the database if
// missing and migrating it to the current schema. A file that is not a
// dossier review store, is damaged, or is newer than this build is refused
// with an *OpenError and left untouched.
func Open(dir string) (*Store, error) { return open(dir, defaultPolicy()) }

func open(dir string, pol lockPolicy) (*Store, error) {
	if dir == "" {
		return nil, invalid("empty data directory")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("review: create data directory: %w", err)
	}
	path := filepath.Join(abs, FileName)
	ctx := context.Background()
	ms := schema()
	if err := probe(ctx, path, len(ms), pol); err != nil {
		return nil, err
	}

	// journal_mode is deliberately not a DSN pragma: it would run on every
	// new connection, and converting a file to WAL rewrites its header, which
	// must not happen before the file is known to be ours (see init).
	q := url.Values{}
	q.Add("_pragma", pol.busyPragma())
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	db, err := sql.Open("sqlite", dsn(path, q))
	if err != nil {
		return nil, fmt.Errorf("review: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(2)
	db.SetConnMaxIdleTime(time.Minute)
	s := &Store{db: db, path: path, pol: pol}
	if err := s.init(ctx, ms); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// init switches the file to WAL mode (persistent) and applies migrations.
func (s *Store) init(ctx context.Context, ms []migration) error {
	var mode string
	err := retryBusy(ctx, s.pol, func() error {
		return s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
	})
	if err != nil {
		return classifyOpenErr(s.path, err)
	}
	if mode != "wal" {
		err = retryBusy(ctx, s.pol, func() error {
			return s.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
		})
		if err != nil {
			return classifyOpenErr(s.path, err)
		}
		if mode != "wal" {
			return fmt.Errorf("review: %s: cannot switch to WAL mode (journal_mode is %q)", s.path, mode)
		}
	}
	return migrate(ctx, s.db, s.pol, s.path, ms)
}

// tx runs fn in a transaction with the store's lock policy (see runTx).
func (s *Store) tx(ctx context.Context, begin string, fn func(c *sql.Conn) error) error {
	return runTx(ctx, s.db, s.pol, begin, fn)
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the store; pending writes have committed when their calls returned.
func (s *Store) Close() error { return s.db.Close() }

// Get returns the review of itemID; an item never reviewed gives a Review
// with that ItemID, Status Unreviewed and Version 0, and no error.
func (s *Store) Get(ctx context.Context, itemID string) (Review, error) {
	if err := checkText("item id", itemID, maxIDBytes, true); err != nil {
		return Review{}, err
	}
	var r Review
	err := s.tx(ctx, beginRead, func(c *sql.Conn) error {
		var err error
		r, err = getReview(ctx, c, itemID)
		return err
	})
	return r, err
}

// All returns every item that has ever been reviewed, keyed by item id.
func (s *Store) All(ctx context.Context) (map[string]Review, error) {
	var out map[string]Review
	err := s.tx(ctx, beginRead, func(c *sql.Conn) error {
		out = map[string]Review{}
		rows, err := c.QueryContext(ctx,
			`SELECT item_id, status, note, updated_by, updated_at, version FROM item_state`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanReview(rows)
			if err != nil {
				return err
			}
			out[r.ItemID] = r
		}
		if err := rows.Err(); err != nil {
			return err
		}
		ev, err := queryEvidence(ctx, c, `SELECT `+evidenceCols+` FROM evidence ORDER BY id`)
		if err != nil {
			return err
		}
		for _, e := range ev {
			r := out[e.ItemID]
			r.Evidence = append(r.Evidence, e)
			out[e.ItemID] = r
		}
		return nil
	})
	return out, err
}

// getReview reads one item inside the caller's transaction.
func getReview(ctx context.Context, q queryer, itemID string) (Review, error) {
	r, err := scanReview(q.QueryRowContext(ctx,
		`SELECT item_id, status, note, updated_by, updated_at, version FROM item_state WHERE item_id = ?`, itemID))
	if errors.Is(err, sql.ErrNoRows) {
		return Review{ItemID: itemID, Status: Unreviewed}, nil
	}
	if err != nil {
		return Review{}, err
	}
	r.Evidence, err = queryEvidence(ctx, q,
		`SELECT `+evidenceCols+` FROM evidence WHERE item_id = ? ORDER BY id`, itemID)
	return r, err
}

type scanner interface{ Scan(dest ...any) error }

func scanReview(sc scanner) (Review, error) {
	var r Review
	var status, at string
	if err := sc.Scan(&r.ItemID, &status, &r.Note, &r.By, &at, &r.Version); err != nil {
		return r, err
	}
	var err error
	if r.Status, err = ParseStatus(status); err != nil {
		return r, fmt.Errorf("review: item %s: stored status: %w", r.ItemID, err)
	}
	if r.At, err = parseTime(at); err != nil {
		return r, fmt.Errorf("review: item %s: %w", r.ItemID, err)
	}
	return r, nil
}

const evidenceCols = `id, item_id, article_id, "start", "end", quote, added_by, added_at`

func scanEvidence(sc scanner) (Evidence, error) {
	var e Evidence
	var at string
	if err := sc.Scan(&e.ID, &e.ItemID, &e.ArticleID, &e.Start, &e.End, &e.Quote, &e.By, &at); err != nil {
		return e, err
	}
	var err error
	e.At, err = parseTime(at)
	return e, err
}

func queryEvidence(ctx context.Context, q queryer, query string, args ...any) ([]Evidence, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Evidence
	for rows.Next() {
		e, err := scanEvidence(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Times are stored as RFC 3339 text in UTC with nanoseconds.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("review: bad stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}
