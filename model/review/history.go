package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

const changeCols = `id, item_id, field, old, new, who, at`

// History returns the changes to itemID, or to every item if itemID is "", oldest first.
func (s *Store) History(ctx context.Context, itemID string) ([]Change, error) {
	var out []Change
	err := s.tx(ctx, beginRead, func(c *sql.Conn) error {
		var rows *sql.Rows
		var err error
		if itemID == "" {
			rows, err = c.QueryContext(ctx, `SELECT `+changeCols+` FROM history ORDER BY id`)
		} else {
			rows, err = c.QueryContext(ctx, `SELECT `+changeCols+` FROM history WHERE item_id = ? ORDER BY id`, itemID)
		}
		if err != nil {
			return err
		}
		defer rows.Close()
		out = nil
		for rows.Next() {
			ch, err := scanChange(rows)
			if err != nil {
				return err
			}
			out = append(out, ch)
		}
		return rows.Err()
	})
	return out, err
}

// LastChangeID returns the id of the newest change (0 if none); it is cheap,
// so a UI can poll it and reload when it grows.
func (s *Store) LastChangeID(ctx context.Context) (int64, error) {
	var id int64
	err := retryBusy(ctx, s.pol, func() error {
		return s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM history`).Scan(&id)
	})
	return id, err
}

// Evidence decodes the evidence added (FieldEvidenceAdd) or removed (FieldEvidenceRemove) by the change.
func (c Change) Evidence() (Evidence, error) {
	var raw string
	switch c.Field {
	case FieldEvidenceAdd:
		raw = c.New
	case FieldEvidenceRemove:
		raw = c.Old
	default:
		return Evidence{}, invalid("change %d is a %s change, not evidence", c.ID, c.Field)
	}
	var r evidenceRecord
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return Evidence{}, fmt.Errorf("review: change %d: bad evidence record: %w", c.ID, err)
	}
	at, err := parseTime(r.At)
	if err != nil {
		return Evidence{}, fmt.Errorf("review: change %d: %w", c.ID, err)
	}
	return Evidence{ID: r.ID, ItemID: r.ItemID, ArticleID: r.ArticleID, Start: r.Start, End: r.End,
		Quote: r.Quote, By: r.By, At: at}, nil
}

// evidenceRecord is how evidence is written into history rows.
type evidenceRecord struct {
	ID        int64  `json:"id"`
	ItemID    string `json:"item_id"`
	ArticleID string `json:"article_id"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Quote     string `json:"quote"`
	By        string `json:"by"`
	At        string `json:"at"`
}

func encodeEvidence(e Evidence) (string, error) {
	b, err := json.Marshal(evidenceRecord{ID: e.ID, ItemID: e.ItemID, ArticleID: e.ArticleID,
		Start: e.Start, End: e.End, Quote: e.Quote, By: e.By, At: formatTime(e.At)})
	return string(b), err
}

func appendHistory(ctx context.Context, c *sql.Conn, ch Change) (Change, error) {
	err := c.QueryRowContext(ctx, `INSERT INTO history (item_id, field, old, new, who, at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		ch.ItemID, ch.Field, ch.Old, ch.New, ch.By, formatTime(ch.At)).Scan(&ch.ID)
	return ch, err
}

func getChange(ctx context.Context, q queryer, id int64) (Change, error) {
	ch, err := scanChange(q.QueryRowContext(ctx, `SELECT `+changeCols+` FROM history WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return ch, fmt.Errorf("%w: change %d", ErrNotFound, id)
	}
	return ch, err
}

func scanChange(sc scanner) (Change, error) {
	var ch Change
	var at string
	if err := sc.Scan(&ch.ID, &ch.ItemID, &ch.Field, &ch.Old, &ch.New, &ch.By, &at); err != nil {
		return ch, err
	}
	var err error
	ch.At, err = parseTime(at)
	return ch, err
}
