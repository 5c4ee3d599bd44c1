package review

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

func TestNoOpWritesRecordNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := freshStore(t, b)
		ev := Evidence{ItemID: "mou-1.1", ArticleID: "a1", Start: 3, End: 9, Quote: "lithium", By: "alice"}
		setup := []func() (Change, error){
			func() (Change, error) { return s.SetStatus(ctx, "mou-1.1", OnTrack, "alice") },
			func() (Change, error) { return s.SetNote(ctx, "mou-1.1", "EBRD confirmed", "alice") },
			func() (Change, error) { return s.AddEvidence(ctx, ev) },
		}
		for i, f := range setup {
			if ch, err := f(); err != nil || ch.Unchanged || ch.ID == 0 {
				t.Fatalf("setup %d: %+v, %v", i, ch, err)
			}
		}
		before, _ := s.Get(ctx, "mou-1.1")
		last, _ := s.LastChangeID(ctx)
		tests := []struct {
			name  string
			write func() (Change, error)
			field string
		}{
			{"same status by the same reviewer", func() (Change, error) { return s.SetStatus(ctx, "mou-1.1", OnTrack, "alice") }, FieldStatus},
			{"same status by another reviewer", func() (Change, error) { return s.SetStatus(ctx, "mou-1.1", OnTrack, "bob") }, FieldStatus},
			{"same status at the current version", func() (Change, error) { return s.SetStatusIf(ctx, "mou-1.1", before.Version, OnTrack, "bob") }, FieldStatus},
			{"same note", func() (Change, error) { return s.SetNote(ctx, "mou-1.1", "EBRD confirmed", "bob") }, FieldNote},
			{"same note from a stale editor", func() (Change, error) { return s.SetNoteIf(ctx, "mou-1.1", 1, "EBRD confirmed", "bob") }, FieldNote},
			{"unreviewed on a new item", func() (Change, error) { return s.SetStatus(ctx, "mou-9.9", Unreviewed, "bob") }, FieldStatus},
			{"empty note on a new item", func() (Change, error) { return s.SetNote(ctx, "mou-9.9", "", "bob") }, FieldNote},
			{"the same evidence again", func() (Change, error) { e := ev; e.By = "bob"; return s.AddEvidence(ctx, e) }, FieldEvidenceAdd},
		}
		for _, tt := range tests {
			ch, err := tt.write()
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			if !ch.Unchanged || ch.ID != 0 || ch.Field != tt.field {
				t.Errorf("%s: result %+v, want Unchanged with ID 0 and field %s", tt.name, ch, tt.field)
			}
			if tt.field == FieldEvidenceAdd {
				if e, err := ch.Evidence(); err != nil || e.ID != before.Evidence[0].ID {
					t.Errorf("%s: unchanged result names evidence %+v, %v; want the one attached", tt.name, e, err)
				}
			} else if ch.Old != ch.New {
				t.Errorf("%s: Old %q != New %q", tt.name, ch.Old, ch.New)
			}
		}
		if now, _ := s.LastChangeID(ctx); now != last {
			t.Errorf("no-op writes recorded history: last id %d -> %d", last, now)
		}
		after, _ := s.Get(ctx, "mou-1.1")
		if after.Version != before.Version || after.By != "alice" || !after.At.Equal(before.At) || len(after.Evidence) != 1 {
			t.Errorf("no-op writes changed the item: %+v -> %+v", before, after)
		}
		if _, ok := mustAll(t, s)["mou-9.9"]; ok {
			t.Error("a no-op on a new item created it")
		}
	})
}

// TestNoOpsUnderConcurrency: 30 sessions, each with its own store handle
// (as separate processes would have), flip one item between two statuses
// and set its note to one of two texts. Every recorded change must change
// something, and the history must hold exactly the writes that said so.
func TestNoOpsUnderConcurrency(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		const sessions, each = 30, 8
		loc := b.fresh(t)
		ctx := context.Background()
		var wg sync.WaitGroup
		var mu sync.Mutex
		changed, unchanged := 0, 0
		errs := make(chan error, sessions)
		stores := make([]Store, sessions)
		for i := range stores {
			stores[i] = b.open(t, loc)
		}
		for i := range sessions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, who := stores[i], fmt.Sprintf("s%d", i)
				for j := range each {
					var ch Change
					var err error
					if j%2 == 0 {
						ch, err = s.SetStatus(ctx, "mou-1.1", []Status{OnTrack, AtRisk}[(i+j/2)%2], who)
					} else {
						ch, err = s.SetNote(ctx, "mou-1.1", []string{"A", "B"}[(i/3+j)%2], who)
					}
					if err != nil {
						errs <- fmt.Errorf("session %d write %d: %w", i, j, err)
						return
					}
					mu.Lock()
					if ch.Unchanged {
						unchanged++
					} else {
						changed++
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		hist := checkConsistent(t, stores[0])
		if len(hist) != changed {
			t.Errorf("history has %d rows, but %d writes reported a change (%d reported none)", len(hist), changed, unchanged)
		}
		if unchanged == 0 {
			t.Errorf("no write was a no-op; the test did not exercise them")
		}
		t.Logf("%d sessions: %d changes recorded, %d no-ops not recorded", sessions, changed, unchanged)
	})
}
