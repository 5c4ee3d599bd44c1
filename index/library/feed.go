package library

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"dossier/model"
)

// State is what a Feed publishes: the corpus as far as it is loaded.
type State struct {
	Seq      int       // grows with every change of state
	Snap     *Snapshot // nil until the first articles are searchable
	Progress Progress
	Err      error    // loading failed (the last good Snap, if any, stays)
	Notices  []string // one-line notices, oldest first (damaged cache, new articles …); the last 20
	// NoticeCount counts every notice ever added: it grows with each new
	// one, also once Notices is full (compare it, not len(Notices)).
	NoticeCount int
	Warnings    int // files skipped or only partly understood (by the latest scan)
	// Skipped are those files and why, the first MaxSkipped of them.
	Skipped []model.Warning
	Final   bool // nothing will change any more: stop waiting (never while the folders are followed)
}

// MaxSkipped bounds the skipped files a State lists (Warnings counts them all).
const MaxSkipped = 200

// Feed publishes the state of a library being loaded (and later followed)
// to any number of readers, each waiting for the next change. Safe for
// concurrent use.
type Feed struct {
	mu      sync.Mutex
	state   State
	changed chan struct{} // closed and replaced at every change
	lib     *Library
	follow  *follower   // the folders' watcher, when followed (watch.go)
	quiet   atomic.Bool // a refresh runs: its progress and warnings are the follower's
	stop    func()      // cancels Start's loading and waits for it
	checks  sync.WaitGroup
	checked bool   // the background check of the kept index runs (check.go)
	early   *early // what is read before the library is opened (early.go)
}

// NewFeed returns a feed with nothing loaded.
func NewFeed() *Feed { return &Feed{changed: make(chan struct{}), early: &early{}} }

// Loaded returns a feed of a snapshot that is already loaded and never
// changes (tests, a corpus opened by the caller).
func Loaded(s *Snapshot) *Feed {
	f := NewFeed()
	f.Publish(s, true)
	return f
}

// Publish makes s the current snapshot, ready; final says no change will
// follow.
func (f *Feed) Publish(s *Snapshot, final bool) {
	n := s.Corpus.Len()
	f.update(func(st *State) {
		st.Snap, st.Final = s, final
		st.Progress = Progress{Stage: StageReady, Done: n, Total: n}
	})
}

// State returns the current state.
func (f *Feed) State() State {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state
}

// Wait returns the state once its Seq is past seq, or the current one when
// ctx ends.
func (f *Feed) Wait(ctx context.Context, seq int) State {
	for {
		f.mu.Lock()
		st, ch := f.state, f.changed
		f.mu.Unlock()
		if st.Seq > seq {
			return st
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return st
		}
	}
}

// update changes the state and wakes the readers.
func (f *Feed) update(change func(*State)) {
	f.mu.Lock()
	change(&f.state)
	f.state.Seq++
	close(f.changed)
	f.changed = make(chan struct{})
	f.mu.Unlock()
}

// Notice adds a one-line notice.
func (f *Feed) Notice(s string) {
	f.update(func(st *State) { st.addNotice(s) })
}

// maxNotices is how many notices a State keeps.
const maxNotices = 20

// addNotice appends a notice, dropping the oldest beyond maxNotices.
func (st *State) addNotice(s string) {
	st.Notices = append(st.Notices, s)
	if len(st.Notices) > maxNotices {
		st.Notices = append([]string(nil), st.Notices[len(st.Notices)-maxNotices:]...)
	}
	st.NoticeCount++
}

// progressEvery bounds how often progress alone is published.
const progressEvery = 100 * time.Millisecond

// Start opens the library in the background, publishing its progress,
// partial snapshots of a long build, notices and the result. It returns at
// once: a dashboard draws before any corpus file is read.
func Start(ctx context.Context, opts Options) *Feed {
	return start(ctx, opts, testHooks{})
}

func start(ctx context.Context, opts Options, hooks testHooks) *Feed {
	f := NewFeed()
	f.early = newEarly(opts)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	f.stop = func() { cancel(); <-done }
	go func() {
		defer close(done)
		f.open(ctx, f.hook(opts), hooks)
	}()
	return f
}

// hook makes the options publish on the feed: warnings, notices, progress
// and partial snapshots.
func (f *Feed) hook(opts Options) Options {
	var last time.Time
	opts.early = f.early
	warn, notice, partial, replaced := opts.Warn, opts.Notice, opts.Partial, opts.Replaced
	opts.Warn = func(w model.Warning) {
		if warn != nil {
			warn(w)
		}
		if !f.quiet.Load() {
			f.update(func(st *State) {
				st.Warnings++
				if len(st.Skipped) < MaxSkipped {
					st.Skipped = append(st.Skipped[:len(st.Skipped):len(st.Skipped)], w)
				}
			})
		}
	}
	opts.Notice = func(s string) {
		if notice != nil {
			notice(s)
		}
		f.Notice(s)
	}
	opts.Progress = func(p Progress) {
		if f.quiet.Load() && (p.Stage != StageIndex && p.Stage != StageDerive || p.Total < quietBelow) {
			return // a small refresh: the header stays "ready"
		}
		if p.Stage != StageReady && p.Done != 0 && p.Done != p.Total && time.Since(last) < progressEvery {
			return
		}
		last = time.Now()
		f.update(func(st *State) { st.Progress = p })
	}
	opts.Partial = func(s *Snapshot) {
		if partial != nil {
			partial(s)
		}
		f.update(func(st *State) { st.Snap = s })
	}
	opts.Replaced = func(s *Snapshot) {
		if replaced != nil {
			replaced(s)
		}
		f.update(func(st *State) {
			st.Snap, st.Err = s, nil
			st.Progress = Progress{Stage: StageReady, Done: s.Corpus.Len(), Total: s.Corpus.Len()}
		})
	}
	return opts
}

// open opens the library and publishes it, or why it failed.
func (f *Feed) open(ctx context.Context, opts Options, hooks testHooks) {
	lib, err := open(ctx, opts, hooks)
	f.update(func(st *State) {
		if err != nil {
			st.Err = err
			return
		}
		st.Err = nil
		st.Snap = lib.Snapshot()
		st.Progress = Progress{Stage: StageReady, Done: st.Snap.Corpus.Len(), Total: st.Snap.Corpus.Len()}
		f.lib = lib // under f.mu, with the state that announces it
	})
	f.early.opened()
	if err == nil {
		f.startChecks(ctx, lib, hooks)
	}
}

// Ready waits until the corpus is loaded (or loading failed, or ctx ended)
// and returns its snapshot.
func (f *Feed) Ready(ctx context.Context) (*Snapshot, error) {
	seq := -1
	for {
		st := f.Wait(ctx, seq)
		switch {
		case st.Err != nil:
			return nil, st.Err
		case st.Snap != nil && st.Progress.Stage == StageReady && !st.Snap.Partial:
			return st.Snap, nil
		case ctx.Err() != nil:
			return nil, ctx.Err()
		}
		seq = st.Seq
	}
}

// Library returns the opened library, nil while it is still loading or
// when loading failed.
func (f *Feed) Library() *Library {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lib
}

// Close stops following the folders and any loading still under way
// (waiting for it to end), then closes the library.
func (f *Feed) Close() error {
	f.unfollow()
	f.mu.Lock()
	stop := f.stop
	f.stop = nil
	f.mu.Unlock()
	if stop != nil {
		stop() // a loading still under way stops, and leaves nothing open
	}
	f.checks.Wait() // their context ended with the loading's
	if lib := f.Library(); lib != nil {
		return lib.Close()
	}
	return nil
}
