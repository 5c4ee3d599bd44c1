package seeds

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// The embedded articles are the shared seed files, byte for byte.
func TestSeedsAreByteForByte(t *testing.T) {
	shared := filepath.Join("..", "..", "shared", "seeds")
	originals, err := filepath.Glob(filepath.Join(shared, "*.txt"))
	if err != nil || len(originals) == 0 {
		t.Skipf("no shared seeds beside the repository (%s)", shared)
	}
	embedded, _ := fs.Glob(Corpus, "*.txt")
	if len(embedded) != len(originals) {
		t.Errorf("%d embedded articles, %d shared", len(embedded), len(originals))
	}
	for _, o := range originals {
		want, _ := os.ReadFile(o)
		got, err := fs.ReadFile(Corpus, filepath.Base(o))
		if err != nil {
			t.Errorf("%s is not embedded: %v", filepath.Base(o), err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the shared seed", filepath.Base(o))
		}
	}
}
