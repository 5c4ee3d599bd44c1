package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Get returns the review of itemID (see Store).
func (s *sqlStore) Get(ctx context.Context, itemID string) (Review, error) {
	if err := checkText("item id", itemID, maxIDBytes, true); err != nil {
		return Review{}, err
	}
	var r Review
	err := s.read(ctx, func(t *txn) error {
		var err error
		r, err = getReview(t, itemID)
		return err
	})
	return r, err
}

// All returns every item that has ever been reviewed, keyed by item id.
func (s *sqlStore) All(ctx context.Context) (map[string]Review, error) {
	all, _, err := s.AllWithID(ctx)
	return all, err
}

// AllWithID is All and the id of the newest change it includes: the
// answer kept under that id while no change came since (SQLite), else
// both read in one transaction.
func (s *sqlStore) AllWithID(ctx context.Context) (map[string]Review, int64, error) {
	if s.keepsReads { // while nobody changes a review: one statement
		last, err := s.LastChangeID(ctx)
		if err != nil {
			return nil, 0, err
		}
		if out, ok := s.keptAll(last); ok {
			return out, last, nil
		}
	}
	var out map[string]Review
	last, read := int64(-1), false
	err := s.read(ctx, func(t *txn) error {
		read = false
		if err := lastID(t, &last); err != nil {
			return err
		}
		if s.keepsReads {
			var ok bool
			if out, ok = s.keptAll(last); ok {
				return nil
			}
		}
		read = true
		s.allReads.Add(1)
		out = map[string]Review{}
		rows, err := t.query(`SELECT ` + stateCols + ` FROM item_state s`)
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
		ev, err := queryEvidence(t, `SELECT `+evidenceCols+` FROM evidence ORDER BY id`)
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
	if err != nil {
		return nil, 0, err
	}
	if read && s.keepsReads {
		s.keepAll(last, out)
	}
	return out, last, nil
}

// AllWithID returns every review and the id of the newest change they
// include: from one read where the store can (a server's sessions load the
// roadmap with it), else LastChangeID then All (the id then may be older
// than the reviews, never newer).
func AllWithID(ctx context.Context, st Store) (map[string]Review, int64, error) {
	if s, ok := st.(interface {
		AllWithID(ctx context.Context) (map[string]Review, int64, error)
	}); ok {
		return s.AllWithID(ctx)
	}
	last, err := st.LastChangeID(ctx)
	if err != nil {
		return nil, 0, err
	}
	all, err := st.All(ctx)
	return all, last, err
}

// History returns the changes to itemID, or to every item if itemID is "", oldest first.
func (s *sqlStore) History(ctx context.Context, itemID string) ([]Change, error) {
	keeps := s.keepsReads && itemID != ""
	if keeps { // while nobody changes a review: one statement
		last, err := s.LastChangeID(ctx)
		if err != nil {
			return nil, err
		}
		if out, ok := s.keptHistory(itemID, last); ok {
			return out, nil
		}
	}
	var out []Change
	last, read := int64(-1), false
	err := s.read(ctx, func(t *txn) error {
		read = false
		if keeps {
			if err := lastID(t, &last); err != nil {
				return err
			}
			var ok bool
			if out, ok = s.keptHistory(itemID, last); ok {
				return nil
			}
		}
		read = true
		s.historyReads.Add(1)
		var err error
		if itemID == "" {
			out, err = queryChanges(t, `SELECT `+changeCols+` FROM history ORDER BY id`)
		} else {
			out, err = queryChanges(t, `SELECT `+changeCols+` FROM history WHERE item_id = ? ORDER BY id`, itemID)
		}
		return err
	})
	if err == nil && read && keeps {
		s.keepHistory(itemID, last, out)
	}
	return out, err
}

// ChangesSince returns the changes after change id after, oldest first, at
// most limit of them (see Store).
func (s *sqlStore) ChangesSince(ctx context.Context, after int64, limit int) ([]Change, error) {
	if limit <= 0 {
		return nil, invalid("limit %d: want at least 1", limit)
	}
	var out []Change
	err := s.read(ctx, func(t *txn) error {
		var err error
		out, err = queryChanges(t, `SELECT `+changeCols+` FROM history WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
		return err
	})
	return out, err
}

// LastChangeID returns the id of the newest change (0 if none); it is cheap.
func (s *sqlStore) LastChangeID(ctx context.Context) (int64, error) {
	var id int64
	err := s.readOne(ctx, func(t *txn) error { return lastID(t, &id) })
	return id, err
}

func lastID(t *txn, id *int64) error {
	return t.row(`SELECT COALESCE(MAX(id), 0) FROM history`).Scan(id)
}

// stateCols are the columns of an item's state (item_state s), then who set
// its status and who wrote its note, and when: the author of the newest
// standing change of each field in the history (neither an undo nor
// undone), as "time who" (a stored time holds no space). An undo takes a
// field back to the value of the standing change before the one it took
// back, so the history alone says whose value is current and item_state
// needs no column for it. history_by_item (item_id, field, id) serves each
// lookup from its newest row.
const stateCols = `s.item_id, s.status, s.note, s.updated_by, s.updated_at, s.version,
	COALESCE((SELECT h.at || ' ' || h.who FROM history h WHERE h.item_id = s.item_id AND h.field = 'status' AND h.undoes IS NULL
		AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id) ORDER BY h.id DESC LIMIT 1), ''),
	COALESCE((SELECT h.at || ' ' || h.who FROM history h WHERE h.item_id = s.item_id AND h.field = 'note' AND h.undoes IS NULL
		AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id) ORDER BY h.id DESC LIMIT 1), '')`

// getReview reads one item inside the caller's transaction.
func getReview(t *txn, itemID string) (Review, error) {
	r, err := scanReview(t.row(`SELECT `+stateCols+` FROM item_state s WHERE s.item_id = ?`, itemID))
	if errors.Is(err, sql.ErrNoRows) {
		return Review{ItemID: itemID, Status: Unreviewed}, nil
	}
	if err != nil {
		return Review{}, err
	}
	r.Evidence, err = queryEvidence(t, `SELECT `+evidenceCols+` FROM evidence WHERE item_id = ? ORDER BY id`, itemID)
	return r, err
}

type scanner interface{ Scan(dest ...any) error }

func scanReview(sc scanner) (Review, error) {
	var r Review
	var status, at, statusSet, noteSet string
	if err := sc.Scan(&r.ItemID, &status, &r.Note, &r.By, &at, &r.Version, &statusSet, &noteSet); err != nil {
		return r, err
	}
	statusAt, statusBy, _ := strings.Cut(statusSet, " ")
	noteAt, noteBy, _ := strings.Cut(noteSet, " ")
	r.StatusBy, r.NoteBy = statusBy, noteBy
	var err error
	if r.Status, err = ParseStatus(status); err != nil {
		return r, fmt.Errorf("review: item %s: stored status: %w", r.ItemID, err)
	}
	for _, f := range []struct {
		dst *time.Time
		src string
	}{{&r.At, at}, {&r.StatusAt, statusAt}, {&r.NoteAt, noteAt}} {
		if *f.dst, err = parseTime(f.src); err != nil {
			return r, fmt.Errorf("review: item %s: %w", r.ItemID, err)
		}
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

func queryEvidence(t *txn, query string, args ...any) ([]Evidence, error) {
	rows, err := t.query(query, args...)
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

const changeCols = `id, item_id, field, old, new, who, at, undoes, prev_by, prev_at`

func scanChange(sc scanner) (Change, error) {
	var ch Change
	var at string
	var undoes sql.NullInt64
	var prevBy, prevAt sql.NullString
	if err := sc.Scan(&ch.ID, &ch.ItemID, &ch.Field, &ch.Old, &ch.New, &ch.By, &at, &undoes, &prevBy, &prevAt); err != nil {
		return ch, err
	}
	var err error
	if ch.At, err = parseTime(at); err != nil {
		return ch, err
	}
	ch.Undoes, ch.PrevBy = undoes.Int64, prevBy.String
	ch.PrevAt, err = parseTime(prevAt.String)
	return ch, err
}

func queryChanges(t *txn, query string, args ...any) ([]Change, error) {
	rows, err := t.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		ch, err := scanChange(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}

// changeByOp finds the change recorded by operation op, if any.
func changeByOp(t *txn, op string) (Change, bool, error) {
	ch, err := scanChange(t.row(`SELECT `+changeCols+` FROM history WHERE op = ?`, op))
	if errors.Is(err, sql.ErrNoRows) {
		return Change{}, false, nil
	}
	return ch, err == nil, err
}

// appendHistory records ch (with the operation id op) and returns it with its id.
func appendHistory(t *txn, ch Change, op string) (Change, error) {
	undoes := sql.NullInt64{Int64: ch.Undoes, Valid: ch.Undoes != 0}
	err := t.row(`INSERT INTO history (item_id, field, old, new, who, at, undoes, prev_by, prev_at, op)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		ch.ItemID, ch.Field, ch.Old, ch.New, ch.By, formatTime(ch.At), undoes, ch.PrevBy, formatTime(ch.PrevAt), op).Scan(&ch.ID)
	return ch, err
}
