package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

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

// TestUndoFromTheReader: after attaching a passage from the reader, the
// status line offers z, and z works there, without leaving the reader.
func TestUndoFromTheReader(t *testing.T) {
	a := newApp(t, 120, 35)
	for _, k := range []string{"/", "l", "i", "t", "h", "i", "u", "m", "enter", "a", "enter"} {
		step(t, a, keyMsg(k))
	}
	if a.Focus() != common.PaneReader || !strings.Contains(statusLine(a), "attached to mou-1.1 · z undoes") {
		t.Fatalf("after attaching: focus %v, status %q", a.Focus(), statusLine(a))
	}
	if r, _ := a.c.Store.Get(context.Background(), "mou-1.1"); len(r.Evidence) != 1 {
		t.Fatalf("evidence %+v", r.Evidence)
	}
	step(t, a, keyMsg("z"))
	if r, _ := a.c.Store.Get(context.Background(), "mou-1.1"); len(r.Evidence) != 0 {
		t.Fatalf("z in the reader left %+v", r.Evidence)
	}
	if a.Focus() != common.PaneReader || !strings.HasPrefix(statusLine(a), "undone: mou-1.1 evidence taken off again") {
		t.Errorf("after z: focus %v, status %q", a.Focus(), statusLine(a))
	}
}

// TestRefusalWrapsInTheStatusLine: at 80x24 a refused undo is shown whole,
// on as many lines as it takes, and the screen keeps its size.
func TestRefusalWrapsInTheStatusLine(t *testing.T) {
	a := newApp(t, 80, 24)
	for _, k := range []string{"2", "s", "o"} {
		step(t, a, keyMsg(k))
	}
	if _, err := a.c.Store.SetNote(context.Background(), "mou-1.1", "bob's note", "bob"); err != nil {
		t.Fatal(err)
	}
	step(t, a, keyMsg("z"))
	text := statusLine(a)
	if !strings.Contains(text, "can't be undone") {
		t.Fatalf("status %q", text)
	}
	lines := strings.Split(a.View(), "\n")
	if len(lines) != 24 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w != 80 {
			t.Fatalf("a line of %d cells: %q", w, l)
		}
	}
	var footer []string
	for _, l := range lines[len(lines)-a.footerH:] {
		footer = append(footer, strings.TrimSpace(l))
	}
	if a.footerH < 2 || strings.Join(footer, " ") != text {
		t.Errorf("the footer (%d lines) is not the whole message:\n%s\nwant %q", a.footerH, strings.Join(footer, "\n"), text)
	}
	// The next key clears it: the footer is one line again, the panes grow back.
	step(t, a, keyMsg("j"))
	if a.footerH != 1 || len(strings.Split(a.View(), "\n")) != 24 {
		t.Errorf("after a key: footer of %d lines", a.footerH)
	}
}
