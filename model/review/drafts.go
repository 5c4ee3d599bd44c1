package review

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Draft is a note that was being edited when a session ended before it was
// saved (idle timeout, session limit, server shutdown). It is not part of
// the review until its author saves it.
type Draft struct {
	ItemID, Who, Note string
	At                time.Time
}

// SaveDraft keeps who's unsaved note for an item, replacing an older draft.
func (s *Store) SaveDraft(ctx context.Context, itemID, who, note string) error {
	if err := checkText("item id", itemID, maxIDBytes, true); err != nil {
		return err
	}
	if err := checkText("who", who, maxIDBytes, true); err != nil {
		return err
	}
	if err := checkText("note", note, MaxNoteBytes, false); err != nil {
		return err
	}
	at := time.Now().UTC().Format(time.RFC3339Nano)
	return s.tx(ctx, beginWrite, func(c *sql.Conn) error {
		_, err := c.ExecContext(ctx, `INSERT INTO drafts (item_id, who, note, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (item_id, who) DO UPDATE SET note = excluded.note, at = excluded.at`, itemID, who, note, at)
		return err
	})
}

// Draft returns who's draft for an item; ok is false when there is none.
func (s *Store) Draft(ctx context.Context, itemID, who string) (d Draft, ok bool, err error) {
	err = s.tx(ctx, beginRead, func(c *sql.Conn) error {
		var at string
		e := c.QueryRowContext(ctx, `SELECT note, at FROM drafts WHERE item_id = ? AND who = ?`, itemID, who).Scan(&d.Note, &at)
		if errors.Is(e, sql.ErrNoRows) {
			return nil
		}
		if e != nil {
			return e
		}
		ok = true
		d.ItemID, d.Who = itemID, who
		d.At, e = time.Parse(time.RFC3339Nano, at)
		return e
	})
	return d, ok, err
}

// DeleteDraft drops who's draft for an item (after it was saved or
// discarded); deleting a missing draft is not an error.
func (s *Store) DeleteDraft(ctx context.Context, itemID, who string) error {
	return s.tx(ctx, beginWrite, func(c *sql.Conn) error {
		_, err := c.ExecContext(ctx, `DELETE FROM drafts WHERE item_id = ? AND who = ?`, itemID, who)
		return err
	})
}
