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
}

// String reads "26 items, 40 pieces of evidence, 512 changes, 2 drafts".
func (c CopyCounts) String() string {
	return fmt.Sprintf("%d items, %d pieces of evidence, %d changes, %d drafts", c.Items, c.Evidence, c.Changes, c.Drafts)
}

// Copy copies everything in src (current state, the whole history with its
// ids, evidence, drafts) into dst in one transaction and verifies the
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
			if _, err := t.exec(`TRUNCATE history, evidence, item_state, drafts RESTART IDENTITY`); err != nil {
				return err
			}
		}
		if err := data.write(t); err != nil {
			return err
		}
		if _, ok := d.d.(pgDialect); ok {
			for _, tbl := range []string{"history", "evidence"} {
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

func countRows(t *txn) (CopyCounts, error) {
	var c CopyCounts
	err := t.row(`SELECT (SELECT COUNT(*) FROM item_state), (SELECT COUNT(*) FROM evidence),
		(SELECT COUNT(*) FROM history), (SELECT COUNT(*) FROM drafts), (SELECT COALESCE(MAX(id), 0) FROM history)`).
		Scan(&c.Items, &c.Evidence, &c.Changes, &c.Drafts, &c.LastChangeID)
	return c, err
}

// storeRows is a whole store, row by row, as stored.
type storeRows struct {
	items    [][]any
	evidence [][]any
	history  [][]any
	drafts   [][]any
	last     int64
}

func (r storeRows) counts() CopyCounts {
	return CopyCounts{Items: int64(len(r.items)), Evidence: int64(len(r.evidence)), Changes: int64(len(r.history)),
		Drafts: int64(len(r.drafts)), LastChangeID: r.last}
}

const (
	copyItemCols    = `item_id, status, note, updated_by, updated_at, version`
	copyHistoryCols = `id, item_id, field, old, new, who, at, undoes, prev_by, prev_at, op`
	copyDraftCols   = `item_id, who, note, at`
)

// copyTables are read and written in this order (evidence refers to item_state).
var copyTables = []struct{ name, cols, order string }{
	{"item_state", copyItemCols, "item_id"},
	{"evidence", evidenceCols, "id"},
	{"history", copyHistoryCols, "id"},
	{"drafts", copyDraftCols, "item_id, who"},
}

func readRows(t *txn) (storeRows, error) {
	var out storeRows
	dests := []*[][]any{&out.items, &out.evidence, &out.history, &out.drafts}
	for i, tbl := range copyTables {
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
			*dests[i] = append(*dests[i], vals)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return out, err
		}
		rows.Close()
	}
	if n := len(out.history); n > 0 {
		switch id := out.history[n-1][0].(type) {
		case int64:
			out.last = id
		default:
			return out, errors.New("review: history id is not an integer")
		}
	}
	return out, nil
}

func (r storeRows) write(t *txn) error {
	srcs := [][][]any{r.items, r.evidence, r.history, r.drafts}
	for i, tbl := range copyTables {
		n := len(srcs[i])
		if n == 0 {
			continue
		}
		marks := "?" + strings.Repeat(", ?", len(srcs[i][0])-1)
		q := `INSERT INTO ` + tbl.name + ` (` + tbl.cols + `) VALUES (` + marks + `)`
		for _, row := range srcs[i] {
			if _, err := t.exec(q, row...); err != nil {
				return fmt.Errorf("review: copy %s: %w", tbl.name, err)
			}
		}
	}
	return nil
}
