package review

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// openT opens the SQLite store in dir, for tests of SQLite itself.
func openT(t *testing.T, dir string) *sqlStore {
	t.Helper()
	s, err := openSQLite(dir, defaultPolicy())
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// rawDB opens the store file directly, bypassing Open's checks.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	db, err := sql.Open("sqlite", dsn(path, q))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func pragmaInt(t *testing.T, db *sql.DB, name string) int64 {
	t.Helper()
	var v int64
	if err := db.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in      string
		want    Status
		wantErr bool
	}{
		{"unreviewed", Unreviewed, false},
		{"on track", OnTrack, false},
		{"on-track", OnTrack, false},
		{"on_track", OnTrack, false},
		{"ontrack", OnTrack, false},
		{"  On Track ", OnTrack, false},
		{"ON-TRACK", OnTrack, false},
		{"at risk", AtRisk, false},
		{"at_risk", AtRisk, false},
		{"AtRisk", AtRisk, false},
		{"blocked", Blocked, false},
		{"Done", Done, false},
		{"", Unreviewed, true},
		{"finished", Unreviewed, true},
		{"on trackx", Unreviewed, true},
	}
	for _, tt := range tests {
		got, err := ParseStatus(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseStatus(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if tt.wantErr && !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseStatus(%q) error %v is not ErrInvalid", tt.in, err)
		}
		if got != tt.want {
			t.Errorf("ParseStatus(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestStatusStringAndNext(t *testing.T) {
	tests := []struct {
		s    Status
		str  string
		next Status
	}{
		{Unreviewed, "unreviewed", OnTrack},
		{OnTrack, "on track", AtRisk},
		{AtRisk, "at risk", Blocked},
		{Blocked, "blocked", Done},
		{Done, "done", Unreviewed},
		{Status(42), "Status(42)", Unreviewed},
		{Status(-1), "Status(-1)", Unreviewed},
	}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.str {
			t.Errorf("Status(%d).String() = %q, want %q", int(tt.s), got, tt.str)
		}
		if got := tt.s.Next(); got != tt.next {
			t.Errorf("Status(%d).Next() = %v, want %v", int(tt.s), got, tt.next)
		}
		if tt.s.Valid() {
			back, err := ParseStatus(tt.s.String())
			if err != nil || back != tt.s {
				t.Errorf("ParseStatus(%q) = %v, %v; want round trip", tt.s.String(), back, err)
			}
		}
	}
	if n := len(Statuses()); n != 5 {
		t.Errorf("len(Statuses()) = %d, want 5", n)
	}
}

func TestOpenCreatesStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a b?c#d%20e", "data") // characters that need escaping in a URI
	s := openT(t, dir)
	for pragma, want := range map[string]int64{"synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000} {
		var got int64
		if err := s.db.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil || got != want {
			t.Errorf("store connection PRAGMA %s = %d, %v; want %d", pragma, got, err, want)
		}
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o700 {
		t.Errorf("data dir mode = %v, want 0700", perm)
	}
	if s.where != filepath.Join(dir, FileName) {
		t.Errorf("Path() = %q", s.where)
	}
	if _, err := os.Stat(s.where); err != nil {
		t.Errorf("store file not at %s: %v", s.where, err)
	}
	db := rawDB(t, s.where)
	if v := pragmaInt(t, db, "user_version"); v != int64(len(schema())) {
		t.Errorf("user_version = %d, want %d", v, len(schema()))
	}
	if v := pragmaInt(t, db, "application_id"); v != appID {
		t.Errorf("application_id = %#x, want %#x", v, appID)
	}
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	for _, tbl := range coreTables() {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_schema WHERE type='table' AND name=?`, tbl).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s: count %d, %v", tbl, n, err)
		}
	}
}

func TestReopenIsIdempotent(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s1, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s1.SetNote(ctx, "mou-1.1", "kept", "alice"); err != nil {
		t.Fatal(err)
	}
	// A second instance while the first is open, then reopen after closing both.
	s2, err := Open(dir)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	s2.Close()
	s1.Close()
	for i := 0; i < 3; i++ {
		s := openT(t, dir)
		r, err := s.Get(ctx, "mou-1.1")
		if err != nil || r.Note != "kept" || r.Version != 1 {
			t.Fatalf("reopen %d: Get = %+v, %v", i, r, err)
		}
		h, err := s.History(ctx, "")
		if err != nil || len(h) != 1 {
			t.Fatalf("reopen %d: history = %v, %v; want 1 change", i, h, err)
		}
		s.Close()
	}
	db := rawDB(t, filepath.Join(dir, FileName))
	if v := pragmaInt(t, db, "user_version"); v != int64(len(schema())) {
		t.Errorf("user_version after reopening = %d", v)
	}
}

func TestMigrateStepwiseAndAtomic(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db := rawDB(t, path)
	ms := []migration{
		{version: 1, name: "t", stmts: []string{`CREATE TABLE t (a INTEGER)`}},
		{version: 2, name: "t.b", stmts: []string{`ALTER TABLE t ADD COLUMN b TEXT`}},
		{version: 3, name: "broken", stmts: []string{`CREATE TABLE u (x)`, `THIS IS NOT SQL`}},
	}
	// coreTables are not made by these test migrations, so only version 0→1 passes check;
	// migrate itself is what is tested here, so run the steps one list at a time.
	if err := migrate(ctx, db, defaultPolicy(), path, ms[:1]); err != nil {
		t.Fatalf("migrate to 1: %v", err)
	}
	if v := pragmaInt(t, db, "user_version"); v != 1 {
		t.Fatalf("user_version = %d, want 1", v)
	}
	if v := pragmaInt(t, db, "application_id"); v != appID {
		t.Fatalf("application_id = %#x, want %#x", v, appID)
	}
	if _, err := db.Exec(`CREATE TABLE evidence (x); CREATE TABLE history (x); CREATE TABLE item_state (x)`); err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, defaultPolicy(), path, ms[:2]); err != nil {
		t.Fatalf("migrate to 2: %v", err)
	}
	if _, err := db.Exec(`INSERT INTO t (a, b) VALUES (1, 'x')`); err != nil {
		t.Fatalf("column from migration 2 missing: %v", err)
	}
	if err := migrate(ctx, db, defaultPolicy(), path, ms[:2]); err != nil {
		t.Fatalf("re-running migrations: %v", err)
	}
	if err := migrate(ctx, db, defaultPolicy(), path, ms); err == nil {
		t.Fatal("broken migration 3 succeeded")
	}
	if v := pragmaInt(t, db, "user_version"); v != 2 {
		t.Errorf("user_version after failed migration = %d, want 2", v)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_schema WHERE name = 'u'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("failed migration left table u behind (count %d, %v)", n, err)
	}
	// Out-of-order migration lists are a programming error.
	if err := migrate(ctx, db, defaultPolicy(), path, []migration{{version: 2}}); err == nil {
		t.Error("migration list starting at 2 accepted")
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	if _, err := s.SetStatus(context.Background(), "mou-1.1", Done, "alice"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	path := filepath.Join(dir, FileName)
	db := rawDB(t, path)
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := fileSum(t, path)
	_, err := Open(dir)
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open of newer store: err = %v, want ErrNewerSchema", err)
	}
	if !strings.Contains(err.Error(), "newer dossier") || !strings.Contains(err.Error(), "99") {
		t.Errorf("error message %q does not explain", err)
	}
	if after := fileSum(t, path); after != before {
		t.Error("Open modified a store with a newer schema")
	}
}

func TestSetGetHistory(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := freshStore(t, b)
		start := time.Now().UTC()
		c1, err := s.SetStatus(ctx, "mou-1.1", OnTrack, "alice")
		if err != nil {
			t.Fatal(err)
		}
		c2, err := s.SetStatus(ctx, "mou-1.1", AtRisk, "bob")
		if err != nil {
			t.Fatal(err)
		}
		c3, err := s.SetNote(ctx, "mou-1.1", "Awaiting the\njoint committee.", "bob")
		if err != nil {
			t.Fatal(err)
		}
		c4, err := s.SetNote(ctx, "mou-2.3", "other item", "carol")
		if err != nil {
			t.Fatal(err)
		}
		end := time.Now().UTC()

		want := []Change{
			{ID: c1.ID, ItemID: "mou-1.1", Field: FieldStatus, Old: "unreviewed", New: "on track", By: "alice"},
			{ID: c2.ID, ItemID: "mou-1.1", Field: FieldStatus, Old: "on track", New: "at risk", By: "bob"},
			{ID: c3.ID, ItemID: "mou-1.1", Field: FieldNote, Old: "", New: "Awaiting the\njoint committee.", By: "bob"},
		}
		if !(c1.ID < c2.ID && c2.ID < c3.ID && c3.ID < c4.ID) {
			t.Errorf("change ids not increasing: %d %d %d %d", c1.ID, c2.ID, c3.ID, c4.ID)
		}
		h, err := s.History(ctx, "mou-1.1")
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != len(want) {
			t.Fatalf("History = %d changes, want %d: %+v", len(h), len(want), h)
		}
		for i, w := range want {
			g := h[i]
			if g.ID != w.ID || g.ItemID != w.ItemID || g.Field != w.Field || g.Old != w.Old || g.New != w.New || g.By != w.By {
				t.Errorf("History[%d] = %+v, want %+v", i, g, w)
			}
			if g.At.Location() != time.UTC || g.At.Before(start) || g.At.After(end) {
				t.Errorf("History[%d].At = %v, want UTC in [%v, %v]", i, g.At, start, end)
			}
		}
		if c3.Old != "" || c3.New != want[2].New || c3.At.IsZero() {
			t.Errorf("returned change = %+v", c3)
		}

		r, err := s.Get(ctx, "mou-1.1")
		if err != nil {
			t.Fatal(err)
		}
		if r.ItemID != "mou-1.1" || r.Status != AtRisk || r.Note != want[2].New || r.By != "bob" || r.Version != 3 {
			t.Errorf("Get = %+v", r)
		}
		if !r.At.Equal(c3.At) {
			t.Errorf("Get.At = %v, want time of last change %v", r.At, c3.At)
		}
		all, err := s.All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all["mou-1.1"].Status != AtRisk || all["mou-2.3"].Note != "other item" {
			t.Errorf("All = %+v", all)
		}
		every, err := s.History(ctx, "")
		if err != nil || len(every) != 4 || every[3].ID != c4.ID {
			t.Errorf("History(\"\") = %+v, %v", every, err)
		}
		last, err := s.LastChangeID(ctx)
		if err != nil || last != c4.ID {
			t.Errorf("LastChangeID = %d, %v; want %d", last, err, c4.ID)
		}
	})
}

func TestNoteStoredAsGiven(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := freshStore(t, b)
		note := "line1\r\nline2\t\x1b[31mred\x1b[0m \u202eevil\u202c ünïcødé 🇰🇿 \x7fdel"
		if _, err := s.SetNote(ctx, "mou-1.1", note, "alice"); err != nil {
			t.Fatal(err)
		}
		r, err := s.Get(ctx, "mou-1.1")
		if err != nil || r.Note != note {
			t.Errorf("note round trip: got %q, %v; want %q", r.Note, err, note)
		}
	})
}

func TestValidation(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := freshStore(t, b)
		ev := Evidence{ItemID: "mou-1.1", ArticleID: "a1", Start: 0, End: 5, Quote: "hello", By: "alice"}
		tests := []struct {
			name string
			do   func() error
		}{
			{"status no who", func() error { _, err := s.SetStatus(ctx, "mou-1.1", Done, ""); return err }},
			{"status blank who", func() error { _, err := s.SetStatus(ctx, "mou-1.1", Done, "  \t"); return err }},
			{"status bad utf8 who", func() error { _, err := s.SetStatus(ctx, "mou-1.1", Done, "a\xffb"); return err }},
			{"status invalid", func() error { _, err := s.SetStatus(ctx, "mou-1.1", Status(9), "alice"); return err }},
			{"status empty item", func() error { _, err := s.SetStatus(ctx, "", Done, "alice"); return err }},
			{"note no who", func() error { _, err := s.SetNote(ctx, "mou-1.1", "x", ""); return err }},
			{"note bad utf8", func() error { _, err := s.SetNote(ctx, "mou-1.1", "bad \xc3\x28 text", "alice"); return err }},
			{"note too long", func() error {
				_, err := s.SetNote(ctx, "mou-1.1", strings.Repeat("x", MaxNoteBytes+1), "alice")
				return err
			}},
			{"evidence no who", func() error { e := ev; e.By = ""; _, err := s.AddEvidence(ctx, e); return err }},
			{"evidence no article", func() error { e := ev; e.ArticleID = ""; _, err := s.AddEvidence(ctx, e); return err }},
			{"evidence bad span", func() error { e := ev; e.Start, e.End = 5, 2; _, err := s.AddEvidence(ctx, e); return err }},
			{"evidence negative", func() error { e := ev; e.Start = -1; _, err := s.AddEvidence(ctx, e); return err }},
			{"evidence bad quote", func() error { e := ev; e.Quote = "\xff"; _, err := s.AddEvidence(ctx, e); return err }},
			{"remove no who", func() error { _, err := s.RemoveEvidence(ctx, 1, ""); return err }},
			{"undo no who", func() error { _, err := s.UndoLast(ctx, ""); return err }},
			{"note with NUL", func() error { _, err := s.SetNote(ctx, "mou-1.1", "a\x00b", "alice"); return err }},
			{"get empty item", func() error { _, err := s.Get(ctx, ""); return err }},
		}
		for _, tt := range tests {
			if err := tt.do(); !errors.Is(err, ErrInvalid) {
				t.Errorf("%s: err = %v, want ErrInvalid", tt.name, err)
			}
		}
		if last, err := s.LastChangeID(ctx); err != nil || last != 0 {
			t.Errorf("rejected writes left history: LastChangeID = %d, %v", last, err)
		}
	})
}

func TestUnknownItem(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := freshStore(t, b)
		if _, err := s.SetStatus(ctx, "mou-1.1", Done, "alice"); err != nil {
			t.Fatal(err)
		}
		r, err := s.Get(ctx, "no-such-item")
		if err != nil {
			t.Fatalf("Get unknown: %v", err)
		}
		if r.ItemID != "no-such-item" || r.Status != Unreviewed || r.Note != "" || r.Version != 0 || !r.At.IsZero() || len(r.Evidence) != 0 {
			t.Errorf("Get unknown = %+v, want empty unreviewed review", r)
		}
		h, err := s.History(ctx, "no-such-item")
		if err != nil || len(h) != 0 {
			t.Errorf("History unknown = %v, %v", h, err)
		}
		if _, ok := mustAll(t, s)["no-such-item"]; ok {
			t.Error("All lists an item never reviewed")
		}
	})
}

func mustAll(t *testing.T, s Store) map[string]Review {
	t.Helper()
	all, err := s.All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func TestEvidenceAddRemove(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := freshStore(t, b)
		e1 := Evidence{ItemID: "mou-1.1", ArticleID: "2024-05-astana", Start: 10, End: 42, Quote: "lithium «quote»", By: "alice"}
		e2 := Evidence{ItemID: "mou-1.1", ArticleID: "2024-06-brussels", Start: 0, End: 3, Quote: "REE", By: "bob"}
		c1, err := s.AddEvidence(ctx, e1)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := s.AddEvidence(ctx, e2)
		if err != nil {
			t.Fatal(err)
		}
		if c1.Field != FieldEvidenceAdd || c1.Old != "" || c1.By != "alice" {
			t.Errorf("add change = %+v", c1)
		}
		got1, err := c1.Evidence()
		if err != nil {
			t.Fatal(err)
		}
		if got1.ID == 0 || got1.ItemID != e1.ItemID || got1.ArticleID != e1.ArticleID || got1.Start != 10 || got1.End != 42 ||
			got1.Quote != e1.Quote || got1.By != "alice" || !got1.At.Equal(c1.At) {
			t.Errorf("change evidence = %+v", got1)
		}
		r, err := s.Get(ctx, "mou-1.1")
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Evidence) != 2 || r.Evidence[0] != got1 || r.Evidence[1].Quote != "REE" || r.Version != 2 || r.Status != Unreviewed {
			t.Fatalf("Get after adds = %+v (want evidence[0] %+v)", r, got1)
		}

		rm, err := s.RemoveEvidence(ctx, got1.ID, "carol")
		if err != nil {
			t.Fatal(err)
		}
		if rm.Field != FieldEvidenceRemove || rm.New != "" || rm.By != "carol" || rm.Old != c1.New {
			t.Errorf("remove change = %+v, want Old = %q", rm, c1.New)
		}
		r, _ = s.Get(ctx, "mou-1.1")
		if len(r.Evidence) != 1 || r.Evidence[0].ID != mustEvidence(t, c2).ID || r.Version != 3 || r.By != "carol" {
			t.Errorf("Get after remove = %+v", r)
		}
		if _, err := s.RemoveEvidence(ctx, got1.ID, "carol"); !errors.Is(err, ErrNotFound) {
			t.Errorf("removing twice: err = %v, want ErrNotFound", err)
		}
		h, _ := s.History(ctx, "mou-1.1")
		if len(h) != 3 || h[0].Field != FieldEvidenceAdd || h[1].Field != FieldEvidenceAdd || h[2].Field != FieldEvidenceRemove {
			t.Errorf("history = %+v", h)
		}
		if _, err := (Change{Field: FieldNote}).Evidence(); !errors.Is(err, ErrInvalid) {
			t.Errorf("Evidence() of a note change: %v", err)
		}
	})
}

func mustEvidence(t *testing.T, c Change) Evidence {
	t.Helper()
	e, err := c.Evidence()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestSetIfVersion(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := freshStore(t, b)
		r, _ := s.Get(ctx, "mou-1.1")
		if _, err := s.SetNoteIf(ctx, "mou-1.1", r.Version, "first", "alice"); err != nil {
			t.Fatalf("SetNoteIf on fresh item at version 0: %v", err)
		}
		// Bob opened the editor at version 1; alice saves meanwhile.
		stale, _ := s.Get(ctx, "mou-1.1")
		if _, err := s.SetNoteIf(ctx, "mou-1.1", stale.Version, "alice again", "alice"); err != nil {
			t.Fatal(err)
		}
		_, err := s.SetNoteIf(ctx, "mou-1.1", stale.Version, "bob's edit of 'first'", "bob")
		var ce *ConflictError
		if !errors.As(err, &ce) {
			t.Fatalf("stale SetNoteIf: err = %v, want *ConflictError", err)
		}
		if ce.Current.Note != "alice again" || ce.Current.Version != 2 {
			t.Errorf("conflict current = %+v", ce.Current)
		}
		if r, _ := s.Get(ctx, "mou-1.1"); r.Note != "alice again" {
			t.Errorf("stale save overwrote note: %q", r.Note)
		}
		if _, err := s.SetStatusIf(ctx, "mou-1.1", 1, Done, "bob"); !errors.Is(err, ErrConflict) {
			t.Errorf("stale SetStatusIf: err = %v, want ErrConflict", err)
		}
		if _, err := s.SetStatusIf(ctx, "mou-1.1", 2, Done, "bob"); err != nil {
			t.Errorf("SetStatusIf at current version: %v", err)
		}
	})
}
