package library

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/model"
)

// quickCorpus makes a corpus of 24 articles, a third of them in a
// subfolder, and two files that are not articles.
func quickCorpus(t *testing.T) string {
	t.Helper()
	dir := corpusDir(t, 16)
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 16; i < 24; i++ {
		write(t, filepath.Join(dir, "sub", "b"+tag(i)+".txt"), article(i, "lithium"))
	}
	write(t, filepath.Join(dir, "notes.pdf"), "not an article")
	write(t, filepath.Join(dir, "sub", "image.png"), "not an article")
	return dir
}

// warnings records the warnings of an opener's next opens.
func (o *opener) warnings() *[]string {
	var ws []string
	o.warn = func(w model.Warning) { o.mu.Lock(); ws = append(ws, w.String()); o.mu.Unlock() }
	return &ws
}

// quickDecided returns what the quick scan decided at the last open.
func (o *opener) quickDecided() []bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.quick)
}

func TestQuickScanDecidesAWarmOpen(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the quick scan is Linux's")
	}
	o := newOpener(t, quickCorpus(t))
	ws := o.warnings()
	l := o.open()
	cold := slices.Clone(*ws)
	if len(cold) != 2 {
		t.Fatalf("cold open warned %q, want the two files that are not articles", cold)
	}
	want := hits(t, l, "lithium")
	l.Close()
	*ws = nil
	l = o.open()
	if got := o.quickDecided(); !slices.Equal(got, []bool{true}) {
		t.Errorf("warm open: the quick scan decided %v, want [true] (nothing changed)", got)
	}
	if r := o.read(); len(r) != 0 {
		t.Errorf("warm open read %v", r)
	}
	if !slices.Equal(*ws, cold) {
		t.Errorf("warm open warned %q, the cold one %q", *ws, cold)
	}
	if got := hits(t, l, "lithium"); !slices.Equal(got, want) || len(got) != 24 {
		t.Errorf("warm search found %v, cold %v", got, want)
	}
	a, ok := l.Snapshot().Corpus.Article("b" + tag(17))
	if !ok || a.File != filepath.Join(o.dir, "sub", "b"+tag(17)+".txt") || a.Path != filepath.ToSlash(filepath.Join(o.dir, "sub", "b"+tag(17)+".txt")) {
		t.Errorf("article in the subfolder: %+v, %v", a, ok)
	}
	if text, err := l.Snapshot().Corpus.Text("b" + tag(17)); err != nil || !strings.Contains(text, "word"+tag(17)) {
		t.Errorf("text of an article in the subfolder: %q, %v", text, err)
	}
	checkFacets(t, "warm", l)
}

// Each change alone makes the quick scan leave the decision to the full
// scan, which indexes it.
func TestQuickScanSeesEachChange(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the quick scan is Linux's")
	}
	changes := []struct {
		name   string
		change func(dir string)
		q      string // a search ...
		want   []string
	}{
		{"add", func(dir string) { write(t, filepath.Join(dir, "new.txt"), "A new article about zirconquartz.") }, "zirconquartz", []string{"new"}},
		{"add in the subfolder", func(dir string) { write(t, filepath.Join(dir, "sub", "new.txt"), "A new article about zirconquartz.") }, "zirconquartz", []string{"new"}},
		{"edit in place, size and mtime kept", func(dir string) { editKept(t, filepath.Join(dir, "sub", "b"+tag(20)+".txt"), "lithium", "cobalts") }, "cobalts", []string{"b" + tag(20)}},
		{"rename", func(dir string) { os.Rename(filepath.Join(dir, "a005.txt"), filepath.Join(dir, "moved.txt")) }, "word" + tag(5), []string{"moved"}},
		{"rename into the subfolder", func(dir string) { os.Rename(filepath.Join(dir, "a005.txt"), filepath.Join(dir, "sub", "a005.txt")) }, "word" + tag(5), []string{"a005"}},
		{"remove", func(dir string) { os.Remove(filepath.Join(dir, "sub", "b"+tag(18)+".txt")) }, "word" + tag(18), nil},
		{"replaced by a file of the same size and times", func(dir string) {
			p := filepath.Join(dir, "a006.txt")
			st, _ := os.Stat(p)
			data, _ := os.ReadFile(p)
			tmp := filepath.Join(dir, ".tmp")
			write(t, tmp, strings.Replace(string(data), "lithium", "cobalts", 1))
			os.Chtimes(tmp, st.ModTime(), st.ModTime())
			os.Rename(tmp, p)
		}, "cobalts", []string{"a006"}},
		{"the catalogue appears", func(dir string) {
			write(t, filepath.Join(dir, model.CatalogueFile), "articles:\n  - id: a007\n    title: Zirconquartz in the catalogue\n")
		}, "zirconquartz", []string{"a007"}},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			o := newOpener(t, quickCorpus(t))
			o.open().Close()
			c.change(o.dir)
			l := o.open()
			if got := o.quickDecided(); !slices.Equal(got, []bool{false}) {
				t.Errorf("the quick scan decided %v, want [false]", got)
			}
			if got := hits(t, l, c.q); !slices.Equal(got, c.want) {
				t.Errorf("%s found %v, want %v", c.q, got, c.want)
			}
			l.Close()
			l = o.open()
			if got := o.quickDecided(); !slices.Equal(got, []bool{true}) && c.name != "the catalogue appears" {
				t.Errorf("the open after: the quick scan decided %v, want [true]", got)
			}
			if got := hits(t, l, c.q); !slices.Equal(got, c.want) {
				t.Errorf("the open after: %s found %v, want %v", c.q, got, c.want)
			}
		})
	}
}

// An article added, one edited in place with its size and modification
// time kept, one renamed, one moved to another folder and one removed
// between two searches: the second search sees each change, whether this
// process writes the next generation or another one holds the write lock
// (the changes are then indexed in memory over the published generation).
func TestChangesBetweenTwoSearches(t *testing.T) {
	for _, locked := range []bool{false, true} {
		name := map[bool]string{false: "next generation", true: "another process writes"}[locked]
		t.Run(name, func(t *testing.T) {
			o := newOpener(t, quickCorpus(t))
			l := o.open()
			if got := hits(t, l, "zirconquartz cobalts"); len(got) != 0 {
				t.Fatalf("before: %v", got)
			}
			l.Close()
			if locked {
				holdWriteLock(t, o.cache)
			}
			write(t, filepath.Join(o.dir, "sub", "new.txt"), "A new article about zirconquartz.")
			editKept(t, filepath.Join(o.dir, "a003.txt"), "lithium", "cobalts")
			os.Rename(filepath.Join(o.dir, "sub", "b"+tag(19)+".txt"), filepath.Join(o.dir, "renamed.txt"))
			os.Rename(filepath.Join(o.dir, "a008.txt"), filepath.Join(o.dir, "sub", "a008.txt"))
			os.Remove(filepath.Join(o.dir, "a004.txt"))
			l = o.open()
			for q, want := range map[string][]string{
				"zirconquartz":           {"new"},
				"cobalts":                {"a003"},
				"word" + tag(19):         {"renamed"},
				"word" + tag(8):          {"a008"},
				"word" + tag(4):          nil,
				"lithium id:a003":        nil,
				"lithium id:a004":        nil,
				"id:b" + tag(19):         nil,
				"lithium id:a002":        {"a002"},
				"lithium id:b" + tag(21): {"b" + tag(21)},
			} {
				if got := hits(t, l, q); !slices.Equal(got, want) {
					t.Errorf("%s: found %v, want %v", q, got, want)
				}
			}
			if got, want := o.read(), []string{"a003.txt", "renamed.txt", "sub/a008.txt", "sub/new.txt"}; !slices.Equal(got, want) {
				t.Errorf("read %v, want %v", got, want)
			}
			if n := l.Snapshot().Corpus.Len(); n != 24 {
				t.Errorf("%d articles, want 24", n)
			}
			if a, _ := l.Snapshot().Corpus.Article("a008"); a.File != filepath.Join(o.dir, "sub", "a008.txt") {
				t.Errorf("a008 is read from %s", a.File)
			}
		})
	}
}

// editKept replaces old with new (of the same length) in a file, and puts
// its modification time back, as `touch -r` would: only the inode change
// time moves.
func editKept(t *testing.T, path, old, new string) {
	t.Helper()
	if len(old) != len(new) {
		t.Fatal("test setup: lengths differ")
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), old) {
		t.Fatalf("test setup: no %q in %s", old, path)
	}
	time.Sleep(20 * time.Millisecond) // a change time that differs
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte(strings.Replace(string(data), old, new, 1)), 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Chtimes(path, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.Stat(path); now.Size() != st.Size() || !now.ModTime().Equal(st.ModTime()) {
		t.Fatal("test setup: size or mtime moved")
	}
}
