package feeds

import (
	"context"
	"errors"
	"time"
)

// dueShare is the part of the interval after which a source is due again:
// a little under one, so that a server ticking a moment early still fetches.
const dueShare = 0.9

// Round is one scheduled fetch: the sources fetched (none when another
// process held the lock, or none was due) and why nothing was.
type Round struct {
	At      time.Time
	Results []SourceResult
	Skipped string // "another dossier is fetching", "nothing due"; "" when sources were fetched
	Err     error  // the store could not be used
}

// Follow fetches the sources every interval until ctx ends, first at once.
// Each round takes the store's fetch lock without waiting, so that of
// several servers sharing one store only one fetches at a time, and then
// fetches only the sources that are due: whose last fetch, by any server,
// started at least nine tenths of an interval ago. A source is so fetched
// once per interval however many servers follow it. report is told of
// every round (from Follow's goroutine). o.Log is required.
func Follow(ctx context.Context, sources []Source, every time.Duration, o Options, report func(Round)) error {
	if o.Log == nil {
		return errors.New("feeds: Follow needs the store's feed log")
	}
	if every <= 0 {
		return errors.New("feeds: the interval must be positive")
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		rd := FollowOnce(ctx, sources, every, o)
		if ctx.Err() != nil {
			return nil
		}
		if report != nil {
			report(rd)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// FollowOnce is one round of Follow.
func FollowOnce(ctx context.Context, sources []Source, every time.Duration, o Options) Round {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	rd := Round{At: now()}
	release, ok, err := o.Log.LockFeeds(ctx)
	switch {
	case err != nil:
		rd.Err = err
		return rd
	case !ok:
		rd.Skipped = "another dossier is fetching"
		return rd
	}
	defer release()
	var due []Source
	for _, src := range sources {
		st, err := o.Log.FeedState(ctx, src.Name)
		if err != nil {
			rd.Err = err
			return rd
		}
		if st.LastAt.IsZero() || now().Sub(st.LastAt) >= time.Duration(float64(every)*dueShare) {
			due = append(due, src)
		}
	}
	if len(due) == 0 {
		rd.Skipped = "nothing due"
		return rd
	}
	rd.Results = Run(ctx, due, o)
	return rd
}

// Lock waits until this process holds the store's fetch lock (another
// dossier may be fetching: waiting says so once through waiting), or ctx ends.
func Lock(ctx context.Context, o Options, waiting func()) (release func(), err error) {
	told := false
	for {
		release, ok, err := o.Log.LockFeeds(ctx)
		if err != nil || ok {
			return release, err
		}
		if !told && waiting != nil {
			waiting()
			told = true
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}
