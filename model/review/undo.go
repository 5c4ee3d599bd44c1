package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The undo log of a reviewer is the history itself: their changes that are
// not undos and that no undo row points back to, newest first. An undo
// appends a row whose Undoes is the change it took back, so the log
// survives restarts and is shared by all of the reviewer's sessions. The
// changes the reviewer chose to pass over (see UndoLastExcept) are left out
// by the caller's "AND h.id NOT IN (…)".
const undoLogQuery = `SELECT ` + changeCols + ` FROM history h
	WHERE who = ? AND undoes IS NULL
	AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id)`

// maxSkip bounds the changes one undo may be asked to pass over.
const maxSkip = 100

// othersSinceQuery finds changes by others to an item after a change that
// still stand (are neither undos nor undone), newest first.
const othersSinceQuery = `SELECT ` + changeCols + ` FROM history h
	WHERE item_id = ? AND id > ? AND who <> ? AND undoes IS NULL
	AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.id)
	ORDER BY id DESC`

// NextUndo returns the change UndoLast would undo next.
func (s *sqlStore) NextUndo(ctx context.Context, who string) (Change, bool, error) {
	return s.NextUndoExcept(ctx, who, nil)
}

// NextUndoExcept returns the change UndoLastExcept would undo next.
func (s *sqlStore) NextUndoExcept(ctx context.Context, who string, skip []int64) (Change, bool, error) {
	if err := checkUndo(who, skip); err != nil {
		return Change{}, false, err
	}
	var ch Change
	var ok bool
	err := s.read(ctx, func(t *txn) error {
		var err error
		ch, ok, err = nextUndo(t, who, skip)
		return err
	})
	return ch, ok, err
}

func checkUndo(who string, skip []int64) error {
	if len(skip) > maxSkip {
		return invalid("undo asked to pass over %d changes, at most %d", len(skip), maxSkip)
	}
	return checkWho(who)
}

func nextUndo(t *txn, who string, skip []int64) (Change, bool, error) {
	q, args := undoLogQuery, []any{who}
	if len(skip) > 0 {
		q += ` AND h.id NOT IN (?` + strings.Repeat(`, ?`, len(skip)-1) + `)`
		for _, id := range skip {
			args = append(args, id)
		}
	}
	ch, err := scanChange(t.row(q+` ORDER BY id DESC LIMIT 1`, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Change{}, false, nil
	}
	return ch, err == nil, err
}

// UndoLast undoes who's newest change not undone yet (see Store).
func (s *sqlStore) UndoLast(ctx context.Context, who string) (Change, error) {
	return s.UndoLastExcept(ctx, who, nil)
}

// UndoLastExcept is UndoLast passing over the changes in skip (see Store).
func (s *sqlStore) UndoLastExcept(ctx context.Context, who string, skip []int64) (Change, error) {
	if err := checkUndo(who, skip); err != nil {
		return Change{}, err
	}
	return s.write(ctx, func(t *txn, op string) (Change, error) {
		x, ok, err := nextUndo(t, who, skip)
		if err != nil {
			return Change{}, err
		}
		if !ok {
			return Change{}, fmt.Errorf("%w: %s has no change left to undo", ErrNothingToUndo, who)
		}
		cur, err := getReview(t, x.ItemID)
		if err != nil {
			return Change{}, err
		}
		if err := othersSince(t, x, who, cur); err != nil {
			return Change{}, err
		}
		prevBy, prevAt, err := previousReviewer(t, x)
		if err != nil {
			return Change{}, err
		}
		conflict := func(format string, args ...any) error {
			return &ConflictError{Current: cur, By: cur.By, At: cur.At, Undo: x, Reason: fmt.Sprintf(format, args...) + "; nothing was undone"}
		}
		now := time.Now().UTC()
		rec := Change{By: who, At: now, Undoes: x.ID, PrevBy: cur.By, PrevAt: cur.At}
		switch x.Field {
		case FieldStatus, FieldNote:
			if fieldValue(cur, x.Field) != x.New {
				return Change{}, conflict("its %s is no longer what your change %d set", x.Field, x.ID)
			}
			if x.Field == FieldStatus {
				if _, err := ParseStatus(x.Old); err != nil {
					return Change{}, err
				}
			}
			if err := setItem(t, x.ItemID, x.Field, x.Old, prevBy, prevAt); err != nil {
				return Change{}, err
			}
			rec.ItemID, rec.Field, rec.Old, rec.New = x.ItemID, x.Field, x.New, x.Old
			return appendHistory(t, rec, op)
		case FieldEvidenceAdd, FieldEvidenceRemove:
			e, err := x.Evidence()
			if err != nil {
				return Change{}, err
			}
			var n int
			if err := t.row(`SELECT COUNT(*) FROM evidence WHERE id = ?`, e.ID).Scan(&n); err != nil {
				return Change{}, err
			}
			if x.Field == FieldEvidenceAdd {
				if n == 0 {
					return Change{}, conflict("the evidence your change %d added is gone", x.ID)
				}
				return deleteEvidence(t, e, rec, op, prevBy, prevAt)
			}
			if n > 0 {
				return Change{}, conflict("the evidence your change %d removed is back", x.ID)
			}
			return insertEvidence(t, e, rec, op, prevBy, prevAt) // same id, author and time as before
		}
		return Change{}, fmt.Errorf("review: change %d has unknown field %q", x.ID, x.Field)
	})
}

// othersSince refuses the undo of x if anyone but who changed its item
// after x (and that change still stands), naming them and when.
func othersSince(t *txn, x Change, who string, cur Review) error {
	later, err := queryChanges(t, othersSinceQuery, x.ItemID, x.ID, who)
	if err != nil || len(later) == 0 {
		return err
	}
	newest := later[0]
	var names []string
	for _, ch := range later {
		if !containsString(names, ch.By) {
			names = append(names, ch.By)
		}
	}
	what := fmt.Sprintf("%s changed %s (%s) on %s", newest.By, x.ItemID, newest.Field, HumanTime(newest.At))
	if len(later) > 1 {
		what = fmt.Sprintf("%s changed %s %d times, last %s on %s (%s)",
			listNames(names, 3), x.ItemID, len(later), newest.By, HumanTime(newest.At), newest.Field)
	}
	return &ConflictError{Current: cur, By: newest.By, At: newest.At, Undo: x, Reason: fmt.Sprintf(
		"%s, after your change %d to its %s; undo only takes back your own changes while nobody else has changed the item since, so nothing was undone",
		what, x.ID, x.Field)}
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// previousReviewer is who had changed x's item last before x, and when.
// Rows written before the store recorded it (schema 2) take it from the
// item's previous history row.
func previousReviewer(t *txn, x Change) (string, time.Time, error) {
	var recorded bool
	if err := t.row(`SELECT prev_by IS NOT NULL FROM history WHERE id = ?`, x.ID).Scan(&recorded); err != nil {
		return "", time.Time{}, err
	}
	if recorded {
		return x.PrevBy, x.PrevAt, nil
	}
	var by, at string
	err := t.row(`SELECT who, at FROM history WHERE item_id = ? AND id < ? ORDER BY id DESC LIMIT 1`, x.ItemID, x.ID).Scan(&by, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, err
	}
	when, err := parseTime(at)
	return by, when, err
}
