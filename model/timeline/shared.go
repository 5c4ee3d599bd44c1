package timeline

import (
	"context"
	"fmt"
	"sync"

	"dossier/model"
)

// Shared builds a corpus's timeline once, in its own goroutine, for every
// caller (all the sessions of a server share one). A caller that stops
// waiting (its context ends) leaves the build running for the others;
// Close stops the build itself.
type Shared struct {
	docs       []Doc
	milestones []Milestone
	start      sync.Once
	done       chan struct{}
	ctx        context.Context
	cancel     context.CancelFunc
	tl         Timeline
	err        error
}

// NewShared prepares the timeline of a corpus and the catalogue's
// milestones; nothing is extracted before the first Wait or Get.
func NewShared(c *model.Corpus, milestones ...Milestone) *Shared {
	ctx, cancel := context.WithCancel(context.Background())
	return &Shared{docs: FromCorpus(c), milestones: milestones, done: make(chan struct{}), ctx: ctx, cancel: cancel}
}

// Wait returns the timeline, starting the build on the first call; later
// and concurrent calls wait for that build. ctx bounds this caller's wait
// only. Callers must not modify the result.
func (s *Shared) Wait(ctx context.Context) (Timeline, error) {
	s.start.Do(func() { go s.build() })
	select {
	case <-s.done:
		return s.tl, s.err
	case <-ctx.Done():
		return Timeline{}, ctx.Err()
	}
}

// build runs the extraction; a panic becomes the error of every waiter
// instead of ending the process.
func (s *Shared) build() {
	defer close(s.done)
	defer func() {
		if r := recover(); r != nil {
			s.err = fmt.Errorf("timeline: building failed: %v", r)
		}
	}()
	s.tl, s.err = Build(s.ctx, s.docs, s.milestones)
}

// Get waits for the timeline without a deadline and returns its events
// and undated article ids; both are nil when the build failed or was
// closed. Prefer Wait.
func (s *Shared) Get() ([]Event, []string) {
	tl, err := s.Wait(context.Background())
	if err != nil {
		return nil, nil
	}
	return tl.Events, tl.Undated
}

// Close stops a running build (a new corpus replaces this one, or the
// program ends); waiting callers then get context.Canceled.
func (s *Shared) Close() { s.cancel() }
