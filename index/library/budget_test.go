package library

import (
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"testing"
	"time"
)

func TestHeapRoom(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		name                    string
		budget, file, base, out int64
	}{
		{"few pages: the process's limit", 256 * mib, 30 * mib, 160 * mib, 160 * mib},
		{"a merge's pages: what they leave", 256 * mib, 140 * mib, 160 * mib, 116 * mib},
		{"more pages than the budget: the least room", 256 * mib, 250 * mib, 160 * mib, minHeapRoom},
		{"pages beyond the budget: the least room", 256 * mib, 300 * mib, 160 * mib, minHeapRoom},
		{"never above the process's limit", 256 * mib, 0, 100 * mib, 100 * mib},
		{"a process limit below the least room stays", 256 * mib, 250 * mib, 32 * mib, 32 * mib},
	} {
		if got := heapRoom(c.budget, c.file, c.base); got != c.out {
			t.Errorf("%s: heapRoom(%d, %d, %d) = %d MiB, want %d MiB", c.name, c.budget/mib, c.file/mib, c.base/mib, got/mib, c.out/mib)
		}
	}
}

// waitLimit waits until the heap's soft limit satisfies ok, and returns it.
func waitLimit(t *testing.T, what string, ok func(int64) bool) int64 {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := debug.SetMemoryLimit(-1)
		if ok(got) {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the soft limit stayed at %d MiB", what, got>>20)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestKeepWithinFollowsMappedPages maps and reads a file while a bound is
// kept: the heap's soft limit goes down by about the file's size, comes
// back when it is let go, and is the process's again after stop.
func TestKeepWithinFollowsMappedPages(t *testing.T) {
	if _, ok := fileResident(); !ok {
		t.Skip("the system does not tell file-backed pages")
	}
	const mib = 1 << 20
	const base, room, size = 1 << 30, 400 * mib, 96 * mib
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(base))
	file0, _ := fileResident()
	stop := keepWithin(file0 + room)
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			stop()
		}
	})
	waitLimit(t, "before the mapping", func(l int64) bool { return l > room-16*mib && l < room+16*mib })

	path := filepath.Join(t.TempDir(), "segment")
	if err := os.WriteFile(path, make([]byte, size), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	var sum byte
	for i := 0; i < len(data); i += os.Getpagesize() {
		sum += data[i] // resident now
	}
	t.Logf("read %d MiB mapped (sum %d)", size/mib, sum)
	waitLimit(t, "with the file mapped", func(l int64) bool { return l < room-size+16*mib })
	if err := syscall.Munmap(data); err != nil {
		t.Fatal(err)
	}
	waitLimit(t, "after the mapping", func(l int64) bool { return l > room-16*mib })
	stop()
	stopped = true
	if got := debug.SetMemoryLimit(-1); got != base {
		t.Errorf("after stop, the soft limit is %d MiB, want the process's %d MiB", got/mib, base/mib)
	}
}

// TestBuildKeepsWithinBuildMemory builds a kept index with a bound smaller
// than the program's own pages: while it builds, the heap gets the least
// room; once built, the process's limit is back. Without a bound, or in a
// process without a soft limit, the limit is never touched.
func TestBuildKeepsWithinBuildMemory(t *testing.T) {
	if _, ok := fileResident(); !ok {
		t.Skip("the system does not tell file-backed pages")
	}
	const base = 1 << 30
	for _, c := range []struct {
		name         string
		bound, limit int64
		want         int64 // the limit during the build
	}{
		{"bound", 1, base, minHeapRoom},
		{"no bound", 0, base, base},
		{"no soft limit", 1, -1, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			old := debug.SetMemoryLimit(-1)
			defer debug.SetMemoryLimit(old)
			if c.limit > 0 {
				debug.SetMemoryLimit(c.limit)
			}
			before := debug.SetMemoryLimit(-1)
			want := c.want
			if want == 0 {
				want = before
			}
			o := newOpener(t, corpusDir(t, 40))
			opts := o.options()
			opts.BuildMemory = c.bound
			var during int64 = -1
			opts.Progress = func(p Progress) {
				if p.Stage == StageIndex && p.Done == 1 && during < 0 {
					if want != before {
						during = waitLimit(t, "while building", func(l int64) bool { return l == want })
						return
					}
					time.Sleep(3 * budgetEvery) // a watcher, if any, has looked
					during = debug.SetMemoryLimit(-1)
				}
			}
			l, err := Open(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			l.Close()
			if during != want {
				t.Errorf("while building, the soft limit was %d, want %d", during, want)
			}
			if got := debug.SetMemoryLimit(-1); got != before {
				t.Errorf("after the build, the soft limit is %d, want %d", got, before)
			}
		})
	}
}
