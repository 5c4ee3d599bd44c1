package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Size limits on stored text, in bytes.
const (
	MaxNoteBytes  = 64 << 10 // longest note accepted
	MaxQuoteBytes = 64 << 10 // longest evidence quote accepted
	maxIDBytes    = 256      // item, article ids
	maxWhoBytes   = 256      // author names
)

// checkText rejects invalid UTF-8, over-long and (if required) blank text.
func checkText(what, s string, max int, required bool) error {
	if !utf8.ValidString(s) {
		return invalid("%s is not valid UTF-8", what)
	}
	if required && strings.TrimSpace(s) == "" {
		return invalid("empty %s", what)
	}
	if len(s) > max {
		return invalid("%s too long (%d bytes, at most %d)", what, len(s), max)
	}
	if strings.ContainsRune(s, 0) {
		return invalid("%s contains a NUL character", what)
	}
	return nil
}

func checkWho(who string) error { return checkText("author (who)", who, maxWhoBytes, true) }

// anyVersion disables the version check of setField.
const anyVersion = -1

// SetStatus sets the status of itemID and records the change.
func (s *sqlStore) SetStatus(ctx context.Context, itemID string, st Status, who string) (Change, error) {
	return s.SetStatusIf(ctx, itemID, anyVersion, st, who)
}

// SetStatusIf is SetStatus with a version check (see Store).
func (s *sqlStore) SetStatusIf(ctx context.Context, itemID string, expectedVersion int64, st Status, who string) (Change, error) {
	if !st.Valid() {
		return Change{}, invalid("unknown status %d", int(st))
	}
	return s.setField(ctx, itemID, FieldStatus, st.String(), who, expectedVersion)
}

// SetNote replaces the note of itemID and records the change.
func (s *sqlStore) SetNote(ctx context.Context, itemID, note, who string) (Change, error) {
	return s.SetNoteIf(ctx, itemID, anyVersion, note, who)
}

// SetNoteIf is SetNote with a version check (see Store).
func (s *sqlStore) SetNoteIf(ctx context.Context, itemID string, expectedVersion int64, note, who string) (Change, error) {
	if err := checkText("note", note, MaxNoteBytes, false); err != nil {
		return Change{}, err
	}
	return s.setField(ctx, itemID, FieldNote, note, who, expectedVersion)
}

func (s *sqlStore) setField(ctx context.Context, itemID, field, value, who string, expected int64) (Change, error) {
	if err := checkText("item id", itemID, maxIDBytes, true); err != nil {
		return Change{}, err
	}
	if err := checkWho(who); err != nil {
		return Change{}, err
	}
	return s.write(ctx, func(t *txn, op string) (Change, error) {
		cur, err := getReview(t, itemID)
		if err != nil {
			return Change{}, err
		}
		if old := fieldValue(cur, field); old == value {
			// Compared under the write lock: concurrent identical writes record one change.
			return Change{ItemID: itemID, Field: field, Old: old, New: value, By: who, Unchanged: true}, nil
		}
		if expected >= 0 && cur.Version != expected {
			return Change{}, &ConflictError{Current: cur, By: cur.By, At: cur.At, Reason: fmt.Sprintf(
				"%s changed it (%s) since you read it", nameOr(cur.By, "someone"), HumanTime(cur.At))}
		}
		now := time.Now().UTC()
		if err := setItem(t, itemID, field, value, who, now); err != nil {
			return Change{}, err
		}
		return appendHistory(t, Change{ItemID: itemID, Field: field, Old: fieldValue(cur, field), New: value,
			By: who, At: now, PrevBy: cur.By, PrevAt: cur.At}, op)
	})
}

func nameOr(name, otherwise string) string {
	if name == "" {
		return otherwise
	}
	return name
}

// fieldValue is the stored text of a status or note field.
func fieldValue(r Review, field string) string {
	if field == FieldStatus {
		return r.Status.String()
	}
	return r.Note
}

// setItem creates or updates the item's state row: sets field (FieldStatus,
// FieldNote, or "" for none) to value, records who and when (who "" and a
// zero time when an undo takes the item back to never reviewed), and
// increments the version.
func setItem(t *txn, itemID, field, value, who string, at time.Time) error {
	var col string
	switch field {
	case FieldStatus:
		col = "status"
	case FieldNote:
		col = "note"
	case "":
	default:
		return fmt.Errorf("review: internal: setItem on field %q", field)
	}
	var err error
	if col == "" {
		_, err = t.exec(`INSERT INTO item_state (item_id, updated_by, updated_at, version)
			VALUES (?, ?, ?, 1)
			ON CONFLICT (item_id) DO UPDATE SET updated_by = excluded.updated_by,
				updated_at = excluded.updated_at, version = item_state.version + 1`,
			itemID, who, formatTime(at))
	} else {
		_, err = t.exec(`INSERT INTO item_state (item_id, `+col+`, updated_by, updated_at, version)
			VALUES (?, ?, ?, ?, 1)
			ON CONFLICT (item_id) DO UPDATE SET `+col+` = excluded.`+col+`, updated_by = excluded.updated_by,
				updated_at = excluded.updated_at, version = item_state.version + 1`,
			itemID, value, who, formatTime(at))
	}
	return err
}

// AddEvidence attaches e to e.ItemID (see Store). Evidence already attached
// to the item (same article and range) is not added twice: the result is
// Unchanged and its Evidence is the one already there.
func (s *sqlStore) AddEvidence(ctx context.Context, e Evidence) (Change, error) {
	if err := checkEvidence(e); err != nil {
		return Change{}, err
	}
	e.ID = 0
	return s.write(ctx, func(t *txn, op string) (Change, error) {
		have, err := scanEvidence(t.row(`SELECT `+evidenceCols+` FROM evidence
			WHERE item_id = ? AND article_id = ? AND "start" = ? AND "end" = ? ORDER BY id LIMIT 1`,
			e.ItemID, e.ArticleID, e.Start, e.End))
		if err == nil {
			js, err := encodeEvidence(have)
			return Change{ItemID: e.ItemID, Field: FieldEvidenceAdd, New: js, By: e.By, Unchanged: true}, err
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return Change{}, err
		}
		cur, err := getReview(t, e.ItemID)
		if err != nil {
			return Change{}, err
		}
		now := time.Now().UTC()
		e.At = now
		return insertEvidence(t, e, Change{By: e.By, At: now, PrevBy: cur.By, PrevAt: cur.At}, op, e.By, now)
	})
}

func checkEvidence(e Evidence) error {
	if err := checkText("item id", e.ItemID, maxIDBytes, true); err != nil {
		return err
	}
	if err := checkText("article id", e.ArticleID, maxIDBytes, true); err != nil {
		return err
	}
	if err := checkText("quote", e.Quote, MaxQuoteBytes, false); err != nil {
		return err
	}
	if e.Start < 0 || e.End < e.Start {
		return invalid("bad evidence span [%d, %d)", e.Start, e.End)
	}
	return checkWho(e.By)
}

// insertEvidence stores e (with its own ID if non-zero, else a new one),
// sets the item's reviewer and time to itemBy and itemAt, and records the
// change described by rec (By, At, PrevBy, PrevAt, Undoes).
func insertEvidence(t *txn, e Evidence, rec Change, op, itemBy string, itemAt time.Time) (Change, error) {
	if err := setItem(t, e.ItemID, "", "", itemBy, itemAt); err != nil {
		return Change{}, err
	}
	var err error
	if e.ID > 0 { // restored by an undo, or copied: keep its id
		err = t.row(`INSERT INTO evidence (`+evidenceCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			e.ID, e.ItemID, e.ArticleID, e.Start, e.End, e.Quote, e.By, formatTime(e.At)).Scan(&e.ID)
	} else {
		err = t.row(`INSERT INTO evidence (item_id, article_id, "start", "end", quote, added_by, added_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			e.ItemID, e.ArticleID, e.Start, e.End, e.Quote, e.By, formatTime(e.At)).Scan(&e.ID)
	}
	if err != nil {
		return Change{}, err
	}
	js, err := encodeEvidence(e)
	if err != nil {
		return Change{}, err
	}
	rec.ItemID, rec.Field, rec.Old, rec.New = e.ItemID, FieldEvidenceAdd, "", js
	return appendHistory(t, rec, op)
}

// RemoveEvidence deletes the evidence with the given id (see Store).
func (s *sqlStore) RemoveEvidence(ctx context.Context, evidenceID int64, who string) (Change, error) {
	if err := checkWho(who); err != nil {
		return Change{}, err
	}
	return s.write(ctx, func(t *txn, op string) (Change, error) {
		e, err := scanEvidence(t.row(`SELECT `+evidenceCols+` FROM evidence WHERE id = ?`, evidenceID))
		if errors.Is(err, sql.ErrNoRows) {
			return Change{}, fmt.Errorf("%w: evidence %d", ErrNotFound, evidenceID)
		}
		if err != nil {
			return Change{}, err
		}
		cur, err := getReview(t, e.ItemID)
		if err != nil {
			return Change{}, err
		}
		now := time.Now().UTC()
		return deleteEvidence(t, e, Change{By: who, At: now, PrevBy: cur.By, PrevAt: cur.At}, op, who, now)
	})
}

func deleteEvidence(t *txn, e Evidence, rec Change, op, itemBy string, itemAt time.Time) (Change, error) {
	if _, err := t.exec(`DELETE FROM evidence WHERE id = ?`, e.ID); err != nil {
		return Change{}, err
	}
	if err := setItem(t, e.ItemID, "", "", itemBy, itemAt); err != nil {
		return Change{}, err
	}
	js, err := encodeEvidence(e)
	if err != nil {
		return Change{}, err
	}
	rec.ItemID, rec.Field, rec.Old, rec.New = e.ItemID, FieldEvidenceRemove, js, ""
	return appendHistory(t, rec, op)
}
