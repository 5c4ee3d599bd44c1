package review

import (
	"context"
	"fmt"
)

// ReadStamp returns a value that changes whenever who's read state changes
// (a mark set, changed or dropped, or their first use): a session polls it
// to learn, cheaply, that the same person read something in another
// session, process or server. It reads who's marks through their key, not
// the articles.
func (s *sqlStore) ReadStamp(ctx context.Context, who string) (string, error) {
	var stamp string
	err := s.read(ctx, func(t *txn) error {
		var since int64
		switch err := t.row(`SELECT since FROM readers WHERE who = ?`, who).Scan(&since); {
		case isNoRows(err):
			since = -1
		case err != nil:
			return err
		}
		var n, reads int64
		var last string
		if err := t.row(`SELECT COUNT(*), COALESCE(SUM(is_read), 0), COALESCE(MAX(at), '') FROM read_marks WHERE who = ?`, who).
			Scan(&n, &reads, &last); err != nil {
			return err
		}
		// Every write of a mark sets its time to now, and a dropped mark
		// changes the count: two states with one stamp would need the
		// clock to go back.
		stamp = fmt.Sprintf("%d/%d/%d/%s", since, n, reads, last)
		return nil
	})
	return stamp, err
}
