package review

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestAttribution: who set the status and who wrote the note are told apart
// from who changed the item last, follow undos back to whoever had set the
// value before, and come from the history, for All and Get alike.
func TestAttribution(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := freshStore(t, b)
		st := mustWrite(t)(s.SetStatus(ctx, "mou-1.1", OnTrack, "alice"))
		nt := mustWrite(t)(s.SetNote(ctx, "mou-1.1", "bob's note", "bob"))
		mustWrite(t)(s.AddEvidence(ctx, Evidence{ItemID: "mou-1.1", ArticleID: "a", Start: 0, End: 4, Quote: "q", By: "carol"}))
		want := func(step string, statusBy string, statusAt time.Time, noteBy string, noteAt time.Time) {
			t.Helper()
			one, err := s.Get(ctx, "mou-1.1")
			if err != nil {
				t.Fatal(err)
			}
			all, err := s.All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []Review{one, all["mou-1.1"]} {
				if r.StatusBy != statusBy || !r.StatusAt.Equal(statusAt) || r.NoteBy != noteBy || !r.NoteAt.Equal(noteAt) {
					t.Errorf("%s: status by %q at %v, note by %q at %v; want %q at %v, %q at %v",
						step, r.StatusBy, r.StatusAt, r.NoteBy, r.NoteAt, statusBy, statusAt, noteBy, noteAt)
				}
			}
		}
		want("after three reviewers", "alice", st.At, "bob", nt.At)
		if r, _ := s.Get(ctx, "mou-1.1"); r.By != "carol" || r.Evidence[0].By != "carol" {
			t.Errorf("the last changer and the evidence's author: %+v", r)
		}

		// dave sets another status and note; his undo gives both back to
		// alice and bob, with their times.
		d1 := mustWrite(t)(s.SetStatus(ctx, "mou-1.1", Blocked, "dave"))
		d2 := mustWrite(t)(s.SetNote(ctx, "mou-1.1", "dave's note", "dave"))
		want("after dave", "dave", d1.At, "dave", d2.At)
		mustUndo(t, s, "dave")
		mustUndo(t, s, "dave")
		want("after dave's undos", "alice", st.At, "bob", nt.At)

		// An item nobody set a status on: no status author, even with a note.
		mustWrite(t)(s.SetNote(ctx, "mou-1.2", "only a note", "erin"))
		if r, _ := s.Get(ctx, "mou-1.2"); r.StatusBy != "" || !r.StatusAt.IsZero() || r.NoteBy != "erin" {
			t.Errorf("mou-1.2: %+v", r)
		}
		// Undone back to never reviewed: nobody.
		mustUndo(t, s, "erin")
		if r, _ := s.Get(ctx, "mou-1.2"); r.NoteBy != "" || !r.NoteAt.IsZero() {
			t.Errorf("mou-1.2 after the undo: %+v", r)
		}
	})
}

// TestUndoPassesOverRefusedChanges: a refused undo names the change that
// stands in the way; passing over it undoes the older ones, and the
// skipped change is still there to undo once nobody stands in its way.
func TestUndoPassesOverRefusedChanges(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := freshStore(t, b)
		older := mustWrite(t)(s.SetStatus(ctx, "mou-1.2", Done, "alice"))
		blocked := mustWrite(t)(s.SetStatus(ctx, "mou-1.1", OnTrack, "alice"))
		mustWrite(t)(s.SetNote(ctx, "mou-1.1", "bob builds on it", "bob"))

		_, err := s.UndoLast(ctx, "alice")
		var ce *ConflictError
		if !errors.As(err, &ce) || ce.Undo.ID != blocked.ID || ce.By != "bob" {
			t.Fatalf("undo over bob's change: %v (%+v)", err, ce)
		}
		if next, ok, err := s.NextUndoExcept(ctx, "alice", []int64{blocked.ID}); err != nil || !ok || next.ID != older.ID {
			t.Fatalf("next undo passing over %d: %+v %v %v", blocked.ID, next, ok, err)
		}
		u, err := s.UndoLastExcept(ctx, "alice", []int64{blocked.ID})
		if err != nil || u.Undoes != older.ID {
			t.Fatalf("undo passing over: %+v, %v", u, err)
		}
		if r, _ := s.Get(ctx, "mou-1.2"); r.Status != Unreviewed {
			t.Errorf("mou-1.2 not undone: %+v", r)
		}
		if r, _ := s.Get(ctx, "mou-1.1"); r.Status != OnTrack || r.Note != "bob builds on it" {
			t.Errorf("the passed-over item changed: %+v", r)
		}
		if _, err := s.UndoLastExcept(ctx, "alice", []int64{blocked.ID}); !errors.Is(err, ErrNothingToUndo) {
			t.Errorf("nothing left but the passed-over change: %v", err)
		}
		// bob takes his note back: alice's change can be undone again.
		mustUndo(t, s, "bob")
		if u := mustUndo(t, s, "alice"); u.Undoes != blocked.ID {
			t.Errorf("alice's undo took back %d, want %d", u.Undoes, blocked.ID)
		}
		if _, err := s.UndoLastExcept(ctx, "alice", make([]int64, maxSkip+1)); !errors.Is(err, ErrInvalid) {
			t.Errorf("an unbounded skip list: %v", err)
		}
	})
}

// TestChangesSinceAndDrafts: what changed after a change id, bounded; a
// reviewer's drafts, all at once.
func TestChangesSinceAndDrafts(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := freshStore(t, b)
		c1 := mustWrite(t)(s.SetStatus(ctx, "mou-1.1", OnTrack, "alice"))
		c2 := mustWrite(t)(s.SetNote(ctx, "mou-1.2", "n", "bob"))
		c3 := mustWrite(t)(s.SetStatus(ctx, "mou-1.3", Done, "bob"))
		got, err := s.ChangesSince(ctx, c1.ID, 10)
		if err != nil || len(got) != 2 || got[0].ID != c2.ID || got[1].ID != c3.ID || got[0].By != "bob" {
			t.Fatalf("since %d: %+v %v", c1.ID, got, err)
		}
		if got, _ := s.ChangesSince(ctx, 0, 1); len(got) != 1 || got[0].ID != c1.ID {
			t.Errorf("limit 1: %+v", got)
		}
		if _, err := s.ChangesSince(ctx, 0, 0); !errors.Is(err, ErrInvalid) {
			t.Errorf("limit 0: %v", err)
		}
		for _, d := range []struct{ item, who, note string }{{"mou-1.1", "alice", "a1"}, {"mou-2.1", "alice", "line 1\nline 2"}, {"mou-1.1", "bob", "b"}} {
			if err := s.SaveDraft(ctx, d.item, d.who, d.note); err != nil {
				t.Fatal(err)
			}
		}
		ds, err := s.Drafts(ctx, "alice")
		if err != nil || len(ds) != 2 || ds["mou-2.1"].Note != "line 1\nline 2" || ds["mou-1.1"].At.IsZero() || ds["mou-1.1"].Who != "alice" {
			t.Fatalf("alice's drafts: %+v %v", ds, err)
		}
		if ds, _ := s.Drafts(ctx, "carol"); len(ds) != 0 {
			t.Errorf("carol has drafts: %+v", ds)
		}
	})
}
