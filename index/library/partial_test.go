package library

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"dossier/index"
)

// TestBuildKeepsOnePartialSnapshot: a long build shows partial snapshots
// as it goes, each with a corpus of every article read so far; the one a
// new partial replaces is closed during the build (its memory let go), so
// at most two are open at any time instead of every one made so far.
func TestBuildKeepsOnePartialSnapshot(t *testing.T) {
	dir := corpusDir(t, 600)
	var (
		mu       sync.Mutex
		partials []*Snapshot
		open     int  // most partials open at once, seen at each new one
		late     bool // one was not closed in time: wait no more
	)
	isOpen := func(s *Snapshot) bool {
		_, err := s.Index.Search(context.Background(), index.Request{Query: "lithium"})
		return !errors.Is(err, index.ErrClosed)
	}
	opts := Options{Dirs: []string{dir}, CacheDir: t.TempDir(), PartialEvery: time.Millisecond,
		Partial: func(s *Snapshot) {
			mu.Lock()
			defer mu.Unlock()
			partials = append(partials, s)
			// The partial before the previous one was closed beside the
			// build: give that close a moment, then count the open ones.
			if n := len(partials); n >= 3 && !late {
				deadline := time.Now().Add(5 * time.Second)
				for isOpen(partials[n-3]) && time.Now().Before(deadline) {
					time.Sleep(time.Millisecond)
				}
				late = isOpen(partials[n-3])
			}
			n := 0
			for _, p := range partials {
				if isOpen(p) {
					n++
				}
			}
			open = max(open, n)
		}}
	l, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	mu.Lock()
	defer mu.Unlock()
	if len(partials) < 3 {
		t.Skipf("the build of 600 articles made %d partial snapshots, too few to tell", len(partials))
	}
	if open > 2 {
		t.Errorf("%d partial snapshots were open at once during the build, want at most 2 (the new one and the one it replaces)", open)
	}
	for i, p := range partials {
		if isOpen(p) {
			t.Errorf("partial snapshot %d of %d is still open after the build", i+1, len(partials))
		}
		if !p.Partial {
			t.Errorf("partial snapshot %d is not marked partial", i+1)
		}
	}
	if got := l.Snapshot().Corpus.Len(); got != 600 {
		t.Errorf("the built corpus has %d articles, want 600", got)
	}
}
