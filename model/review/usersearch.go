package review

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// checkName rejects names that are empty, too long, not one line or not UTF-8.
func checkName(what, s string, max int) error {
	if err := checkText(what, s, max, true); err != nil {
		return err
	}
	if strings.ContainsAny(s, "\n\r\t") || strings.TrimSpace(s) != s {
		return invalid("%s must be one line without surrounding spaces", what)
	}
	return nil
}

// userWrite runs fn in a write transaction, refusing on a read-only store.
func (s *sqlStore) userWrite(ctx context.Context, who string, fn func(t *txn) error) error {
	if err := checkWho(who); err != nil {
		return err
	}
	if s.roReason != "" {
		return &ReadOnlyError{Reason: s.roReason}
	}
	return s.classified(s.runTx(ctx, true, fn))
}

// SaveSearch keeps query under name for who.
func (s *sqlStore) SaveSearch(ctx context.Context, who, name, query string) error {
	if err := checkName("search name", name, MaxSearchName); err != nil {
		return err
	}
	if err := checkText("query", query, MaxSearchQuery, true); err != nil {
		return err
	}
	return s.userWrite(ctx, who, func(t *txn) error {
		_, err := t.exec(`INSERT INTO saved_searches (who, name, query, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (who, name) DO UPDATE SET query = excluded.query, at = excluded.at`,
			who, name, query, formatTime(time.Now()))
		return err
	})
}

// SavedSearches returns who's saved searches, by name.
func (s *sqlStore) SavedSearches(ctx context.Context, who string) ([]SavedSearch, error) {
	var out []SavedSearch
	err := s.readOne(ctx, func(t *txn) error {
		out = out[:0]
		rows, err := t.query(`SELECT name, query, at FROM saved_searches WHERE who = ? ORDER BY name`, who)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ss SavedSearch
			var at string
			if err := rows.Scan(&ss.Name, &ss.Query, &at); err != nil {
				return err
			}
			if ss.At, err = parseTime(at); err != nil {
				return err
			}
			out = append(out, ss)
		}
		return rows.Err()
	})
	return out, err
}

// DeleteSearch drops who's saved search name.
func (s *sqlStore) DeleteSearch(ctx context.Context, who, name string) (bool, error) {
	var ok bool
	err := s.userWrite(ctx, who, func(t *txn) error {
		res, err := t.exec(`DELETE FROM saved_searches WHERE who = ? AND name = ?`, who, name)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		ok = n > 0
		return err
	})
	return ok, err
}

// Setting returns who's value for key.
func (s *sqlStore) Setting(ctx context.Context, who, key string) (string, bool, error) {
	var value string
	var ok bool
	err := s.readOne(ctx, func(t *txn) error {
		err := t.row(`SELECT value FROM user_settings WHERE who = ? AND setting = ?`, who, key).Scan(&value)
		if isNoRows(err) {
			ok = false
			return nil
		}
		ok = err == nil
		return err
	})
	return value, ok, err
}

// Settings returns who's values for keys (see UserState).
func (s *sqlStore) Settings(ctx context.Context, who string, keys ...string) (map[string]string, error) {
	out := map[string]string{}
	if len(keys) == 0 {
		return out, nil
	}
	args := make([]any, 0, 1+len(keys))
	args = append(args, who)
	for _, k := range keys {
		args = append(args, k)
	}
	err := s.readOne(ctx, func(t *txn) error {
		clear(out)
		rows, err := t.query(`SELECT setting, value FROM user_settings WHERE who = ? AND setting IN (?`+strings.Repeat(", ?", len(keys)-1)+`)`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				return err
			}
			out[k] = v
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetSetting keeps value under key for who.
func (s *sqlStore) SetSetting(ctx context.Context, who, key, value string) error {
	if err := checkName("setting", key, MaxSettingKey); err != nil {
		return err
	}
	if err := checkText("setting value", value, MaxSettingValue, false); err != nil {
		return err
	}
	return s.userWrite(ctx, who, func(t *txn) error {
		_, err := t.exec(`INSERT INTO user_settings (who, setting, value, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (who, setting) DO UPDATE SET value = excluded.value, at = excluded.at`,
			who, key, value, formatTime(time.Now()))
		return err
	})
}
