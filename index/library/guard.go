package library

import (
	"context"
	"os"
	"path/filepath"
	"sync"

	"dossier/index"
)

// A running process maps the index files of the generation it serves into
// memory. A file truncated under it would crash the process the moment the
// index library reads past the new end (in goroutines of its own, where no
// fault can be caught), so every search first looks at the files: one stat
// each. A file of another size or time, of another inode that was not
// read whole as it is, or gone, is damage (or the generation was set aside
// by another process): the search waits for the
// repair and asks the new index. A file whose inode change time moved was
// written inside, or linked into a newer generation: the background check
// (check.go) checksums it at once.

// served is a kept generation as the searches of a snapshot watch it.
type served struct {
	gen  string
	dir  string // the index folder
	seal []Sealed

	mu    sync.Mutex
	whole map[string]stamped // each file as it was when last found whole
}

func newServed(b *base) *served {
	return &served{gen: b.gen, dir: filepath.Join(b.dir, indexDir), seal: b.v.Seal, whole: b.checked}
}

// found records files found whole (a check of the generation passed).
func (sv *served) found(files map[string]stamped) {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	next := make(map[string]stamped, len(sv.whole)+len(files))
	for k, v := range sv.whole {
		next[k] = v
	}
	for k, v := range files {
		next[k] = v
	}
	sv.whole = next
}

func (sv *served) wholeAt(name string) stamped {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	return sv.whole[name]
}

// guard is what a search of sv checks first (index.Config.Guard).
func (l *Library) guard(sv *served) func(context.Context) *index.Index {
	return func(ctx context.Context) *index.Index {
		moved := false
		for _, s := range sv.seal {
			info, err := os.Stat(filepath.Join(sv.dir, filepath.FromSlash(s.Name)))
			if err != nil || !info.Mode().IsRegular() || info.Size() != s.Size || info.ModTime().UnixNano() != s.MTime {
				return l.healNow(ctx, sv.gen)
			}
			now, whole := stampOf(info), sv.wholeAt(s.Name)
			if now.Ino != s.Ino && whole.Ino != now.Ino {
				return l.healNow(ctx, sv.gen) // another file than the seal's, never read whole (a copy read whole is fine)
			}
			if !moved && whole != now {
				moved = true
			}
		}
		if moved {
			select {
			case l.nudge <- struct{}{}:
			default: // one is pending already
			}
		}
		return nil
	}
}

// healNow checks generation gen whole and repairs it if it is damaged
// (see repair), for a search that waits until ctx ends; the repair goes on
// if the search gives up, and stops when the library closes. It returns
// the index to search instead, nil for gen's own.
func (l *Library) healNow(ctx context.Context, gen string) *index.Index {
	done := make(chan *Snapshot, 1)
	go func() { done <- l.repair(gen) }()
	select {
	case s := <-done:
		if s == nil {
			return nil
		}
		return s.Index
	case <-ctx.Done():
		return nil
	}
}
