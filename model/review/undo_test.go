package review

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func mustUndo(t *testing.T, s Store, who string) Change {
	t.Helper()
	ch, err := s.UndoLast(context.Background(), who)
	if err != nil {
		t.Fatalf("UndoLast(%s): %v", who, err)
	}
	return ch
}

// mustWrite returns a checker for a write that must change something.
func mustWrite(t *testing.T) func(Change, error) Change {
	return func(ch Change, err error) Change {
		t.Helper()
		if err != nil || ch.Unchanged {
			t.Fatalf("write: %+v, %v", ch, err)
		}
		return ch
	}
}

// TestUndoOwnChangesInOrder: several of one's own changes, mixed kinds and
// items, undo one after the other, newest first, and then nothing is left.
func TestUndoOwnChangesInOrder(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := freshStore(t, b)
		c1 := mustWrite(t)(s.SetStatus(ctx, "mou-1.1", OnTrack, "alice"))
		c2 := mustWrite(t)(s.SetStatus(ctx, "mou-1.1", AtRisk, "alice"))
		c3 := mustWrite(t)(s.SetNote(ctx, "mou-1.1", "slipping", "alice"))
		c4 := mustWrite(t)(s.SetStatus(ctx, "mou-1.2", Done, "alice"))
		c5 := mustWrite(t)(s.AddEvidence(ctx, Evidence{ItemID: "mou-1.1", ArticleID: "a", Start: 1, End: 5, Quote: "q", By: "alice"}))
		c6 := mustWrite(t)(s.RemoveEvidence(ctx, mustEvidence(t, c5).ID, "alice"))

		if next, ok, err := s.NextUndo(ctx, "alice"); err != nil || !ok || next.ID != c6.ID {
			t.Fatalf("NextUndo = %+v, %v, %v; want change %d", next, ok, err, c6.ID)
		}
		for i, want := range []Change{c6, c5, c4, c3, c2, c1} {
			u := mustUndo(t, s, "alice")
			if u.Undoes != want.ID || u.By != "alice" || u.ItemID != want.ItemID {
				t.Fatalf("undo %d: %+v, want the undo of %+v", i+1, u, want)
			}
			if want.Field == FieldStatus || want.Field == FieldNote {
				if u.Field != want.Field || u.Old != want.New || u.New != want.Old {
					t.Errorf("undo %d: %s %q -> %q, want %q -> %q", i+1, u.Field, u.Old, u.New, want.New, want.Old)
				}
			}
			switch i {
			case 0: // the removal undone: the evidence is back with its id
				if r, _ := s.Get(ctx, "mou-1.1"); len(r.Evidence) != 1 || r.Evidence[0].ID != mustEvidence(t, c5).ID {
					t.Errorf("after undoing the removal: %+v", r.Evidence)
				}
			case 1:
				if r, _ := s.Get(ctx, "mou-1.1"); len(r.Evidence) != 0 {
					t.Errorf("after undoing the addition: %+v", r.Evidence)
				}
			}
		}
		for _, id := range []string{"mou-1.1", "mou-1.2"} {
			r, _ := s.Get(ctx, id)
			if r.Status != Unreviewed || r.Note != "" || r.By != "" || !r.At.IsZero() || len(r.Evidence) != 0 {
				t.Errorf("%s after undoing everything: %+v, want as never reviewed", id, r)
			}
		}
		if _, err := s.UndoLast(ctx, "alice"); !errors.Is(err, ErrNothingToUndo) {
			t.Errorf("seventh undo: %v, want ErrNothingToUndo", err)
		}
		if _, ok, _ := s.NextUndo(ctx, "alice"); ok {
			t.Error("NextUndo still offers a change")
		}
		h, _ := s.History(ctx, "")
		if len(h) != 12 {
			t.Errorf("history has %d rows, want 6 changes and 6 undos", len(h))
		}
	})
}

// TestUndoAcrossRestartAndUsers: alice changes bob's item; after a restart
// her undo puts back bob as the reviewer, with his time. When bob has
// changed the item after her, her undo is refused, naming him and when;
// once bob undoes his change, hers can be undone.
func TestUndoAcrossRestartAndUsers(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		loc := b.fresh(t)
		s := b.open(t, loc)
		mustWrite(t)(s.SetStatus(ctx, "mou-1.1", OnTrack, "bob"))
		bobs, _ := s.Get(ctx, "mou-1.1")
		time.Sleep(5 * time.Millisecond)
		mustWrite(t)(s.SetStatus(ctx, "mou-1.1", Blocked, "alice"))
		mustWrite(t)(s.SetNote(ctx, "mou-1.1", "alice's note", "alice"))
		s.Close()

		s = b.open(t, loc) // a restart
		mustUndo(t, s, "alice")
		u := mustUndo(t, s, "alice")
		r, _ := s.Get(ctx, "mou-1.1")
		if r.Status != OnTrack || r.Note != "" || r.By != "bob" || !r.At.Equal(bobs.At) {
			t.Fatalf("after alice's undos: %+v; want bob's review (%s at %v)", r, bobs.Status, bobs.At)
		}
		if u.PrevBy != "alice" || u.Undoes == 0 {
			t.Errorf("undo row %+v", u)
		}

		// alice changes again, then bob: alice may not undo over bob.
		a := mustWrite(t)(s.SetStatus(ctx, "mou-1.1", Done, "alice"))
		bch := mustWrite(t)(s.SetNote(ctx, "mou-1.1", "bob disagrees", "bob"))
		before, _ := s.LastChangeID(ctx)
		_, err := s.UndoLast(ctx, "alice")
		var ce *ConflictError
		if !errors.As(err, &ce) {
			t.Fatalf("undo over bob's change: %v, want *ConflictError", err)
		}
		if ce.By != "bob" || !ce.At.Equal(bch.At) || !strings.Contains(ce.Error(), "bob changed mou-1.1 (note) on ") ||
			!strings.Contains(ce.Error(), HumanTime(bch.At)) || ce.Current.Note != "bob disagrees" {
			t.Errorf("conflict %+v: %v", ce, err)
		}
		if after, _ := s.LastChangeID(ctx); after != before {
			t.Error("a refused undo wrote history")
		}
		// bob undoes his note; now alice's status change can be undone.
		mustUndo(t, s, "bob")
		u = mustUndo(t, s, "alice")
		if u.Undoes != a.ID {
			t.Errorf("alice's undo took back %d, want %d", u.Undoes, a.ID)
		}
		if r, _ := s.Get(ctx, "mou-1.1"); r.Status != OnTrack || r.By != "bob" || !r.At.Equal(bobs.At) {
			t.Errorf("after both undos: %+v", r)
		}
		// Undo is per reviewer: bob's first change is still his to undo.
		if next, ok, _ := s.NextUndo(ctx, "bob"); !ok || next.New != "on track" {
			t.Errorf("bob's next undo: %+v %v", next, ok)
		}
	})
}
