//go:build unix

package model

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// within runs f and fails the test if it has not returned after d (a read
// that waits on a pipe never does).
func within[T any](t *testing.T, d time.Duration, what string, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(d):
		t.Fatalf("%s still waiting after %v", what, d)
	}
	var zero T
	return zero
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.txt")
	writeFile(t, ok, "hello")
	fifo := filepath.Join(dir, "pipe")
	mkfifo(t, fifo)
	sparse := filepath.Join(dir, "big")
	if err := os.WriteFile(sparse, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(sparse, 1<<30); err != nil { // 1 GiB, nothing on disk
		t.Fatal(err)
	}
	tests := []struct {
		path, want string
		limit      int64
	}{
		{ok, "", 1 << 20},
		{ok, "is 5 bytes, over the 4 bytes limit", 4},
		{dir, "is a folder, not a file", 1 << 20},
		{fifo, "is a named pipe (FIFO), not a regular file", 1 << 20},
		{"/dev/zero", "is a device, not a regular file", 1 << 20},
		{sparse, "is 1 GiB, over the 4 MiB limit", 4 << 20},
		{"/proc/self/maps", "is over the 16 bytes limit", 16}, // says 0 bytes, holds more
		{filepath.Join(dir, "missing"), "no such file or directory", 1 << 20},
	}
	for _, tt := range tests {
		if _, err := os.Stat(tt.path); err != nil && tt.want != "no such file or directory" {
			t.Logf("%s: %v; skipped", tt.path, err)
			continue
		}
		type result struct {
			data []byte
			err  error
		}
		r := within(t, 5*time.Second, "ReadRegular("+tt.path+")", func() result {
			data, err := ReadRegular(tt.path, tt.limit)
			return result{data, err}
		})
		switch {
		case tt.want == "" && (r.err != nil || string(r.data) != "hello"):
			t.Errorf("ReadRegular(%s) = %q, %v", tt.path, r.data, r.err)
		case tt.want != "" && (r.err == nil || r.err.Error() != tt.want):
			t.Errorf("ReadRegular(%s): error %v, want %q", tt.path, r.err, tt.want)
		}
	}
}

// An article file swapped for a named pipe after the scan (a corpus read
// once, with --no-watch) fails at once: it never holds a search or a scan
// on a read that waits for a writer.
func TestArticleSwappedForAPipe(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	data := "date 2024-01-02\nLithium talks.\n\nThe body.\n"
	writeFile(t, path, data)
	files, _, err := Scan(dir, 0, "corpus")
	if err != nil || len(files) != 1 {
		t.Fatalf("scan: %v %v", files, err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	mkfifo(t, path)

	texts := NewFileTexts()
	a := Article{ID: "a", Path: "a.txt", File: path, Sum: Checksum([]byte(data))}
	err = within(t, 5*time.Second, "FileTexts.Text on a pipe", func() error { _, err := texts.Text(a); return err })
	if err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("Text on a pipe: %v", err)
	}
	err = within(t, 5*time.Second, "ReadFile on a pipe", func() error { _, _, err := ReadFile(dir, files[0], 0); return err })
	if err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("ReadFile on a pipe: %v", err)
	}
}
