package library

import (
	"context"
	"path"
	"runtime"
	"sync"
	"sync/atomic"

	"dossier/model"
)

// readers is how many files are read, parsed and derived at once.
func readers() int { return max(2, min(runtime.GOMAXPROCS(0), 8)) }

// readResult is one file read by readAll.
type readResult struct {
	c       *change
	doc     model.Document // Body set only when the article must be indexed
	derived *Derived
}

// readAll reads, parses and (when a Deriver is set) derives the files of
// todo in parallel, and hands each result to use in the calling goroutine.
// A file that cannot be read or parsed is reported and left with no
// metadata. Bodies of touched files whose checksum holds are dropped at
// once; use sees each body only long enough to index it.
func (l *Library) readAll(ctx context.Context, todo []*change, catOf map[string]*model.Meta, use func(readResult) error) error {
	return fanOut(ctx, todo, func(ctx context.Context, c *change) (readResult, bool) { return l.readOne(ctx, c, catOf) }, use)
}

// fanOut runs work on each of jobs on readers() goroutines and hands each
// result it keeps (ok) to use in the calling goroutine, as they come. An
// error from use, or ctx ending, stops the rest; it is returned.
func fanOut[J, R any](ctx context.Context, jobs []J, work func(context.Context, J) (R, bool), use func(R) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan R, 2*readers())
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(readers(), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(jobs) && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				r, ok := work(ctx, jobs[i])
				if !ok {
					continue
				}
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	var err error
	for r := range results {
		if err == nil {
			if err = use(r); err != nil {
				cancel()
			}
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// readOne reads and parses one file.
func (l *Library) readOne(ctx context.Context, c *change, catOf map[string]*model.Meta) (readResult, bool) {
	display := path.Join(l.labels[c.stat.Dir], c.stat.Rel)
	if l.hooks.read != nil {
		l.hooks.read(c.stat.Rel)
	}
	data, st, err := model.ReadFile(l.opts.Dirs[c.stat.Dir], c.stat, l.opts.MaxBytes)
	if err != nil {
		l.readWarn(model.Warning{Path: display, Reason: err.Error()})
		return readResult{}, false
	}
	c.stat = st // as read: a later change is noticed next time
	doc, notes, err := model.ParseDocument(data, path.Base(c.stat.Rel), display, catOf[c.stat.ID()])
	for _, n := range notes {
		l.readWarn(model.Warning{Path: display, Reason: n})
	}
	if err != nil {
		l.readWarn(model.Warning{Path: display, Reason: err.Error()})
		return readResult{}, false
	}
	r := readResult{c: c, doc: doc}
	if c.kind == touched && doc.Sum == c.old.Article.Sum {
		r.doc.Body = "" // the same bytes: nothing to index again
		return r, true
	}
	if d := l.opts.Deriver; d != nil {
		data, err := d.Derive(ctx, doc, doc.Article)
		if err == nil {
			r.derived = &Derived{ID: doc.ID, Sum: doc.Sum, RefID: doc.ID, RefDate: refDate(doc.Article), Data: data}
		}
	}
	return r, true
}
