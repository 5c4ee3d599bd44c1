package review

import (
	"context"
	"testing"
	"time"
)

// nextNotice waits for a notice on ch.
func nextNotice(t *testing.T, ch <-chan Notice, d time.Duration) Notice {
	t.Helper()
	select {
	case n, ok := <-ch:
		if !ok {
			t.Fatal("watch channel closed")
		}
		return n
	case <-time.After(d):
		t.Fatalf("no notice within %v", d)
	}
	return Notice{}
}

// TestWatchSeesOtherWriters: a change made through another handle (as
// another process or host would) reaches every watcher, and the channel
// closes when the watcher's context ends.
func TestWatchSeesOtherWriters(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		loc := b.fresh(t)
		s, other := b.open(t, loc), b.open(t, loc)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		w1, w2 := s.Watch(ctx), s.Watch(ctx)
		if n := nextNotice(t, w1, 3*time.Second); n.LastChangeID != 0 || !n.Available() || n.Status() != "" {
			t.Fatalf("first notice %+v", n)
		}
		nextNotice(t, w2, 3*time.Second)
		ch, err := other.SetStatus(context.Background(), "mou-1.1", Done, "bob")
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		for _, w := range []<-chan Notice{w1, w2} {
			if n := nextNotice(t, w, 3*time.Second); n.LastChangeID != ch.ID {
				t.Errorf("notice %+v, want change %d", n, ch.ID)
			}
		}
		t.Logf("%s: change seen after %v", b.name, time.Since(start))
		// A no-op sends nothing.
		other.SetStatus(context.Background(), "mou-1.1", Done, "bob")
		select {
		case n := <-w1:
			t.Errorf("notice after a no-op: %+v", n)
		case <-time.After(1500 * time.Millisecond):
		}
		cancel()
		deadline := time.After(3 * time.Second)
		for open := true; open; {
			select {
			case _, open = <-w1:
			case <-deadline:
				t.Fatal("watch channel not closed after its context ended")
			}
		}
	})
}
