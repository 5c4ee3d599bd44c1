package review

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"modernc.org/sqlite"
)

// SQLite primary result codes used here (extended codes are reduced with &0xff).
const (
	sqliteBusy    = 5
	sqliteLocked  = 6
	sqliteCorrupt = 11
	sqliteNotADB  = 26
)

const (
	beginRead  = "BEGIN"           // deferred: takes a read snapshot at the first SELECT
	beginWrite = "BEGIN IMMEDIATE" // takes the write lock up front, so reads inside see the latest data

	backoffMin = 5 * time.Millisecond
	backoffMax = 500 * time.Millisecond
)

// lockPolicy says how long to wait for other writers.
type lockPolicy struct {
	busyTimeout time.Duration // SQLite's own wait for a lock, per statement (busy_timeout)
	budget      time.Duration // total time a transaction keeps being retried while busy
}

// defaultPolicy is generous: writes are short, so waiting this long means something is wrong.
func defaultPolicy() lockPolicy {
	return lockPolicy{busyTimeout: 5 * time.Second, budget: 30 * time.Second}
}

// busyPragma is the DSN value setting the policy's busy_timeout.
func (p lockPolicy) busyPragma() string {
	return fmt.Sprintf("busy_timeout(%d)", p.busyTimeout.Milliseconds())
}

// sqliteCode returns the primary SQLite result code in err, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// isBusy reports whether err means another connection holds a lock we need.
func isBusy(err error) bool {
	if err == nil {
		return false
	}
	switch sqliteCode(err) {
	case sqliteBusy, sqliteLocked:
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY")
}

// runTx runs fn inside one transaction on a dedicated connection, started
// with begin, and commits it. If SQLite reports the database busy at any point
// the transaction is rolled back and the whole of fn is run again (see
// retryBusy). fn must therefore read everything it relies on inside the
// transaction.
func runTx(ctx context.Context, db *sql.DB, pol lockPolicy, begin string, fn func(c *sql.Conn) error) error {
	return retryBusy(ctx, pol, func() error { return tryTx(ctx, db, begin, fn) })
}

// retryBusy runs fn until it returns something other than a busy error,
// pausing a randomised, growing time between attempts, until the policy's
// budget or ctx runs out.
func retryBusy(ctx context.Context, pol lockPolicy, fn func() error) error {
	deadline := time.Now().Add(pol.budget)
	pause := backoffMin
	for attempt := 1; ; attempt++ {
		err := fn()
		if !isBusy(err) {
			return err
		}
		if time.Now().After(deadline) {
			// SQLite's "database is locked" is not passed on: ErrBusy says what to do.
			return fmt.Errorf("%w: other writers kept it locked for %v (%d attempts); try again", ErrBusy, pol.budget, attempt)
		}
		// Jitter spreads colliding writers out.
		sleep := pause/2 + rand.N(pause/2+1)
		t := time.NewTimer(sleep)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		pause = min(pause*2, backoffMax)
	}
}

func tryTx(ctx context.Context, db *sql.DB, begin string, fn func(c *sql.Conn) error) error {
	c, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, begin); err != nil {
		return err
	}
	committed := false
	defer func() {
		if committed {
			return
		}
		// Roll back regardless of ctx; if that fails the connection's state is
		// unknown, so it is thrown away rather than returned to the pool.
		if _, rbErr := c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rbErr != nil {
			_ = c.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	if err := fn(c); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// COMMIT must not be interrupted by ctx: the outcome would be unknown.
	if _, err := c.ExecContext(context.WithoutCancel(ctx), "COMMIT"); err != nil {
		return err
	}
	committed = true
	return nil
}

// queryer is what *sql.Conn and *sql.DB have in common for reading.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
