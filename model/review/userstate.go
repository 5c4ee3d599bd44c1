package review

import (
	"context"
	"strings"
	"sync"
	"time"
)

// The store also keeps, per person (the name reviews are recorded under:
// --as, the OS user, or over SSH the key's name), what is theirs alone:
// which articles they have read, their saved searches and small settings
// (the roadmap filter, ...). Nothing of it touches the reviews or their
// history, and one person never sees another's.
//
// What "new" means. The store records when it first saw each article
// (its arrival: the first time any dossier process using the store asked
// about it), and per person the time of their first use (their baseline).
// An article is new for a person when it arrived after their baseline
// and they have not opened or marked it read since; marking an article
// unread makes it new again, whenever it arrived. So a person who starts
// today sees nothing new in a corpus of 10,000 articles, and tomorrow sees
// exactly what came in overnight. Only the exceptions to that rule are
// stored (an article read that arrived after the baseline, one marked
// unread): a read mark that the rule already implies is not kept.
//
// Arrival is per article id, not per corpus: a folder of articles that
// this store has never seen before arrives all at once, and is new for
// everyone who started before it (dossier new --mark-read, or "mark all
// read", clears it).

// SavedSearch is a query a person keeps under a name.
type SavedSearch struct {
	Name  string
	Query string
	At    time.Time // when it was saved last (UTC)
}

// Size limits of per-person state, in bytes.
const (
	MaxSearchName   = 100     // a saved search's name
	MaxSearchQuery  = 4 << 10 // a saved search's query
	MaxSettingKey   = 100     // a setting's key
	MaxSettingValue = 16 << 10
)

// UserState is the per-person part of a store: read marks, saved searches
// and settings. Both backends implement it; UserStateOf finds it.
type UserState interface {
	// NewArticles returns the ids among ids that are new for who, in the
	// order given. Articles the store has not seen before are recorded as
	// arriving now; a person asking for the first time gets a baseline of
	// now (so nothing is new for them yet). On a read-only store nothing is
	// recorded: unseen articles count as arriving now.
	NewArticles(ctx context.Context, who string, ids []string) ([]string, error)
	// NewArticlesIn is NewArticles over a set of ids checked once (see
	// IDSet): what a server's sessions ask, each over the same corpus.
	NewArticlesIn(ctx context.Context, who string, set *IDSet) ([]string, error)
	// RecordArrivals records the ids of set the store has not seen as
	// arriving now, as the first NewArticlesIn over set would, without
	// anyone's baseline: a server does it when it loads a corpus, so that
	// its first logins do not.
	RecordArrivals(ctx context.Context, set *IDSet) error
	// MarkRead marks ids read (read true) or unread for who and returns
	// how many of them changed state.
	MarkRead(ctx context.Context, who string, read bool, ids ...string) (int, error)
	// MarkAllRead marks read every article of ids that is new for who, in
	// one transaction, and returns how many it marked.
	MarkAllRead(ctx context.Context, who string, ids []string) (int, error)
	// ReadStamp returns a value that changes whenever who's read state
	// changes, so that another session of who's learns it cheaply.
	ReadStamp(ctx context.Context, who string) (string, error)

	// SaveSearch keeps query under name for who, replacing an older one of that name.
	SaveSearch(ctx context.Context, who, name, query string) error
	// SavedSearches returns who's saved searches, by name.
	SavedSearches(ctx context.Context, who string) ([]SavedSearch, error)
	// DeleteSearch drops who's saved search name; ok is false when there was none.
	DeleteSearch(ctx context.Context, who, name string) (ok bool, err error)

	// Setting returns who's value for key; ok is false when it was never set.
	Setting(ctx context.Context, who, key string) (value string, ok bool, err error)
	// Settings returns who's values for keys, in one read: those never set
	// are missing from the map.
	Settings(ctx context.Context, who string, keys ...string) (map[string]string, error)
	// SetSetting keeps value under key for who ("" is a value like any other).
	SetSetting(ctx context.Context, who, key, value string) error
}

// UserStateOf returns the per-person state of a store opened by this package.
func UserStateOf(st Store) (UserState, bool) {
	us, ok := st.(UserState)
	return us, ok
}

// userTables are the tables of the per-person state. Times that are
// compared are unix nanoseconds (text times do not order reliably).
func userTables() []string {
	return []string{
		`CREATE TABLE article_arrivals (
			article_id TEXT PRIMARY KEY NOT NULL,
			first_seen BIGINT NOT NULL
		)`,
		`CREATE INDEX article_arrivals_by_time ON article_arrivals(first_seen)`,
		`CREATE TABLE readers (
			who   TEXT PRIMARY KEY NOT NULL,
			since BIGINT NOT NULL
		)`,
		`CREATE TABLE read_marks (
			who        TEXT NOT NULL,
			article_id TEXT NOT NULL,
			is_read    INTEGER NOT NULL CHECK (is_read IN (0, 1)),
			at         TEXT NOT NULL,
			PRIMARY KEY (who, article_id)
		)`,
		`CREATE TABLE saved_searches (
			who   TEXT NOT NULL,
			name  TEXT NOT NULL,
			query TEXT NOT NULL,
			at    TEXT NOT NULL,
			PRIMARY KEY (who, name)
		)`,
		`CREATE TABLE user_settings (
			who     TEXT NOT NULL,
			setting TEXT NOT NULL,
			value   TEXT NOT NULL,
			at      TEXT NOT NULL,
			PRIMARY KEY (who, setting)
		)`,
	}
}

// userStateStep is the migration that adds the per-person state; its
// version is the next step of each backend's schema.
func userStateStep(version int) migration {
	return migration{version: version, name: "per-person state: read articles, saved searches, settings", stmts: userTables()}
}

// arrivals remembers which article ids the store is known to have
// recorded, so that asking again costs no write. Rows are never deleted,
// so what was seen once stays true.
type arrivals struct {
	mu     sync.Mutex
	loaded bool
	known  map[string]struct{}
}

// unknown returns the ids of ids not known to be recorded, without duplicates.
func (a *arrivals) unknown(ids []string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	seen := map[string]struct{}{}
	for _, id := range ids {
		if _, ok := a.known[id]; ok {
			continue
		}
		if _, ok := seen[id]; ok {
			continue
		}
		seen[id] = struct{}{}
		out = append(out, id)
	}
	return out
}

func (a *arrivals) add(ids []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.known == nil {
		a.known = map[string]struct{}{}
	}
	for _, id := range ids {
		a.known[id] = struct{}{}
	}
}

// loadArrivals reads the recorded ids once per store.
func (s *sqlStore) loadArrivals(ctx context.Context) error {
	s.seen.mu.Lock()
	loaded := s.seen.loaded
	s.seen.mu.Unlock()
	if loaded {
		return nil
	}
	var ids []string
	err := s.read(ctx, func(t *txn) error {
		ids = ids[:0]
		rows, err := t.query(`SELECT article_id FROM article_arrivals`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	s.seen.add(ids)
	s.seen.mu.Lock()
	s.seen.loaded = true
	s.seen.mu.Unlock()
	return nil
}

// readState is what decides which articles are new for one person.
type readState struct {
	since    int64           // the baseline; valid when hasSince
	hasSince bool            //
	after    map[string]bool // articles that arrived after the baseline
	marks    map[string]bool // explicit marks: true read, false unread
}

// isNew applies the rule; unseen is true for an article with no arrival
// recorded (a read-only store), which counts as arriving now.
func (r readState) isNew(id string, unseen bool) bool {
	if read, ok := r.marks[id]; ok {
		return !read
	}
	return r.hasSince && (r.after[id] || unseen)
}

// loadReadState reads who's baseline, the arrivals after it and who's marks.
func loadReadState(t *txn, who string) (readState, error) {
	r := readState{after: map[string]bool{}, marks: map[string]bool{}}
	err := t.row(`SELECT since FROM readers WHERE who = ?`, who).Scan(&r.since)
	switch {
	case err == nil:
		r.hasSince = true
	case isNoRows(err):
	default:
		return r, err
	}
	if r.hasSince {
		rows, err := t.query(`SELECT article_id FROM article_arrivals WHERE first_seen > ?`, r.since)
		if err != nil {
			return r, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return r, err
			}
			r.after[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return r, err
		}
	}
	rows, err := t.query(`SELECT article_id, is_read FROM read_marks WHERE who = ?`, who)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var read int
		if err := rows.Scan(&id, &read); err != nil {
			return r, err
		}
		r.marks[id] = read == 1
	}
	return r, rows.Err()
}

// batchRows is how many rows one multi-row statement carries.
const batchRows = 400

// insertArrivals records ids as arriving at now, keeping earlier records.
func insertArrivals(t *txn, ids []string, now int64) error {
	for len(ids) > 0 {
		n := min(len(ids), batchRows)
		args := make([]any, 0, 2*n)
		for _, id := range ids[:n] {
			args = append(args, id, now)
		}
		q := `INSERT INTO article_arrivals (article_id, first_seen) VALUES ` + valueList(n, 2) +
			` ON CONFLICT (article_id) DO NOTHING`
		if _, err := t.exec(q, args...); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// valueList is "(?, ?), (?, ?)" for rows of cols placeholders.
func valueList(rows, cols int) string {
	one := "(?" + strings.Repeat(", ?", cols-1) + ")"
	return one + strings.Repeat(", "+one, rows-1)
}

// ensureReader gives who a baseline of now if they have none yet.
func ensureReader(t *txn, who string, now int64) error {
	_, err := t.exec(`INSERT INTO readers (who, since) VALUES (?, ?) ON CONFLICT (who) DO NOTHING`, who, now)
	return err
}

func checkIDs(ids []string) error {
	for _, id := range ids {
		if err := checkText("article id", id, maxIDBytes, true); err != nil {
			return err
		}
	}
	return nil
}

// prepareReads records the unseen ids and who's baseline in one write
// transaction when the store can be written and either is missing; then
// fn runs in that same transaction (or in a read one, unless write is
// set). unseen lists the ids still unrecorded when fn runs (only on a
// read-only store).
func (s *sqlStore) prepareReads(ctx context.Context, who string, ids []string, write bool, fn func(t *txn, unseen map[string]bool) error) error {
	if err := checkWho(who); err != nil {
		return err
	}
	if err := checkIDs(ids); err != nil {
		return err
	}
	if err := s.loadArrivals(ctx); err != nil {
		return err
	}
	return s.prepareMissing(ctx, who, s.seen.unknown(ids), write, fn)
}

// prepareMissing is prepareReads once the ids are checked and missing
// lists those with no arrival recorded yet.
func (s *sqlStore) prepareMissing(ctx context.Context, who string, missing []string, write bool, fn func(t *txn, unseen map[string]bool) error) error {
	if err := checkWho(who); err != nil {
		return err
	}
	if s.roReason != "" {
		unseen := map[string]bool{}
		for _, id := range missing {
			unseen[id] = true
		}
		return s.read(ctx, func(t *txn) error { return fn(t, unseen) })
	}
	if len(missing) == 0 && !write {
		// Only a person asking for the first time needs a write now: one
		// who has a baseline is answered in the read that finds it.
		known := false
		if err := s.read(ctx, func(t *txn) error {
			var since int64
			err := t.row(`SELECT since FROM readers WHERE who = ?`, who).Scan(&since)
			if known = err == nil; !known {
				if isNoRows(err) {
					return nil
				}
				return err
			}
			return fn(t, nil)
		}); err != nil || known {
			return err
		}
	}
	err := s.classified(s.runTx(ctx, true, func(t *txn) error {
		now := time.Now().UnixNano()
		// Arrivals first, then the baseline at the same instant: what is
		// here when someone starts is not new to them.
		if err := insertArrivals(t, missing, now); err != nil {
			return err
		}
		if err := ensureReader(t, who, now); err != nil {
			return err
		}
		return fn(t, nil)
	}))
	if err == nil {
		s.seen.add(missing)
	}
	return err
}

// NewArticles returns the ids among ids that are new for who (see UserState).
func (s *sqlStore) NewArticles(ctx context.Context, who string, ids []string) ([]string, error) {
	var out []string
	err := s.prepareReads(ctx, who, ids, false, func(t *txn, unseen map[string]bool) error {
		out = out[:0]
		r, err := loadReadState(t, who)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if r.isNew(id, unseen[id]) {
				out = append(out, id)
			}
		}
		return nil
	})
	return out, err
}

// MarkRead marks ids read or unread for who (see UserState).
func (s *sqlStore) MarkRead(ctx context.Context, who string, read bool, ids ...string) (int, error) {
	if s.roReason != "" {
		return 0, &ReadOnlyError{Reason: s.roReason}
	}
	return s.mark(ctx, who, ids, func(readState, string) bool { return true }, read)
}

// MarkAllRead marks read every article of ids that is new for who.
func (s *sqlStore) MarkAllRead(ctx context.Context, who string, ids []string) (int, error) {
	if s.roReason != "" {
		return 0, &ReadOnlyError{Reason: s.roReason}
	}
	return s.mark(ctx, who, ids, func(r readState, id string) bool { return r.isNew(id, false) }, true)
}

// mark sets the state of the ids that pick chooses, keeping only the
// marks the rule does not already imply, and counts the changes.
func (s *sqlStore) mark(ctx context.Context, who string, ids []string, pick func(readState, string) bool, read bool) (int, error) {
	changed := 0
	err := s.prepareReads(ctx, who, ids, true, func(t *txn, _ map[string]bool) error {
		changed = 0
		r, err := loadReadState(t, who)
		if err != nil {
			return err
		}
		at := formatTime(time.Now())
		var keep, drop []string
		done := map[string]bool{}
		for _, id := range ids {
			if done[id] || !pick(r, id) {
				continue
			}
			done[id] = true
			if r.isNew(id, false) == read { // new and marked read, or the reverse
				changed++
			}
			implied := (r.hasSince && r.after[id]) == !read // the rule alone says so
			_, marked := r.marks[id]
			switch {
			case implied && marked:
				drop = append(drop, id)
			case !implied && (!marked || r.marks[id] != read):
				keep = append(keep, id)
			}
		}
		if len(keep)+len(drop) == 0 {
			return nil
		}
		if err := writeMarks(t, who, keep, drop, read, at); err != nil {
			return err
		}
		return bumpReadVersion(t, who, at)
	})
	return changed, err
}

// writeMarks upserts who's marks for keep and deletes them for drop.
func writeMarks(t *txn, who string, keep, drop []string, read bool, at string) error {
	flag := 0
	if read {
		flag = 1
	}
	for len(keep) > 0 {
		n := min(len(keep), batchRows)
		args := make([]any, 0, 4*n)
		for _, id := range keep[:n] {
			args = append(args, who, id, flag, at)
		}
		q := `INSERT INTO read_marks (who, article_id, is_read, at) VALUES ` + valueList(n, 4) +
			` ON CONFLICT (who, article_id) DO UPDATE SET is_read = excluded.is_read, at = excluded.at`
		if _, err := t.exec(q, args...); err != nil {
			return err
		}
		keep = keep[n:]
	}
	for len(drop) > 0 {
		n := min(len(drop), batchRows)
		args := []any{who}
		for _, id := range drop[:n] {
			args = append(args, id)
		}
		q := `DELETE FROM read_marks WHERE who = ? AND article_id IN (?` + strings.Repeat(", ?", n-1) + `)`
		if _, err := t.exec(q, args...); err != nil {
			return err
		}
		drop = drop[n:]
	}
	return nil
}
