package review

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ErrNotEmpty means a copy was refused because the target store already holds reviews.
const ErrNotEmpty Error = "review: target store is not empty"

// CopyCounts are the rows of each kind in a store.
type CopyCounts struct {
	Items, Evidence, Changes, Drafts int64
	LastChangeID                     int64
	Personal                         int64 // rows of per-person state: arrivals, readers, read marks, saved and remembered searches, settings
	Feeds                            int64 // rows of the news feed log: sources, fetches, handled entries
}

// String reads "26 items, 40 pieces of evidence, 512 changes, 2 drafts"
// (and ", 30 rows of per-person state" when there are some).
func (c CopyCounts) String() string {
	s := fmt.Sprintf("%d items, %d pieces of evidence, %d changes, %d drafts", c.Items, c.Evidence, c.Changes, c.Drafts)
	if c.Personal > 0 {
		s += fmt.Sprintf(", %d rows of per-person state", c.Personal)
	}
	if c.Feeds > 0 {
		s += fmt.Sprintf(", %d rows of the feed log", c.Feeds)
	}
	return s
}

// Copy copies everything in src (current state, the whole history with its
// ids, evidence, drafts, the per-person state: read marks, saved and
// remembered searches, settings; and the news feed log) into dst in one transaction and verifies the
// counts afterwards. A dst that already holds anything is refused with
// ErrNotEmpty unless replace is set, in which case its contents are
// replaced (PostgreSQL targets only: SQLite's history cannot be emptied).
func Copy(ctx context.Context, dst, src Store, replace bool) (CopyCounts, error) {
	d, ok1 := dst.(*sqlStore)
	s, ok2 := src.(*sqlStore)
	if !ok1 || !ok2 {
		return CopyCounts{}, invalid("copy works between stores opened by this package")
	}
	if ro, reason := dst.ReadOnly(); ro {
		return CopyCounts{}, &ReadOnlyError{Reason: reason}
	}
	var data storeRows
	if err := s.read(ctx, func(t *txn) error {
		var err error
		data, err = readRows(t)
		return err
	}); err != nil {
		return CopyCounts{}, fmt.Errorf("review: read %s: %w", s.where, err)
	}
	err := d.runTx(ctx, true, func(t *txn) error {
		have, err := countRows(t)
		if err != nil {
			return err
		}
		if have != (CopyCounts{}) {
			if !replace {
				return fmt.Errorf("%w: %s already holds %s; nothing was copied (give --replace to overwrite it)", ErrNotEmpty, d.where, have)
			}
			if _, ok := d.d.(pgDialect); !ok {
				return fmt.Errorf("%w: %s already holds %s; replacing is only possible in PostgreSQL (move the folder's %s away instead)", ErrNotEmpty, d.where, have, FileName)
			}
			if _, err := t.exec(`TRUNCATE history, evidence, item_state, drafts, ` + personalTables + ` RESTART IDENTITY`); err != nil {
				return err
			}
		}
		if err := data.write(t); err != nil {
			return err
		}
		if _, ok := d.d.(pgDialect); ok {
			for _, tbl := range []string{"history", "evidence", "searches", "feed_fetches"} {
				if _, err := t.exec(`SELECT setval(pg_get_serial_sequence('` + tbl + `', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM ` + tbl); err != nil {
					return err
				}
			}
		}
		got, err := countRows(t)
		if err != nil {
			return err
		}
		if want := data.counts(); got != want {
			return fmt.Errorf("review: copy check failed: %s holds %s after the copy, the source %s; nothing was copied", d.where, got, want)
		}
		if data.counts().LastChangeID > 0 {
			return d.d.notify(t, data.counts().LastChangeID)
		}
		return nil
	})
	if err != nil {
		return CopyCounts{}, d.classified(err)
	}
	// Verify again from outside the transaction, as a reader sees it.
	var after CopyCounts
	if err := d.read(ctx, func(t *txn) error {
		var err error
		after, err = countRows(t)
		return err
	}); err != nil {
		return CopyCounts{}, err
	}
	if after != data.counts() {
		return after, fmt.Errorf("review: copy check failed: %s holds %s, the source %s", d.where, after, data.counts())
	}
	return after, nil
}

// personalTables are the tables of per-person state, as a list for TRUNCATE.
const personalTables = `article_arrivals, readers, read_marks, saved_searches, user_settings, searches, feed_sources, feed_fetches, feed_entries`

func countRows(t *txn) (CopyCounts, error) {
	var c CopyCounts
	err := t.row(`SELECT (SELECT COUNT(*) FROM item_state), (SELECT COUNT(*) FROM evidence),
		(SELECT COUNT(*) FROM history), (SELECT COUNT(*) FROM drafts), (SELECT COALESCE(MAX(id), 0) FROM history),
		(SELECT COUNT(*) FROM article_arrivals) + (SELECT COUNT(*) FROM readers) + (SELECT COUNT(*) FROM read_marks)
		+ (SELECT COUNT(*) FROM saved_searches) + (SELECT COUNT(*) FROM user_settings) + (SELECT COUNT(*) FROM searches),
		(SELECT COUNT(*) FROM feed_sources) + (SELECT COUNT(*) FROM feed_fetches) + (SELECT COUNT(*) FROM feed_entries)`).
		Scan(&c.Items, &c.Evidence, &c.Changes, &c.Drafts, &c.LastChangeID, &c.Personal, &c.Feeds)
	return c, err
}

// storeRows is a whole store, row by row, as stored: per table of
// copyTables, its rows.
type storeRows struct {
	tables [][][]any
	last   int64
}

func (r storeRows) counts() CopyCounts {
	n := func(i int) int64 { return int64(len(r.tables[i])) }
	c := CopyCounts{Items: n(0), Evidence: n(1), Changes: n(2), Drafts: n(3), LastChangeID: r.last}
	for i, tbl := range copyTables() {
		switch tbl.kind {
		case personalRows:
			c.Personal += n(i)
		case feedRows:
			c.Feeds += n(i)
		}
	}
	return c
}

const (
	copyItemCols    = `item_id, status, note, updated_by, updated_at, version`
	copyHistoryCols = `id, item_id, field, old, new, who, at, undoes, prev_by, prev_at, op`
	copyDraftCols   = `item_id, who, note, at`
)

// copyTable is one table a copy reads and writes, and what it counts as.
type copyTable struct {
	name, cols, order string
	kind              rowKind
}

// rowKind is what a table's rows count as in CopyCounts.
type rowKind int

const (
	reviewRows   rowKind = iota // counted one by one (items, evidence, ...)
	personalRows                // CopyCounts.Personal
	feedRows                    // CopyCounts.Feeds
)

// copyTables are read and written in this order (evidence refers to
// item_state); the reviews' four come first (counts read them by
// position), then the per-person state, then the feed log.
func copyTables() []copyTable {
	return []copyTable{
		{"item_state", copyItemCols, "item_id", reviewRows},
		{"evidence", evidenceCols, "id", reviewRows},
		{"history", copyHistoryCols, "id", reviewRows},
		{"drafts", copyDraftCols, "item_id, who", reviewRows},
		{"article_arrivals", "article_id, first_seen", "article_id", personalRows},
		{"readers", "who, since", "who", personalRows},
		{"read_marks", "who, article_id, is_read, at", "who, article_id", personalRows},
		{"saved_searches", "who, name, query, at", "who, name", personalRows},
		{"user_settings", "who, setting, value, at", "who, setting", personalRows},
		{"searches", "id, who, query, at", "id", personalRows},
		{"feed_sources", "source, feed_url, etag, last_modified, last_at, last_ok_at, last_error, fail_streak, failing_since, fetches, articles", "source", feedRows},
		{"feed_fetches", "id, source, at, took_ms, new, unchanged, skipped, failed, not_modified, error", "id", feedRows},
		{"feed_entries", "source, entry, status, query, file, reason, at", "source, entry", feedRows},
	}
}

func readRows(t *txn) (storeRows, error) {
	var out storeRows
	out.tables = make([][][]any, len(copyTables()))
	for i, tbl := range copyTables() {
		rows, err := t.query(`SELECT ` + tbl.cols + ` FROM ` + tbl.name + ` ORDER BY ` + tbl.order)
		if err != nil {
			return out, err
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return out, err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for j := range vals {
				ptrs[j] = &vals[j]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return out, err
			}
			for j, v := range vals {
				if b, ok := v.([]byte); ok { // SQLite may hand text back as bytes
					vals[j] = string(b)
				}
			}
			out.tables[i] = append(out.tables[i], vals)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return out, err
		}
		rows.Close()
	}
	if hist := out.tables[2]; len(hist) > 0 {
		switch id := hist[len(hist)-1][0].(type) {
		case int64:
			out.last = id
		default:
			return out, errors.New("review: history id is not an integer")
		}
	}
	return out, nil
}

func (r storeRows) write(t *txn) error {
	for i, tbl := range copyTables() {
		rows := r.tables[i]
		if len(rows) == 0 {
			continue
		}
		marks := "?" + strings.Repeat(", ?", len(rows[0])-1)
		q := `INSERT INTO ` + tbl.name + ` (` + tbl.cols + `) VALUES (` + marks + `)`
		for _, row := range rows {
			if _, err := t.exec(q, row...); err != nil {
				return fmt.Errorf("review: copy %s: %w", tbl.name, err)
			}
		}
	}
	return nil
}
