package review

import (
	"context"
	"database/sql"
	"fmt"
)

// readVersionKey is the setting that every write of a person's read marks
// changes (a fresh random value), so that ReadStamp reads one row, not the
// person's marks.
const readVersionKey = "dossier.read-version"

// bumpReadVersion changes who's read version, in the transaction that
// writes their marks.
func bumpReadVersion(t *txn, who, at string) error {
	_, err := t.exec(`INSERT INTO user_settings (who, setting, value, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (who, setting) DO UPDATE SET value = excluded.value, at = excluded.at`, who, readVersionKey, newOp(), at)
	return err
}

// ReadStamp returns a value that changes whenever who's read state changes
// (a mark set, changed or dropped, or their first use): a session polls it
// to learn, cheaply, that the same person read something in another
// session, process or server. It reads two rows by their keys, in one
// statement, whatever the number of articles and marks.
func (s *sqlStore) ReadStamp(ctx context.Context, who string) (string, error) {
	var stamp string
	err := s.readOne(ctx, func(t *txn) error {
		var since sql.NullInt64
		var version sql.NullString
		err := t.row(`SELECT (SELECT since FROM readers WHERE who = ?), (SELECT value FROM user_settings WHERE who = ? AND setting = ?)`,
			who, who, readVersionKey).Scan(&since, &version)
		if err != nil {
			return err
		}
		if !since.Valid {
			since.Int64 = -1
		}
		stamp = fmt.Sprintf("%d/%s", since.Int64, version.String)
		return nil
	})
	return stamp, err
}
