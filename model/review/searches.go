package review

import (
	"context"
	"time"
)

// MaxSearches is how many submitted queries a store keeps per person (the
// oldest go first); MaxSearchBytes bounds one query.
const (
	MaxSearches    = 200
	MaxSearchBytes = 2048
)

// RememberSearch keeps a query who submitted, as the newest of their
// searches; the same query submitted again moves to the end, and only the
// newest MaxSearches are kept. It is not a change: no history, no notice.
func (s *sqlStore) RememberSearch(ctx context.Context, who, query string) error {
	if err := checkWho(who); err != nil {
		return err
	}
	if err := checkText("query", query, MaxSearchBytes, true); err != nil {
		return err
	}
	if s.roReason != "" {
		return &ReadOnlyError{Reason: s.roReason}
	}
	at := formatTime(time.Now())
	return s.classified(s.runTx(ctx, true, func(t *txn) error {
		if _, err := t.exec(`DELETE FROM searches WHERE who = ? AND query = ?`, who, query); err != nil {
			return err
		}
		if _, err := t.exec(`INSERT INTO searches (who, query, at) VALUES (?, ?, ?)`, who, query, at); err != nil {
			return err
		}
		_, err := t.exec(`DELETE FROM searches WHERE who = ? AND id NOT IN
			(SELECT id FROM searches WHERE who = ? ORDER BY id DESC LIMIT ?)`, who, who, MaxSearches)
		return err
	}))
}

// Searches returns who's remembered queries, oldest first.
func (s *sqlStore) Searches(ctx context.Context, who string) ([]string, error) {
	var out []string
	err := s.readOne(ctx, func(t *txn) error {
		out = out[:0]
		rows, err := t.query(`SELECT query FROM searches WHERE who = ? ORDER BY id DESC LIMIT ?`, who, MaxSearches)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var q string
			if err := rows.Scan(&q); err != nil {
				return err
			}
			out = append(out, q)
		}
		return rows.Err()
	})
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}
