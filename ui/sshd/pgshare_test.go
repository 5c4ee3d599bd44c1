package sshd_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dossier/model/review"
	"dossier/model/review/pgtest"
)

// TestTwoServersShareOnePostgres runs two `dossier serve` processes on two
// ports with one PostgreSQL review store: a review made in a session of
// one appears in a session of the other, both ways, and nothing is written
// to either server's SQLite file.
func TestTwoServersShareOnePostgres(t *testing.T) {
	needTools(t)
	url := pgtest.Database(t)
	f1 := newFixture(t, "--store", url)
	f2 := newFixture(t, "--store", url)
	a := f1.open("alice", 110, 32)
	b := f2.open("bob", 130, 36)
	f1.waitScreen(a, "index ready", 20*time.Second)
	f2.waitScreen(b, "index ready", 20*time.Second)
	f1.keys(a, "2")
	f2.keys(b, "2")
	f1.waitScreen(a, "0/26 reviewed", 5*time.Second)
	f2.waitScreen(b, "0/26 reviewed", 5*time.Second)

	// Alice, on the first server, sets mou-1.1 at risk; Bob sees it on the second.
	start := time.Now()
	f1.keys(a, "s", "r")
	f2.waitScreen(b, "▲ mou-1.1", 10*time.Second)
	t.Logf("alice's review reached bob's session on the other server after %v (key press included)", time.Since(start))
	f2.waitScreen(b, "Alice Examp", 2*time.Second)

	// And back: Bob marks mou-1.2 done; Alice is told.
	start = time.Now()
	f2.keys(b, "j", "s", "d")
	f1.waitScreen(a, "bob set mou-1.2 to done", 10*time.Second)
	t.Logf("bob's review reached alice's session after %v (two key presses included)", time.Since(start))

	st, err := review.OpenPostgres(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, err := st.History(context.Background(), "")
	if err != nil || len(h) != 2 || h[0].By != "Alice Example" || h[1].By != "bob" {
		t.Errorf("history in PostgreSQL: %+v %v", h, err)
	}
	for _, f := range []*fixture{f1, f2} {
		if _, err := os.Stat(filepath.Join(f.data, review.FileName)); err == nil {
			t.Errorf("%s was written although the store is PostgreSQL", filepath.Join(f.data, review.FileName))
		}
	}
}
