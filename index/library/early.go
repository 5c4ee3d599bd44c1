package library

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	tl "dossier/model/timeline"
)

// What a dashboard shows before its corpus is confirmed. Opening a large
// kept index takes about a second (the quick scan stats every file, the
// manifest is decoded), but the timeline its published generation keeps
// is read in milliseconds: the Timeline pane lists it at once, and
// replaces it with the snapshot's own when that comes. When the scan finds
// nothing changed, the snapshot adopts the timeline read early instead of
// reading it again; when it finds a change, the snapshot is of another
// generation, whose timeline is assembled anew.

// early is what a feed read before its library was opened.
type early struct {
	kept   *store // nil: the corpus is indexed in memory
	values memos  // Feed.Early

	mu     sync.Mutex
	read   *keptRead // the kept timeline read, until the library is opened
	loaded bool      // the library was opened (or failed to): nothing is read early any more
}

// keptRead is a kept timeline as read, and the file it was read from.
type keptRead struct {
	path, key string
	file      keptFileID
	t         tl.Timeline
}

// keptFileID tells a kept file apart from any other written at the same
// path: kept files are written whole under another name and renamed, so
// a file with the same inode, change time, size and modification time
// holds the same bytes.
type keptFileID struct {
	stamped
	size, mtime int64
}

func fileIDOf(info fs.FileInfo) keptFileID {
	return keptFileID{stamped: stampOf(info), size: info.Size(), mtime: info.ModTime().UnixNano()}
}

// newEarly is the early reads of a feed of opts.
func newEarly(opts Options) *early {
	e := &early{}
	if abs, err := absDirs(opts.Dirs); err == nil {
		e.kept = keptStore(opts.CacheDir, abs, opts.Synonyms)
	}
	return e
}

// PublishedTimeline reads the timeline that the corpus's published
// generation keeps for the milestones ms, without waiting for the scan
// that confirms the generation (see early). It reports false when there is
// none: no kept index, nothing published, none kept for these milestones,
// a damaged file, or the corpus loaded already (ask its snapshot).
func (f *Feed) PublishedTimeline(ms []tl.Milestone) (tl.Timeline, bool) {
	e := f.early
	if e == nil || e.kept == nil || e.done() {
		return tl.Timeline{}, false
	}
	gen, err := e.kept.current()
	if err != nil || gen == "" {
		return tl.Timeline{}, false
	}
	key := timelineKey(ms)
	path := keptTimelinePath(filepath.Join(e.kept.dir, gen), key)
	t, id, err := readKeptFile(path, key)
	if err != nil {
		return tl.Timeline{}, false
	}
	e.mu.Lock()
	if !e.loaded {
		e.read = &keptRead{path: path, key: key, file: id, t: t}
	}
	e.mu.Unlock()
	return t, true
}

// Early computes, once per feed and in the background, something made
// before the corpus is loaded (of PublishedTimeline), shared by every
// caller as Snapshot.Value is. Once the corpus is loaded it is let go:
// callers that hold it keep it.
func (f *Feed) Early(ctx context.Context, key string, compute func() any) (any, error) {
	if f.early == nil {
		return compute(), nil
	}
	return f.early.values.get(ctx, key, compute)
}

// done reports whether the library was opened.
func (e *early) done() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.loaded
}

// opened lets go of what was read early: the library is opened (or
// failed to open), and its snapshot took what it could use (adopt).
func (e *early) opened() {
	if e == nil {
		return
	}
	e.mu.Lock()
	e.loaded, e.read = true, nil
	e.mu.Unlock()
	e.values.forget()
}

// adopt hands the kept timeline read early to the snapshot of the
// generation in dir, if it was read from there.
func (e *early) adopt(dir string) *keptRead {
	if e == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if r := e.read; r != nil && filepath.Dir(r.path) == dir {
		e.read = nil
		return r
	}
	return nil
}

// still reports whether the kept timeline read early is still what the
// file at path holds, for key.
func (r *keptRead) still(path, key string) bool {
	if r == nil || r.path != path || r.key != key || r.file.Ino == 0 {
		return false
	}
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular() && fileIDOf(info) == r.file
}
