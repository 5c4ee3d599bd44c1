package review

import (
	"context"
	"testing"
)

func TestDrafts(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) { testDrafts(t, freshStore(t, b)) })
}

func testDrafts(t *testing.T, s Store) {
	ctx := context.Background()
	if _, ok, err := s.Draft(ctx, "mou-1.1", "alice"); ok || err != nil {
		t.Fatalf("draft before any: %v %v", ok, err)
	}
	if err := s.SaveDraft(ctx, "mou-1.1", "alice", "first"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, "mou-1.1", "alice", "second"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, "mou-1.1", "bob", "bob's"); err != nil {
		t.Fatal(err)
	}
	d, ok, err := s.Draft(ctx, "mou-1.1", "alice")
	if !ok || err != nil || d.Note != "second" || d.At.IsZero() {
		t.Fatalf("draft %+v %v %v", d, ok, err)
	}
	// A draft is not a change: no history, no review.
	if h, _ := s.History(ctx, ""); len(h) != 0 {
		t.Errorf("history %v", h)
	}
	if err := s.DeleteDraft(ctx, "mou-1.1", "alice"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Draft(ctx, "mou-1.1", "alice"); ok {
		t.Error("draft still there")
	}
	if d, ok, _ := s.Draft(ctx, "mou-1.1", "bob"); !ok || d.Note != "bob's" {
		t.Error("bob's draft gone")
	}
	if err := s.SaveDraft(ctx, "mou-1.1", "", "x"); err == nil {
		t.Error("draft without author accepted")
	}
}
