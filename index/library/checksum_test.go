package library

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/index"
)

// segmentOf returns the largest index file of the published generation.
func segmentOf(t *testing.T, o *opener) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*", "gen-*", "index", "store", "*.zap"))
	if len(m) == 0 {
		t.Fatal("no segment file")
	}
	var best string
	var size int64 = -1
	for _, p := range m {
		if st, err := os.Stat(p); err == nil && st.Size() > size {
			best, size = p, st.Size()
		}
	}
	return best
}

// changeInside overwrites 20 bytes of a file with random ones, at a random
// place at least endsBytes from both ends, and puts its modification time
// back.
func changeInside(t *testing.T, path string, rng *rand.Rand) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() < 2*endsBytes+4096 {
		t.Fatalf("test setup: %s is only %d bytes", path, st.Size())
	}
	at := endsBytes + rng.Int64N(st.Size()-2*endsBytes-20)
	junk := make([]byte, 20)
	for i := range junk {
		junk[i] = byte(rng.IntN(256))
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(junk, at); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Chtimes(path, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	return at
}

// longQueries are searched in longCorpus.
var longQueries = []string{"lithium", "wordaab", "termabcaab", "termaaaaaa OR termbbbaab", "-termaaaaaa lithium", "termab* year:2024", `"termabcaab termabdaac"`}

// sameAsMemory checks that every query finds in the snapshot the articles
// the same corpus indexed in memory (--no-cache) finds, and that no search
// fails. (The order of hits of equal score is not compared.)
func sameAsMemory(t *testing.T, name string, s *Snapshot, mem *Library) {
	t.Helper()
	for _, q := range longQueries {
		want, err := mem.Snapshot().Index.Search(context.Background(), index.Request{Query: q, Limit: 1000})
		if err != nil {
			t.Fatalf("in memory, %q: %v", q, err)
		}
		got, err := s.Index.Search(context.Background(), index.Request{Query: q, Limit: 1000})
		if err != nil {
			t.Errorf("%s: %q failed: %v", name, q, err)
			continue
		}
		if g, w := hitIDs(got), hitIDs(want); got.Total != want.Total || !slices.Equal(g, w) {
			t.Errorf("%s: %q found %d %v, in memory %d %v", name, q, got.Total, g[:min(5, len(g))], want.Total, w[:min(5, len(w))])
		}
	}
}

// hitIDs lists the ids of a result's hits, sorted.
// inMemory opens a corpus folder as --no-cache does.
func inMemory(t *testing.T, dir string) *Library {
	t.Helper()
	mem, err := Open(context.Background(), Options{Dirs: []string{dir}, Synonyms: [][]string{{"lithium", "Lithium"}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mem.Close() })
	return mem
}

func hitIDs(r *index.Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

// TestChangedBytesInsideASegmentAreFound: twenty bytes changed in the
// middle of a segment, its size and modification time kept, are found at
// the next open (its inode change time moved: it is checksummed whole),
// named, and the index set aside and rebuilt; every search then finds what
// the corpus indexed in memory finds. `dossier index` says so first.
func TestChangedBytesInsideASegmentAreFound(t *testing.T) {
	dir := longCorpus(t, 40)
	o := newOpener(t, dir)
	o.open().Close()
	mem := inMemory(t, dir)
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 21))
		seg := segmentOf(t, o)
		at := changeInside(t, seg, rng)
		name := fmt.Sprintf("seed %d, 20 bytes at %d of %s", seed, at, filepath.Base(seg))
		st, err := Inspect(o.options())
		if err != nil || !strings.HasPrefix(st.State, "damaged") || !strings.Contains(st.State, filepath.Base(seg)) {
			t.Errorf("%s: dossier index says %q (%v)", name, st.State, err)
		}
		l := o.open()
		if len(o.notes) != 1 || !strings.Contains(o.notes[0], filepath.Base(seg)+" does not match its checksum") {
			t.Errorf("%s: notices %q, want one naming the segment", name, o.notes)
		}
		sameAsMemory(t, name, l.Snapshot(), mem)
		l.Close()
		if aside, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*.damaged-*")); len(aside) != 1 {
			t.Errorf("%s: set aside %v, want the last copy only", name, aside)
		}
	}
}

// TestWarmOpenChecksumsOnlyWhatChanged: a warm open reads no index file
// whole, also after an update (the writer vouches for the segments it
// linked from the generation before, where they had been found whole). A
// segment whose inode change time moved otherwise (here: linked and
// unlinked by someone else) is checksummed whole at the next open, once.
func TestWarmOpenChecksumsOnlyWhatChanged(t *testing.T) {
	dir := longCorpus(t, 40)
	o := newOpener(t, dir)
	o.open().Close()
	for i := range 2 {
		o.open().Close()
		if len(o.sums) != 0 {
			t.Errorf("warm open %d checksummed %v", i, o.sums)
		}
	}
	write(t, filepath.Join(dir, "new.txt"), "A new article about lithium.")
	o.open().Close() // writes the next generation
	for i := range 2 {
		o.open().Close()
		if len(o.sums) != 0 {
			t.Errorf("open %d after an update checksummed %v", i, o.sums)
		}
	}
	seg := segmentOf(t, o)
	if err := os.Link(seg, seg+".other"); err != nil {
		t.Fatal(err)
	}
	os.Remove(seg + ".other")
	o.open().Close()
	if !slices.Equal(o.sums, []string{"store/" + filepath.Base(seg)}) {
		t.Errorf("after the segment's change time moved, the open checksummed %v", o.sums)
	}
	o.open().Close()
	if len(o.sums) != 0 || len(o.notes) != 0 {
		t.Errorf("the open after that checksummed %v, was told %q", o.sums, o.notes)
	}
}

// TestRunningLibraryHealsATruncatedSegment: a segment truncated under a
// running dashboard makes its next search fail inside bleve; the library
// checks the generation, finds it damaged, sets it aside and rebuilds it,
// and the search is answered: the same hits as in memory. The feed serves
// the rebuilt generation and says what happened.
func TestRunningLibraryHealsATruncatedSegment(t *testing.T) {
	dir := longCorpus(t, 30)
	o := newOpener(t, dir)
	o.open().Close()
	f := start(context.Background(), o.options(), testHooks{checkAfter: time.Hour})
	defer f.Close()
	snap, err := f.Ready(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	seg := segmentOf(t, o)
	st, _ := os.Stat(seg)
	if err := os.Truncate(seg, st.Size()/2); err != nil {
		t.Fatal(err)
	}
	sameAsMemory(t, "truncated under a running library", snap, inMemory(t, dir))
	now := f.State()
	if now.Snap == nil || now.Snap.Gen == snap.Gen {
		t.Errorf("the feed still serves %s", snap.Gen)
	}
	if !slices.ContainsFunc(now.Notices, func(s string) bool { return strings.Contains(s, "moved to") }) {
		t.Errorf("notices %q, want one saying the index was set aside and rebuilt", now.Notices)
	}
}

// TestBackgroundCheckRepairs: a running dashboard checksums the generation
// it serves in the background; bytes changed inside a segment (which no
// search may notice) are found, and the generation set aside and rebuilt.
func TestBackgroundCheckRepairs(t *testing.T) {
	dir := longCorpus(t, 40)
	o := newOpener(t, dir)
	o.open().Close()
	f := start(context.Background(), o.options(), testHooks{checkAfter: 20 * time.Millisecond})
	defer f.Close()
	snap, err := f.Ready(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	changeInside(t, segmentOf(t, o), rand.New(rand.NewPCG(7, 21)))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for st := f.State(); ; st = f.Wait(ctx, st.Seq) {
		if st.Snap != nil && st.Snap.Gen != snap.Gen && !st.Snap.Partial && st.Progress.Stage == StageReady {
			if len(st.Notices) != 1 || !strings.Contains(st.Notices[0], "does not match its checksum") {
				t.Errorf("notices %q", st.Notices)
			}
			sameAsMemory(t, "after the background check", st.Snap, inMemory(t, dir))
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("the damage was not found; notices %q", st.Notices)
		}
	}
}

// TestSetAsideKeepsOneCopy: each damaged cache set aside replaces the copy
// set aside before it; the newest stays, to be looked at.
func TestSetAsideKeepsOneCopy(t *testing.T) {
	o := newOpener(t, corpusDir(t, 12))
	o.open().Close()
	var last []string
	for i := range 3 {
		seg := segmentOf(t, o)
		os.Truncate(seg, 100)
		o.open().Close()
		aside, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*.damaged-*"))
		if len(aside) != 1 || slices.Equal(aside, last) {
			t.Errorf("after damage %d: set aside %v (before %v)", i+1, aside, last)
		}
		last = aside
		time.Sleep(2 * time.Millisecond) // another name
	}
}

// copyTree copies a folder as `cp -a` does: every file a new inode, with
// its mode and modification time kept (sockets are left out).
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	type dirTime struct {
		path string
		mod  time.Time
	}
	var dirs []dirTime
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		switch {
		case info.IsDir():
			dirs = append(dirs, dirTime{to, info.ModTime()})
			return os.MkdirAll(to, info.Mode().Perm())
		case !info.Mode().IsRegular():
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(to, data, info.Mode().Perm()); err != nil {
			return err
		}
		return os.Chtimes(to, info.ModTime(), info.ModTime())
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		os.Chtimes(dirs[i].path, dirs[i].mod, dirs[i].mod)
	}
}

// copyCacheInPlace replaces the opener's cache by a copy of itself (a
// cache restored from a backup, or moved to another disk).
func copyCacheInPlace(t *testing.T, o *opener) {
	t.Helper()
	aside := o.cache + ".was"
	if err := os.Rename(o.cache, aside); err != nil {
		t.Fatal(err)
	}
	copyTree(t, aside, o.cache)
	if err := os.RemoveAll(aside); err != nil {
		t.Fatal(err)
	}
}

// TestCopiedCacheIsCheckedNotRebuilt: a kept index copied with its times
// (new inodes) is read whole once and served: not called damaged, not
// rebuilt, no article read again; the next open reads nothing whole. A
// copy with bytes changed inside a segment is still found damaged. A
// running library whose files are replaced by copies keeps answering,
// and checks them whole only once.
func TestCopiedCacheIsCheckedNotRebuilt(t *testing.T) {
	dir := longCorpus(t, 40)
	o := newOpener(t, dir)
	o.open().Close()
	mem := inMemory(t, dir)
	files, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*", "gen-*", "index", "store", "*"))

	copyCacheInPlace(t, o)
	o.reads = nil
	l := o.open()
	if len(o.notes) != 0 || len(o.reads) != 0 {
		t.Errorf("the copy: notices %q, read %d articles; want neither", o.notes, len(o.reads))
	}
	if len(o.sums) < len(files) {
		t.Errorf("the copy: checksummed %v whole, want every index file (%d)", o.sums, len(files))
	}
	sameAsMemory(t, "copied", l.Snapshot(), mem)
	l.Close()
	if aside, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*.damaged-*")); len(aside) != 0 {
		t.Errorf("set aside %v", aside)
	}
	o.open().Close()
	if len(o.sums) != 0 || len(o.notes) != 0 {
		t.Errorf("the open after the copy's: checksummed %v, notices %q", o.sums, o.notes)
	}

	// Files replaced by copies under a running library.
	l = o.open()
	copyCacheInPlace(t, o)
	for i := range 3 {
		o.sums = nil
		sameAsMemory(t, fmt.Sprintf("search %d after the copy under it", i), l.Snapshot(), mem)
		if i > 0 && len(o.sums) != 0 {
			t.Errorf("search %d after the copy under it checksummed %v again", i, o.sums)
		}
	}
	l.Close()
	if len(o.notes) != 0 {
		t.Errorf("copied under a running library: notices %q", o.notes)
	}

	// A copy is no excuse for other contents.
	copyCacheInPlace(t, o)
	seg := segmentOf(t, o)
	changeInside(t, seg, rand.New(rand.NewPCG(7, 21)))
	o.open().Close()
	if len(o.notes) != 1 || !strings.Contains(o.notes[0], filepath.Base(seg)+" does not match its checksum") {
		t.Errorf("a copy with bytes changed: notices %q, want one naming the segment", o.notes)
	}
}
