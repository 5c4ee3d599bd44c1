package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// The dashboard and serve follow their corpus folders unless --no-watch;
// the embedded seeds are never followed.
func TestLoadSharedFollowsUnlessNoWatch(t *testing.T) {
	corpus := t.TempDir()
	if err := os.WriteFile(filepath.Join(corpus, "a.txt"), []byte("A title\n\nSome text about lithium.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		src  Sources
		want bool
	}{
		{"folder", Sources{CorpusDirs: []string{corpus}}, true},
		{"folder, --no-watch", Sources{CorpusDirs: []string{corpus}, NoWatch: true}, false},
		{"folder, --no-cache", Sources{CorpusDirs: []string{corpus}, NoCache: true}, true},
		{"seeds", Sources{}, false},
	} {
		tt.src.CacheDir = t.TempDir()
		sh, closeShared, err := LoadShared(context.Background(), tt.src, "", DataOptions{DataDir: t.TempDir()}, io.Discard)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := sh.Feed.Following(); got != tt.want {
			t.Errorf("%s: following %v, want %v", tt.name, got, tt.want)
		}
		closeShared()
		if sh.Feed.Following() {
			t.Errorf("%s: still following after close", tt.name)
		}
	}
}
