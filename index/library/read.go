package library

import (
	"context"
	"path"
	"runtime"
	"sync"

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
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *change)
	results := make(chan readResult, 2*readers())
	var wg sync.WaitGroup
	for range readers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range jobs {
				r, ok := l.readOne(ctx, c, catOf)
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
	go func() {
		defer close(jobs)
		for _, c := range todo {
			select {
			case jobs <- c:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	var err error
	for r := range results {
		if err == nil {
			err = use(r)
			if err != nil {
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
