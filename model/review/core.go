package review

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// dialect is what differs between the SQL backends; everything else (the
// reads, the writes, undo, drafts, the history) is shared, so both backends
// behave the same.
type dialect interface {
	// rebind rewrites the ?-placeholders of q for the driver.
	rebind(q string) string
	// begin starts a transaction on t's connection; a write transaction
	// holds the store's write lock from here to COMMIT, so writes are serial
	// and change ids grow in commit order.
	begin(t *txn, write bool) error
	// transient reports whether the whole transaction is worth running again
	// (busy, serialisation failure, lost connection).
	transient(err error) bool
	// exhausted is the error returned when transient errors outlast the retry budget.
	exhausted(last error, budget time.Duration, attempts int) error
	// classify turns errors with a meaning for people (disk full, read-only)
	// into this package's errors; others are returned as they are.
	classify(err error) error
	// notify tells other processes about change id, delivered at COMMIT (may do nothing).
	notify(t *txn, id int64) error
	// readFallback reports whether a read that failed with err should be
	// tried again on the store's fallback pool (SQLite read-only: immutable).
	readFallback(err error) bool
}

// lockPolicy says how long to wait for other writers, or for the server.
type lockPolicy struct {
	busyTimeout time.Duration // SQLite's own wait for a lock, per statement (busy_timeout)
	budget      time.Duration // total time a write transaction keeps being retried
	readBudget  time.Duration // the same for reads, which a UI should not wait long for
}

// defaultPolicy is generous: writes are short, so waiting this long means something is wrong.
func defaultPolicy() lockPolicy {
	return lockPolicy{busyTimeout: 5 * time.Second, budget: 30 * time.Second, readBudget: 30 * time.Second}
}

const (
	backoffMin = 5 * time.Millisecond
	backoffMax = 500 * time.Millisecond
)

// sqlStore implements Store on database/sql with a dialect.
type sqlStore struct {
	db       *sql.DB
	fallback *sql.DB // SQLite read-only: immutable reads when the WAL index cannot be opened; else nil
	d        dialect
	pol      lockPolicy
	where    string // for people: file path or URL without password
	roReason string // why writes are refused; "" when writable
	poll     time.Duration
	source   func(ctx context.Context, h *hub) // feeds the hub (polling or LISTEN)
	onClose  []func() error

	hubOnce sync.Once
	hub     *hub
	stop    context.CancelFunc

	seen      arrivals              // article ids known to be recorded (see NewArticles)
	recorded  atomic.Pointer[IDSet] // a set whose every id is known to be recorded
	recording sync.Mutex            // held while a set's arrivals are recorded
	passes    atomic.Int64          // passes over a set's every id (for tests)

	keepsReads bool                    // All and History answer from what they kept while the newest change id stays (allkept.go)
	allKept    atomic.Pointer[allKept] // All's last answer
	allReads   atomic.Int64            // All's reads of the tables (for tests)

	historyKept  atomic.Pointer[historyKept] // History's last answer for one item (allkept.go)
	historyReads atomic.Int64                // History's reads of the table (for tests)
}

// txn is one transaction on one connection, with the dialect's placeholders.
type txn struct {
	ctx   context.Context
	c     *sql.Conn
	d     dialect
	stmts int // statements run (see readOne)
}

func (t *txn) exec(q string, args ...any) (sql.Result, error) {
	t.stmts++
	return t.c.ExecContext(t.ctx, t.d.rebind(q), args...)
}

func (t *txn) query(q string, args ...any) (*sql.Rows, error) {
	t.stmts++
	return t.c.QueryContext(t.ctx, t.d.rebind(q), args...)
}

func (t *txn) row(q string, args ...any) *sql.Row {
	t.stmts++
	return t.c.QueryRowContext(t.ctx, t.d.rebind(q), args...)
}

// Where describes the store for people.
func (s *sqlStore) Where() string { return s.where }

// ReadOnly reports whether writes are refused, and why.
func (s *sqlStore) ReadOnly() (bool, string) { return s.roReason != "", s.roReason }

// Close stops the change feed and closes the connections.
func (s *sqlStore) Close() error {
	if s.stop != nil {
		s.stop()
	}
	var errs []error
	for _, f := range s.onClose {
		errs = append(errs, f())
	}
	if s.fallback != nil {
		errs = append(errs, s.fallback.Close())
	}
	errs = append(errs, s.db.Close())
	return errors.Join(errs...)
}

// read runs fn in a read transaction.
func (s *sqlStore) read(ctx context.Context, fn func(t *txn) error) error {
	return s.classified(s.runTx(ctx, false, fn))
}

// readOne runs fn, which runs one statement, without a transaction around
// it: a single statement reads one consistent state by itself, and BEGIN
// and COMMIT, statements of their own, would triple the cost of the small
// reads a session starts with. A fn that runs more than one statement
// fails, whatever it read: its statements could see different states.
func (s *sqlStore) readOne(ctx context.Context, fn func(t *txn) error) error {
	return s.classified(s.retried(ctx, false, func(db *sql.DB) error { return tryOne(ctx, db, s.d, fn) }))
}

// errNotOneStatement is a readOne whose fn ran more than one statement.
var errNotOneStatement = errors.New("review: internal error: a one-statement read ran several statements")

// tryOne runs fn's one statement on a connection of db.
func tryOne(ctx context.Context, db *sql.DB, d dialect, fn func(t *txn) error) error {
	c, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	t := &txn{ctx: ctx, c: c, d: d}
	if err := fn(t); err != nil {
		return err
	}
	if t.stmts != 1 {
		return fmt.Errorf("%w (%d)", errNotOneStatement, t.stmts)
	}
	return nil
}

// write runs fn in a write transaction as one idempotent operation: fn gets
// an operation id to record with its history row, and if a retry finds
// that id already recorded (the COMMIT landed but its answer was lost) the
// recorded change is returned instead of writing twice.
func (s *sqlStore) write(ctx context.Context, fn func(t *txn, op string) (Change, error)) (Change, error) {
	if s.roReason != "" {
		return Change{}, &ReadOnlyError{Reason: s.roReason}
	}
	op := newOp()
	var ch Change
	err := s.runTx(ctx, true, func(t *txn) error {
		if prev, found, err := changeByOp(t, op); err != nil || found {
			ch = prev
			return err
		}
		var err error
		if ch, err = fn(t, op); err != nil {
			return err
		}
		if ch.ID != 0 {
			return s.d.notify(t, ch.ID)
		}
		return nil
	})
	if errors.Is(err, ErrUnavailable) {
		return Change{}, fmt.Errorf("%w; the change was not confirmed as saved (dossier history shows whether it landed)", err)
	}
	if err != nil {
		return Change{}, s.classified(err)
	}
	return ch, nil
}

func (s *sqlStore) classified(err error) error {
	if err == nil {
		return nil
	}
	return s.d.classify(err)
}

// newOp makes a random operation id.
func newOp() string {
	b := make([]byte, 12)
	crand.Read(b)
	return hex.EncodeToString(b)
}

// runTx runs fn inside one transaction on a dedicated connection and
// commits it. If the dialect calls an error transient the transaction is
// rolled back and the whole of fn runs again, after a randomised, growing
// pause, until the policy's budget or ctx runs out. fn must therefore read
// everything it relies on inside the transaction.
func (s *sqlStore) runTx(ctx context.Context, write bool, fn func(t *txn) error) error {
	return s.retried(ctx, write, func(db *sql.DB) error { return tryTx(ctx, db, s.d, write, fn) })
}

// retried runs try on the store's database until it returns something
// other than a transient error, within the policy's budget (a read's
// budget for a read); a read the database refuses in a way the dialect
// reads as "try the fallback" is tried on the fallback database.
func (s *sqlStore) retried(ctx context.Context, write bool, try func(db *sql.DB) error) error {
	pol := s.pol
	if !write && pol.readBudget > 0 {
		pol.budget = pol.readBudget
	}
	return retry(ctx, pol, s.d, func() error {
		err := try(s.db)
		if err != nil && !write && s.fallback != nil && s.d.readFallback(err) {
			err = try(s.fallback)
		}
		return err
	})
}

// retry runs fn until it returns something other than a transient error.
func retry(ctx context.Context, pol lockPolicy, d dialect, fn func() error) error {
	deadline := time.Now().Add(pol.budget)
	pause := backoffMin
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil || !d.transient(err) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			return d.exhausted(err, pol.budget, attempt)
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

func tryTx(ctx context.Context, db *sql.DB, d dialect, write bool, fn func(t *txn) error) error {
	c, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	t := &txn{ctx: ctx, c: c, d: d}
	if err := d.begin(t, write); err != nil {
		// A BEGIN that failed half-way leaves the connection in doubt.
		_ = c.Raw(func(any) error { return driver.ErrBadConn })
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
	if err := fn(t); err != nil {
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

// Times are stored as RFC 3339 text in UTC with nanoseconds; "" is the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("review: bad stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}
