package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"dossier/ui/common"
)

// sessionAs is who's dashboard on sh, w×h cells.
func sessionAs(t *testing.T, sh Shared, who string, w, h int) *App {
	t.Helper()
	c := testCommon(t, sh)
	c.Reviewer = who
	a := New(c)
	drive(t, a, a.Init(), tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

// TestFilterOrderAndSavedSearchesPerReviewer: f, o and w through the
// dashboard's keys (in the filter and name prompts every key is typed);
// alice's filter, order and saved search come back in her next session,
// and bob, on the same store, sees none of them.
func TestFilterOrderAndSavedSearchesPerReviewer(t *testing.T) {
	sh := testShared(t)
	alice := sessionAs(t, sh, "alice", 80, 24)
	drive(t, alice, keys("2fq1/")...) // q, 1 and / are typed in the prompt
	if alice.focus != common.PaneRoadmap || !alice.roadmap.Prompt() || !strings.Contains(ansi.Strip(alice.View()), "filter: q1/") {
		t.Fatalf("the filter prompt did not take every key:\n%s", ansi.Strip(alice.View()))
	}
	drive(t, alice, tea.KeyMsg{Type: tea.KeyCtrlU})
	drive(t, alice, keys("mou-1<enter>o")...)
	screen := ansi.Strip(alice.View())
	if !strings.Contains(screen, "3 of 26 items · filter mou-1") || !strings.Contains(screen, "\nlast change first") && !strings.Contains(screen, "┃last change first") {
		t.Fatalf("after f and o:\n%s", screen)
	}
	drive(t, alice, keys("/lithium<esc>w")...)
	if !alice.search.Prompt() || !strings.Contains(ansi.Strip(alice.View()), "save as: lithium") {
		t.Fatalf("w did not ask for a name:\n%s", ansi.Strip(alice.View()))
	}
	drive(t, alice, tea.KeyMsg{Type: tea.KeyCtrlU})
	drive(t, alice, keys("mine 2<enter>")...) // 2 is typed, not the Roadmap
	if alice.focus != common.PaneSearch || !strings.Contains(alice.status.Text, "saved “mine 2”") {
		t.Fatalf("saving: focus %v, status %q", alice.focus, alice.status.Text)
	}

	again := sessionAs(t, sh, "alice", 80, 24)
	drive(t, again, keys("2")...)
	if s := ansi.Strip(again.View()); !strings.Contains(s, "3 of 26 items · filter mou-1") || !strings.Contains(s, "┃last change first") {
		t.Errorf("alice's next session does not keep her filter and order:\n%s", s)
	}
	drive(t, again, keys("4")...)
	if s := ansi.Strip(again.View()); !strings.Contains(s, "Saved searches (1)") || !strings.Contains(s, "mine 2") || !strings.Contains(s, "0 new") {
		t.Errorf("alice's next session does not list her saved search:\n%s", s)
	}

	bob := sessionAs(t, sh, "bob", 80, 24)
	drive(t, bob, keys("2")...)
	if s := ansi.Strip(bob.View()); strings.Contains(s, "of 26 items") || strings.Contains(s, "last change first") {
		t.Errorf("bob sees alice's filter:\n%s", s)
	}
	drive(t, bob, keys("4")...)
	if s := ansi.Strip(bob.View()); strings.Contains(s, "Saved searches") || strings.Contains(s, "mine 2") {
		t.Errorf("bob sees alice's saved search:\n%s", s)
	}
}

// TestOrderKeyAndStatusHints: in the Roadmap, o orders the list, while d,
// b, r and u alone still say that s comes first.
func TestOrderKeyAndStatusHints(t *testing.T) {
	a := sessionAs(t, testShared(t), "alice", 80, 24)
	drive(t, a, keys("2o")...)
	if !strings.Contains(a.status.Text, "listed last change first") {
		t.Errorf("o says %q", a.status.Text)
	}
	drive(t, a, keys("b")...)
	if a.status.Text != "s then b sets blocked" {
		t.Errorf("b says %q", a.status.Text)
	}
}
