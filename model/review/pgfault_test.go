package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier/model/review/pgtest"
)

// privateCluster starts a PostgreSQL server of the test's own, which the
// test may stop and restart; it skips only where PostgreSQL is not installed.
func privateCluster(t *testing.T) *pgtest.Cluster {
	t.Helper()
	return pgtest.Private(t)
}

// TestPostgresRestartLosesNothing: writers keep writing while the server
// crashes (immediate stop) and comes back. Every write either reports
// saved or fails; everything reported saved is in the history exactly
// once; the change feed says the store is unavailable, then recovers.
func TestPostgresRestartLosesNothing(t *testing.T) {
	c := privateCluster(t)
	ctx := context.Background()
	const writers, each = 3, 40
	stores := make([]Store, writers)
	for i := range stores {
		s, err := OpenPostgres(ctx, c.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	feed := stores[0].Watch(wctx)
	var sawDown, sawBack sync.WaitGroup
	sawDown.Add(1)
	sawBack.Add(1)
	go func() {
		down := false
		for n := range feed {
			if !n.Available() && !down {
				down = true
				if !strings.HasPrefix(n.Status(), "review store unavailable, retrying") {
					t.Errorf("unavailable notice says %q", n.Status())
				}
				sawDown.Done()
			}
			if n.Available() && down {
				sawBack.Done()
				return
			}
		}
	}()

	var mu sync.Mutex
	saved := map[int64]Change{}
	failed := 0
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			who := fmt.Sprintf("w%d", w)
			for i := range each {
				ch, err := stores[w].SetNote(ctx, sharedItems[i%len(sharedItems)], fmt.Sprintf("%s #%d", who, i), who)
				mu.Lock()
				if err != nil {
					failed++
					t.Logf("%s write %d failed: %v", who, i, err)
				} else {
					saved[ch.ID] = ch
				}
				mu.Unlock()
				time.Sleep(10 * time.Millisecond)
			}
		}()
	}
	close(start)
	time.Sleep(150 * time.Millisecond)
	if err := c.StopServer("immediate"); err != nil {
		t.Fatal(err)
	}
	waitGroup(t, &sawDown, 15*time.Second, "the feed never said the store was unavailable")
	time.Sleep(time.Second)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	waitGroup(t, &sawBack, 15*time.Second, "the feed never said the store was back")

	s, err := OpenPostgres(ctx, c.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hist := checkConsistent(t, s)
	byID := map[int64]Change{}
	for _, ch := range hist {
		byID[ch.ID] = ch
	}
	for id, ch := range saved {
		h, ok := byID[id]
		if !ok || h.New != ch.New || h.By != ch.By {
			t.Errorf("change %d reported saved (%q by %s) is not in the history as such: %+v", id, ch.New, ch.By, h)
		}
	}
	if len(hist) != len(saved) {
		t.Errorf("history has %d changes, %d were reported saved (a retry wrote twice, or a write was lost)", len(hist), len(saved))
	}
	if failed > 0 {
		t.Errorf("%d writes failed although the server was back within the retry budget", failed)
	}
	t.Logf("%d writes saved across a crash and restart of PostgreSQL", len(saved))
}

func waitGroup(t *testing.T, wg *sync.WaitGroup, d time.Duration, msg string) {
	t.Helper()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatal(msg)
	}
}

// TestPostgresUnreachable: with the server down longer than the retry
// budget a write is refused, saying the store is unavailable and that the
// change was not confirmed; reads fail the same way; once the server is
// back, both work again without reopening.
func TestPostgresUnreachable(t *testing.T) {
	c := privateCluster(t)
	ctx := context.Background()
	pol := defaultPolicy()
	pol.budget, pol.readBudget = 1500*time.Millisecond, time.Second
	s, err := openPostgres(ctx, c.URL, pol)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustWrite(t)(s.SetStatus(ctx, "mou-1.1", OnTrack, "alice"))
	if err := c.StopServer("fast"); err != nil {
		t.Fatal(err)
	}
	_, err = s.SetStatus(ctx, "mou-1.1", Done, "alice")
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "not confirmed") || strings.Contains(err.Error(), "@127.0.0.1") && strings.Contains(err.Error(), ":"+pgtest.Password) {
		t.Errorf("write with the server down: %v", err)
	}
	if _, err := s.All(ctx); !errors.Is(err, ErrUnavailable) {
		t.Errorf("read with the server down: %v", err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetStatus(ctx, "mou-1.1", Done, "alice"); err != nil {
		t.Errorf("write after the server came back: %v", err)
	}
	if r, err := s.Get(ctx, "mou-1.1"); err != nil || r.Status != Done {
		t.Errorf("read after the server came back: %+v, %v", r, err)
	}
}

// TestPostgresOpenRefusals: bad URLs, a wrong password, an unreachable
// server, another program's database and a newer store are refused at
// start with a one-line reason, and nothing is written.
func TestPostgresOpenRefusals(t *testing.T) {
	ctx := context.Background()
	for _, bad := range []string{"mysql://u:p@localhost/db", "postgres://u:p@[::1/db", "postgres://u:p@localhost:99999999/db"} {
		if _, err := OpenPostgres(ctx, bad); !errors.Is(err, ErrBadURL) || strings.Contains(err.Error(), ":p@") {
			t.Errorf("%s: %v, want ErrBadURL without the password", bad, err)
		}
	}
	base := pgtest.URL(t)
	wrong := pgtest.WithUser(base, pgtest.User(base), "wrong-password")
	_, err := OpenPostgres(ctx, wrong)
	if err == nil || errors.Is(err, ErrBadURL) || !strings.Contains(err.Error(), "password authentication failed") ||
		strings.Contains(err.Error(), "wrong-password") || strings.Contains(err.Error(), "\n") {
		t.Errorf("wrong password: %v", err)
	}
	_, err = OpenPostgres(ctx, "postgres://u:p@127.0.0.1:1/db?connect_timeout=2")
	if err == nil || !strings.Contains(err.Error(), "cannot connect") || strings.Contains(err.Error(), "\n") {
		t.Errorf("unreachable server: %v", err)
	}

	foreign := pgtest.NewDatabase(t)
	db, err := sql.Open("pgx", foreign)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE customers (id INT PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'ACME')`); err != nil {
		t.Fatal(err)
	}
	_, err = OpenPostgres(ctx, foreign)
	if !errors.Is(err, ErrForeign) || !strings.Contains(err.Error(), "unrelated tables: customers") {
		t.Errorf("foreign database: %v", err)
	}
	if tables, _ := pgTables(ctx, db); len(tables) != 1 {
		t.Errorf("the foreign database was changed: tables %v", tables)
	}

	newer := pgtest.NewDatabase(t)
	s, err := OpenPostgres(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db2, _ := sql.Open("pgx", newer)
	defer db2.Close()
	db2.Exec(`UPDATE dossier_meta SET version = 99`)
	if _, err := OpenPostgres(ctx, newer); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("newer store: %v", err)
	}
}

// TestPostgresReadOnlyRole: a role that may only read opens the store
// read-only, saying why; its reads work and its writes are refused.
func TestPostgresReadOnlyRole(t *testing.T) {
	ctx := context.Background()
	loc := pgtest.NewDatabase(t)
	s, err := OpenPostgres(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t)(s.SetStatus(ctx, "mou-1.1", AtRisk, "alice"))
	s.Close()
	db, _ := sql.Open("pgx", loc)
	defer db.Close()
	role := "reader_" + strings.TrimPrefix(pgDatabase(loc), "dossier_test_")
	for _, q := range []string{
		`CREATE ROLE ` + role + ` LOGIN PASSWORD 'r'`,
		`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ` + role,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		db, _ := sql.Open("pgx", loc)
		defer db.Close()
		db.Exec(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ` + role)
		db.Exec(`DROP ROLE ` + role)
	})
	u := pgtest.WithUser(loc, role, "r")
	ro, err := OpenPostgres(ctx, u)
	if err != nil {
		t.Fatalf("open as a read-only role: %v", err)
	}
	defer ro.Close()
	if isRO, reason := ro.ReadOnly(); !isRO || !strings.Contains(reason, "may read the store but not write it") {
		t.Errorf("ReadOnly() = %v, %q", isRO, reason)
	}
	if r, err := ro.Get(ctx, "mou-1.1"); err != nil || r.Status != AtRisk {
		t.Errorf("read as a read-only role: %+v %v", r, err)
	}
	if _, err := ro.SetStatus(ctx, "mou-1.1", Done, role); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write as a read-only role: %v", err)
	}
}

func pgDatabase(u string) string {
	i := strings.LastIndex(u, "/")
	name, _, _ := strings.Cut(u[i+1:], "?")
	return name
}
