package review

import (
	"context"
	"reflect"
	"testing"
)

// TestAllSeesEveryChange: a server's store answers All (and an item's
// History) from its last answer while nobody changes a review; every kind of change, made through
// it or through another handle on the same store (another process, a CLI),
// shows in its next All and History, which are always what a store opened
// afresh reads; and what they return is the caller's own to change.
func TestAllSeesEveryChange(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		loc := b.fresh(t)
		server, cli := b.open(t, loc), b.open(t, loc)
		// afresh opens the store again, keeping nothing: what it reads is
		// what the tables hold.
		afresh := func() Store {
			st := b.open(t, loc)
			st.(*sqlStore).keepsReads = false
			return st
		}
		check := func(step string) {
			t.Helper()
			got, err := server.All(ctx)
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			want, err := afresh().All(ctx)
			if err != nil {
				t.Fatalf("%s: a fresh store: %v", step, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: All gives\n%+v\na store opened afresh reads\n%+v", step, got, want)
			}
			// AllWithID: the same reviews and the id of the newest change,
			// from one read (the server's) or from LastChangeID and All.
			wantID, err := afresh().LastChangeID(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range []Store{server, struct{ Store }{server}} {
				all, id, err := AllWithID(ctx, st)
				if err != nil || id != wantID || !reflect.DeepEqual(all, want) {
					t.Fatalf("%s: AllWithID (%T) gives change %d (%v) and\n%+v\nwant change %d and\n%+v", step, st, id, err, all, wantID, want)
				}
			}
			// The caller's own, read or kept: changing it changes no later answer.
			for i := range 3 {
				for id, r := range got {
					r.Note = "changed by the caller"
					if len(r.Evidence) > 0 {
						r.Evidence[0].Quote = "changed by the caller"
					}
					got[id] = r
				}
				got["added-by-the-caller"] = Review{ItemID: "added-by-the-caller"}
				if got, err = server.All(ctx); err != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: changing All's answer changed answer %d after it (%v)", step, i+1, err)
				}
			}
		}
		checkHistory := func(step string) {
			t.Helper()
			fresh := afresh()
			for _, id := range []string{"mou-1.1", "mou-1.2", "mou-1.1"} {
				got, err := server.History(ctx, id)
				if err != nil {
					t.Fatalf("%s: %v", step, err)
				}
				want, err := fresh.History(ctx, id)
				if err != nil {
					t.Fatalf("%s: a fresh store: %v", step, err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: History(%s) gives\n%+v\na store opened afresh reads\n%+v", step, id, got, want)
				}
				for n := range 3 { // read, then kept
					for i := range got {
						got[i].New = "changed by the caller"
					}
					if got, err = server.History(ctx, id); err != nil || !reflect.DeepEqual(got, want) {
						t.Fatalf("%s: changing History(%s)'s answer changed answer %d after it (%v)", step, id, n+1, err)
					}
				}
			}
		}
		must := func(ch Change, err error) Change {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return ch
		}
		check("empty")
		checkHistory("empty")
		must(server.SetStatus(ctx, "mou-1.1", OnTrack, "alice"))
		check("a status set by the server")
		checkHistory("a status set by the server")
		must(cli.SetNote(ctx, "mou-1.1", "first note", "bob"))
		check("a note set by another process")
		checkHistory("a note set by another process")
		ev := must(cli.AddEvidence(ctx, Evidence{ItemID: "mou-1.1", ArticleID: "a1", Start: 0, End: 5, Quote: "lithium", By: "bob"}))
		check("evidence added by another process")
		checkHistory("evidence added by another process")
		must(server.AddEvidence(ctx, Evidence{ItemID: "mou-1.2", ArticleID: "a2", Start: 3, End: 9, Quote: "cobalt", By: "alice"}))
		check("evidence added by the server")
		checkHistory("evidence added by the server")
		e, err := ev.Evidence()
		if err != nil {
			t.Fatal(err)
		}
		must(cli.RemoveEvidence(ctx, e.ID, "bob"))
		check("evidence removed by another process")
		checkHistory("evidence removed by another process")
		must(cli.UndoLast(ctx, "bob"))
		check("an undo by another process")
		checkHistory("an undo by another process")
		must(server.SetStatusIf(ctx, "mou-1.1", -1, AtRisk, "alice"))
		check("a status set again by the server")
		checkHistory("a status set again by the server")

		// Nothing changed since: the kept answer, no read of the tables.
		if s := server.(*sqlStore); b.name == "sqlite" {
			before := s.allReads.Load()
			for range 3 {
				if _, err := server.All(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if n := s.allReads.Load() - before; n != 0 {
				t.Errorf("All read the tables %d times with nothing changed; want 0", n)
			}
			hbefore := s.historyReads.Load()
			for range 3 {
				if _, err := server.History(ctx, "mou-1.1"); err != nil {
					t.Fatal(err)
				}
			}
			if n := s.historyReads.Load() - hbefore; n != 0 {
				t.Errorf("History read the table %d times with nothing changed; want 0", n)
			}
		}
	})
}
