package review

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"

	"dossier/model/review/pgtest"
)

// pgMeta reads the store's schema version from dossier_meta.
func pgMeta(t *testing.T, db *sql.DB) int {
	t.Helper()
	var v int
	if err := db.QueryRow(`SELECT version FROM dossier_meta`).Scan(&v); err != nil {
		t.Fatalf("dossier_meta: %v", err)
	}
	return v
}

// TestPostgresMigrateStepwiseAndAtomic: PostgreSQL's versioned migrations
// run step by step, each in its own transaction: a broken step leaves the
// version and the tables of the step before it, running them again changes
// nothing, and a store migrated past this build is refused untouched.
func TestPostgresMigrateStepwiseAndAtomic(t *testing.T) {
	ctx := context.Background()
	loc := pgtest.NewDatabase(t)
	s, err := openPostgres(ctx, loc, defaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db, err := sql.Open("pgx", loc)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := pgMeta(t, db); v != len(pgSchema()) {
		t.Fatalf("a new store is at version %d, want %d", v, len(pgSchema()))
	}
	tables, _ := pgTables(ctx, db)
	for _, want := range append(coreTables(), "drafts", "dossier_meta") {
		if !slices.Contains(tables, want) {
			t.Errorf("table %s missing: %v", want, tables)
		}
	}
	mustWrite(t)(s.SetStatus(ctx, "mou-1.1", Done, "alice"))

	next := len(pgSchema()) + 1
	ms := append(pgSchema(),
		migration{version: next, name: "t", stmts: []string{`CREATE TABLE t (a INTEGER)`}},
		migration{version: next + 1, name: "broken", stmts: []string{`CREATE TABLE u (x INTEGER)`, `THIS IS NOT SQL`}})
	if err := pgMigrate(ctx, s, ms); err == nil {
		t.Fatal("a broken migration succeeded")
	}
	if v := pgMeta(t, db); v != next {
		t.Errorf("version after the broken step %d, want %d", v, next)
	}
	tables, _ = pgTables(ctx, db)
	if !slices.Contains(tables, "t") || slices.Contains(tables, "u") {
		t.Errorf("tables after the broken step: %v (want t, not u)", tables)
	}
	if err := pgMigrate(ctx, s, ms[:next]); err != nil {
		t.Errorf("running applied migrations again: %v", err)
	}
	if v := pgMeta(t, db); v != next {
		t.Errorf("version after running them again %d", v)
	}
	if r, err := s.Get(ctx, "mou-1.1"); err != nil || r.Status != Done {
		t.Errorf("the review did not survive the migrations: %+v %v", r, err)
	}
	// This build knows fewer steps: the store is refused as newer, untouched.
	if _, err := OpenPostgres(ctx, loc); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("open of a store migrated past this build: %v", err)
	}
	if v := pgMeta(t, db); v != next {
		t.Errorf("the refused store was changed: version %d", v)
	}
}

// TestPostgresReopenIsIdempotent: opening a store again, while it is open
// and after, migrates nothing and keeps what it holds.
func TestPostgresReopenIsIdempotent(t *testing.T) {
	ctx := context.Background()
	loc := pgtest.NewDatabase(t)
	s1, err := OpenPostgres(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t)(s1.SetNote(ctx, "mou-1.1", "kept", "alice"))
	s2, err := OpenPostgres(ctx, loc)
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	s2.Close()
	s1.Close()
	for i := range 3 {
		s, err := OpenPostgres(ctx, loc)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		r, err := s.Get(ctx, "mou-1.1")
		h, herr := s.History(ctx, "")
		s.Close()
		if err != nil || r.Note != "kept" || r.Version != 1 || herr != nil || len(h) != 1 {
			t.Fatalf("reopen %d: %+v %v, history %d %v", i, r, err, len(h), herr)
		}
	}
	db, err := sql.Open("pgx", loc)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := pgMeta(t, db); v != len(pgSchema()) {
		t.Errorf("version after reopening %d", v)
	}
}
