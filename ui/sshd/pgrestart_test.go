package sshd_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/model/review"
	"dossier/model/review/pgtest"
)

// waitBoth polls two sessions until each shows want (or, with gone, no
// longer shows it) and returns when each did, measured from start.
func waitBoth(t *testing.T, fs [2]*fixture, wins [2]string, want string, gone bool, start time.Time, d time.Duration) [2]time.Duration {
	t.Helper()
	var took [2]time.Duration
	done := [2]bool{}
	deadline := start.Add(d)
	for !done[0] || !done[1] {
		for i := range 2 {
			if !done[i] && strings.Contains(fs[i].screen(wins[i]), want) != gone {
				done[i], took[i] = true, time.Since(start)
			}
		}
		if time.Now().After(deadline) {
			for i := range 2 {
				if !done[i] {
					t.Fatalf("%s: after %v the screen still %s %q:\n%s\nserver log:\n%s", wins[i], d,
						map[bool]string{false: "lacks", true: "shows"}[gone], want, fs[i].screen(wins[i]), fs[i].log.String())
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return took
}

// TestPostgresRestartWithOpenSessions: two `dossier serve` share one
// PostgreSQL. Changes written to it reach a session of each server (the
// time is logged: the goal is under a second). Then PostgreSQL crashes:
// both sessions say "review store unavailable, retrying" and keep
// reading; a review made during the outage is retried, lands once the
// server is back, and both sessions show it and recover by themselves.
func TestPostgresRestartWithOpenSessions(t *testing.T) {
	needTools(t)
	c := pgtest.Private(t)
	fs := [2]*fixture{newFixture(t, "--store", c.URL), newFixture(t, "--store", c.URL)}
	wins := [2]string{fs[0].open("alice", 110, 32), fs[1].open("bob", 110, 32)}
	for i, f := range fs {
		f.waitScreen(wins[i], "index ready", 20*time.Second)
		f.keys(wins[i], "2")
		f.waitScreen(wins[i], "0/26 reviewed", 5*time.Second)
	}

	// Latency: a change committed to PostgreSQL (by another program here)
	// until it is drawn on a session of each server.
	ctx := context.Background()
	st, err := review.OpenPostgres(ctx, c.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var lat []time.Duration
	for i, s := range []review.Status{review.OnTrack, review.Blocked, review.Done, review.OnTrack, review.Blocked} {
		start := time.Now()
		if _, err := st.SetStatus(ctx, "mou-1.3", s, "carol"); err != nil {
			t.Fatal(err)
		}
		mark := map[review.Status]string{review.OnTrack: "●", review.Blocked: "✖", review.Done: "✔"}[s]
		took := waitBoth(t, fs, wins, mark+" mou-1.3", false, start, 10*time.Second)
		t.Logf("change %d reached the sessions of the two servers after %v and %v", i+1, took[0].Round(time.Millisecond), took[1].Round(time.Millisecond))
		lat = append(lat, took[0], took[1])
	}
	slices.Sort(lat)
	t.Logf("change to session: median %v, max %v over %d", lat[len(lat)/2].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond), len(lat))

	// PostgreSQL crashes.
	down := time.Now()
	if err := c.StopServer("immediate"); err != nil {
		t.Fatal(err)
	}
	took := waitBoth(t, fs, wins, "review store unavailable, retrying", false, down, 20*time.Second)
	t.Logf("the sessions said the store was unavailable after %v and %v", took[0].Round(time.Millisecond), took[1].Round(time.Millisecond))
	// Reading goes on: alice moves to mou-1.2.
	fs[0].keys(wins[0], "j")
	fs[0].waitScreen(wins[0], "› ○ mou-1.2", 5*time.Second)
	// A review made now is retried until the server is back.
	fs[0].keys(wins[0], "s", "r")
	time.Sleep(2 * time.Second)
	if strings.Contains(fs[0].screen(wins[0]), "▲ mou-1.2") {
		t.Fatalf("a review was shown saved while PostgreSQL was down:\n%s", fs[0].screen(wins[0]))
	}
	back := time.Now()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	took = waitBoth(t, fs, wins, "▲ mou-1.2", false, back, 30*time.Second)
	t.Logf("after the restart the review made during the outage reached both sessions after %v and %v", took[0].Round(time.Millisecond), took[1].Round(time.Millisecond))
	waitBoth(t, fs, wins, "review store unavailable", true, back, 20*time.Second)

	h, err := st.History(ctx, "mou-1.2")
	if err != nil || len(h) != 1 || h[0].New != "at risk" || h[0].By != "Alice Example" {
		t.Errorf("history of mou-1.2 in PostgreSQL: %+v %v", h, err)
	}
	if all, err := st.History(ctx, ""); err != nil || len(all) != 6 {
		t.Errorf("history: %d changes (want the 5 of the latency runs and alice's), %v", len(all), err)
	}
}
