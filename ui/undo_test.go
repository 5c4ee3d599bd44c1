package ui

import (
	"context"
	"strings"
	"testing"

	"dossier/model/review"
	"dossier/ui/common"
)

// appAs opens the dashboard as a reviewer on a shared store.
func appAs(t *testing.T, sh Shared, who string) *App {
	t.Helper()
	c := testCommon(t, sh)
	c.Reviewer = who
	a := New(c)
	drive(t, a, a.Init())
	step(t, a, keyMsg("2")) // the roadmap; the status line is told there
	return a
}

func statusLine(a *App) string { return a.status.Text }

// TestUndoAcrossRestartAndUsers: undo takes back only your own changes, in
// order, with the reviewer and time they replaced; it says who stands in
// the way when it cannot; and it works in a new session.
func TestUndoAcrossRestartAndUsers(t *testing.T) {
	sh := testShared(t)
	alice := appAs(t, sh, "alice")
	for _, k := range []string{"s", "o", "s", "r"} { // mou-1.1: on track, then at risk
		step(t, alice, keyMsg(k))
	}
	bob := appAs(t, sh, "bob")
	for _, k := range []string{"j", "s", "b"} { // mou-1.2 blocked, by bob
		step(t, bob, keyMsg(k))
	}
	// Alice's undo takes back her own last change, not bob's newer one.
	step(t, alice, keyMsg("z"))
	r := get(t, sh, "mou-1.1")
	if r.Status != review.OnTrack || r.By != "alice" {
		t.Fatalf("after alice's undo: %+v", r)
	}
	if got := statusLine(alice); !strings.Contains(got, "undone: mou-1.1 status back to on track") || !strings.Contains(got, "alice") {
		t.Errorf("alice's undo told %q", got)
	}
	if get(t, sh, "mou-1.2").Status != review.Blocked {
		t.Error("alice's undo touched bob's change")
	}
	// Bob now changes mou-1.1 over alice's change: her next undo must say
	// who changed it since, and when, and change nothing.
	step(t, bob, keyMsg("k"))
	step(t, bob, keyMsg("s"))
	step(t, bob, keyMsg("d"))
	step(t, alice, keyMsg("z"))
	if got := statusLine(alice); !strings.Contains(got, "bob") || !strings.Contains(got, "mou-1.1") {
		t.Errorf("a refused undo does not say who changed the item since: %q", got)
	}
	if r := get(t, sh, "mou-1.1"); r.Status != review.Done || r.By != "bob" {
		t.Fatalf("a refused undo changed the item: %+v", r)
	}
	// Bob undoes his own: mou-1.1 goes back to alice's on track, under her
	// name and time, not his.
	step(t, bob, keyMsg("z"))
	if r := get(t, sh, "mou-1.1"); r.Status != review.OnTrack || r.By != "alice" {
		t.Fatalf("bob's undo left %+v, want alice's on track with her name", r)
	}
	// A new session of alice's (a restart) still undoes her first change.
	alice2 := appAs(t, sh, "alice")
	step(t, alice2, keyMsg("z"))
	if r := get(t, sh, "mou-1.1"); r.Status != review.Unreviewed || r.By != "" {
		t.Fatalf("undo after a restart left %+v", r)
	}
	if alice2.Focus() != common.PaneRoadmap {
		t.Errorf("focus %v", alice2.Focus())
	}
}

func get(t *testing.T, sh Shared, id string) review.Review {
	t.Helper()
	r, err := sh.Store.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
