package ui

import (
	"reflect"
	"testing"

	tl "dossier/model/timeline"
)

// The catalogue's milestones are made once for every session of a
// process, not in each session's timeline pane.
func TestSessionsShareMilestones(t *testing.T) {
	sh := testShared(t).WithMilestones()
	want := tl.Milestones(sh.Roadmap)
	if len(want) == 0 {
		t.Fatal("the seed catalogue has no dated milestone")
	}
	a, b := testCommon(t, sh), testCommon(t, sh)
	if !reflect.DeepEqual(a.Milestones, want) {
		t.Fatalf("a session's milestones differ from the catalogue's:\n%v\n%v", a.Milestones, want)
	}
	if &a.Milestones[0] != &b.Milestones[0] || &a.Milestones[0] != &sh.Milestones[0] {
		t.Fatal("each session made its own milestones")
	}
	// Without them made, a session still has its catalogue's.
	sh.Milestones = nil
	if c := testCommon(t, sh); !reflect.DeepEqual(c.Milestones, want) {
		t.Fatal("a session of a Shared without milestones has none")
	}
}
