package review

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/stdlib"

	"dossier/model/review/pgtest"
)

func feedLog(t *testing.T, st Store) FeedLog {
	t.Helper()
	fl, ok := FeedLogOf(st)
	if !ok {
		t.Fatalf("%T has no feed log", st)
	}
	return fl
}

// TestFeedLogOutcomesAndStreaks: each fetch's outcome is kept, newest
// first; three failures in a row make a source failing since the first of
// them, and one good fetch ends it.
func TestFeedLogOutcomesAndStreaks(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		fl := feedLog(t, freshStore(t, b))
		day := time.Date(2025, 12, 6, 9, 0, 0, 0, time.UTC)
		at := func(h int) time.Time { return day.Add(time.Duration(h) * time.Hour) }
		if st, err := fl.FeedState(ctx, "Kazinform"); err != nil || st.Source != "Kazinform" || !st.LastAt.IsZero() || st.Failing() {
			t.Fatalf("state of a source never fetched: %+v, %v", st, err)
		}
		steps := []FeedFetch{
			{Source: "Kazinform", At: at(0), New: 3, Unchanged: 12, Failed: 1, Took: 1500 * time.Millisecond},
			{Source: "Kazinform", At: at(1), Err: "HTTP 500 Internal Server Error"},
			{Source: "Kazinform", At: at(2), Err: "timeout"},
		}
		for _, f := range steps {
			if err := fl.RecordFetch(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		st, _ := fl.FeedState(ctx, "Kazinform")
		if st.Failing() || st.FailStreak != 2 || !st.FailingSince.Equal(at(1)) || st.Articles != 3 || st.Fetches != 3 || !st.LastOKAt.Equal(at(0)) {
			t.Fatalf("after two failures: %+v", st)
		}
		if err := fl.RecordFetch(ctx, FeedFetch{Source: "Kazinform", At: at(3), Err: "HTTP 503"}); err != nil {
			t.Fatal(err)
		}
		st, _ = fl.FeedState(ctx, "Kazinform")
		if !st.Failing() || !st.FailingSince.Equal(at(1)) || st.LastError != "HTTP 503" || !st.LastAt.Equal(at(3)) {
			t.Fatalf("after three failures: %+v", st)
		}
		hist, err := fl.FeedFetches(ctx, "Kazinform", 10)
		if err != nil || len(hist) != 4 || hist[0].Err != "HTTP 503" || hist[3].New != 3 || hist[3].Unchanged != 12 ||
			hist[3].Failed != 1 || hist[3].Took != 1500*time.Millisecond || !hist[3].At.Equal(at(0)) {
			t.Fatalf("history: %+v, %v", hist, err)
		}
		if err := fl.RecordFetch(ctx, FeedFetch{Source: "Kazinform", At: at(4), NotModified: true}); err != nil {
			t.Fatal(err)
		}
		st, _ = fl.FeedState(ctx, "Kazinform")
		if st.Failing() || st.FailStreak != 0 || !st.FailingSince.IsZero() || st.LastError != "" {
			t.Fatalf("a good fetch ends the streak: %+v", st)
		}
		all, err := fl.FeedStates(ctx)
		if err != nil || len(all) != 1 || all["Kazinform"].Fetches != 5 {
			t.Fatalf("all states: %+v, %v", all, err)
		}
	})
}

// TestFeedLogValidatorsAndEntries: validators are kept per source, and an
// entry is known to its source whatever happened to it, and to every
// source once it was written.
func TestFeedLogValidatorsAndEntries(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		fl := feedLog(t, freshStore(t, b))
		if err := fl.SaveFeedValidators(ctx, "Trend", "https://example.org/rss", `W/"abc"`, "Sat, 06 Dec 2025 09:00:00 GMT"); err != nil {
			t.Fatal(err)
		}
		if err := fl.RecordFetch(ctx, FeedFetch{Source: "Trend", At: time.Now()}); err != nil {
			t.Fatal(err)
		}
		st, _ := fl.FeedState(ctx, "Trend")
		if st.ETag != `W/"abc"` || st.LastModified != "Sat, 06 Dec 2025 09:00:00 GMT" || st.FeedURL != "https://example.org/rss" {
			t.Fatalf("validators: %+v", st)
		}
		for _, e := range []FeedEntry{
			{Source: "Trend", Entry: "https://example.org/a", Status: EntryWritten, File: "a-1.md"},
			{Source: "Trend", Entry: "https://example.org/b", Status: EntryNotMatching, Query: "lithium"},
		} {
			if err := fl.RecordFeedEntry(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		if e, ok, err := fl.FeedEntry(ctx, "Trend", "https://example.org/b"); err != nil || !ok || e.Status != EntryNotMatching || e.Query != "lithium" {
			t.Errorf("own entry: %+v %v %v", e, ok, err)
		}
		if e, ok, err := fl.FeedEntry(ctx, "Kazinform", "https://example.org/a"); err != nil || !ok || e.Status != EntryWritten || e.Source != "Trend" {
			t.Errorf("an entry another source wrote: %+v %v %v", e, ok, err)
		}
		if _, ok, err := fl.FeedEntry(ctx, "Kazinform", "https://example.org/b"); err != nil || ok {
			t.Errorf("another source's non-matching entry is new to this one: %v %v", ok, err)
		}
		// A record is replaced, not added.
		if err := fl.RecordFeedEntry(ctx, FeedEntry{Source: "Trend", Entry: "https://example.org/b", Status: EntryWritten, File: "b.md"}); err != nil {
			t.Fatal(err)
		}
		if e, _, _ := fl.FeedEntry(ctx, "Trend", "https://example.org/b"); e.Status != EntryWritten || e.File != "b.md" {
			t.Errorf("replaced entry: %+v", e)
		}
	})
}

// TestFeedLockIsExclusive: one holder of the fetch lock at a time, across
// two opens of one store (two processes, or two servers on PostgreSQL).
func TestFeedLockIsExclusive(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		loc := b.fresh(t)
		a, c := feedLog(t, b.open(t, loc)), feedLog(t, b.open(t, loc))
		release, ok, err := a.LockFeeds(ctx)
		if err != nil || !ok {
			t.Fatalf("first lock: %v %v", ok, err)
		}
		if _, ok, err := c.LockFeeds(ctx); err != nil || ok {
			t.Fatalf("second holder got the lock while the first held it: %v %v", ok, err)
		}
		release()
		release2, ok, err := c.LockFeeds(ctx)
		if err != nil || !ok {
			t.Fatalf("lock after release: %v %v", ok, err)
		}
		release2()
	})
}

// TestFeedFetchesAreTrimmed: a source keeps its newest outcomes only.
func TestFeedFetchesAreTrimmed(t *testing.T) {
	ctx := context.Background()
	fl := feedLog(t, freshStore(t, sqliteBackend()))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range keptFetches + 5 {
		if err := fl.RecordFetch(ctx, FeedFetch{Source: "s", At: start.Add(time.Duration(i) * time.Minute), New: i}); err != nil {
			t.Fatal(err)
		}
	}
	hist, err := fl.FeedFetches(ctx, "s", 10_000)
	if err != nil || len(hist) != keptFetches || hist[0].New != keptFetches+4 || hist[len(hist)-1].New != 5 {
		t.Fatalf("kept %d outcomes (newest %+v), %v", len(hist), hist[0], err)
	}
}

// TestFeedMigrationKeepsReviews: a store of the schema before the feed
// log (SQLite 3, PostgreSQL 1) is migrated in place, keeping every review
// and its history.
func TestFeedMigrationKeepsReviews(t *testing.T) {
	ctx := context.Background()
	check := func(t *testing.T, s Store) {
		t.Helper()
		r, err := s.Get(ctx, "mou-1.1")
		h, herr := s.History(ctx, "")
		if err != nil || r.Status != Done || r.Note != "kept" || herr != nil || len(h) != 2 {
			t.Fatalf("after the migration: %+v %v, history %d %v", r, err, len(h), herr)
		}
		if err := feedLog(t, s).RecordFetch(ctx, FeedFetch{Source: "x"}); err != nil {
			t.Fatalf("the feed log after the migration: %v", err)
		}
	}
	write := func(t *testing.T, s *sqlStore) {
		t.Helper()
		mustWrite(t)(s.SetStatus(ctx, "mou-1.1", Done, "alice"))
		mustWrite(t)(s.SetNote(ctx, "mou-1.1", "kept", "alice"))
	}
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		old, err := openWritableSQLite(ctx, dir, filepath.Join(dir, FileName), defaultPolicy(), schema()[:3])
		if err != nil {
			t.Fatal(err)
		}
		write(t, old)
		old.Close()
		s, err := OpenSQLite(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		check(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		loc := pgtest.NewDatabase(t)
		cfg, err := pgConfig(loc)
		if err != nil {
			t.Fatal(err)
		}
		old := &sqlStore{db: stdlib.OpenDB(*cfg), d: pgDialect{where: "test"}, pol: defaultPolicy(), where: "test"}
		if err := pgMigrate(ctx, old, pgSchema()[:1]); err != nil {
			t.Fatal(err)
		}
		write(t, old)
		old.db.Close()
		s, err := OpenPostgres(ctx, loc)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		check(t, s)
	})
}
