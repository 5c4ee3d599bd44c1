package library

import (
	"context"
	"errors"
	"time"
)

// A long-running process (a dashboard, dossier serve) checksums the kept
// generation it serves whole, in the background, using at most half of a
// core: checkAfter after it starts serving one (one tick with no newer
// one), at once when a search saw one of its files change (guard.go), and
// then every checkEvery. One found damaged is set aside and rebuilt, and
// the rebuilt one published on the feed, with a notice.
const (
	checkAfter = 10 * time.Second
	checkEvery = time.Hour
)

// startChecks starts the background check of a feed's library, once;
// it stops when ctx ends (Close waits for it).
func (f *Feed) startChecks(ctx context.Context, lib *Library, hooks testHooks) {
	if lib.kept == nil {
		return
	}
	f.mu.Lock()
	started := f.checked
	f.checked = true
	f.mu.Unlock()
	if started {
		return
	}
	after, every := checkAfter, checkEvery
	if hooks.checkAfter > 0 {
		after, every = hooks.checkAfter, hooks.checkAfter*4
	}
	f.checks.Add(1)
	go func() {
		defer f.checks.Done()
		lib.checkLoop(ctx, after, every)
	}()
}

// checkLoop checks the served generation until ctx ends.
func (l *Library) checkLoop(ctx context.Context, after, every time.Duration) {
	tick := time.NewTicker(after)
	defer tick.Stop()
	var seen, checked string
	var checkedAt time.Time
	for {
		now := false // a search saw a file change: check it at once
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-l.nudge:
			now = true
		}
		s := l.Snapshot()
		if s == nil || s.Gen == "" {
			continue
		}
		if s.Gen != seen && !now {
			seen = s.Gen // new: wait one tick, changes come in bursts
			continue
		}
		if s.Gen == checked && time.Since(checkedAt) < every && !now {
			continue
		}
		l.checkServed(ctx, s) //nolint:errcheck // a damage is told by notice
		seen, checked, checkedAt = s.Gen, s.Gen, time.Now()
	}
}

// checkServed checksums the generation of snapshot s whole, paced, and
// repairs it if it is damaged and the library still serves it. It returns
// the damage found.
func (l *Library) checkServed(ctx context.Context, s *Snapshot) error {
	gen := s.Gen
	b, err := l.readBase(ctx, gen, sealCheck{deep: true, pace: paced()})
	if err == nil {
		if s.files != nil {
			s.files.found(b.checked)
		}
		b.release()
		return nil
	}
	if ctx.Err() != nil || !(errors.Is(err, errDamaged) || errors.Is(err, errStale) || damageLike(err)) {
		return err
	}
	l.loadMu.Lock()
	defer l.loadMu.Unlock()
	if cur := l.Snapshot(); cur == nil || cur.Gen != gen {
		return nil // replaced meanwhile
	}
	return l.repairFrom(ctx, gen, err)
}
