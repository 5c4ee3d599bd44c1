package review

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// SaveDraft keeps who's unsaved note for an item, replacing an older draft.
func (s *sqlStore) SaveDraft(ctx context.Context, itemID, who, note string) error {
	if err := checkText("item id", itemID, maxIDBytes, true); err != nil {
		return err
	}
	if err := checkWho(who); err != nil {
		return err
	}
	if err := checkText("note", note, MaxNoteBytes, false); err != nil {
		return err
	}
	if s.roReason != "" {
		return &ReadOnlyError{Reason: s.roReason}
	}
	at := formatTime(time.Now())
	return s.classified(s.runTx(ctx, true, func(t *txn) error {
		_, err := t.exec(`INSERT INTO drafts (item_id, who, note, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (item_id, who) DO UPDATE SET note = excluded.note, at = excluded.at`, itemID, who, note, at)
		return err
	}))
}

// Draft returns who's draft for an item; ok is false when there is none.
func (s *sqlStore) Draft(ctx context.Context, itemID, who string) (d Draft, ok bool, err error) {
	err = s.read(ctx, func(t *txn) error {
		var at string
		e := t.row(`SELECT note, at FROM drafts WHERE item_id = ? AND who = ?`, itemID, who).Scan(&d.Note, &at)
		if errors.Is(e, sql.ErrNoRows) {
			return nil
		}
		if e != nil {
			return e
		}
		ok = true
		d.ItemID, d.Who = itemID, who
		d.At, e = parseTime(at)
		return e
	})
	return d, ok, err
}

// Drafts returns every draft of who's, by item.
func (s *sqlStore) Drafts(ctx context.Context, who string) (map[string]Draft, error) {
	if err := checkWho(who); err != nil {
		return nil, err
	}
	out := map[string]Draft{}
	err := s.readOne(ctx, func(t *txn) error {
		clear(out) // a retried read starts again
		rows, err := t.query(`SELECT item_id, note, at FROM drafts WHERE who = ?`, who)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d := Draft{Who: who}
			var at string
			if err := rows.Scan(&d.ItemID, &d.Note, &at); err != nil {
				return err
			}
			if d.At, err = parseTime(at); err != nil {
				return err
			}
			out[d.ItemID] = d
		}
		return rows.Err()
	})
	return out, err
}

// DeleteDraft drops who's draft for an item; deleting a missing draft is not an error.
func (s *sqlStore) DeleteDraft(ctx context.Context, itemID, who string) error {
	if s.roReason != "" {
		return &ReadOnlyError{Reason: s.roReason}
	}
	return s.classified(s.runTx(ctx, true, func(t *txn) error {
		_, err := t.exec(`DELETE FROM drafts WHERE item_id = ? AND who = ?`, itemID, who)
		return err
	}))
}
