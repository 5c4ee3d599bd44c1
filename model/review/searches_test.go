package review

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"dossier/model/review/pgtest"
)

// TestSearches: submitted queries are kept per person, newest last, once
// each, at most MaxSearches, across a restart; they are not changes.
func TestSearches(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		loc := b.fresh(t)
		s := b.open(t, loc)
		for _, q := range []string{"lithium", "hydrogen", "lithium", `"CRM Act"`} {
			if err := s.RememberSearch(ctx, "alice", q); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.RememberSearch(ctx, "bob", "Samarkand"); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Searches(ctx, "alice"); err != nil || !slices.Equal(got, []string{"hydrogen", "lithium", `"CRM Act"`}) {
			t.Errorf("alice's searches %q, %v", got, err)
		}
		if got, _ := s.Searches(ctx, "carol"); len(got) != 0 {
			t.Errorf("carol has searches %q", got)
		}
		if h, _ := s.History(ctx, ""); len(h) != 0 {
			t.Errorf("searches are in the history: %v", h)
		}
		for i := range MaxSearches + 20 {
			if err := s.RememberSearch(ctx, "bob", fmt.Sprintf("q%d", i)); err != nil {
				t.Fatal(err)
			}
		}
		again := b.open(t, loc) // a restart, or another process
		got, err := again.Searches(ctx, "bob")
		if err != nil || len(got) != MaxSearches || got[0] != "q20" || got[len(got)-1] != fmt.Sprintf("q%d", MaxSearches+19) {
			t.Errorf("bob's searches after a restart: %d, first %q, %v", len(got), got[:min(1, len(got))], err)
		}
		if err := s.RememberSearch(ctx, "alice", ""); err == nil {
			t.Error("an empty query was kept")
		}
		if err := s.RememberSearch(ctx, "", "x"); err == nil {
			t.Error("a query without a person was kept")
		}
	})
}

// v3Rows are the rows of a store made before the search history.
var v3Rows = []string{
	`INSERT INTO item_state (item_id, status, note, updated_by, updated_at, version) VALUES ('mou-1.1', 'done', 'kept note', 'alice', '2024-01-02T03:04:05Z', 2)`,
	`INSERT INTO evidence (item_id, article_id, "start", "end", quote, added_by, added_at) VALUES ('mou-1.1', '000_x', 0, 5, 'quote', 'alice', '2024-01-02T03:04:05Z')`,
	`INSERT INTO history (item_id, field, old, new, who, at) VALUES ('mou-1.1', 'status', 'unreviewed', 'done', 'alice', '2024-01-02T03:04:05Z')`,
	`INSERT INTO history (item_id, field, old, new, who, at) VALUES ('mou-1.1', 'note', '', 'kept note', 'alice', '2024-01-02T03:04:06Z')`,
	`INSERT INTO drafts (item_id, who, note, at) VALUES ('mou-1.1', 'bob', 'bob''s draft', '2024-01-02T03:04:07Z')`,
}

// checkKept checks that a migrated store still holds v3Rows, and can
// remember searches.
func checkKept(t *testing.T, s Store) {
	t.Helper()
	ctx := context.Background()
	r, err := s.Get(ctx, "mou-1.1")
	if err != nil || r.Status != Done || r.Note != "kept note" || r.By != "alice" || r.Version != 2 || len(r.Evidence) != 1 {
		t.Errorf("the review after the migration: %+v, %v", r, err)
	}
	if h, err := s.History(ctx, ""); err != nil || len(h) != 2 {
		t.Errorf("the history after the migration: %d changes, %v", len(h), err)
	}
	if d, ok, err := s.Draft(ctx, "mou-1.1", "bob"); !ok || err != nil || d.Note != "bob's draft" {
		t.Errorf("the draft after the migration: %+v %v %v", d, ok, err)
	}
	if err := s.RememberSearch(ctx, "alice", "lithium"); err != nil {
		t.Errorf("remember a search in the migrated store: %v", err)
	}
}

// TestSearchHistoryMigrationKeepsReviews: an SQLite store of the schema
// before the search history is migrated to it with every review, change,
// piece of evidence and draft kept.
func TestSearchHistoryMigrationKeepsReviews(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	db := rawDB(t, path)
	before := len(schema()) - 1 // the step before the search history
	if schema()[before].name != "search history" {
		t.Fatalf("the last step is %q", schema()[before].name)
	}
	if err := migrate(context.Background(), db, defaultPolicy(), path, schema()[:before]); err != nil {
		t.Fatal(err)
	}
	for _, q := range v3Rows {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := pragmaInt(t, rawDB(t, path), "user_version"); v != int64(len(schema())) {
		t.Errorf("user_version %d, want %d", v, len(schema()))
	}
	checkKept(t, s)
}

// TestPostgresSearchHistoryMigrationKeepsReviews: the same on PostgreSQL.
func TestPostgresSearchHistoryMigrationKeepsReviews(t *testing.T) {
	loc := pgtest.NewDatabase(t)
	db, err := sql.Open("pgx", loc)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before := len(pgSchema()) - 1 // the step before the search history
	if pgSchema()[before].name != "search history" {
		t.Fatalf("the last step is %q", pgSchema()[before].name)
	}
	stmts := []string{`CREATE TABLE dossier_meta (app TEXT NOT NULL, version INTEGER NOT NULL)`,
		fmt.Sprintf(`INSERT INTO dossier_meta (app, version) VALUES ('%s', %d)`, pgApp, before)}
	for _, m := range pgSchema()[:before] {
		stmts = append(stmts, m.stmts...)
	}
	for _, q := range append(stmts, v3Rows...) {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s, err := OpenPostgres(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := pgMeta(t, db); v != len(pgSchema()) {
		t.Errorf("schema version %d, want %d", v, len(pgSchema()))
	}
	checkKept(t, s)
}
