package review

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"

	"dossier/model/review/pgtest"
)

func userState(t *testing.T, st Store) UserState {
	t.Helper()
	us, ok := UserStateOf(st)
	if !ok {
		t.Fatalf("%T has no per-person state", st)
	}
	return us
}

// newFor asks which of ids are new for who and fails the test on an error.
func newFor(t *testing.T, us UserState, who string, ids ...string) []string {
	t.Helper()
	got, err := us.NewArticles(context.Background(), who, ids)
	if err != nil {
		t.Fatalf("NewArticles(%s): %v", who, err)
	}
	return got
}

func wantIDs(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: %q, want %q", what, got, want)
	}
}

// TestReadStatePerPerson: what is here at a person's first use is not new
// to them; what arrives later is, until they read it; marks are theirs
// alone, survive a reopen, and only the marks the rule does not imply are
// stored.
func TestReadStatePerPerson(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		loc := b.fresh(t)
		us := userState(t, b.open(t, loc))
		old := []string{"a", "b", "c"}
		all := append(slices.Clone(old), "d", "e")
		wantIDs(t, "alice's first look", newFor(t, us, "alice", old...))
		wantIDs(t, "bob's first look", newFor(t, us, "bob", old...))
		wantIDs(t, "alice after d and e came in", newFor(t, us, "alice", all...), "d", "e")
		wantIDs(t, "bob after d and e came in", newFor(t, us, "bob", all...), "d", "e")

		if n, err := us.MarkRead(ctx, "alice", true, "d"); err != nil || n != 1 {
			t.Fatalf("alice marks d read: %d %v", n, err)
		}
		if n, err := us.MarkRead(ctx, "alice", true, "d", "a"); err != nil || n != 0 {
			t.Errorf("marking read what is read changed %d, %v", n, err)
		}
		wantIDs(t, "alice after reading d", newFor(t, us, "alice", all...), "e")
		wantIDs(t, "bob after alice read d", newFor(t, us, "bob", all...), "d", "e")

		if n, err := us.MarkRead(ctx, "alice", false, "a"); err != nil || n != 1 {
			t.Fatalf("alice marks a (older than her start) unread: %d %v", n, err)
		}
		wantIDs(t, "alice after marking a unread", newFor(t, us, "alice", all...), "a", "e")
		wantIDs(t, "bob after alice marked a unread", newFor(t, us, "bob", all...), "d", "e")

		if n, err := us.MarkAllRead(ctx, "alice", all); err != nil || n != 2 {
			t.Fatalf("alice marks all read: %d %v", n, err)
		}
		wantIDs(t, "alice after marking all read", newFor(t, us, "alice", all...))
		wantIDs(t, "bob after alice marked all read", newFor(t, us, "bob", all...), "d", "e")
		if n, err := us.MarkRead(ctx, "alice", false, "e"); err != nil || n != 1 {
			t.Fatalf("alice marks e unread again: %d %v", n, err)
		}
		wantIDs(t, "carol, who starts now", newFor(t, us, "carol", all...))

		// Another process (a restart, another server) sees the same.
		us2 := userState(t, b.open(t, loc))
		wantIDs(t, "alice after a reopen", newFor(t, us2, "alice", all...), "e")
		wantIDs(t, "bob after a reopen", newFor(t, us2, "bob", all...), "d", "e")
		wantIDs(t, "an article not in the list is not reported", newFor(t, us2, "bob", "e"), "e")

		// alice's only stored marks: d read? no — d arrived after her start,
		// so its read mark is kept; a is back to what the rule says (read
		// then unread then all read): nothing kept; e is marked unread but
		// the rule says new: nothing kept either.
		marks := rawMarks(t, b.open(t, loc), "alice")
		if !slices.Equal(marks, []string{"d=1"}) {
			t.Errorf("alice's stored marks %v, want only d=1", marks)
		}
	})
}

// rawMarks lists who's stored marks as id=flag.
func rawMarks(t *testing.T, st Store, who string) []string {
	t.Helper()
	var out []string
	s := st.(*sqlStore)
	if err := s.read(context.Background(), func(tx *txn) error {
		out = out[:0]
		rows, err := tx.query(`SELECT article_id, is_read FROM read_marks WHERE who = ? ORDER BY article_id`, who)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var f int
			if err := rows.Scan(&id, &f); err != nil {
				return err
			}
			out = append(out, fmt.Sprintf("%s=%d", id, f))
		}
		return rows.Err()
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReadStateInBulk: marking a thousand articles at once (more than one
// statement's rows) marks each, for one person only.
func TestReadStateInBulk(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		us := userState(t, freshStore(t, b))
		newFor(t, us, "alice")
		newFor(t, us, "bob")
		ids := make([]string, 1000)
		for i := range ids {
			ids[i] = fmt.Sprintf("g%06d", i)
		}
		if got := newFor(t, us, "alice", ids...); len(got) != len(ids) {
			t.Fatalf("%d of %d arrivals new for alice", len(got), len(ids))
		}
		if n, err := us.MarkRead(ctx, "alice", true, ids[:500]...); err != nil || n != 500 {
			t.Fatalf("mark 500 read: %d %v", n, err)
		}
		if got := newFor(t, us, "alice", ids...); !slices.Equal(got, ids[500:]) {
			t.Fatalf("after marking 500 read %d new (first %v)", len(got), got[:min(3, len(got))])
		}
		if n, err := us.MarkAllRead(ctx, "alice", ids); err != nil || n != 500 {
			t.Fatalf("mark all read: %d %v", n, err)
		}
		if got := newFor(t, us, "alice", ids...); len(got) != 0 {
			t.Errorf("%d new after marking all read", len(got))
		}
		if got := newFor(t, us, "bob", ids...); len(got) != len(ids) {
			t.Errorf("bob has %d new, want %d", len(got), len(ids))
		}
	})
}

// TestReadStateReadOnly: a store that cannot be written records nothing:
// an article it never saw counts as arriving now, and marks are refused.
func TestReadStateReadOnly(t *testing.T) {
	ctx := context.Background()
	st := freshStore(t, sqliteBackend())
	us := userState(t, st)
	newFor(t, us, "alice", "a")
	newFor(t, us, "alice", "a", "b")
	st.(*sqlStore).roReason = "test: read-only"
	wantIDs(t, "unseen article on a read-only store", newFor(t, us, "alice", "a", "b", "z"), "b", "z")
	wantIDs(t, "someone who never looked", newFor(t, us, "nobody", "a", "b", "z"))
	if _, err := us.MarkRead(ctx, "alice", true, "b"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("mark on a read-only store: %v", err)
	}
	if err := us.SaveSearch(ctx, "alice", "x", "lithium"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("save search on a read-only store: %v", err)
	}
	st.(*sqlStore).roReason = ""
	wantIDs(t, "z was not recorded while read-only", newFor(t, us, "alice", "z"), "z")
}

// TestReadStateRefusesBadInput: names and ids are checked as for reviews.
func TestReadStateRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	us := userState(t, freshStore(t, sqliteBackend()))
	for _, c := range []struct {
		who string
		ids []string
	}{{"", []string{"a"}}, {"alice", []string{""}}, {"alice", []string{"a\x00b"}}, {"al\xffice", []string{"a"}}} {
		if _, err := us.NewArticles(ctx, c.who, c.ids); !errors.Is(err, ErrInvalid) {
			t.Errorf("NewArticles(%q, %q): %v, want ErrInvalid", c.who, c.ids, err)
		}
		if _, err := us.MarkRead(ctx, c.who, true, c.ids...); !errors.Is(err, ErrInvalid) {
			t.Errorf("MarkRead(%q, %q): %v, want ErrInvalid", c.who, c.ids, err)
		}
	}
}

// TestSavedSearchesPerPerson: saved searches are kept per person, by name,
// replaced under the same name and deleted one by one.
func TestSavedSearchesPerPerson(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		loc := b.fresh(t)
		us := userState(t, b.open(t, loc))
		for _, s := range [][3]string{
			{"alice", "lithium", "lithium year:2025"},
			{"alice", "ebrd", "EBRD OR \"Tau-Ken Samruk\""},
			{"bob", "lithium", "lithium -lang:de"},
			{"alice", "lithium", "lithium OR graphite"},
		} {
			if err := us.SaveSearch(ctx, s[0], s[1], s[2]); err != nil {
				t.Fatalf("save %v: %v", s, err)
			}
		}
		got, err := userState(t, b.open(t, loc)).SavedSearches(ctx, "alice")
		if err != nil || len(got) != 2 || got[0].Name != "ebrd" || got[1].Name != "lithium" ||
			got[1].Query != "lithium OR graphite" || got[0].Query != `EBRD OR "Tau-Ken Samruk"` || got[0].At.IsZero() {
			t.Fatalf("alice's saved searches: %+v %v", got, err)
		}
		if got, _ := us.SavedSearches(ctx, "bob"); len(got) != 1 || got[0].Query != "lithium -lang:de" {
			t.Errorf("bob's saved searches: %+v", got)
		}
		if got, _ := us.SavedSearches(ctx, "carol"); len(got) != 0 {
			t.Errorf("carol's saved searches: %+v", got)
		}
		if ok, err := us.DeleteSearch(ctx, "alice", "lithium"); !ok || err != nil {
			t.Errorf("delete: %v %v", ok, err)
		}
		if ok, err := us.DeleteSearch(ctx, "alice", "lithium"); ok || err != nil {
			t.Errorf("delete again: %v %v", ok, err)
		}
		if got, _ := us.SavedSearches(ctx, "bob"); len(got) != 1 {
			t.Errorf("alice's delete took bob's: %+v", got)
		}
		for _, bad := range [][2]string{{"", "x"}, {"a\nb", "x"}, {" a", "x"}, {"a", ""}, {"a", "   "}} {
			if err := us.SaveSearch(ctx, "alice", bad[0], bad[1]); !errors.Is(err, ErrInvalid) {
				t.Errorf("SaveSearch(%q, %q): %v, want ErrInvalid", bad[0], bad[1], err)
			}
		}
	})
}

// TestSettingsPerPerson: small per-person settings, kept and replaced.
func TestSettingsPerPerson(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		us := userState(t, freshStore(t, b))
		if _, ok, err := us.Setting(ctx, "alice", "roadmap.filter"); ok || err != nil {
			t.Fatalf("unset setting: %v %v", ok, err)
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(us.SetSetting(ctx, "alice", "roadmap.filter", "status:at-risk"))
		must(us.SetSetting(ctx, "alice", "roadmap.filter", "quiet:>365d"))
		must(us.SetSetting(ctx, "bob", "roadmap.filter", ""))
		if v, ok, err := us.Setting(ctx, "alice", "roadmap.filter"); !ok || err != nil || v != "quiet:>365d" {
			t.Errorf("alice's filter: %q %v %v", v, ok, err)
		}
		if v, ok, err := us.Setting(ctx, "bob", "roadmap.filter"); !ok || err != nil || v != "" {
			t.Errorf("bob's empty filter: %q %v %v", v, ok, err)
		}
		if err := us.SetSetting(ctx, "alice", "", "x"); !errors.Is(err, ErrInvalid) {
			t.Errorf("empty key: %v", err)
		}
	})
}

// TestUserStateMigrationKeepsReviews: a store of today's schema (before
// the per-person state: SQLite 4, PostgreSQL 2) is migrated in place,
// keeping every review, its evidence, its history, drafts and the feed log.
func TestUserStateMigrationKeepsReviews(t *testing.T) {
	ctx := context.Background()
	items := []string{"mou-1.1", "mou-2.1", "rm23-5", "rm25-6", "keg-2"}
	write := func(t *testing.T, s *sqlStore) {
		t.Helper()
		for i, id := range items {
			mustWrite(t)(s.SetStatus(ctx, id, Status(1+i%4), "alice"))
			mustWrite(t)(s.SetNote(ctx, id, "note of "+id, "bob"))
			mustWrite(t)(s.AddEvidence(ctx, Evidence{ItemID: id, ArticleID: "001_23f0434f9776576a", Start: i, End: i + 3, Quote: "abc", By: "alice"}))
		}
		if err := s.SaveDraft(ctx, "mou-1.1", "carol", "draft"); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordFetch(ctx, FeedFetch{Source: "Trend", New: 2}); err != nil {
			t.Fatal(err)
		}
	}
	check := func(t *testing.T, s Store) {
		t.Helper()
		all, err := s.All(ctx)
		if err != nil || len(all) != len(items) {
			t.Fatalf("reviews after the migration: %d, %v", len(all), err)
		}
		for i, id := range items {
			r := all[id]
			if r.Status != Status(1+i%4) || r.Note != "note of "+id || r.By != "alice" || r.Version != 3 ||
				len(r.Evidence) != 1 || r.Evidence[0].Start != i || r.Evidence[0].Quote != "abc" {
				t.Errorf("%s after the migration: %+v", id, r)
			}
		}
		if h, err := s.History(ctx, ""); err != nil || len(h) != 3*len(items) {
			t.Errorf("history after the migration: %d, %v", len(h), err)
		}
		if d, ok, err := s.Draft(ctx, "mou-1.1", "carol"); !ok || err != nil || d.Note != "draft" {
			t.Errorf("draft after the migration: %+v %v %v", d, ok, err)
		}
		if st, err := feedLog(t, s).FeedState(ctx, "Trend"); err != nil || st.Articles != 2 {
			t.Errorf("feed log after the migration: %+v %v", st, err)
		}
		us := userState(t, s)
		wantIDs(t, "first look after the migration", newFor(t, us, "alice", "a"))
		wantIDs(t, "an arrival after the migration", newFor(t, us, "alice", "a", "b"), "b")
		if err := us.SaveSearch(ctx, "alice", "x", "lithium"); err != nil {
			t.Errorf("saved search after the migration: %v", err)
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		old, err := openWritableSQLite(ctx, dir, filepath.Join(dir, FileName), defaultPolicy(), schema()[:4])
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
		if err := pgMigrate(ctx, old, pgSchema()[:2]); err != nil {
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

// TestReadStateConcurrent: two processes (two opens of one store) record
// the same arrivals and marks at once; nothing fails and both agree.
func TestReadStateConcurrent(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		loc := b.fresh(t)
		stores := []UserState{userState(t, b.open(t, loc)), userState(t, b.open(t, loc))}
		newFor(t, stores[0], "alice")
		ids := make([]string, 200)
		for i := range ids {
			ids[i] = fmt.Sprintf("c%03d", i)
		}
		errs := make(chan error, 8)
		for w := range 8 {
			go func() {
				us := stores[w%2]
				_, err := us.NewArticles(ctx, "alice", ids[:100+w*10])
				if err == nil {
					_, err = us.MarkRead(ctx, "alice", true, ids[w*5:w*5+5]...)
				}
				errs <- err
			}()
		}
		for range 8 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		a, b2 := newFor(t, stores[0], "alice", ids...), newFor(t, stores[1], "alice", ids...)
		if !slices.Equal(a, b2) || len(a) != len(ids)-40 {
			t.Errorf("the two see %d and %d new, want %d each", len(a), len(b2), len(ids)-40)
		}
	})
}
