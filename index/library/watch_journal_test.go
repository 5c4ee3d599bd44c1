package library

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// vouchedOpen opens the corpus as a command would, with what it was told:
// whether a follower vouched, whether the quick scan ran, its warnings.
func (o *opener) vouchedOpen() (l *Library, vouched, quick []bool, warns []string) {
	o.t.Helper()
	ws := o.warnings()
	l = o.open()
	o.mu.Lock()
	defer o.mu.Unlock()
	return l, slices.Clone(o.vouch), slices.Clone(o.quick), slices.Clone(*ws)
}

// openVouched opens the corpus until a follower vouches for it (it does
// once it has looked at the folders after the last change), failing after d.
func (o *opener) openVouched(d time.Duration) (*Library, []string) {
	o.t.Helper()
	deadline := time.Now().Add(d)
	for {
		l, vouched, _, warns := o.vouchedOpen()
		if slices.Equal(vouched, []bool{true}) {
			return l, warns
		}
		l.Close()
		if time.Now().After(deadline) {
			o.t.Fatalf("no follower vouched within %v (%v)", d, vouched)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A command opening a corpus that a dossier follows (the dashboard, serve)
// asks it instead of stating every file, and gets the warnings its own
// scan would give. A change made just before it asks is never vouched
// for: the command sees it (an article added, one edited in place with
// its size and modification time kept, one renamed, one removed), and
// the follower vouches again once it has refreshed.
func TestFollowerVouchesForACommand(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the follower vouches on Linux")
	}
	o := newOpener(t, quickCorpus(t))
	follows(t, o.dir, o.cache, true)
	// What a command that scans is told, for comparison.
	l, _, _, scanned := o.vouchedOpen()
	l.Close()
	if len(scanned) != 2 {
		t.Fatalf("warnings %q, want the two files that are not articles", scanned)
	}

	l, warns := o.openVouched(10 * time.Second)
	if _, _, q, _ := o.vouchedOpen(); !slices.Equal(q, []bool{true}) {
		t.Errorf("vouched: the quick scan decided %v (want [true], decided without it)", q)
	}
	if !slices.Equal(warns, scanned) {
		t.Errorf("vouched: warnings %q, a scan gives %q", warns, scanned)
	}
	if r := o.read(); len(r) != 0 {
		t.Errorf("vouched: read %v", r)
	}
	if got := hits(t, l, "lithium"); len(got) != 24 {
		t.Errorf("vouched: lithium found %d articles", len(got))
	}
	l.Close()

	write(t, filepath.Join(o.dir, "sub", "new.txt"), "A new article about zirconquartz.")
	editKept(t, filepath.Join(o.dir, "a003.txt"), "lithium", "cobalts")
	os.Rename(filepath.Join(o.dir, "sub", "b"+tag(19)+".txt"), filepath.Join(o.dir, "renamed.txt"))
	os.Remove(filepath.Join(o.dir, "a004.txt"))
	l, vouched, _, _ := o.vouchedOpen() // at once: the follower has not refreshed yet
	if slices.Contains(vouched, true) {
		t.Errorf("right after the changes: vouched %v", vouched)
	}
	want := map[string][]string{
		"zirconquartz":    {"new"},
		"cobalts":         {"a003"},
		"word" + tag(19):  {"renamed"},
		"word" + tag(4):   nil,
		"lithium id:a002": {"a002"},
	}
	for q, ids := range want {
		if got := hits(t, l, q); !slices.Equal(got, ids) {
			t.Errorf("right after the changes: %s found %v, want %v", q, got, ids)
		}
	}
	l.Close()

	l, _ = o.openVouched(20 * time.Second)
	for q, ids := range want {
		if got := hits(t, l, q); !slices.Equal(got, ids) {
			t.Errorf("vouched after the changes: %s found %v, want %v", q, got, ids)
		}
	}
	if r := o.read(); len(r) != 0 {
		t.Errorf("vouched after the changes: read %v", r)
	}
}

// A file that needs no refresh (not an article) makes the follower look
// at the folders again before it vouches: the command then gets the new
// warning.
func TestFollowerVouchesAfterAFileThatIsNoArticle(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the follower vouches on Linux")
	}
	o := newOpener(t, quickCorpus(t))
	w := follows(t, o.dir, o.cache, true)
	l, before := o.openVouched(10 * time.Second)
	l.Close()
	write(t, filepath.Join(o.dir, "sub", "scan.pdf"), "not an article")
	l, vouched, _, _ := o.vouchedOpen()
	l.Close()
	if slices.Contains(vouched, true) {
		t.Errorf("right after the file came: vouched %v", vouched)
	}
	l, after := o.openVouched(10 * time.Second)
	l.Close()
	if len(after) != len(before)+1 || !slices.ContainsFunc(after, func(s string) bool { return strings.Contains(s, "scan.pdf") }) {
		t.Errorf("warnings before %q, after %q: want scan.pdf's too", before, after)
	}
	if _, upd := w.counts(); upd != 0 {
		t.Errorf("%d refreshes for a file that is no article", upd)
	}
}

// A follower that cannot know of every change (here: its folder is on a
// file system that may not tell of changes made elsewhere) never vouches.
func TestFollowerOnAnUntrustedFileSystemDoesNotVouch(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the follower vouches on Linux")
	}
	o := newOpener(t, quickCorpus(t))
	w := &watched{t: t, dir: o.dir}
	feed := follow(context.Background(), o.options(), FollowOptions{}, testHooks{localFS: func(string) bool { return false }})
	t.Cleanup(func() { feed.Close() })
	w.feed = feed
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := feed.Ready(ctx); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		l, vouched, quick, _ := o.vouchedOpen()
		l.Close()
		if !slices.Equal(vouched, []bool{false}) || !slices.Equal(quick, []bool{true}) {
			t.Fatalf("vouched %v, quick scan %v; want [false], [true]", vouched, quick)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// The follower answers a question only after the events of the changes
// made before it: here a change's event comes after the question, and
// before the event of the question's sync file; the answer is "unsure".
// With no change in between, it vouches.
func TestFollowerAnswersAfterEarlierChanges(t *testing.T) {
	dir := t.TempDir()
	fl := &follower{dirs: map[string]bool{dir: true}, pending: map[string]*settling{}, syncs: make(chan syncReq), roots: []string{dir}}
	jn, err := startJournal(t.TempDir(), fl.syncs)
	if err != nil || jn == nil {
		t.Fatalf("journal: %v", err)
	}
	defer jn.close()
	fl.jn = jn
	fl.vouchGen = "gen-000001"
	now := time.Now()
	ask := func() chan syncReply {
		req := syncReq{gen: "gen-000001", reply: make(chan syncReply, 1)}
		fl.ask(req)
		if len(req.reply) != 0 {
			t.Fatal("answered before its sync file's event")
		}
		return req.reply
	}
	syncEvent := func() {
		fl.event(fsnotify.Event{Name: filepath.Join(jn.dir, syncPrefix+strconv.Itoa(fl.nextSync)), Op: fsnotify.Create}, now)
	}

	reply := ask()
	syncEvent()
	if rep := <-reply; !rep.vouch {
		t.Error("no change: unsure")
	}
	reply = ask()
	fl.event(fsnotify.Event{Name: filepath.Join(dir, "a.txt"), Op: fsnotify.Write}, now)
	syncEvent()
	if rep := <-reply; rep.vouch {
		t.Error("a change came before the sync file's event: vouched")
	}
	if fl.vouches("gen-000001") {
		t.Error("vouches after a change")
	}
}

// A command never trusts a follower that cannot answer: one that ended
// without tidying (its socket left behind, nobody listening) or one that
// is stopped (connections wait, no answer comes). It scans, and finds a
// change made after the follower last vouched.
func TestCommandScansWhenNoLiveFollowerAnswers(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the follower vouches on Linux")
	}
	for _, tc := range []struct {
		name  string
		stand func(t *testing.T, sock string)
	}{
		{"gone", func(t *testing.T, sock string) {
			ln, err := net.Listen("unix", sock)
			if err != nil {
				t.Fatal(err)
			}
			ln.(*net.UnixListener).SetUnlinkOnClose(false)
			ln.Close()
		}},
		{"stopped", func(t *testing.T, sock string) {
			ln, err := net.Listen("unix", sock) // never accepts: the system queues the connection
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ln.Close() })
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := newOpener(t, quickCorpus(t))
			w := follows(t, o.dir, o.cache, true)
			l, _ := o.openVouched(10 * time.Second)
			sock := filepath.Join(l.kept.dir, followDir, followSock)
			l.Close()
			w.feed.Close()
			if _, err := os.Lstat(sock); err == nil {
				t.Fatal("the follower's socket outlived it")
			}
			tc.stand(t, sock)
			editKept(t, filepath.Join(o.dir, "a003.txt"), "lithium", "cobalts")
			l, vouched, _, _ := o.vouchedOpen()
			defer l.Close()
			if !slices.Equal(vouched, []bool{false}) {
				t.Errorf("vouched %v, want [false]", vouched)
			}
			if got := hits(t, l, "cobalts"); !slices.Equal(got, []string{"a003"}) {
				t.Errorf("cobalts found %v, want [a003]", got)
			}
		})
	}
}

// When the system's queue of events overflows (changes were lost), the
// questions waiting are answered "unsure", and the follower does not
// vouch again until it has scanned the folders.
func TestFollowerOverflowUnvouches(t *testing.T) {
	dir := t.TempDir()
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	fl := &follower{f: NewFeed(), w: w, dirs: map[string]bool{}, pending: map[string]*settling{}, syncs: make(chan syncReq),
		roots: []string{dir}, hooks: testHooks{localFS: func(string) bool { return true }}}
	jn, err := startJournal(t.TempDir(), fl.syncs)
	if err != nil || jn == nil {
		t.Fatalf("journal: %v", err)
	}
	defer jn.close()
	fl.jn, fl.vouchGen = jn, "gen-000001"
	if !fl.vouches("gen-000001") {
		t.Fatal("test setup: does not vouch")
	}
	req := syncReq{gen: "gen-000001", reply: make(chan syncReply, 1)}
	fl.ask(req)
	fl.watchError(fsnotify.ErrEventOverflow)
	select {
	case rep := <-req.reply:
		if rep.vouch {
			t.Error("overflow: the waiting question was vouched for")
		}
	default:
		t.Error("overflow: the waiting question has no answer")
	}
	if fl.vouches("gen-000001") {
		t.Error("vouches after an overflow")
	}
	if !fl.dirty {
		t.Error("no scan follows the overflow")
	}
	// Another error of the watcher: not vouched for either.
	fl.vouchSeq = fl.changes
	fl.watchError(errors.New("some error"))
	if fl.vouches("gen-000001") {
		t.Error("vouches after a watcher's error")
	}
}
