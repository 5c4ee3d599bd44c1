package library

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"dossier/model"
)

// FollowOptions tune how a followed corpus notices changes; zero fields
// take the defaults.
type FollowOptions struct {
	Quiet     time.Duration // an update waits until no change came for this long (300 ms)
	MaxDelay  time.Duration // ... but no longer than this after the first change (1.5 s)
	Settle    time.Duration // a changed file is read once unchanged for this long (250 ms)
	MaxSettle time.Duration // a file still being written after this is read anyway (10 s)
}

// The defaults of FollowOptions.
const (
	DefaultQuiet     = 300 * time.Millisecond
	DefaultMaxDelay  = 1500 * time.Millisecond
	DefaultSettle    = 250 * time.Millisecond
	DefaultMaxSettle = 10 * time.Second
)

// quietBelow is how many changed files a refresh must index before the
// header shows its progress.
const quietBelow = 50

func (o FollowOptions) withDefaults() FollowOptions {
	if o.Quiet <= 0 {
		o.Quiet = DefaultQuiet
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = DefaultMaxDelay
	}
	if o.Settle <= 0 {
		o.Settle = DefaultSettle
	}
	if o.MaxSettle <= 0 {
		o.MaxSettle = DefaultMaxSettle
	}
	return o
}

// Follow opens the library in the background as Start does, then follows
// its folders (and their subfolders, new ones too) until ctx ends or the
// feed is closed: files added, changed or removed are indexed again by
// Library.Refresh, bursts of changes become one update, a file being
// written is read once its size and times hold still, and each update
// publishes the new snapshot with a notice ("2 new articles"). A corpus
// whose first loading failed (an empty folder) is opened again when files
// come. The embedded seeds never change: Follow is then Start.
func Follow(ctx context.Context, opts Options, fo FollowOptions) *Feed {
	return follow(ctx, opts, fo, testHooks{})
}

func follow(ctx context.Context, opts Options, fo FollowOptions, hooks testHooks) *Feed {
	if len(opts.Dirs) == 0 {
		return Start(ctx, opts)
	}
	f := NewFeed()
	f.early = newEarly(opts)
	ctx, cancel := context.WithCancel(ctx)
	fl := &follower{f: f, fo: fo.withDefaults(), hooks: hooks, cancel: cancel, done: make(chan struct{}),
		dirs: map[string]bool{}, pending: map[string]*settling{}, prevWarn: map[string]model.Warning{}, curWarn: map[string]model.Warning{},
		syncs: make(chan syncReq)}
	for _, d := range opts.Dirs {
		if a, err := filepath.Abs(d); err == nil {
			fl.roots = append(fl.roots, a)
		}
	}
	if opts.CacheDir != "" {
		fl.cache, _ = filepath.Abs(opts.CacheDir)
	}
	warn := opts.Warn
	opts.Warn = func(w model.Warning) {
		if fl.sawWarning(w) && warn != nil {
			warn(w) // each warning once, not again at every update
		}
	}
	fl.opts = f.hook(opts)
	f.mu.Lock()
	f.follow = fl
	f.mu.Unlock()
	go fl.run(ctx)
	return f
}

// Following reports whether the feed follows its folders (Follow, until
// Close).
func (f *Feed) Following() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.follow != nil
}

// unfollow stops the follower, if any, and waits for it (and the loading
// it started) to end.
func (f *Feed) unfollow() {
	f.mu.Lock()
	fl := f.follow
	f.follow = nil
	f.mu.Unlock()
	if fl != nil {
		fl.cancel()
		<-fl.done
	}
}

// follower watches the folders of one library.
type follower struct {
	f      *Feed
	opts   Options // hooked to the feed
	fo     FollowOptions
	hooks  testHooks
	cancel context.CancelFunc
	done   chan struct{} // closed when run returns
	roots  []string      // the corpus folders, absolute
	cache  string        // the kept indexes' folder, never watched

	w       *fsnotify.Watcher
	dirs    map[string]bool // watched folders
	full    bool            // the system's watch limit was reached (told once)
	loaded  bool            // the first loading ended
	running bool            // a refresh runs
	dirty   bool            // something changed since the last refresh began
	first   time.Time       // the first change since then
	last    time.Time       // the latest
	retry   time.Time       // files were still being written: look again then
	pending map[string]*settling
	lastErr string // the last refresh error told, not told again

	// The journal (journal.go): what the follower vouches for.
	jn         *journal
	syncs      chan syncReq // questions from other processes
	waiting    []syncWaiter // questions waiting for their sync file's event
	nextSync   int
	remote     bool      // a folder is not on a local file system
	blind      bool      // a folder could not be watched
	changes    uint64    // changes seen: events the scan could see
	lastChange time.Time // when the latest came
	unsure     bool      // changes came that no refresh follows: verify
	scanSeq    uint64    // changes when the running refresh or verify began
	vouchGen   string    // the generation the folders held ...
	vouchSeq   uint64    // ... when changes was this
	vouchWarns []model.Warning
	labels     []string // the folders as the follower's library names them

	mu       sync.Mutex
	prevWarn map[string]model.Warning // the warnings of the last scan
	curWarn  map[string]model.Warning // those of the scan running
}

// settling is what the follower knows of a file being written.
type settling struct {
	st   fileTimes
	seen time.Time // when st was taken
}

// fileTimes is the part of a stat that any write changes.
type fileTimes struct {
	size, mtime, ctime int64
}

// refreshed is the outcome of one refresh, or of one verify.
type refreshed struct {
	before, after *Snapshot
	err           error

	verify bool // a verify: the folders hold gen's files (same), with warns
	same   bool
	gen    string
	warns  []model.Warning
}

// syncWaiter is a question waiting for the event of sync file n.
type syncWaiter struct {
	n   int
	req syncReq
}

// run follows the folders until ctx ends.
func (fl *follower) run(ctx context.Context) {
	defer close(fl.done)
	w, err := fsnotify.NewWatcher()
	if err != nil {
		fl.f.Notice(fmt.Sprintf("changes to the corpus folder will not show until restart: cannot watch it (%v)", err))
		fl.f.open(ctx, fl.opts, fl.hooks)
		fl.f.mu.Lock()
		if fl.f.follow == fl {
			fl.f.follow = nil // not Following
		}
		fl.f.mu.Unlock()
		return
	}
	fl.w = w
	defer w.Close()
	defer fl.closeJournal()
	// Watch before the first scan: nothing written meanwhile is missed.
	for _, r := range fl.roots {
		fl.addTree(r)
	}
	loaded := make(chan struct{})
	loadSeq := fl.changes
	go func() {
		defer close(loaded)
		fl.f.open(ctx, fl.opts, fl.hooks)
	}()
	results := make(chan refreshed, 1)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			if fl.running {
				<-results
			}
			if loaded != nil {
				<-loaded
			}
			return
		case <-loaded:
			loaded, fl.loaded = nil, true
			fl.endScan()
			if lib := fl.f.Library(); lib != nil {
				fl.startJournal(lib)
				fl.vouchFor(lib.Snapshot(), loadSeq, lib.lastScanWarnings())
			}
		case req := <-fl.syncs:
			fl.ask(req)
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			fl.event(ev, time.Now())
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fl.watchError(err)
		case <-timer.C:
			fl.fire(ctx, time.Now(), results)
		case r := <-results:
			fl.running = false
			fl.publish(ctx, r)
		}
		if d, ok := fl.due(time.Now()); ok {
			timer.Reset(d)
		} else {
			timer.Stop()
		}
	}
}

// due says how long until the next refresh (or verify) may start, if one
// is wanted.
func (fl *follower) due(now time.Time) (time.Duration, bool) {
	if !fl.loaded || fl.running {
		return 0, false
	}
	if !fl.dirty {
		if !fl.unsure || !fl.canVouch() {
			return 0, false
		}
		return max(fl.lastChange.Add(fl.fo.Quiet).Sub(now), 0), true
	}
	at := fl.last.Add(fl.fo.Quiet)
	if limit := fl.first.Add(fl.fo.MaxDelay); limit.Before(at) {
		at = limit
	}
	if fl.retry.After(at) {
		at = fl.retry
	}
	return max(at.Sub(now), 0), true
}

// event notes a change in a watched folder.
func (fl *follower) event(ev fsnotify.Event, now time.Time) {
	if ev.Name == "" {
		return
	}
	path := filepath.Clean(ev.Name)
	name := filepath.Base(path)
	switch {
	case fl.jn != nil && filepath.Dir(path) == fl.jn.dir:
		if ev.Has(fsnotify.Create) {
			fl.synced(name)
		}
		return
	case strings.HasPrefix(name, ".") || fl.inCache(path):
		return // the scan skips hidden files and folders
	}
	// Any other change may matter to a scan, if only to its warnings.
	fl.changes++
	fl.lastChange, fl.unsure = now, true
	switch {
	case ev.Op == fsnotify.Chmod:
		return // permissions or times alone: the text did not change (a verify looks)
	case fl.dirs[path] && ev.Has(fsnotify.Remove|fsnotify.Rename):
		fl.forget(path) // gone or moved away, with all it holds
		fl.mark("", now)
		return
	case ev.Has(fsnotify.Create):
		if info, err := os.Lstat(path); err == nil && info.IsDir() {
			fl.addTree(path) // files already in it are found by the scan
			fl.mark("", now)
			return
		}
	}
	if ignoredName(name) {
		return // a temporary file: no refresh (a verify looks)
	}
	switch {
	case model.ArticleExt(name):
		if ev.Has(fsnotify.Remove | fsnotify.Rename) {
			fl.mark("", now)
		} else {
			fl.mark(path, now)
		}
	case name == model.CatalogueFile && fl.isRoot(filepath.Dir(path)):
		fl.mark(path, now)
	}
}

// mark records a change; path, if any, is a file that may still be written.
func (fl *follower) mark(path string, now time.Time) {
	if !fl.dirty {
		fl.dirty, fl.first = true, now
	}
	fl.last = now
	if path != "" {
		if _, ok := fl.pending[path]; !ok {
			fl.pending[path] = &settling{}
		}
	}
}

// watchError handles an error of the watcher: an overflowed queue means
// changes were lost, so the folders are listed (and watched) again.
func (fl *follower) watchError(err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		// Changes were lost, and maybe the events of sync files.
		fl.changes++
		fl.answerWaiting(0, false)
		for _, r := range fl.roots {
			fl.addTree(r)
		}
		fl.mark("", time.Now())
		return
	}
	// Any other error: what was missed is not known; look again before
	// vouching.
	fl.changes++
	fl.lastChange, fl.unsure = time.Now(), true
	fl.answerWaiting(0, false)
	fl.tellOnce("watching the corpus folder: " + err.Error())
}

// fire starts a refresh once the files that changed hold still; or a
// verify, after changes that need no refresh.
func (fl *follower) fire(ctx context.Context, now time.Time, results chan<- refreshed) {
	if !fl.loaded || fl.running {
		return
	}
	if !fl.dirty {
		if fl.unsure && fl.canVouch() {
			fl.running = true
			fl.scanSeq, fl.unsure = fl.changes, false
			go func() { results <- fl.verify(ctx) }()
		}
		return
	}
	if fl.writing(now) && now.Sub(fl.first) < fl.fo.MaxSettle {
		fl.retry = now.Add(fl.fo.Settle / 2)
		return
	}
	fl.dirty, fl.retry = false, time.Time{}
	clear(fl.pending)
	fl.running = true
	fl.scanSeq, fl.unsure = fl.changes, false
	go func() { results <- fl.refresh(ctx) }()
}

// writing reports whether a changed file may still be being written. A
// file is taken as written once it is gone, or once two looks at least
// Settle apart found the same size and times; at the first look, a file
// whose times are already Settle old needs no second one.
func (fl *follower) writing(now time.Time) bool {
	busy := false
	for path, s := range fl.pending {
		info, err := os.Lstat(path)
		if err != nil || !info.Mode().IsRegular() {
			delete(fl.pending, path)
			continue
		}
		st := timesOf(info)
		switch {
		case s.seen.IsZero() && now.Sub(time.Unix(0, max(st.mtime, st.ctime))) >= fl.fo.Settle:
			delete(fl.pending, path)
		case !s.seen.IsZero() && st == s.st && now.Sub(s.seen) >= fl.fo.Settle:
			delete(fl.pending, path)
		case !s.seen.IsZero() && st == s.st:
			busy = true // unchanged so far: look again
		default:
			s.st, s.seen = st, now
			busy = true
		}
	}
	return busy
}

// refresh indexes what changed; a corpus that could not be opened at first
// is opened again.
func (fl *follower) refresh(ctx context.Context) refreshed {
	if fl.hooks.update != nil {
		fl.hooks.update()
	}
	fl.mu.Lock()
	fl.curWarn = map[string]model.Warning{}
	fl.mu.Unlock()
	lib := fl.f.Library()
	if lib == nil {
		fl.f.update(func(st *State) { st.Warnings, st.Skipped = 0, nil })
		fl.f.open(ctx, fl.opts, fl.hooks)
		fl.endScan()
		return refreshed{after: fl.f.State().Snap, err: fl.f.State().Err}
	}
	before := lib.Snapshot()
	fl.f.quiet.Store(true)
	after, err := lib.Refresh(ctx)
	fl.f.quiet.Store(false)
	fl.endScan()
	return refreshed{before: before, after: after, err: err}
}

// publish makes a refresh's snapshot current for every reader, with a
// notice of what changed.
func (fl *follower) publish(ctx context.Context, r refreshed) {
	if ctx.Err() != nil {
		return
	}
	if r.verify {
		fl.vouchGen = ""
		if r.same {
			fl.vouchGen, fl.vouchSeq, fl.vouchWarns = r.gen, fl.scanSeq, r.warns
		}
		return
	}
	fl.vouchGen = ""
	if r.err == nil {
		if lib := fl.f.Library(); lib != nil {
			fl.vouchFor(r.after, fl.scanSeq, lib.lastScanWarnings())
		}
	}
	warnings, skipped := fl.warnings()
	if r.err != nil {
		msg := "corpus folder unreadable: " + r.err.Error() + "; showing what was read before"
		if errors.Is(r.err, ErrEmpty) && r.before != nil {
			msg = fmt.Sprintf("the corpus folder has no readable articles now; showing the %d read before", r.before.Corpus.Len())
		}
		fl.f.update(func(st *State) {
			st.Warnings, st.Skipped = warnings, skipped
			if st.Snap != nil && st.Err == nil {
				st.Progress = Progress{Stage: StageReady, Done: st.Snap.Corpus.Len(), Total: st.Snap.Corpus.Len()}
			}
		})
		if r.before != nil {
			fl.tellOnce(msg)
		}
		return
	}
	fl.lastErr = ""
	var before *model.Corpus
	if r.before != nil {
		before = r.before.Corpus
	}
	notice := ""
	if r.after != nil {
		notice = diffCorpora(before, r.after.Corpus).String()
	}
	fl.f.update(func(st *State) {
		if r.after != nil {
			st.Snap = r.after
			st.Progress = Progress{Stage: StageReady, Done: r.after.Corpus.Len(), Total: r.after.Corpus.Len()}
		}
		st.Warnings, st.Skipped = warnings, skipped
		if notice != "" {
			st.addNotice(notice)
		}
	})
}

// tellOnce publishes a notice unless it is the one told last.
func (fl *follower) tellOnce(msg string) {
	if msg == fl.lastErr {
		return
	}
	fl.lastErr = msg
	fl.f.Notice(msg)
}

// sawWarning records a warning of the scan running and reports whether
// the previous scan did not have it.
func (fl *follower) sawWarning(w model.Warning) bool {
	k := w.String()
	fl.mu.Lock()
	defer fl.mu.Unlock()
	fl.curWarn[k] = w
	_, seen := fl.prevWarn[k]
	return !seen
}

// endScan makes the warnings of the scan that ended the ones to compare with.
func (fl *follower) endScan() {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	fl.prevWarn = fl.curWarn
}

// warnings counts the warnings of the last scan, and lists the first
// MaxSkipped of them by path.
func (fl *follower) warnings() (int, []model.Warning) {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	list := make([]model.Warning, 0, min(len(fl.prevWarn), MaxSkipped))
	for _, w := range fl.prevWarn {
		list = append(list, w)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Path != list[j].Path {
			return list[i].Path < list[j].Path
		}
		return list[i].Reason < list[j].Reason
	})
	return len(fl.prevWarn), list[:min(len(list), MaxSkipped)]
}

// addTree watches a folder and its subfolders, except hidden ones and the
// kept indexes.
func (fl *follower) addTree(root string) {
	fl.addDir(root, true)
}

// addDir watches the folder path, then its subfolders (see addTree); it
// reports false when the system's watch limit stops the whole walk. A
// folder is listed in chunks, as it comes: only its subfolders matter,
// and sorting every name first (filepath.WalkDir) took three times as
// long in a folder of 100,000 articles, which a dashboard's start waits for.
func (fl *follower) addDir(path string, root bool) bool {
	if root {
		if info, err := os.Stat(path); err != nil || !info.IsDir() {
			return true // unreadable or gone: the scan says so
		}
	} else if strings.HasPrefix(filepath.Base(path), ".") || fl.inCache(path) {
		return true // as the scan skips them
	}
	if !fl.dirs[path] {
		if local := fl.hooks.localFS; (local != nil && !local(path)) || (local == nil && !localFS(path)) {
			fl.remote = true // its changes may not all be told: never vouch
		}
		if err := fl.w.Add(path); err != nil {
			if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
				if !fl.full {
					fl.full = true
					fl.f.Notice(fmt.Sprintf("changes in some subfolders will not show: the system's limit of watched folders is reached (%d watched; raise fs.inotify.max_user_watches)", len(fl.dirs)))
				}
				return false
			}
			if !errors.Is(err, fs.ErrNotExist) {
				fl.blind = true // a folder not watched: never vouch
			}
			return true
		}
		fl.dirs[path] = true
	}
	for _, sub := range subfolders(path) {
		if !fl.addDir(filepath.Join(path, sub), false) {
			return false
		}
	}
	return true
}

// subfolders lists the names of a folder's subfolders (not those linked
// to), none when it cannot be read: the scan says so.
func subfolders(dir string) []string {
	f, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer f.Close()
	var subs []string
	for {
		entries, err := f.ReadDir(4096)
		for _, e := range entries {
			if e.IsDir() {
				subs = append(subs, e.Name())
			}
		}
		if err != nil {
			return subs
		}
	}
}

// forget stops watching a folder that went away, and its subfolders.
func (fl *follower) forget(dir string) {
	prefix := dir + string(filepath.Separator)
	for d := range fl.dirs {
		if d == dir || strings.HasPrefix(d, prefix) {
			fl.w.Remove(d) //nolint:errcheck // the system may have dropped it already
			delete(fl.dirs, d)
		}
	}
}

func (fl *follower) isRoot(dir string) bool {
	for _, r := range fl.roots {
		if r == dir {
			return true
		}
	}
	return false
}

func (fl *follower) inCache(path string) bool {
	return fl.cache != "" && (path == fl.cache || strings.HasPrefix(path, fl.cache+string(filepath.Separator)))
}

// ignoredName reports names of hidden, temporary and backup files and
// folders: editors' swap files, downloads in progress, dossier import's own
// temporary files.
func ignoredName(name string) bool {
	if name == "" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasPrefix(name, "~") || strings.HasSuffix(name, "~") {
		return true
	}
	lower := strings.ToLower(name)
	for _, ext := range []string{".part", ".partial", ".crdownload", ".download", ".tmp", ".temp", ".swp", ".swx", ".bak"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return false
}
