package library

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
)

// TestSnapshotValue: a value is computed once for every caller, and a
// computation that panics is the callers' error, not a crash.
func TestSnapshotValue(t *testing.T) {
	s := NewSnapshot(nil, nil, nil)
	var runs atomic.Int32
	for range 3 {
		v, err := s.Value(context.Background(), "answer", func() any { runs.Add(1); return 42 })
		if err != nil || v != 42 {
			t.Fatalf("got %v, %v", v, err)
		}
	}
	if runs.Load() != 1 {
		t.Errorf("computed %d times", runs.Load())
	}
	for range 2 {
		_, err := s.Value(context.Background(), "boom", func() any { panic("index out of range") })
		if err == nil || !strings.Contains(err.Error(), "boom failed: index out of range") {
			t.Errorf("a panicking computation gave %v", err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	block := make(chan struct{})
	defer close(block)
	if _, err := s.Value(ctx, "slow", func() any { <-block; return nil }); err != context.Canceled {
		t.Errorf("a caller that gave up got %v", err)
	}
}
