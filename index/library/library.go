package library

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dossier/index"
	"dossier/model"
)

// Options say where a corpus comes from and where its index is kept.
type Options struct {
	Dirs      []string   // corpus folders; none: the embedded seeds
	Seeds     fs.FS      // the embedded corpus, used when Dirs is empty
	SeedsName string     // how the embedded corpus is named on screen
	CacheDir  string     // where kept indexes live; "": index in memory (--no-cache)
	Synonyms  [][]string // applied when indexing
	MaxBytes  int64      // size cap per article file; model.DefaultMaxBytes when zero
	Deriver   *Deriver   // per-article derived data to keep (nil: none)
	// SearchOnly says the caller only searches Snapshot.Index (a command
	// that searches once): a warm open of an unchanged kept index then
	// decodes no more of the corpus than the hits it shows, and leaves
	// Snapshot.Corpus nil (Index.Corpus decodes it when asked).
	SearchOnly bool
	// BuildMemory, when not 0, bounds the resident memory of writing a kept
	// index: while the segment files a merge maps take room, the heap's
	// soft limit is lowered to leave it (see keepWithin). For a process
	// that does nothing else meanwhile (a one-shot command).
	BuildMemory int64
	// OneShot says the process exits once it has what it asked for (a
	// one-shot command): what an assembly of the timeline let go is not
	// handed back to the system (a collection of 0.05-0.08 s at 100,000
	// articles), as it is for a server or the dashboard.
	OneShot bool

	Warn     func(model.Warning) // a file that was skipped or only partly understood
	Notice   func(string)        // a one-line notice ("the kept index was damaged …; rebuilt")
	Progress func(Progress)      // how far loading has come
	// Partial, when set, receives snapshots of a long build as it goes, so a
	// dashboard can fill in while a new corpus is indexed.
	Partial func(*Snapshot)
	// PartialEvery is the least time between two partial snapshots;
	// half a second when zero.
	PartialEvery time.Duration
	// Tentative, when set, is handed the index of the published generation
	// as soon as it is open, while the folders are still being checked, so
	// that a one-shot search can run its query meanwhile. When the check
	// finds nothing changed, the opened snapshot's Index is that very index;
	// otherwise the library calls the stop it returned, which must end the
	// work on it and wait for it, before it closes that index or serves
	// another. It must return at once (the work goes on elsewhere).
	Tentative func(*index.Index) (stop func())
	// Replaced, when set, receives the snapshot that replaced the current
	// one when the library replaced it by itself: a damaged kept index set
	// aside and rebuilt while it was in use.
	Replaced func(*Snapshot)

	early *early // what a Feed read before the library opened (early.go)
}

// Deriver computes data from one article, kept with the index so that it is
// not computed again while the article is unchanged (the timeline's
// per-article extraction). ref is the article whose publication date anchors
// relative dates: the article itself, or, for an undated translation, its
// original.
type Deriver struct {
	Version string // change it whenever Derive's output changes
	Derive  func(ctx context.Context, doc model.Document, ref model.Article) ([]byte, error)
}

// Stage is a step of loading a corpus.
type Stage int

// The stages of loading, in order.
const (
	StageScan   Stage = iota // listing the folders
	StageIndex               // reading and indexing changed articles
	StageDerive              // reading unchanged articles again for their derived data (searchable meanwhile)
	StageReady               // searchable
)

// Progress reports loading.
type Progress struct {
	Stage       Stage
	Done, Total int // articles indexed of those to index
}

// Snapshot is one state of the corpus and its index; it never changes.
type Snapshot struct {
	Corpus  *model.Corpus
	Index   *index.Index
	Partial bool    // still being indexed
	Gen     string  // the kept generation it reads ("" when in memory)
	overlay bool    // Gen with changes indexed in memory over it
	files   *served // Gen's index files, as its searches watch them
	derived *derivedSet
	keep    string    // the generation's folder when the snapshot is that generation as published: what is made of it may be kept there
	early   *keptRead // its kept timeline, read before the scan confirmed the generation (early.go)
	oneShot bool      // Options.OneShot
	// writes counts what is kept in the generation's folder in the
	// background (a one-shot's timeline): the library's, whose Close
	// waits for them; nil: written at once.
	writes      *sync.WaitGroup
	beforeWrite func() // testHooks.write

	values memos
	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
}

// NewSnapshot makes a snapshot of a corpus and its index (for the embedded
// seeds and tests); derived may be nil.
func NewSnapshot(c *model.Corpus, ix *index.Index, derived map[string][]byte) *Snapshot {
	return &Snapshot{Corpus: c, Index: ix, derived: &derivedSet{now: derived}}
}

// Recomputed returns a snapshot of the same corpus, index and derived data
// with nothing computed yet and nothing kept (benchmarks: a timeline
// assembled again, as for a new generation).
func (s *Snapshot) Recomputed() *Snapshot {
	return &Snapshot{Corpus: s.Corpus, Index: s.Index, Gen: s.Gen, derived: s.derived}
}

// Context is cancelled when the snapshot is replaced by a newer one or
// closed: work on its behalf (a timeline being assembled) stops then.
func (s *Snapshot) Context() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx == nil {
		s.ctx, s.cancel = context.WithCancel(context.Background())
	}
	return s.ctx
}

// retire cancels the snapshot's context.
func (s *Snapshot) retire() {
	s.Context()
	s.cancel()
}

// AllDerived returns what the Deriver computed for every article, read
// once, in a map of the caller's own.
func (s *Snapshot) AllDerived() map[string][]byte { return s.derived.all() }

type memo struct {
	done chan struct{} // closed once v is computed
	v    any
	err  error // the computation panicked
}

// memos are values computed once, in the background, for every caller.
type memos struct {
	mu sync.Mutex
	m  map[string]*memo
}

// Value computes, once per snapshot and in the background, something made
// from it and shared by every caller (all the sessions of a server share
// one timeline). A caller waits for it until its own ctx ends: giving up
// leaves the computation to the others.
func (s *Snapshot) Value(ctx context.Context, key string, compute func() any) (any, error) {
	return s.values.get(ctx, key, compute)
}

// get returns the value of key, computing it once (see Snapshot.Value).
func (ms *memos) get(ctx context.Context, key string, compute func() any) (any, error) {
	ms.mu.Lock()
	if ms.m == nil {
		ms.m = map[string]*memo{}
	}
	m, ok := ms.m[key]
	if !ok {
		m = &memo{done: make(chan struct{})}
		ms.m[key] = m
		go func() {
			defer close(m.done)
			// A fault in the computation is its callers' error: in a
			// server it must not take every session down.
			defer func() {
				if p := recover(); p != nil {
					m.err = fmt.Errorf("%s failed: %v", key, p)
				}
			}()
			m.v = compute()
		}()
	}
	ms.mu.Unlock()
	select {
	case <-m.done:
		return m.v, m.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// forget lets every value go (callers that hold one keep it).
func (ms *memos) forget() {
	ms.mu.Lock()
	ms.m = nil
	ms.mu.Unlock()
}

// Library is an open corpus. Safe for concurrent use.
type Library struct {
	opts   Options
	labels []string // the folders as given, for messages
	kept   *store   // nil when indexed in memory
	cold   bool     // build a new generation from scratch (Rebuild)
	hooks  testHooks
	loadMu sync.Mutex      // one loading, refresh or repair at a time
	life   context.Context // ends when the library is closed (repairs stop)
	stop   context.CancelFunc
	nudge  chan struct{} // a search saw an index file change: check it now (check.go)

	following atomic.Bool // a follower owns this library: it never asks one (journal.go)
	warnMu    sync.Mutex
	scanning  bool            // warnings are the scan's (not a file read's)
	scanWarns []model.Warning // the warnings of the scan running
	lastScan  []model.Warning // those of the last scan that ended well

	mu     sync.Mutex
	cur    *Snapshot
	close  []func() error // what the current snapshot holds open
	closed bool           // Close was called: no snapshot becomes current

	writes sync.WaitGroup // kept files written in the background (Snapshot.writes)
}

// Open loads the corpus, indexing what changed since the kept index was
// written, and returns it ready to search.
func Open(ctx context.Context, opts Options) (*Library, error) {
	return open(ctx, opts, testHooks{})
}

func open(ctx context.Context, opts Options, hooks testHooks) (*Library, error) {
	l, err := prepare(opts, hooks)
	if err != nil {
		return nil, err
	}
	if err := l.load(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// prepare makes a library of the options, reading nothing yet.
func prepare(opts Options, hooks testHooks) (*Library, error) {
	l := &Library{opts: opts, hooks: hooks, nudge: make(chan struct{}, 1)}
	l.life, l.stop = context.WithCancel(context.Background())
	if len(opts.Dirs) > 0 {
		abs, err := absDirs(opts.Dirs)
		if err != nil {
			return nil, err
		}
		l.kept = keptStore(opts.CacheDir, abs, opts.Synonyms)
		l.opts.Dirs = abs
		l.labels = opts.Dirs
	}
	return l, nil
}

// keptStore is where the kept indexes of the folders dirs (absolute) live
// under cacheDir, nil when they are indexed in memory.
func keptStore(cacheDir string, dirs []string, synonyms [][]string) *store {
	if cacheDir == "" || len(dirs) == 0 {
		return nil
	}
	st := storeFor(cacheDir, dirs, synonymsSum(synonyms))
	return &st
}

// Name is how the corpus is named on screen: "seeds" or the folders' names.
func Name(opts Options) string {
	if len(opts.Dirs) == 0 {
		return opts.SeedsName
	}
	names := make([]string, len(opts.Dirs))
	for i, d := range opts.Dirs {
		names[i] = filepath.Base(filepath.Clean(d))
	}
	return strings.Join(names, "+")
}

// Snapshot returns the current state.
func (l *Library) Snapshot() *Snapshot {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cur
}

// Refresh looks at the folders again and indexes what changed; it returns
// the new snapshot, or the same one when nothing changed.
func (l *Library) Refresh(ctx context.Context) (*Snapshot, error) {
	if len(l.opts.Dirs) == 0 {
		return l.Snapshot(), nil
	}
	if err := l.load(ctx); err != nil {
		return nil, err
	}
	return l.Snapshot(), nil
}

// retireAfter is how long a replaced snapshot stays open for searches that
// started on it.
const retireAfter = 5 * time.Second

// swap makes s current and retires the previous snapshot: its index closes
// once the searches running on it end. A one-shot command's snapshot keeps
// what it makes in the background, and Close waits for it (writes).
func (l *Library) swap(s *Snapshot, closers []func() error) {
	if s.oneShot = l.opts.OneShot; s.oneShot {
		s.writes, s.beforeWrite = &l.writes, l.hooks.write
	}
	l.mu.Lock()
	if l.closed {
		// A repair finished after Close: nobody will search it.
		l.mu.Unlock()
		s.retire()
		s.Index.Close()
		for _, c := range closers {
			c()
		}
		return
	}
	old, oldClose := l.cur, l.close
	l.cur, l.close = s, closers
	l.mu.Unlock()
	if old == nil {
		return
	}
	old.retire()
	time.AfterFunc(retireAfter, func() {
		old.Index.Close()
		for _, c := range oldClose {
			c()
		}
	})
}

// Close releases the index.
func (l *Library) Close() error {
	l.stop()
	l.mu.Lock()
	l.closed = true
	cur, closers := l.cur, l.close
	l.cur, l.close = nil, nil
	l.mu.Unlock()
	// What is still being kept in a generation's folder is written while
	// the generation is held: its closers release the lock that keeps the
	// folder from being tidied away by another process.
	l.writes.Wait()
	if cur == nil {
		return nil
	}
	cur.retire()
	err := cur.Index.Close()
	for _, c := range closers {
		err = errors.Join(err, c())
	}
	return err
}

func (l *Library) warn(w model.Warning) {
	l.warnMu.Lock()
	if l.scanning {
		l.scanWarns = append(l.scanWarns, w)
	}
	l.warnMu.Unlock()
	l.readWarn(w)
}

// readWarn gives a warning about a file being read: not the scan's.
func (l *Library) readWarn(w model.Warning) {
	if l.opts.Warn != nil {
		l.opts.Warn(w)
	}
}

// beginScan starts recording the warnings of a loading (but those of the
// files it reads); endScan keeps them as the last scan's when it ended well.
func (l *Library) beginScan() {
	l.warnMu.Lock()
	l.scanning, l.scanWarns = true, nil
	l.warnMu.Unlock()
}

func (l *Library) endScan(ok bool) {
	l.warnMu.Lock()
	if ok {
		l.lastScan = l.scanWarns
	}
	l.scanning, l.scanWarns = false, nil
	l.warnMu.Unlock()
}

// lastScanWarnings returns the warnings of the last scan that ended well.
func (l *Library) lastScanWarnings() []model.Warning {
	l.warnMu.Lock()
	defer l.warnMu.Unlock()
	return l.lastScan
}

func (l *Library) notice(s string) {
	if l.opts.Notice != nil {
		l.opts.Notice(s)
	}
}

func (l *Library) progress(p Progress) {
	if l.opts.Progress != nil {
		l.opts.Progress(p)
	}
}

// absDirs is the corpus folders as absolute paths: the kept index's key.
func absDirs(dirs []string) ([]string, error) {
	abs := make([]string, len(dirs))
	for i, d := range dirs {
		a, err := filepath.Abs(d)
		if err != nil {
			return nil, err
		}
		abs[i] = a
	}
	return abs, nil
}
