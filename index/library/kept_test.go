package library

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"dossier/index"
	"dossier/model"
)

// corpusDir makes a corpus folder with n articles a000.txt … each holding
// its own word ("wordaaa" …) and the shared word "lithium".
func corpusDir(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		write(t, filepath.Join(dir, fmt.Sprintf("a%03d.txt", i)), article(i, "lithium"))
	}
	return dir
}

func article(i int, extra string) string {
	return fmt.Sprintf("date 2024-01-%02d\nArticle number %d\n\nThe text of article %d mentions word%s and %s.\n", i%28+1, i, i, tag(i), extra)
}

// tag spells i in letters, so that it is one word for the analysers.
func tag(i int) string {
	return string([]byte{'a' + byte(i/100%26), 'a' + byte(i/10%10), 'a' + byte(i%10)})
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// opener opens the library of dir with the cache in cache, recording which
// files it reads and its notices.
type opener struct {
	t      *testing.T
	dir    string
	cache  string
	reads  []string
	notes  []string
	sums   []string // index files checksummed whole
	quick  []bool   // what the quick scan decided at each open of a published generation
	vouch  []bool   // whether a follower vouched for it
	listed []bool   // whether the quick scan decided without listing (listed_linux.go)
	margin time.Duration
	mu     sync.Mutex
	locked func()
	warn   func(model.Warning)
}

func newOpener(t *testing.T, dir string) *opener {
	return &opener{t: t, dir: dir, cache: t.TempDir()}
}

// holdWriteLock takes the write lock of the one kept corpus under cache,
// as another dossier process writing would, until the test ends.
func holdWriteLock(t *testing.T, cache string) {
	t.Helper()
	locks, _ := filepath.Glob(filepath.Join(cache, "corpora", "*", lockFile))
	if len(locks) != 1 {
		t.Fatalf("write locks: %v", locks)
	}
	f, err := os.OpenFile(locks[0], os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
}

func (o *opener) options() Options {
	return Options{Dirs: []string{o.dir}, CacheDir: o.cache, Synonyms: [][]string{{"lithium", "Lithium"}}, Warn: o.warn,
		Notice: func(s string) { o.mu.Lock(); o.notes = append(o.notes, s); o.mu.Unlock() }}
}

func (o *opener) open() *Library {
	o.t.Helper()
	o.mu.Lock()
	o.reads, o.notes, o.sums, o.quick, o.vouch, o.listed = nil, nil, nil, nil, nil, nil
	o.mu.Unlock()
	hooks := testHooks{read: func(rel string) { o.mu.Lock(); o.reads = append(o.reads, rel); o.mu.Unlock() }, locked: o.locked,
		sum:      func(name string) { o.mu.Lock(); o.sums = append(o.sums, name); o.mu.Unlock() },
		quick:    func(same bool) { o.mu.Lock(); o.quick = append(o.quick, same); o.mu.Unlock() },
		vouched:  func(v bool) { o.mu.Lock(); o.vouch = append(o.vouch, v); o.mu.Unlock() },
		unlisted: func(v bool) { o.mu.Lock(); o.listed = append(o.listed, v); o.mu.Unlock() }, listedMargin: o.margin}
	l, err := open(context.Background(), o.options(), hooks)
	if err != nil {
		o.t.Fatalf("open: %v", err)
	}
	o.t.Cleanup(func() { l.Close() })
	return l
}

func (o *opener) read() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := slices.Clone(o.reads)
	slices.Sort(out)
	return out
}

// checkFacets compares the facets of a kept index (counted through its
// document table) with those of the same corpus indexed in memory.
func checkFacets(t *testing.T, name string, l *Library) {
	t.Helper()
	ctx := context.Background()
	c := l.Snapshot().Corpus
	mem, err := index.Open(ctx, c, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	for _, q := range []string{"lithium", "article"} {
		got, err1 := l.Snapshot().Index.Search(ctx, index.Request{Query: q, Facets: true})
		want, err2 := mem.Search(ctx, index.Request{Query: q, Facets: true})
		if err1 != nil || err2 != nil || got.Total != want.Total || !reflect.DeepEqual(got.Facets, want.Facets) {
			t.Errorf("%s: %q kept %v (%v), memory %v (%v)", name, q, facetsOf(got), err1, facetsOf(want), err2)
		}
	}
}

// facetsOf shows a result's total and facets.
func facetsOf(r *index.Result) string {
	if r == nil {
		return "none"
	}
	return fmt.Sprintf("%d %+v", r.Total, r.Facets)
}

// idsOf lists a corpus's article ids in corpus order.
func idsOf(c *model.Corpus) []string {
	out := make([]string, c.Len())
	for i, a := range c.Articles {
		out[i] = a.ID
	}
	return out
}

// hits returns the sorted ids found for q.
func hits(t *testing.T, l *Library, q string) []string {
	t.Helper()
	res, err := l.Snapshot().Index.Search(context.Background(), index.Request{Query: q, Limit: 100})
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

func TestKeptIndexIsReused(t *testing.T) {
	o := newOpener(t, corpusDir(t, 30))
	l := o.open()
	if n := len(o.read()); n != 30 {
		t.Fatalf("cold start read %d files, want 30", n)
	}
	gen := l.Snapshot().Gen
	if gen == "" || len(hits(t, l, "lithium")) != 30 {
		t.Fatalf("cold: gen %q, %d hits", gen, len(hits(t, l, "lithium")))
	}
	coldOrder := idsOf(l.Snapshot().Corpus)
	l.Close()
	l = o.open()
	if warm := idsOf(l.Snapshot().Corpus); !slices.Equal(warm, coldOrder) {
		t.Errorf("warm corpus order %v, cold %v", warm, coldOrder)
	}
	if r := o.read(); len(r) != 0 {
		t.Errorf("warm start read %v", r)
	}
	if got := l.Snapshot().Gen; got != gen {
		t.Errorf("warm start made generation %s, want to reuse %s", got, gen)
	}
	if got := hits(t, l, "wordaab"); !slices.Equal(got, []string{"a001"}) {
		t.Errorf("warm search found %v", got)
	}
	if c := l.Snapshot().Corpus; c.Len() != 30 {
		t.Errorf("warm corpus has %d articles", c.Len())
	} else if text, err := c.Text("a002"); err != nil || !strings.Contains(text, "wordaac") {
		t.Errorf("text of a002: %q, %v", text, err)
	}
}

func TestIncrementalUpdates(t *testing.T) {
	dir := corpusDir(t, 20)
	o := newOpener(t, dir)
	o.open().Close()
	step := func(name string, change func(), wantRead []string, check func(*Library)) {
		t.Helper()
		change()
		l := o.open()
		if got := o.read(); !slices.Equal(got, wantRead) {
			t.Errorf("%s: read %v, want %v", name, got, wantRead)
		}
		check(l)
		l.Close()
		l = o.open()
		if got := o.read(); len(got) != 0 {
			t.Errorf("%s: the next start read %v again", name, got)
		}
		checkFacets(t, name, l)
		l.Close()
		// Nothing holds the generations before: they are gone.
		if gens, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*", "gen-*")); len(gens) != 1 {
			t.Errorf("%s: generations on disk: %v", name, gens)
		}
	}
	step("add", func() { write(t, filepath.Join(dir, "new.txt"), "A new article about zirconquartz and lithium.") },
		[]string{"new.txt"}, func(l *Library) {
			if got := hits(t, l, "zirconquartz"); !slices.Equal(got, []string{"new"}) {
				t.Errorf("add: zirconquartz found %v", got)
			}
		})
	step("change", func() { write(t, filepath.Join(dir, "a003.txt"), article(3, "tantalumite")) },
		[]string{"a003.txt"}, func(l *Library) {
			if got := hits(t, l, "tantalumite"); !slices.Equal(got, []string{"a003"}) {
				t.Errorf("change: new word found %v", got)
			}
			if got := hits(t, l, "lithium"); slices.Contains(got, "a003") {
				t.Errorf("change: the old text of a003 is still found")
			}
		})
	step("delete", func() { os.Remove(filepath.Join(dir, "a004.txt")) }, nil, func(l *Library) {
		if got := hits(t, l, "wordaae"); len(got) != 0 {
			t.Errorf("delete: a004 still found: %v", got)
		}
		if _, ok := l.Snapshot().Corpus.Article("a004"); ok {
			t.Error("delete: a004 still in the corpus")
		}
	})
	step("rename", func() { os.Rename(filepath.Join(dir, "a005.txt"), filepath.Join(dir, "moved.txt")) },
		[]string{"moved.txt"}, func(l *Library) {
			if got := hits(t, l, "wordaaf"); !slices.Equal(got, []string{"moved"}) {
				t.Errorf("rename: found %v, want moved", got)
			}
		})
	// Same bytes, new mtime: read to compare, not indexed again.
	step("touch", func() {
		now := time.Now().Add(time.Minute)
		os.Chtimes(filepath.Join(dir, "a006.txt"), now, now)
	}, []string{"a006.txt"}, func(l *Library) {
		if got := hits(t, l, "wordaag"); !slices.Equal(got, []string{"a006"}) {
			t.Errorf("touch: found %v", got)
		}
	})
	// Other bytes of the same length, mtime put back (touch -r): the
	// inode change time gives it away.
	step("rewrite with kept size and mtime", func() {
		p := filepath.Join(dir, "a007.txt")
		st, _ := os.Stat(p)
		old := article(7, "lithium")
		now := strings.Replace(old, "lithium", "cobalts", 1)
		if len(now) != len(old) {
			t.Fatal("test setup: lengths differ")
		}
		time.Sleep(20 * time.Millisecond)
		write(t, p, now)
		os.Chtimes(p, st.ModTime(), st.ModTime())
	}, []string{"a007.txt"}, func(l *Library) {
		if got := hits(t, l, "cobalts"); !slices.Equal(got, []string{"a007"}) {
			t.Errorf("kept mtime: cobalts found %v", got)
		}
	})
}

func TestDamagedCacheIsSetAsideAndRebuilt(t *testing.T) {
	segment := func(o *opener) string {
		m, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*", "gen-*", "index", "store", "*.zap"))
		if len(m) == 0 {
			t.Fatal("no segment file")
		}
		return m[0]
	}
	genFile := func(o *opener, name string) string {
		m, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*", "gen-*", name))
		if len(m) == 0 {
			t.Fatalf("no %s", name)
		}
		return m[0]
	}
	damages := []struct {
		name string
		harm func(o *opener)
	}{
		{"truncated segment", func(o *opener) {
			p := segment(o)
			st, _ := os.Stat(p)
			os.Truncate(p, st.Size()/2)
		}},
		{"garbage in a segment", func(o *opener) {
			f, _ := os.OpenFile(segment(o), os.O_WRONLY, 0)
			f.WriteAt([]byte(strings.Repeat("garbage!", 512)), 4096)
			f.Close()
		}},
		{"garbage segment end, size and mtime kept", func(o *opener) {
			p := segment(o)
			st, _ := os.Stat(p)
			f, _ := os.OpenFile(p, os.O_WRONLY, 0)
			f.WriteAt([]byte(strings.Repeat("\xff", 64)), st.Size()-64)
			f.Close()
			os.Chtimes(p, st.ModTime(), st.ModTime())
		}},
		{"truncated manifest", func(o *opener) {
			p := genFile(o, manifestName)
			st, _ := os.Stat(p)
			os.Truncate(p, st.Size()-10)
		}},
		{"a byte of the manifest's file table changed", func(o *opener) {
			p := genFile(o, manifestName)
			data, _ := os.ReadFile(p)
			v, err := openView(data)
			if err != nil {
				t.Fatal(err)
			}
			at := len(manifestMagic) + tocSize + len(v.sec[secHead]) + 16
			data[at] ^= 1 // the size of the first file: the quick scan reads it
			os.WriteFile(p, data, 0o600)
		}},
		{"a byte of the manifest's articles changed", func(o *opener) {
			p := genFile(o, manifestName)
			data, _ := os.ReadFile(p)
			at := strings.Index(string(data), "Article number 1")
			if at < 0 {
				t.Fatal("no title in the manifest")
			}
			data[at] = 'a'
			os.WriteFile(p, data, 0o600)
		}},
		{"manifest of another version", func(o *opener) {
			p := genFile(o, manifestName)
			data, _ := os.ReadFile(p)
			m, err := decodeManifest(data)
			if err != nil {
				t.Fatal(err)
			}
			m.Mapping = index.MappingVersion - 1
			os.WriteFile(p, m.encode(), 0o600)
		}},
		{"manifest of an older format", func(o *opener) {
			p := genFile(o, manifestName)
			data, _ := os.ReadFile(p)
			os.WriteFile(p, []byte(strings.Replace(string(data), manifestMagic, "dossier manifest 1\n", 1)), 0o600)
		}},
		{"document table of another index", func(o *opener) {
			p := genFile(o, manifestName)
			data, _ := os.ReadFile(p)
			m, err := decodeManifest(data)
			if err != nil {
				t.Fatal(err)
			}
			m.Docs[0], m.Docs[1] = m.Docs[1], m.Docs[0]
			os.WriteFile(p, m.encode(), 0o600)
		}},
		{"another program's files", func(o *opener) {
			d := filepath.Dir(filepath.Dir(genFile(o, manifestName)))
			os.RemoveAll(d)
			os.MkdirAll(d, 0o700)
			os.WriteFile(filepath.Join(d, currentFile), []byte("{\"version\": 7}\n"), 0o600)
		}},
		{"missing segment", func(o *opener) { os.Remove(segment(o)) }},
		{"FIFO in place of a segment", func(o *opener) { fifo(t, segment(o)) }},
		{"FIFO in place of the manifest", func(o *opener) { fifo(t, genFile(o, manifestName)) }},
		{"FIFO in place of CURRENT", func(o *opener) {
			fifo(t, filepath.Join(filepath.Dir(filepath.Dir(genFile(o, manifestName))), currentFile))
		}},
		{"a file in place of the generation folder", func(o *opener) {
			d := filepath.Dir(genFile(o, manifestName))
			os.RemoveAll(d)
			os.WriteFile(d, []byte("not a folder\n"), 0o600)
		}},
	}
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			o := newOpener(t, corpusDir(t, 12))
			l := o.open()
			want := hits(t, l, "lithium")
			l.Close()
			d.harm(o)
			// `dossier index` says what the next run does.
			if st, err := Inspect(o.options()); err != nil || !strings.Contains(st.State, "rebuilt on the next run") {
				t.Errorf("dossier index says %q (%v)", st.State, err)
			}
			l = openWithin(t, o, 30*time.Second)
			if got := hits(t, l, "lithium"); !slices.Equal(got, want) {
				t.Errorf("after the damage: %v, want %v", got, want)
			}
			// Another version's cache is rebuilt without a copy kept:
			// it is not damage.
			stale := strings.Contains(d.name, "format") || strings.Contains(d.name, "another version")
			switch {
			case len(o.notes) != 1:
				t.Errorf("notices %q, want one", o.notes)
			case stale && (!strings.Contains(o.notes[0], "another version") || strings.Contains(o.notes[0], "damaged")):
				t.Errorf("notice %q does not say the cache is from another version, or calls it damaged", o.notes[0])
			case !stale && !strings.Contains(o.notes[0], "moved to"):
				t.Errorf("notice %q does not say where the damaged cache went", o.notes[0])
			}
			aside, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*.damaged-*"))
			if want := map[bool]int{true: 0, false: 1}[stale]; len(aside) != want {
				t.Errorf("set aside: %v, want %d", aside, want)
			}
			if n := len(o.read()); n != 12 {
				t.Errorf("rebuild read %d files, want 12", n)
			}
		})
	}
}

// fifo replaces a file with a named pipe nobody writes to.
func fifo(t *testing.T, path string) {
	t.Helper()
	os.Remove(path)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
}

// openWithin opens the library, failing (not hanging) if that takes
// longer than d.
func openWithin(t *testing.T, o *opener, d time.Duration) *Library {
	t.Helper()
	done := make(chan *Library, 1)
	go func() {
		hooks := testHooks{read: func(rel string) { o.mu.Lock(); o.reads = append(o.reads, rel); o.mu.Unlock() }}
		o.mu.Lock()
		o.reads, o.notes, o.sums = nil, nil, nil
		o.mu.Unlock()
		l, err := open(context.Background(), o.options(), hooks)
		if err != nil {
			t.Errorf("open: %v", err)
		}
		done <- l
	}()
	select {
	case l := <-done:
		if l == nil {
			t.FailNow()
		}
		t.Cleanup(func() { l.Close() })
		return l
	case <-time.After(d):
		t.Fatalf("the open still hangs after %v", d)
		return nil
	}
}

func TestNoCacheIndexesInMemory(t *testing.T) {
	dir := corpusDir(t, 5)
	l, err := Open(context.Background(), Options{Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if got := hits(t, l, "lithium"); len(got) != 5 || l.Snapshot().Gen != "" {
		t.Errorf("in memory: %v, gen %q", got, l.Snapshot().Gen)
	}
}
