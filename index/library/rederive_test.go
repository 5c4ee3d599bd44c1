package library

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dossier/model"
)

// TestMissingDerivedDataIsSearchableMeanwhile: a generation built with no
// Deriver (a one-shot search builds it so) and opened with one is read
// again only for its derived data. While that runs, the generation is
// published as a partial snapshot that answers searches as the corpus in
// memory does; the progress counts every article in StageDerive (not an
// empty StageIndex); at the end each article has its data. The same holds
// for a copied cache (the next generation links its files, which moves
// their change time while the partial snapshot is searched).
func TestMissingDerivedDataIsSearchableMeanwhile(t *testing.T) {
	for _, copied := range []bool{false, true} {
		t.Run(fmt.Sprintf("copied=%v", copied), func(t *testing.T) { searchableWhileDeriving(t, copied) })
	}
}

func searchableWhileDeriving(t *testing.T, copied bool) {
	const n = 40
	dir := longCorpus(t, n)
	o := newOpener(t, dir)
	o.open().Close() // no Deriver
	if copied {
		copyCacheInPlace(t, o)
	}
	mem := inMemory(t, dir)

	release := make(chan struct{})
	var calls atomic.Int32
	var mu sync.Mutex
	var stages []Progress
	partial := make(chan *Snapshot, 4)
	opts := o.options()
	opts.Deriver = &Deriver{Version: "test 1", Derive: func(ctx context.Context, doc model.Document, ref model.Article) ([]byte, error) {
		if calls.Add(1) == 1 {
			select {
			case <-release:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		return []byte(fmt.Sprintf("%s:%d", doc.ID, len(doc.Body))), nil
	}}
	opts.Partial = func(s *Snapshot) { partial <- s }
	opts.Progress = func(p Progress) { mu.Lock(); stages = append(stages, p); mu.Unlock() }
	type opened struct {
		l   *Library
		err error
	}
	done := make(chan opened, 1)
	go func() { l, err := Open(context.Background(), opts); done <- opened{l, err} }()

	select {
	case s := <-partial:
		if !s.Partial || s.Corpus.Len() != n {
			t.Errorf("partial snapshot: Partial %v, %d articles, want a partial one of %d", s.Partial, s.Corpus.Len(), n)
		}
		sameAsMemory(t, "while deriving", s, mem)
	case r := <-done:
		t.Fatalf("the open ended (%v) before any snapshot was published while deriving", r.err)
	case <-time.After(30 * time.Second):
		t.Fatal("no partial snapshot within 30 s while the derived data was computed")
	}
	close(release)
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	defer r.l.Close()
	all := r.l.Snapshot().AllDerived()
	if len(all) != n {
		t.Errorf("derived data for %d articles, want %d", len(all), n)
	}
	mu.Lock()
	defer mu.Unlock()
	var derive []int
	for _, p := range stages {
		if p.Stage == StageIndex && p.Total == 0 {
			t.Errorf("progress reported indexing 0 of 0")
		}
		if p.Stage == StageDerive {
			if p.Total != n {
				t.Errorf("StageDerive counts %d articles, want %d", p.Total, n)
			}
			derive = append(derive, p.Done)
		}
	}
	if len(derive) == 0 || derive[0] != 0 || derive[len(derive)-1] != n || !slices.IsSorted(derive) {
		t.Errorf("StageDerive progress %v, want 0 … %d in order", derive, n)
	}
}

// TestWarmOpenWithWholeDerivedDataPlansNothing: a warm open of a
// generation that keeps derived data for every article decides that
// nothing changed without comparing it file by file (no plan, nothing
// derived again) and serves that data; after a change, the plan runs and
// only the changed article is derived again.
func TestWarmOpenWithWholeDerivedDataPlansNothing(t *testing.T) {
	const n = 30
	dir := longCorpus(t, n)
	o := newOpener(t, dir)
	var derived, planned atomic.Int32
	opts := o.options()
	opts.Deriver = &Deriver{Version: "test 1", Derive: func(ctx context.Context, doc model.Document, ref model.Article) ([]byte, error) {
		derived.Add(1)
		return []byte(fmt.Sprintf("%s:%d", doc.ID, len(doc.Body))), nil
	}}
	hooks := testHooks{planned: func() { planned.Add(1) }}
	openOnce := func(name string) map[string][]byte {
		t.Helper()
		derived.Store(0)
		planned.Store(0)
		l, err := open(context.Background(), opts, hooks)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer l.Close()
		return l.Snapshot().AllDerived()
	}
	if all := openOnce("cold"); len(all) != n || derived.Load() != n {
		t.Fatalf("cold: %d derived, %d kept, want %d", derived.Load(), len(all), n)
	}
	for i := range 2 {
		all := openOnce("warm")
		if planned.Load() != 0 || derived.Load() != 0 || len(all) != n {
			t.Errorf("warm open %d: %d plans, %d derived again, %d kept; want 0, 0, %d", i, planned.Load(), derived.Load(), len(all), n)
		}
	}
	path := filepath.Join(dir, "l005.txt")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("test setup: %v", err)
	}
	write(t, path, "date 2024-03-01\nChanged\n\nNow about zirconquartz.")
	all := openOnce("after a change")
	if planned.Load() != 1 || derived.Load() != 1 || len(all) != n {
		t.Errorf("after a change: %d plans, %d derived, %d kept; want 1, 1, %d", planned.Load(), derived.Load(), len(all), n)
	}
	if got := string(all["l005"]); !strings.HasPrefix(got, "l005:") || got == fmt.Sprintf("l005:%d", 0) {
		t.Errorf("l005.s data %q", got)
	}
}

// TestFailedRederiveServesTheGeneration: when the generation read again
// for its derived data cannot be written (a full disk), the generation
// searched meanwhile is served as it is, with a notice, not closed under
// its searches; the next open derives and keeps the data.
func TestFailedRederiveServesTheGeneration(t *testing.T) {
	const n = 20
	dir := longCorpus(t, n)
	o := newOpener(t, dir)
	o.open().Close() // no Deriver
	mem := inMemory(t, dir)
	var notes []string
	var mu sync.Mutex
	opts := o.options()
	opts.Notice = func(s string) { mu.Lock(); notes = append(notes, s); mu.Unlock() }
	opts.Deriver = &Deriver{Version: "test 1", Derive: func(ctx context.Context, doc model.Document, ref model.Article) ([]byte, error) {
		return []byte(doc.ID), nil
	}}
	opts.Partial = func(*Snapshot) {}
	l, err := open(context.Background(), opts, testHooks{finish: func() error { return fmt.Errorf("no space left on device") }})
	if err != nil {
		t.Fatalf("open with the write failing: %v", err)
	}
	s := l.Snapshot()
	if s == nil || s.Partial || s.Corpus.Len() != n {
		t.Fatalf("served %+v, want the whole generation", s)
	}
	sameAsMemory(t, "served after the failed write", s, mem)
	mu.Lock()
	if len(notes) != 1 || !strings.Contains(notes[0], "no space left on device") {
		t.Errorf("notices %q, want one naming the failure", notes)
	}
	mu.Unlock()
	l.Close()

	l, err = open(context.Background(), opts, testHooks{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if got := len(l.Snapshot().AllDerived()); got != n {
		t.Errorf("the next open kept derived data for %d articles, want %d", got, n)
	}
}
