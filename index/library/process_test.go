package library

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"dossier/index"
)

// TestHelperWriter is not a test: run by TestTwoProcessesShareOneCorpus as
// another process, it opens the corpus and, having taken the write lock,
// says so in a file and holds the lock a while before writing.
func TestHelperWriter(t *testing.T) {
	dir, cache, marker := os.Getenv("HELPER_CORPUS"), os.Getenv("HELPER_CACHE"), os.Getenv("HELPER_MARKER")
	if dir == "" {
		t.Skip("helper process only")
	}
	o := &opener{t: t, dir: dir, cache: cache}
	o.locked = func() {
		os.WriteFile(marker, []byte("locked"), 0o600)
		time.Sleep(3 * time.Second)
	}
	l := o.open()
	if got := hits(t, l, "zirconquartz"); len(got) != 1 {
		t.Fatalf("writer: zirconquartz found %v", got)
	}
}

func TestTwoProcessesShareOneCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("starts another process")
	}
	dir := corpusDir(t, 40)
	o := newOpener(t, dir)
	reader := o.open() // like a dashboard: holds the published generation open
	gen1 := reader.Snapshot().Gen
	write(t, filepath.Join(dir, "new.txt"), "A new article about zirconquartz and lithium.")
	os.Remove(filepath.Join(dir, "a001.txt"))

	marker := filepath.Join(t.TempDir(), "locked")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.v")
	cmd.Env = append(os.Environ(), "HELPER_CORPUS="+dir, "HELPER_CACHE="+o.cache, "HELPER_MARKER="+marker)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := os.Stat(marker); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the writer never took the lock:\n%s", out)
		}
		time.Sleep(10 * time.Millisecond)
	}

	// While the other process writes, this one opens the same corpus: it
	// does not wait, and it finds what the folder holds now.
	start := time.Now()
	mid := o.open()
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("opening waited %v for the other process", took)
	}
	if got := hits(t, mid, "zirconquartz"); !slices.Equal(got, []string{"new"}) {
		t.Errorf("during the other's write: zirconquartz found %v", got)
	}
	if got := hits(t, mid, "wordaab"); len(got) != 0 {
		t.Errorf("during the other's write: the removed a001 is found: %v", got)
	}
	if got := len(hits(t, mid, "lithium")); got != 40 {
		t.Errorf("during the other's write: lithium found in %d articles, want 40", got)
	}
	if g := mid.Snapshot().Gen; g != gen1 {
		t.Errorf("the open during the write served %q, want the published %q under an overlay", g, gen1)
	}
	mid.Close()

	if err := cmd.Wait(); err != nil {
		t.Fatalf("writer: %v\n%s", err, out)
	}
	// The first reader still searches its generation, which was kept for it.
	if got := len(hits(t, reader, "lithium")); got != 40 {
		t.Errorf("the first reader after the other's write: %d hits", got)
	}
	if _, err := os.Stat(filepath.Join(o.cache, "corpora")); err != nil {
		t.Fatal(err)
	}
	reader.Close()
	after := o.open()
	if r := o.read(); len(r) != 0 {
		t.Errorf("after the writer published, a new open read %v", r)
	}
	if g := after.Snapshot().Gen; g == gen1 {
		t.Errorf("still on %s after the other process published", g)
	}
}

// lockedBuffer collects a process's output.
type lockedBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (w *lockedBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b = append(w.b, p...)
	return len(p), nil
}

func (w *lockedBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.b)
}

// TestCloseStopsLoading: closing a feed whose corpus is still being
// indexed stops the loading and waits for it: nothing is written to the
// cache after Close returns, and nothing stays open.
func TestCloseStopsLoading(t *testing.T) {
	o := newOpener(t, corpusDir(t, 400))
	f := Start(context.Background(), o.options())
	time.Sleep(5 * time.Millisecond) // under way
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	before := listTree(t, o.cache)
	time.Sleep(300 * time.Millisecond)
	if after := listTree(t, o.cache); !slices.Equal(before, after) {
		t.Errorf("the cache changed after Close:\nbefore %v\nafter  %v", before, after)
	}
	// The write lock is free: a new process's open builds or reuses at once.
	l := o.open()
	res, err := l.Snapshot().Index.Search(context.Background(), index.Request{Query: "lithium"})
	if err != nil || res.Total != 400 {
		t.Errorf("reopened: %v, %v", res, err)
	}
}

// listTree lists the files under dir with their sizes.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			if info != nil {
				out = append(out, fmt.Sprintf("%s %d", p, info.Size()))
			}
		}
		return nil
	})
	return out
}
