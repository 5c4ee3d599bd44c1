package review

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"
)

// The store also keeps what `dossier fetch` needs between runs, per news
// feed source: the feed's validators for conditional GETs, the outcome of
// every fetch, and the entries already handled. Reviews and their history
// are not touched by any of it.

// FeedState is what the store keeps about one source.
type FeedState struct {
	Source       string    // the source's name, as in the config file
	FeedURL      string    // the feed the validators belong to
	ETag         string    // the feed's last ETag ("" if none)
	LastModified string    // the feed's last Last-Modified ("" if none)
	LastAt       time.Time // when its last fetch started; zero if never fetched
	LastOKAt     time.Time // when its feed was last read; zero if never
	LastError    string    // why the last fetch failed; "" when it was read
	FailStreak   int       // fetches in a row whose feed could not be read
	FailingSince time.Time // when the first of them started; zero when FailStreak is 0
	Fetches      int       // fetches recorded
	Articles     int       // articles written by them
}

// FailingStreak is how many fetches in a row must fail before a source is
// shown as failing.
const FailingStreak = 3

// Failing reports whether the source's feed failed FailingStreak times in a row.
func (s FeedState) Failing() bool { return s.FailStreak >= FailingStreak }

// FeedFetch is the outcome of one fetch of one source.
type FeedFetch struct {
	Source      string
	At          time.Time     // when it started (UTC)
	Took        time.Duration // how long it took
	New         int           // articles written
	Unchanged   int           // entries already in the corpus or handled before
	Skipped     int           // entries that do not match the source's query
	Failed      int           // entries that could not be fetched or read
	NotModified bool          // the feed answered 304 Not Modified
	Err         string        // why the feed could not be read; "" when it was
}

// FeedEntry is one feed entry that a fetch handled, so that the next
// fetch neither fetches nor writes it again.
type FeedEntry struct {
	Source string
	Entry  string // the entry's canonical URL, or "guid:" and the feed's id for it
	Status string // one of the Entry… values
	Query  string // for EntryNotMatching: the query it did not match
	File   string // for EntryWritten: the corpus file written
	Reason string // for EntryRefused: why
	At     time.Time
}

// The Status values of a FeedEntry.
const (
	EntryWritten     = "written"      // written into the corpus
	EntryDuplicate   = "duplicate"    // its text was already in the corpus
	EntryInCorpus    = "in corpus"    // an article of the corpus has its URL
	EntryRefused     = "refused"      // its page cannot be imported (no article, a scanned PDF, ...)
	EntryNotMatching = "not matching" // it does not match the source's query (Query)
)

// keptFetches is how many fetch outcomes are kept per source.
const keptFetches = 500

// FeedLog is the part of a store that dossier fetch uses. Both backends
// implement it; FeedLogOf finds it.
type FeedLog interface {
	// FeedState returns what is known about source (a zero state, named, if nothing).
	FeedState(ctx context.Context, source string) (FeedState, error)
	// FeedStates returns every source ever fetched, by name.
	FeedStates(ctx context.Context) (map[string]FeedState, error)
	// SaveFeedValidators keeps the ETag and Last-Modified of source's feed at feedURL.
	SaveFeedValidators(ctx context.Context, source, feedURL, etag, lastModified string) error
	// RecordFetch records one fetch's outcome and updates the source's state.
	RecordFetch(ctx context.Context, f FeedFetch) error
	// FeedFetches returns the newest outcomes of source, newest first, at most limit.
	FeedFetches(ctx context.Context, source string, limit int) ([]FeedFetch, error)
	// FeedEntry returns how source handled entry before, or how any source
	// wrote it; ok is false when it is new.
	FeedEntry(ctx context.Context, source, entry string) (e FeedEntry, ok bool, err error)
	// RecordFeedEntry records how an entry was handled (replacing an older record).
	RecordFeedEntry(ctx context.Context, e FeedEntry) error
	// LockFeeds tries to become the one process that fetches now: ok is
	// false when another holds the lock (another server or a dossier fetch,
	// on this host for SQLite, on any host for PostgreSQL). release gives it
	// back; a process that dies releases it too.
	LockFeeds(ctx context.Context) (release func(), ok bool, err error)
}

// FeedLogOf returns the feed log of a store opened by this package.
func FeedLogOf(st Store) (FeedLog, bool) {
	fl, ok := st.(FeedLog)
	return fl, ok
}

// feedTables are the tables of the feed log; id is the type of an
// increasing key in the dialect.
func feedTables(id string) []string {
	return []string{
		`CREATE TABLE feed_sources (
			source        TEXT PRIMARY KEY NOT NULL,
			feed_url      TEXT NOT NULL DEFAULT '',
			etag          TEXT NOT NULL DEFAULT '',
			last_modified TEXT NOT NULL DEFAULT '',
			last_at       TEXT NOT NULL DEFAULT '',
			last_ok_at    TEXT NOT NULL DEFAULT '',
			last_error    TEXT NOT NULL DEFAULT '',
			fail_streak   INTEGER NOT NULL DEFAULT 0,
			failing_since TEXT NOT NULL DEFAULT '',
			fetches       INTEGER NOT NULL DEFAULT 0,
			articles      INTEGER NOT NULL DEFAULT 0
		)`,
		`CREATE TABLE feed_fetches (
			id           ` + id + `,
			source       TEXT NOT NULL,
			at           TEXT NOT NULL,
			took_ms      BIGINT NOT NULL,
			new          INTEGER NOT NULL,
			unchanged    INTEGER NOT NULL,
			skipped      INTEGER NOT NULL,
			failed       INTEGER NOT NULL,
			not_modified INTEGER NOT NULL,
			error        TEXT NOT NULL
		)`,
		`CREATE INDEX feed_fetches_by_source ON feed_fetches(source, id)`,
		`CREATE TABLE feed_entries (
			source TEXT NOT NULL,
			entry  TEXT NOT NULL,
			status TEXT NOT NULL,
			query  TEXT NOT NULL DEFAULT '',
			file   TEXT NOT NULL DEFAULT '',
			reason TEXT NOT NULL DEFAULT '',
			at     TEXT NOT NULL,
			PRIMARY KEY (source, entry)
		)`,
		`CREATE INDEX feed_entries_by_entry ON feed_entries(entry)`,
	}
}

const feedStateCols = `source, feed_url, etag, last_modified, last_at, last_ok_at, last_error, fail_streak, failing_since, fetches, articles`

func scanFeedState(r interface{ Scan(...any) error }) (FeedState, error) {
	var s FeedState
	var lastAt, okAt, since string
	if err := r.Scan(&s.Source, &s.FeedURL, &s.ETag, &s.LastModified, &lastAt, &okAt, &s.LastError,
		&s.FailStreak, &since, &s.Fetches, &s.Articles); err != nil {
		return s, err
	}
	var err error
	if s.LastAt, err = parseTime(lastAt); err != nil {
		return s, err
	}
	if s.LastOKAt, err = parseTime(okAt); err != nil {
		return s, err
	}
	s.FailingSince, err = parseTime(since)
	return s, err
}

func getFeedState(t *txn, source string) (FeedState, error) {
	s, err := scanFeedState(t.row(`SELECT `+feedStateCols+` FROM feed_sources WHERE source = ?`, source))
	if errors.Is(err, sql.ErrNoRows) {
		return FeedState{Source: source}, nil
	}
	return s, err
}

// FeedState returns what is known about source.
func (s *sqlStore) FeedState(ctx context.Context, source string) (FeedState, error) {
	var st FeedState
	err := s.read(ctx, func(t *txn) (err error) {
		st, err = getFeedState(t, source)
		return err
	})
	return st, err
}

// FeedStates returns every source ever fetched.
func (s *sqlStore) FeedStates(ctx context.Context) (map[string]FeedState, error) {
	out := map[string]FeedState{}
	err := s.readOne(ctx, func(t *txn) error {
		clear(out)
		rows, err := t.query(`SELECT ` + feedStateCols + ` FROM feed_sources`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			st, err := scanFeedState(rows)
			if err != nil {
				return err
			}
			out[st.Source] = st
		}
		return rows.Err()
	})
	return out, err
}

// feedWrite runs fn in a write transaction, refusing on a read-only store.
func (s *sqlStore) feedWrite(ctx context.Context, fn func(t *txn) error) error {
	if s.roReason != "" {
		return &ReadOnlyError{Reason: s.roReason}
	}
	return s.classified(s.runTx(ctx, true, fn))
}

// saveFeedState writes a source's whole state.
func saveFeedState(t *txn, st FeedState) error {
	_, err := t.exec(`INSERT INTO feed_sources (`+feedStateCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source) DO UPDATE SET feed_url = excluded.feed_url, etag = excluded.etag,
			last_modified = excluded.last_modified, last_at = excluded.last_at, last_ok_at = excluded.last_ok_at,
			last_error = excluded.last_error, fail_streak = excluded.fail_streak,
			failing_since = excluded.failing_since, fetches = excluded.fetches, articles = excluded.articles`,
		st.Source, st.FeedURL, st.ETag, st.LastModified, formatTime(st.LastAt), formatTime(st.LastOKAt), st.LastError,
		st.FailStreak, formatTime(st.FailingSince), st.Fetches, st.Articles)
	return err
}

// SaveFeedValidators keeps the validators of source's feed.
func (s *sqlStore) SaveFeedValidators(ctx context.Context, source, feedURL, etag, lastModified string) error {
	if source == "" {
		return invalid("empty source name")
	}
	return s.feedWrite(ctx, func(t *txn) error {
		st, err := getFeedState(t, source)
		if err != nil {
			return err
		}
		st.FeedURL, st.ETag, st.LastModified = feedURL, etag, lastModified
		return saveFeedState(t, st)
	})
}

// RecordFetch records a fetch's outcome and updates the source's state.
func (s *sqlStore) RecordFetch(ctx context.Context, f FeedFetch) error {
	if f.Source == "" {
		return invalid("empty source name")
	}
	if f.At.IsZero() {
		f.At = time.Now()
	}
	return s.feedWrite(ctx, func(t *txn) error {
		st, err := getFeedState(t, f.Source)
		if err != nil {
			return err
		}
		st.LastAt = f.At
		st.Fetches++
		st.Articles += f.New
		if f.Err == "" {
			st.LastOKAt, st.LastError, st.FailStreak, st.FailingSince = f.At, "", 0, time.Time{}
		} else {
			if st.FailStreak == 0 {
				st.FailingSince = f.At
			}
			st.LastError = f.Err
			st.FailStreak++
		}
		if err := saveFeedState(t, st); err != nil {
			return err
		}
		notMod := 0
		if f.NotModified {
			notMod = 1
		}
		if _, err := t.exec(`INSERT INTO feed_fetches (source, at, took_ms, new, unchanged, skipped, failed, not_modified, error)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.Source, formatTime(f.At), f.Took.Milliseconds(),
			f.New, f.Unchanged, f.Skipped, f.Failed, notMod, f.Err); err != nil {
			return err
		}
		_, err = t.exec(`DELETE FROM feed_fetches WHERE source = ? AND id <= (
			SELECT id FROM feed_fetches WHERE source = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
			f.Source, f.Source, keptFetches)
		return err
	})
}

// FeedFetches returns the newest outcomes of source, newest first.
func (s *sqlStore) FeedFetches(ctx context.Context, source string, limit int) ([]FeedFetch, error) {
	var out []FeedFetch
	err := s.read(ctx, func(t *txn) error {
		out = out[:0]
		rows, err := t.query(`SELECT at, took_ms, new, unchanged, skipped, failed, not_modified, error
			FROM feed_fetches WHERE source = ? ORDER BY id DESC LIMIT ?`, source, max(limit, 0))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			f := FeedFetch{Source: source}
			var at string
			var took int64
			var notMod int
			if err := rows.Scan(&at, &took, &f.New, &f.Unchanged, &f.Skipped, &f.Failed, &notMod, &f.Err); err != nil {
				return err
			}
			if f.At, err = parseTime(at); err != nil {
				return err
			}
			f.Took, f.NotModified = time.Duration(took)*time.Millisecond, notMod != 0
			out = append(out, f)
		}
		return rows.Err()
	})
	return out, err
}

// FeedEntry returns how source handled entry, or how another source wrote it.
func (s *sqlStore) FeedEntry(ctx context.Context, source, entry string) (FeedEntry, bool, error) {
	var e FeedEntry
	found := false
	err := s.read(ctx, func(t *txn) error {
		var at string
		err := t.row(`SELECT source, entry, status, query, file, reason, at FROM feed_entries
			WHERE entry = ? AND (source = ? OR status = ?)
			ORDER BY CASE WHEN source = ? THEN 0 ELSE 1 END LIMIT 1`, entry, source, EntryWritten, source).
			Scan(&e.Source, &e.Entry, &e.Status, &e.Query, &e.File, &e.Reason, &at)
		if errors.Is(err, sql.ErrNoRows) {
			found = false
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		e.At, err = parseTime(at)
		return err
	})
	return e, found, err
}

// RecordFeedEntry records how an entry was handled.
func (s *sqlStore) RecordFeedEntry(ctx context.Context, e FeedEntry) error {
	if e.Source == "" || e.Entry == "" {
		return invalid("empty source or entry")
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	return s.feedWrite(ctx, func(t *txn) error {
		_, err := t.exec(`INSERT INTO feed_entries (source, entry, status, query, file, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (source, entry) DO UPDATE SET status = excluded.status, query = excluded.query,
				file = excluded.file, reason = excluded.reason, at = excluded.at`,
			e.Source, e.Entry, e.Status, e.Query, e.File, e.Reason, formatTime(e.At))
		return err
	})
}

// pgFeedLock is the advisory lock key held by the one server fetching now ("dfet").
const pgFeedLock = 0x64666574

// LockFeeds tries to take the fetch lock: a lock file in the data folder
// for SQLite, a session advisory lock for PostgreSQL.
func (s *sqlStore) LockFeeds(ctx context.Context) (func(), bool, error) {
	if s.roReason != "" {
		return nil, false, &ReadOnlyError{Reason: s.roReason}
	}
	switch d := s.d.(type) {
	case sqliteDialect:
		return lockFile(d.dir, "fetch.lock")
	case pgDialect:
		return s.pgTryLock(ctx, pgFeedLock)
	}
	return nil, false, fmt.Errorf("review: no fetch lock for %T", s.d)
}

// pgTryLock takes a session advisory lock on a connection of its own, kept
// until release (or until the connection dies, when the server drops it).
func (s *sqlStore) pgTryLock(ctx context.Context, key int64) (func(), bool, error) {
	c, err := s.db.Conn(ctx)
	if err != nil {
		return nil, false, s.classified(err)
	}
	var ok bool
	if err := c.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&ok); err != nil {
		c.Close()
		return nil, false, fmt.Errorf("review store %s: fetch lock: %s", s.where, pgErrText(err))
	}
	if !ok {
		c.Close()
		return nil, false, nil
	}
	release := func() {
		uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := c.ExecContext(uctx, `SELECT pg_advisory_unlock($1)`, key); err != nil {
			// The connection is in doubt: drop it, and the lock with it.
			_ = c.Raw(func(any) error { return driver.ErrBadConn })
		}
		c.Close()
	}
	return release, true, nil
}
