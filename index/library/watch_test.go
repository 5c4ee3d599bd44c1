package library

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier/index"
	"dossier/model"
)

// watched is a followed corpus with what its library did: the files it
// read and how many updates it started.
type watched struct {
	t     *testing.T
	dir   string
	feed  *Feed
	mu    sync.Mutex
	reads []string
	upd   int
	seq   int // the state last looked at
}

// follows follows dir (kept index in cache, or in memory when cache is "")
// and waits for it to be loaded, unless wait is false.
func follows(t *testing.T, dir, cache string, wait bool) *watched {
	t.Helper()
	w := &watched{t: t, dir: dir}
	hooks := testHooks{
		read:   func(rel string) { w.mu.Lock(); w.reads = append(w.reads, rel); w.mu.Unlock() },
		update: func() { w.mu.Lock(); w.upd++; w.mu.Unlock() },
	}
	opts := Options{Dirs: []string{dir}, CacheDir: cache, Synonyms: [][]string{{"lithium", "Lithium"}}}
	w.feed = follow(context.Background(), opts, FollowOptions{}, hooks)
	t.Cleanup(func() { w.feed.Close() })
	if wait {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if _, err := w.feed.Ready(ctx); err != nil {
			t.Fatalf("loading: %v", err)
		}
		w.seq = w.feed.State().Seq
		w.reset()
	}
	return w
}

// reset forgets the reads and updates so far.
func (w *watched) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reads, w.upd = nil, 0
}

func (w *watched) counts() ([]string, int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r := slices.Clone(w.reads)
	slices.Sort(r)
	return r, w.upd
}

// until waits for a state that satisfies ok, failing after d.
func (w *watched) until(what string, d time.Duration, ok func(State) bool) State {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for {
		st := w.feed.Wait(ctx, w.seq)
		w.seq = st.Seq
		if ok(st) {
			return st
		}
		if ctx.Err() != nil {
			w.t.Fatalf("%s: not within %v; state: %d articles, notices %q, err %v", what, d, corpusLen(st), st.Notices, st.Err)
		}
	}
}

// noticed waits for the snapshot to hold n articles and for a new notice,
// and returns the notices added since count.
func (w *watched) noticed(n, count int) (State, []string) {
	w.t.Helper()
	st := w.until(fmt.Sprintf("%d articles and a notice", n), 20*time.Second, func(st State) bool {
		return st.Snap != nil && !st.Snap.Partial && st.Snap.Corpus.Len() == n && st.NoticeCount > count
	})
	return st, st.Notices[len(st.Notices)-min(st.NoticeCount-count, len(st.Notices)):]
}

func corpusLen(st State) int {
	if st.Snap == nil {
		return -1
	}
	return st.Snap.Corpus.Len()
}

func search(t *testing.T, s *Snapshot, q string) []string {
	t.Helper()
	res, err := s.Index.Search(context.Background(), index.Request{Query: q, Limit: 1000})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

// An added, a changed and a removed file each become one update that reads
// only that file, with a notice naming it; search follows.
func TestFollowAddChangeRemove(t *testing.T) {
	for _, kept := range []bool{true, false} {
		t.Run(fmt.Sprintf("kept=%v", kept), func(t *testing.T) {
			dir := corpusDir(t, 3)
			cache := ""
			if kept {
				cache = t.TempDir()
			}
			w := follows(t, dir, cache, true)
			count := w.feed.State().NoticeCount

			write(t, filepath.Join(dir, "a003.txt"), article(3, "cobalt"))
			st, notes := w.noticed(4, count)
			if want := []string{"1 new article: “Article number 3”"}; !slices.Equal(notes, want) {
				t.Errorf("add: notices %q, want %q", notes, want)
			}
			if got := search(t, st.Snap, "cobalt"); !slices.Equal(got, []string{"a003"}) {
				t.Errorf("add: cobalt finds %v", got)
			}
			reads, upd := w.counts()
			if kept && !slices.Equal(reads, []string{"a003.txt"}) || upd != 1 {
				t.Errorf("add: read %v in %d updates, want [a003.txt] in 1", reads, upd)
			}

			w.reset()
			count = st.NoticeCount
			write(t, filepath.Join(dir, "a001.txt"), article(1, "graphite and more words"))
			st, notes = w.noticed(4, count)
			if want := []string{"1 article changed: “Article number 1”"}; !slices.Equal(notes, want) {
				t.Errorf("change: notices %q, want %q", notes, want)
			}
			if got := search(t, st.Snap, "graphite"); !slices.Equal(got, []string{"a001"}) {
				t.Errorf("change: graphite finds %v", got)
			}
			reads, upd = w.counts()
			if kept && !slices.Equal(reads, []string{"a001.txt"}) || upd != 1 {
				t.Errorf("change: read %v in %d updates, want [a001.txt] in 1", reads, upd)
			}

			w.reset()
			count = st.NoticeCount
			if err := os.Remove(filepath.Join(dir, "a002.txt")); err != nil {
				t.Fatal(err)
			}
			st, notes = w.noticed(3, count)
			if want := []string{"1 article removed: “Article number 2”"}; !slices.Equal(notes, want) {
				t.Errorf("remove: notices %q, want %q", notes, want)
			}
			if got := search(t, st.Snap, "mentions"); !slices.Equal(got, []string{"a000", "a001", "a003"}) {
				t.Errorf("remove: mentions finds %v", got)
			}
			reads, upd = w.counts()
			if kept && len(reads) != 0 || upd != 1 {
				t.Errorf("remove: read %v in %d updates, want nothing in 1", reads, upd)
			}
			if st.Progress.Stage != StageReady || st.Err != nil || st.Final {
				t.Errorf("after the updates: progress %+v err %v final %v", st.Progress, st.Err, st.Final)
			}
		})
	}
}

// 200 files copied in one go, into a folder made after the start, become one
// update (or very few), each file read once.
func TestFollowBurstIsOneUpdate(t *testing.T) {
	dir := corpusDir(t, 3)
	w := follows(t, dir, t.TempDir(), true)
	count := w.feed.State().NoticeCount
	sub := filepath.Join(dir, "batch", "2025")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 200 { // a copy taking about half a second
		write(t, filepath.Join(sub, fmt.Sprintf("b%03d.md", i)), article(i, "burst"))
		time.Sleep(2 * time.Millisecond)
	}
	st, notes := w.noticed(203, count)
	reads, upd := w.counts()
	if len(reads) != 200 || upd > 2 {
		t.Errorf("burst: %d reads in %d updates, want 200 in 1 (2 at most)", len(reads), upd)
	}
	added := 0
	for _, n := range notes {
		var k int
		if _, err := fmt.Sscanf(n, "%d new articles", &k); err != nil {
			t.Errorf("notice %q", n)
		}
		added += k
	}
	if added != 200 {
		t.Errorf("notices %q add up to %d new articles, want 200", notes, added)
	}
	if got := search(t, st.Snap, "burst"); len(got) != 200 {
		t.Errorf("burst finds %d", len(got))
	}
	// A file in a folder made inside the new one is followed too.
	w.reset()
	deeper := filepath.Join(sub, "deeper")
	if err := os.Mkdir(deeper, 0o755); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	write(t, filepath.Join(deeper, "c.md"), "# Deep down\n\nA text about vanadium.\n")
	st, _ = w.noticed(204, st.NoticeCount)
	if got := search(t, st.Snap, "vanadium"); !slices.Equal(got, []string{"c"}) {
		t.Errorf("deeper: vanadium finds %v", got)
	}
	// Removing the folder removes its articles.
	if err := os.RemoveAll(filepath.Join(dir, "batch")); err != nil {
		t.Fatal(err)
	}
	_, notes = w.noticed(3, st.NoticeCount)
	if !slices.Equal(notes, []string{"201 articles removed"}) {
		t.Errorf("removing the folder: %q", notes)
	}
}

// A file written slowly, in pieces, for longer than an update may wait, is
// read once, whole; one written in two parts with a pause is not read
// half-done either.
func TestFollowWaitsForFilesBeingWritten(t *testing.T) {
	dir := corpusDir(t, 2)
	w := follows(t, dir, t.TempDir(), true)

	// Every published snapshot is looked at: none may hold a part.
	var seen []model.Article
	var mu sync.Mutex
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		seq := w.seq
		for ctx.Err() == nil {
			st := w.feed.Wait(ctx, seq)
			seq = st.Seq
			if st.Snap == nil {
				continue
			}
			for _, id := range []string{"slow", "pause"} {
				if a, ok := st.Snap.Corpus.Article(id); ok {
					mu.Lock()
					seen = append(seen, a)
					mu.Unlock()
				}
			}
		}
	}()

	words := 0
	f, err := os.Create(filepath.Join(dir, "slow.md"))
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("# A slow file\n\n")
	start := time.Now()
	for i := 0; time.Since(start) < DefaultMaxDelay+time.Second; i++ {
		fmt.Fprintf(f, "Line %d of a long report about lithium.\n\n", i)
		words += 7
		time.Sleep(50 * time.Millisecond)
	}
	f.WriteString("The end.\n")
	f.Close()

	pause := filepath.Join(dir, "pause.md")
	g, err := os.Create(pause)
	if err != nil {
		t.Fatal(err)
	}
	g.WriteString("# Written in two parts\n\nThe first part.\n\n")
	time.Sleep(150 * time.Millisecond)
	g.WriteString("The second part, with cobalt.\n")
	g.Close()

	st := w.until("both files", 20*time.Second, func(st State) bool {
		_, a := st.Snap.Corpus.Article("slow")
		_, b := st.Snap.Corpus.Article("pause")
		return a && b && !st.Snap.Partial
	})
	stop()
	<-done
	slow, _ := st.Snap.Corpus.Article("slow")
	if slow.Words < words {
		t.Errorf("slow.md indexed with %d words, want at least %d", slow.Words, words)
	}
	if got := search(t, st.Snap, "cobalt"); !slices.Equal(got, []string{"pause"}) {
		t.Errorf("cobalt finds %v: the second part of pause.md is missing", got)
	}
	mu.Lock()
	for _, a := range seen {
		final, _ := st.Snap.Corpus.Article(a.ID)
		if a.Sum != final.Sum {
			t.Errorf("%s was published half-written (%d words, then %d)", a.ID, a.Words, final.Words)
		}
	}
	mu.Unlock()
	reads, _ := w.counts()
	if !slices.Equal(reads, []string{"pause.md", "slow.md"}) {
		t.Errorf("read %v, want each file once", reads)
	}
}

// Hidden, temporary and backup files, hidden folders and the kept index's
// own folder (here inside the corpus folder) cause no update.
func TestFollowIgnoresTemporaryFilesAndTheCache(t *testing.T) {
	dir := corpusDir(t, 2)
	w := follows(t, dir, filepath.Join(dir, "cache"), true)
	if err := os.Mkdir(filepath.Join(dir, ".hidden"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{".a000.txt.swp", "a000.txt~", "report.md.part", "download.md.crdownload", "#notes.md#", ".hidden/x.md", "picture.png"} {
		write(t, filepath.Join(dir, name), article(9, "ignored"))
	}
	time.Sleep(DefaultQuiet + DefaultMaxDelay)
	if _, upd := w.counts(); upd != 0 {
		t.Fatalf("%d updates for temporary files", upd)
	}
	count := w.feed.State().NoticeCount
	write(t, filepath.Join(dir, "real.txt"), "Real\n\nA real article about nickel.\n")
	st, notes := w.noticed(3, count)
	if !slices.Equal(notes, []string{"1 new article: “Real”"}) {
		t.Errorf("notices %q", notes)
	}
	// The update wrote a generation in the cache folder: that is no change.
	time.Sleep(DefaultQuiet + DefaultMaxDelay)
	if _, upd := w.counts(); upd != 1 {
		t.Errorf("%d updates, want 1 (the cache folder's writes are changes?)", upd)
	}
	if st.Snap.Gen == "" {
		t.Error("the kept index was not used")
	}
}

// A corpus folder that was empty at start is opened once articles come.
func TestFollowEmptyFolderFillsIn(t *testing.T) {
	dir := t.TempDir()
	w := follows(t, dir, t.TempDir(), false)
	w.until("the empty folder's error", 20*time.Second, func(st State) bool { return errors.Is(st.Err, ErrEmpty) })
	count := w.feed.State().NoticeCount
	write(t, filepath.Join(dir, "first.md"), "# First article\n\nText about hydrogen.\n")
	write(t, filepath.Join(dir, "second.txt"), "date 2025-04-07\nSecond article\n\nMore about hydrogen.\n")
	st, notes := w.noticed(2, count)
	if st.Err != nil || !slices.Equal(notes, []string{"2 new articles"}) {
		t.Errorf("err %v, notices %q", st.Err, notes)
	}
	if w.feed.Library() == nil || len(search(t, st.Snap, "hydrogen")) != 2 {
		t.Error("the library was not opened, or does not search")
	}
	// and the last article removed leaves the last state, saying so
	os.Remove(filepath.Join(dir, "first.md"))
	st, _ = w.noticed(1, st.NoticeCount)
	os.Remove(filepath.Join(dir, "second.txt"))
	st = w.until("a notice", 20*time.Second, func(s State) bool { return s.NoticeCount > st.NoticeCount })
	if last := st.Notices[len(st.Notices)-1]; !strings.Contains(last, "no readable articles now") || st.Snap.Corpus.Len() != 1 {
		t.Errorf("all removed: %q, %d articles", last, st.Snap.Corpus.Len())
	}
}

// Warnings are counted per scan, not again at every update, and each is
// passed on once.
func TestFollowCountsWarningsOnce(t *testing.T) {
	dir := corpusDir(t, 2)
	write(t, filepath.Join(dir, "empty.md"), "")
	var told []string
	var mu sync.Mutex
	opts := Options{Dirs: []string{dir}, CacheDir: t.TempDir(),
		Warn: func(w model.Warning) { mu.Lock(); told = append(told, w.String()); mu.Unlock() }}
	w := &watched{t: t, dir: dir, feed: follow(context.Background(), opts, FollowOptions{}, testHooks{})}
	t.Cleanup(func() { w.feed.Close() })
	st := w.until("loaded", 20*time.Second, func(st State) bool { return st.Snap != nil && st.Progress.Stage == StageReady })
	if st.Warnings != 1 {
		t.Fatalf("%d warnings at start, want 1", st.Warnings)
	}
	for i := range 2 {
		write(t, filepath.Join(dir, fmt.Sprintf("n%d.md", i)), "# New\n\nText.\n")
		st, _ = w.noticed(3+i, st.NoticeCount)
	}
	write(t, filepath.Join(dir, "bad.txt"), "\x00\x01binary")
	st = w.until("the second warning", 20*time.Second, func(s State) bool { return s.Warnings == 2 })
	mu.Lock()
	defer mu.Unlock()
	if len(told) != 2 {
		t.Errorf("warnings passed on: %q, want each once", told)
	}
}

// Close stops following: later changes publish nothing.
func TestFollowStopsOnClose(t *testing.T) {
	dir := corpusDir(t, 2)
	w := follows(t, dir, t.TempDir(), true)
	if err := w.feed.Close(); err != nil {
		t.Fatal(err)
	}
	seq := w.feed.State().Seq
	write(t, filepath.Join(dir, "late.md"), "# Late\n\nText.\n")
	time.Sleep(DefaultQuiet + DefaultMaxDelay)
	if st := w.feed.State(); st.Seq != seq {
		t.Errorf("a closed feed changed: %+v", st)
	}
	if _, upd := w.counts(); upd != 0 {
		t.Errorf("%d updates after Close", upd)
	}
}

func TestChangesNotice(t *testing.T) {
	art := func(id, title string, sum uint64) model.Article {
		return model.Article{ID: id, Title: title, Sum: sum, Size: 10}
	}
	corpus := func(arts ...model.Article) *model.Corpus {
		return model.NewCorpus("c", arts, model.MemTexts{})
	}
	long := strings.Repeat("Kazakhstan and the EU agree on raw materials ", 3)
	base := corpus(art("a", "Alpha", 1), art("b", "Beta", 2), art("c", "Gamma", 3))
	tests := []struct {
		before, after *model.Corpus
		want          string
	}{
		{base, base, ""},
		{nil, base, "3 new articles"},
		{base, corpus(art("a", "Alpha", 1), art("b", "Beta", 2), art("c", "Gamma", 3), art("d", "Delta\x1b[31m", 4)), "1 new article: “Delta”"},
		{base, corpus(art("a", "Alpha", 1), art("b", "Beta", 9), art("c", "Gamma", 3)), "1 article changed: “Beta”"},
		{base, corpus(art("a", "Alpha", 9), art("b", "Beta", 9), art("c", "Gamma", 3)), "2 articles changed"},
		{base, corpus(art("a", "Alpha", 1), art("b", "Beta", 2)), "1 article removed: “Gamma”"},
		{base, corpus(art("a", "Alpha", 1)), "2 articles removed"},
		{base, corpus(art("a", "Alpha", 7), art("x", "X", 5), art("y", "Y", 6)), "2 new articles, 1 changed, 2 removed"},
		{base, corpus(art("b", "Beta", 2), art("c", "Gamma", 3), art("z", "Zeta", 1)), "1 new article, 1 removed"},
		{nil, corpus(art("l", long, 1)), "1 new article: “Kazakhstan and the EU agree on raw materials Kazakhstan and…”"},
		{nil, corpus(art("untitled", "", 1)), "1 new article: “untitled”"},
	}
	for _, tt := range tests {
		if got := diffCorpora(tt.before, tt.after).String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

// Notices beyond the 20 kept are still counted, so readers see each one.
func TestNoticeCountGrowsPastTheKeptNotices(t *testing.T) {
	f := NewFeed()
	for i := range 25 {
		f.Notice(fmt.Sprintf("notice %d", i))
	}
	st := f.State()
	if st.NoticeCount != 25 || len(st.Notices) != maxNotices || st.Notices[maxNotices-1] != "notice 24" || st.Notices[0] != "notice 5" {
		t.Errorf("count %d, notices %q", st.NoticeCount, st.Notices)
	}
}

// TestFollowWatchesTheFoldersFoundAtStart: every folder under the corpus
// at start is watched (deep ones too), but hidden ones and the kept
// indexes; a file written in the deepest is followed.
func TestFollowWatchesTheFoldersFoundAtStart(t *testing.T) {
	dir := corpusDir(t, 2)
	deep := filepath.Join(dir, "a", "b", "c")
	for _, d := range []string{deep, filepath.Join(dir, "a", "b2"), filepath.Join(dir, ".hidden", "h")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		write(t, filepath.Join(dir, "a", fmt.Sprintf("s%d.txt", i)), article(10+i, "shallow"))
	}
	w := follows(t, dir, filepath.Join(dir, "cache"), true)
	fl := w.feed.follow
	var got []string
	for d := range fl.dirs {
		rel, _ := filepath.Rel(dir, d)
		got = append(got, filepath.ToSlash(rel))
	}
	slices.Sort(got)
	if want := []string{".", "a", "a/b", "a/b/c", "a/b2"}; !slices.Equal(got, want) {
		t.Errorf("watched %q, want %q", got, want)
	}
	count := w.feed.State().NoticeCount
	write(t, filepath.Join(deep, "deep.txt"), "Deep\n\nA deep article about vanadium.\n")
	st, _ := w.noticed(6, count)
	if found := search(t, st.Snap, "vanadium"); len(found) != 1 {
		t.Errorf("vanadium in the deepest folder finds %v", found)
	}
}
