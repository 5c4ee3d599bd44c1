package cli

import (
	"context"

	"dossier/index"
)

// A warm search of a large corpus spends most of its time checking that no
// file changed (a stat per file). The kept index opens meanwhile, and the
// query runs on it at once (library.Options.Tentative); its result is
// printed only if the check then serves that very index, and is thrown
// away otherwise, the query then running on what the check found.

// tentative is a query run on an index before it is confirmed.
type tentative struct {
	run *tentativeRun // the last one started (an open that retries starts another)
}

// tentativeRun is one run of the query, on one index.
type tentativeRun struct {
	ix     *index.Index
	cancel context.CancelFunc
	done   chan struct{}
	res    *index.Result
	err    error
}

// start is the library's Tentative for req: it runs req on the index it
// is handed.
func (t *tentative) start(ctx context.Context, req index.Request) func(*index.Index) func() {
	return func(ix *index.Index) func() {
		ctx, cancel := context.WithCancel(ctx)
		r := &tentativeRun{ix: ix, cancel: cancel, done: make(chan struct{})}
		t.run = r
		go func() {
			defer close(r.done)
			r.res, r.err = ix.Search(ctx, req)
		}()
		return r.stop
	}
}

// on reports whether the query ran on ix.
func (t *tentative) on(ix *index.Index) bool {
	return t != nil && t.run != nil && t.run.ix == ix
}

// result waits for the query's result.
func (t *tentative) result() (*index.Result, error) {
	<-t.run.done
	return t.run.res, t.run.err
}

// stop ends the query and waits for it; stopping twice, or a query never
// started, is harmless.
func (t *tentative) stop() {
	if t != nil && t.run != nil {
		t.run.stop()
	}
}

func (r *tentativeRun) stop() {
	r.cancel()
	<-r.done
}
