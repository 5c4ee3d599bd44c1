package review

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// ErrBadURL means a store URL could not be used as given (a usage error).
const ErrBadURL Error = "review: bad store URL"

// pgChannel is the LISTEN/NOTIFY channel every commit notifies, with the new change id.
const pgChannel = "dossier_reviews"

// pgWriteLock is the advisory lock key every write transaction holds ("doss").
const pgWriteLock = 0x646f7373

// pgApp marks a PostgreSQL database as a dossier review store.
const pgApp = "dossier review store"

// pgDialect is PostgreSQL: writes hold one advisory lock, so they are
// serial (as in SQLite) and change ids grow in commit order; reads are
// REPEATABLE READ snapshots.
type pgDialect struct {
	where string // host and database, for messages
}

// rebind turns ?-placeholders into $1, $2, ... (no query here has a ? in a literal).
func (pgDialect) rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (pgDialect) begin(t *txn, write bool) error {
	if !write {
		_, err := t.c.ExecContext(t.ctx, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
		return err
	}
	if _, err := t.c.ExecContext(t.ctx, "BEGIN ISOLATION LEVEL READ COMMITTED"); err != nil {
		return err
	}
	_, err := t.c.ExecContext(t.ctx, "SELECT pg_advisory_xact_lock($1)", int64(pgWriteLock))
	return err
}

// transient: serialisation failures, deadlocks, a server shutting down or
// starting, and lost or refused connections.
func (pgDialect) transient(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "40001", pe.Code == "40P01", pe.Code == "55P03", pe.Code == "53300",
			strings.HasPrefix(pe.Code, "57P"), strings.HasPrefix(pe.Code, "08"):
			return true
		}
		return false
	}
	return connectionLost(err)
}

// connectionLost reports whether err means the server could not be reached or went away.
func connectionLost(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.As(err, &ne), errors.As(err, &ce), pgconn.SafeToRetry(err):
		return true
	}
	msg := err.Error()
	for _, s := range []string{"conn closed", "connection refused", "connection reset", "broken pipe",
		"unexpected EOF", "failed to connect", "server closed the connection", "bad connection"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func (d pgDialect) exhausted(last error, budget time.Duration, attempts int) error {
	return fmt.Errorf("%w: PostgreSQL at %s did not answer for %v (%d attempts; last: %s)",
		ErrUnavailable, d.where, budget, attempts, pgErrText(last))
}

func (d pgDialect) classify(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case "53100": // disk_full
		return &DiskFullError{Where: "the PostgreSQL server at " + d.where, Err: err}
	case "25006": // read_only_sql_transaction
		return &ReadOnlyError{Reason: "the PostgreSQL server at " + d.where + " is read-only (" + pe.Message + ")"}
	case "42501": // insufficient_privilege
		return &ReadOnlyError{Reason: "the PostgreSQL user may not write the store at " + d.where + " (" + pe.Message + ")"}
	}
	return err
}

func (pgDialect) notify(t *txn, id int64) error {
	_, err := t.exec(`SELECT pg_notify('`+pgChannel+`', ?)`, strconv.FormatInt(id, 10))
	return err
}

func (pgDialect) readFallback(error) bool { return false }

// pgErrText is a one-line account of a PostgreSQL or connection error.
func pgErrText(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Message + " (SQLSTATE " + pe.Code + ")"
	}
	var de *net.DNSError
	if errors.As(err, &de) {
		return de.Error()
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return oe.Error() // "dial tcp 127.0.0.1:1: connect: connection refused", once
	}
	return strings.Join(strings.Fields(err.Error()), " ")
}

// RedactURL returns a store URL without its password, for messages and logs.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "the PostgreSQL server"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	u.RawQuery = ""
	return u.String()
}

// IsPostgresURL reports whether s names a PostgreSQL store (postgres:// or postgresql://).
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// pgConfig checks and parses a store URL.
func pgConfig(raw string) (*pgx.ConnConfig, error) {
	if !IsPostgresURL(raw) {
		scheme, _, _ := strings.Cut(raw, "://")
		return nil, fmt.Errorf("%w: want postgres://USER:PASSWORD@HOST:PORT/DATABASE, got %q", ErrBadURL, scheme+"://…")
	}
	cfg, err := pgx.ParseConfig(raw)
	if err != nil {
		// pgx's message may quote the URL with its password: give only the reason.
		msg := err.Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return nil, fmt.Errorf("%w: not a valid PostgreSQL URL (%s)", ErrBadURL, msg)
	}
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > 10*time.Second {
		cfg.ConnectTimeout = 10 * time.Second
	}
	cfg.RuntimeParams["application_name"] = "dossier"
	return cfg, nil
}

// OpenPostgres opens the store in the PostgreSQL database of url
// (postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=...), creating its
// tables on first use. An unusable URL is refused with ErrBadURL; a server
// that cannot be reached, a wrong password or a database used by another
// program are refused with a one-line reason, and nothing is written.
// A role that may not write, or a standby, opens read-only.
func OpenPostgres(ctx context.Context, url string) (Store, error) {
	pol := defaultPolicy()
	pol.readBudget = 5 * time.Second
	s, err := openPostgres(ctx, url, pol)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func openPostgres(ctx context.Context, raw string, pol lockPolicy) (*sqlStore, error) {
	cfg, err := pgConfig(raw)
	if err != nil {
		return nil, err
	}
	where := RedactURL(raw)
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(time.Minute)
	d := pgDialect{where: where}
	s := &sqlStore{db: db, d: d, pol: pol, where: where, poll: time.Second}
	s.source = pgListen(cfg.Copy(), s)
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("review store %s: cannot connect: %s", where, pgErrText(err))
	}
	if err := pgMigrate(pctx, s, pgSchema()); err != nil {
		db.Close()
		return nil, err
	}
	if reason, err := pgReadOnly(pctx, s); err != nil {
		db.Close()
		return nil, fmt.Errorf("review store %s: %s", where, pgErrText(err))
	} else if reason != "" {
		s.roReason = reason
	}
	return s, nil
}

// pgReadOnly says why this role cannot write the store, or "".
func pgReadOnly(ctx context.Context, s *sqlStore) (string, error) {
	var standby bool
	var txnRO string
	var canWrite bool
	err := s.db.QueryRowContext(ctx, `SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only'),
		has_table_privilege('history', 'INSERT') AND has_table_privilege('item_state', 'UPDATE')
		AND has_table_privilege('evidence', 'DELETE') AND has_table_privilege('drafts', 'INSERT')`).Scan(&standby, &txnRO, &canWrite)
	switch {
	case err != nil:
		return "", err
	case standby:
		return "the PostgreSQL server at " + s.where + " is a read-only standby", nil
	case txnRO == "on":
		return "the PostgreSQL database at " + s.where + " is read-only (default_transaction_read_only is on)", nil
	case !canWrite:
		return "the PostgreSQL user at " + s.where + " may read the store but not write it", nil
	}
	return "", nil
}

// pgListen is the change feed of a PostgreSQL store: one connection that
// LISTENs for the notification every commit sends, reconnecting with
// backoff when the server goes away (and saying so meanwhile).
func pgListen(cfg *pgx.ConnConfig, s *sqlStore) func(ctx context.Context, h *hub) {
	return func(ctx context.Context, h *hub) {
		pause := 250 * time.Millisecond
		for ctx.Err() == nil {
			err := listenOnce(ctx, cfg, h, func() { pause = 250 * time.Millisecond })
			if ctx.Err() != nil {
				return
			}
			h.publish(Notice{Err: fmt.Errorf("PostgreSQL at %s: %s", s.where, pgErrText(err))})
			select {
			case <-ctx.Done():
				return
			case <-time.After(pause):
			}
			pause = min(pause*2, 5*time.Second)
		}
	}
}

// listenOnce connects, listens and publishes until the connection fails.
func listenOnce(ctx context.Context, cfg *pgx.ConnConfig, h *hub, connected func()) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgChannel); err != nil {
		return err
	}
	connected()
	var last int64
	catchUp := func() error {
		// Changes committed while nobody listened are not notified: ask.
		if err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM history`).Scan(&last); err != nil {
			return err
		}
		h.publish(Notice{LastChangeID: last})
		return nil
	}
	if err := catchUp(); err != nil {
		return err
	}
	for {
		wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			if !errors.Is(err, context.DeadlineExceeded) && !pgconn.Timeout(err) {
				return err
			}
			// Quiet for a while: make sure the server is still there.
			if conn.IsClosed() {
				return errors.New("connection closed")
			}
			if err := catchUp(); err != nil {
				return err
			}
			continue
		}
		if id, err := strconv.ParseInt(n.Payload, 10, 64); err == nil && id > last {
			last = id
			h.publish(Notice{LastChangeID: id})
		}
	}
}

// pgTables lists the tables of the connection's current schema.
func pgTables(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() ORDER BY table_name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
