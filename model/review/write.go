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
	return nil
}

func checkWho(who string) error { return checkText("author (who)", who, maxWhoBytes, true) }

// anyVersion disables the version check of setField.
const anyVersion = -1

// SetStatus sets the status of itemID and records the change (also when it is unchanged: a re-confirmation).
func (s *Store) SetStatus(ctx context.Context, itemID string, st Status, who string) (Change, error) {
	return s.SetStatusIf(ctx, itemID, anyVersion, st, who)
}

// SetStatusIf is SetStatus that refuses with a *ConflictError (ErrConflict)
// unless the item is still at expectedVersion (0 for a never-reviewed item);
// a negative expectedVersion means no check.
func (s *Store) SetStatusIf(ctx context.Context, itemID string, expectedVersion int64, st Status, who string) (Change, error) {
	if !st.Valid() {
		return Change{}, invalid("unknown status %d", int(st))
	}
	return s.setField(ctx, itemID, FieldStatus, st.String(), who, expectedVersion)
}

// SetNote replaces the note of itemID, stored exactly as given, and records the change.
func (s *Store) SetNote(ctx context.Context, itemID, note, who string) (Change, error) {
	return s.SetNoteIf(ctx, itemID, anyVersion, note, who)
}

// SetNoteIf is SetNote that refuses with a *ConflictError (ErrConflict)
// unless the item is still at expectedVersion; the error carries the current
// note so an editor working from a stale copy can ask before overwriting.
func (s *Store) SetNoteIf(ctx context.Context, itemID string, expectedVersion int64, note, who string) (Change, error) {
	if err := checkText("note", note, MaxNoteBytes, false); err != nil {
		return Change{}, err
	}
	return s.setField(ctx, itemID, FieldNote, note, who, expectedVersion)
}

func (s *Store) setField(ctx context.Context, itemID, field, value, who string, expected int64) (Change, error) {
	if err := checkText("item id", itemID, maxIDBytes, true); err != nil {
		return Change{}, err
	}
	if err := checkWho(who); err != nil {
		return Change{}, err
	}
	var ch Change
	err := s.tx(ctx, beginWrite, func(c *sql.Conn) error {
		cur, err := getReview(ctx, c, itemID)
		if err != nil {
			return err
		}
		if expected >= 0 && cur.Version != expected {
			return &ConflictError{Current: cur, Reason: fmt.Sprintf(
				"changed by %s since it was read (version %d, edit based on %d)", cur.By, cur.Version, expected)}
		}
		now := time.Now().UTC()
		if err := bumpItem(ctx, c, itemID, who, now, field, value); err != nil {
			return err
		}
		ch, err = appendHistory(ctx, c, Change{ItemID: itemID, Field: field,
			Old: fieldValue(cur, field), New: value, By: who, At: now})
		return err
	})
	return ch, err
}

// fieldValue is the stored text of a status or note field.
func fieldValue(r Review, field string) string {
	if field == FieldStatus {
		return r.Status.String()
	}
	return r.Note
}

// bumpItem creates or updates the item's state row: sets field (FieldStatus,
// FieldNote, or "" for none) to value, records who and when, and increments
// the version.
func bumpItem(ctx context.Context, c *sql.Conn, itemID, who string, now time.Time, field, value string) error {
	var col string
	switch field {
	case FieldStatus:
		col = "status"
	case FieldNote:
		col = "note"
	case "":
	default:
		return fmt.Errorf("review: internal: bumpItem on field %q", field)
	}
	var err error
	if col == "" {
		_, err = c.ExecContext(ctx, `INSERT INTO item_state (item_id, updated_by, updated_at, version)
			VALUES (?, ?, ?, 1)
			ON CONFLICT (item_id) DO UPDATE SET updated_by = excluded.updated_by,
				updated_at = excluded.updated_at, version = item_state.version + 1`,
			itemID, who, formatTime(now))
	} else {
		_, err = c.ExecContext(ctx, `INSERT INTO item_state (item_id, `+col+`, updated_by, updated_at, version)
			VALUES (?, ?, ?, ?, 1)
			ON CONFLICT (item_id) DO UPDATE SET `+col+` = excluded.`+col+`, updated_by = excluded.updated_by,
				updated_at = excluded.updated_at, version = item_state.version + 1`,
			itemID, value, who, formatTime(now))
	}
	return err
}

// AddEvidence attaches e to e.ItemID on behalf of e.By; e.ID and e.At are
// assigned by the store. The returned Change's Evidence method gives the
// stored evidence.
func (s *Store) AddEvidence(ctx context.Context, e Evidence) (Change, error) {
	if err := checkEvidence(e); err != nil {
		return Change{}, err
	}
	e.ID = 0
	var ch Change
	err := s.tx(ctx, beginWrite, func(c *sql.Conn) error {
		now := time.Now().UTC()
		e := e
		e.At = now
		var err error
		ch, err = insertEvidence(ctx, c, e, e.By, now)
		return err
	})
	return ch, err
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
// bumps the item and records who added it.
func insertEvidence(ctx context.Context, c *sql.Conn, e Evidence, who string, now time.Time) (Change, error) {
	if err := bumpItem(ctx, c, e.ItemID, who, now, "", ""); err != nil {
		return Change{}, err
	}
	id := sql.NullInt64{Int64: e.ID, Valid: e.ID > 0}
	err := c.QueryRowContext(ctx, `INSERT INTO evidence (`+evidenceCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		id, e.ItemID, e.ArticleID, e.Start, e.End, e.Quote, e.By, formatTime(e.At)).Scan(&e.ID)
	if err != nil {
		return Change{}, err
	}
	js, err := encodeEvidence(e)
	if err != nil {
		return Change{}, err
	}
	return appendHistory(ctx, c, Change{ItemID: e.ItemID, Field: FieldEvidenceAdd, New: js, By: who, At: now})
}

// RemoveEvidence deletes the evidence with the given id (ErrNotFound if there is none) and records it.
func (s *Store) RemoveEvidence(ctx context.Context, evidenceID int64, who string) (Change, error) {
	if err := checkWho(who); err != nil {
		return Change{}, err
	}
	var ch Change
	err := s.tx(ctx, beginWrite, func(c *sql.Conn) error {
		e, err := scanEvidence(c.QueryRowContext(ctx,
			`SELECT `+evidenceCols+` FROM evidence WHERE id = ?`, evidenceID))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: evidence %d", ErrNotFound, evidenceID)
		}
		if err != nil {
			return err
		}
		ch, err = deleteEvidence(ctx, c, e, who, time.Now().UTC())
		return err
	})
	return ch, err
}

func deleteEvidence(ctx context.Context, c *sql.Conn, e Evidence, who string, now time.Time) (Change, error) {
	if _, err := c.ExecContext(ctx, `DELETE FROM evidence WHERE id = ?`, e.ID); err != nil {
		return Change{}, err
	}
	if err := bumpItem(ctx, c, e.ItemID, who, now, "", ""); err != nil {
		return Change{}, err
	}
	js, err := encodeEvidence(e)
	if err != nil {
		return Change{}, err
	}
	return appendHistory(ctx, c, Change{ItemID: e.ItemID, Field: FieldEvidenceRemove, Old: js, By: who, At: now})
}

// Undo applies the inverse of change (looked up by change.ID in the history)
// and records it as a new change by who. It refuses with a *ConflictError if
// the status or note has changed again since, if added evidence is already
// gone, or if removed evidence is already back.
func (s *Store) Undo(ctx context.Context, change Change, who string) (Change, error) {
	if err := checkWho(who); err != nil {
		return Change{}, err
	}
	var ch Change
	err := s.tx(ctx, beginWrite, func(c *sql.Conn) error {
		orig, err := getChange(ctx, c, change.ID)
		if err != nil {
			return err
		}
		if (change.ItemID != "" && change.ItemID != orig.ItemID) || (change.Field != "" && change.Field != orig.Field) {
			return invalid("change %d is %s of %s in the history, not %s of %s",
				orig.ID, orig.Field, orig.ItemID, change.Field, change.ItemID)
		}
		cur, err := getReview(ctx, c, orig.ItemID)
		if err != nil {
			return err
		}
		conflict := func(format string, args ...any) error {
			return &ConflictError{Current: cur, Reason: fmt.Sprintf(format, args...)}
		}
		now := time.Now().UTC()
		switch orig.Field {
		case FieldStatus, FieldNote:
			var latest int64
			if err := c.QueryRowContext(ctx, `SELECT MAX(id) FROM history WHERE item_id = ? AND field = ?`,
				orig.ItemID, orig.Field).Scan(&latest); err != nil {
				return err
			}
			if latest != orig.ID || fieldValue(cur, orig.Field) != orig.New {
				return conflict("the %s was changed again since change %d", orig.Field, orig.ID)
			}
			if orig.Field == FieldStatus {
				if _, err := ParseStatus(orig.Old); err != nil {
					return err
				}
			}
			if err := bumpItem(ctx, c, orig.ItemID, who, now, orig.Field, orig.Old); err != nil {
				return err
			}
			ch, err = appendHistory(ctx, c, Change{ItemID: orig.ItemID, Field: orig.Field,
				Old: orig.New, New: orig.Old, By: who, At: now})
			return err
		case FieldEvidenceAdd, FieldEvidenceRemove:
			e, err := orig.Evidence()
			if err != nil {
				return err
			}
			var n int
			if err := c.QueryRowContext(ctx, `SELECT COUNT(*) FROM evidence WHERE id = ?`, e.ID).Scan(&n); err != nil {
				return err
			}
			if orig.Field == FieldEvidenceAdd {
				if n == 0 {
					return conflict("evidence %d was removed since change %d", e.ID, orig.ID)
				}
				ch, err = deleteEvidence(ctx, c, e, who, now)
				return err
			}
			if n > 0 {
				return conflict("evidence %d is already back", e.ID)
			}
			ch, err = insertEvidence(ctx, c, e, who, now) // same id, author and time as before
			return err
		}
		return fmt.Errorf("review: change %d has unknown field %q", orig.ID, orig.Field)
	})
	return ch, err
}
