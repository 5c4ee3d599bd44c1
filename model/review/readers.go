package review

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync"
)

// readers keeps a few connections for read transactions, each with the
// statements it has prepared: SQLite parses a statement in about the time
// it takes to run one of the small reads a dashboard session starts with
// (ten of them), and a server starts many sessions. A connection that
// fails is closed, not kept. Safe for concurrent use.
type readers struct {
	db   *sql.DB
	keep int // connections kept between reads, below the pool's size so that writers always get one

	mu     sync.Mutex
	free   []*readerConn
	closed bool
}

// readerConn is one kept connection and the statements prepared on it.
type readerConn struct {
	c     *sql.Conn
	stmts map[string]*sql.Stmt
}

func newReaders(db *sql.DB, keep int) *readers { return &readers{db: db, keep: keep} }

// get takes a kept connection, or a new one from the pool.
func (r *readers) get(ctx context.Context) (*readerConn, error) {
	r.mu.Lock()
	if n := len(r.free); n > 0 {
		rc := r.free[n-1]
		r.free = r.free[:n-1]
		r.mu.Unlock()
		return rc, nil
	}
	r.mu.Unlock()
	c, err := r.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return &readerConn{c: c, stmts: map[string]*sql.Stmt{}}, nil
}

// put keeps rc for the next read, or closes it when enough are kept (or
// the store is closing).
func (r *readers) put(rc *readerConn) {
	r.mu.Lock()
	if !r.closed && len(r.free) < r.keep {
		r.free = append(r.free, rc)
		r.mu.Unlock()
		return
	}
	r.mu.Unlock()
	rc.close(false)
}

// close closes the kept connections; those in use are closed when put.
func (r *readers) close() error {
	r.mu.Lock()
	free := r.free
	r.free, r.closed = nil, true
	r.mu.Unlock()
	for _, rc := range free {
		rc.close(false)
	}
	return nil
}

// close closes rc's statements and gives its connection back to the pool,
// or has the pool throw it away when its state is in doubt.
func (rc *readerConn) close(bad bool) {
	for _, st := range rc.stmts {
		st.Close()
	}
	if bad {
		_ = rc.c.Raw(func(any) error { return driver.ErrBadConn })
	}
	rc.c.Close()
}

// stmt is q prepared on rc's connection, once.
func (rc *readerConn) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := rc.stmts[q]; ok {
		return st, nil
	}
	st, err := rc.c.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	rc.stmts[q] = st
	return st, nil
}

// tryRead is tryTx for a read, on a kept connection with its prepared
// statements.
func (r *readers) tryRead(ctx context.Context, d dialect, fn func(t *txn) error) error {
	rc, err := r.get(ctx)
	if err != nil {
		return err
	}
	t := &txn{ctx: ctx, c: rc.c, d: d, prepared: rc}
	if err := d.begin(t, false); err != nil {
		rc.close(true) // a BEGIN that failed half-way leaves the connection in doubt
		return err
	}
	if err := fn(t); err != nil {
		// Roll back regardless of ctx; if that fails the connection's
		// state is unknown, so it is thrown away.
		_, rbErr := rc.c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		rc.close(rbErr != nil || isBadConn(err))
		return err
	}
	if _, err := rc.c.ExecContext(context.WithoutCancel(ctx), "COMMIT"); err != nil {
		rc.close(true)
		return err
	}
	r.put(rc)
	return nil
}

// isBadConn reports whether err says the connection is unusable.
func isBadConn(err error) bool { return err == driver.ErrBadConn || err == sql.ErrConnDone }
