package library

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier/index"
)

// TestHelperAddAndSearch is not a test: run by TestFourProcessesAddAndSearch
// as another process, it adds an article to the corpus and searches it,
// rounds times, each round opening the library afresh as a new dossier
// process would, and prints every notice it was given.
func TestHelperAddAndSearch(t *testing.T) {
	dir, cache := os.Getenv("HELPER_CORPUS"), os.Getenv("HELPER_CACHE")
	if dir == "" {
		t.Skip("helper process only")
	}
	worker := os.Getenv("HELPER_WORKER")
	rounds, _ := strconv.Atoi(os.Getenv("HELPER_ROUNDS"))
	for r := range rounds {
		word := fmt.Sprintf("worker%sround%s", worker, tag(r))
		write(t, filepath.Join(dir, fmt.Sprintf("w%s-%02d.txt", worker, r)), "date 2024-03-01\nA new article\n\nAbout lithium and "+word+".\n")
		var mu sync.Mutex
		var notes []string
		opts := Options{Dirs: []string{dir}, CacheDir: cache, Synonyms: [][]string{{"lithium", "Lithium"}},
			Notice: func(s string) { mu.Lock(); notes = append(notes, s); mu.Unlock() }}
		l, err := Open(context.Background(), opts)
		if err != nil {
			fmt.Printf("NOTICE round %d: open: %v\n", r, err)
			continue
		}
		res, err := l.Snapshot().Index.Search(context.Background(), index.Request{Query: word})
		switch {
		case err != nil:
			fmt.Printf("NOTICE round %d: search: %v\n", r, err)
		case res.Total != 1:
			fmt.Printf("NOTICE round %d: %s found %d times\n", r, word, res.Total)
		}
		l.Close()
		for _, n := range notes {
			fmt.Printf("NOTICE round %d: %s\n", r, n)
		}
	}
}

// TestFourProcessesAddAndSearch: four processes each add files and search,
// twenty rounds each. A generation replaced by another process while one
// opens it is no damage: nobody is told the index was damaged, nothing is
// set aside, and every search finds what its process added.
func TestFourProcessesAddAndSearch(t *testing.T) {
	if testing.Short() {
		t.Skip("starts other processes")
	}
	dir := corpusDir(t, 30)
	cache := t.TempDir()
	const workers, rounds = 4, 20
	var wg sync.WaitGroup
	outs := make([]*lockedBuffer, workers)
	errs := make([]error, workers)
	for w := range workers {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperAddAndSearch$", "-test.v")
		cmd.Env = append(os.Environ(), "HELPER_CORPUS="+dir, "HELPER_CACHE="+cache,
			"HELPER_WORKER="+strconv.Itoa(w), "HELPER_ROUNDS="+strconv.Itoa(rounds))
		outs[w] = &lockedBuffer{}
		cmd.Stdout, cmd.Stderr = outs[w], outs[w]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() { defer wg.Done(); errs[w] = cmd.Wait() }()
	}
	wg.Wait()
	for w := range workers {
		if errs[w] != nil {
			t.Errorf("process %d: %v\n%s", w, errs[w], outs[w])
		}
		for _, line := range strings.Split(outs[w].String(), "\n") {
			if strings.HasPrefix(line, "NOTICE") {
				t.Errorf("process %d: %s", w, strings.TrimPrefix(line, "NOTICE "))
			}
		}
	}
	if aside, _ := filepath.Glob(filepath.Join(cache, "corpora", "*.damaged-*")); len(aside) > 1 {
		t.Errorf("%d copies set aside: %v", len(aside), aside)
	}
	// Afterwards the index is whole: everything added is found, warm.
	o := &opener{t: t, dir: dir, cache: cache}
	l := o.open()
	res, err := l.Snapshot().Index.Search(context.Background(), index.Request{Query: "lithium"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 30+workers*rounds {
		t.Errorf("lithium found in %d articles, want %d", res.Total, 30+workers*rounds)
	}
	if len(o.notes) != 0 {
		t.Errorf("the last open was told %q", o.notes)
	}
}

// TestCancelledOpenLeavesTheIndexWarm: an open cancelled at any point of
// its start (a dashboard quit while it loads) leaves the published
// generation as it was: the next open reads nothing, sets nothing aside
// and serves the same generation.
func TestCancelledOpenLeavesTheIndexWarm(t *testing.T) {
	o := newOpener(t, corpusDir(t, 60))
	first := o.open()
	gen := first.Snapshot().Gen
	first.Close()
	// One open from start to end takes about this long; cancel at points
	// spread over it (and a little past).
	start := time.Now()
	o.open().Close()
	span := time.Since(start) * 3 / 2
	for i := range 40 {
		at := span * time.Duration(i) / 40
		ctx, cancel := context.WithTimeout(context.Background(), at)
		l, err := open(ctx, o.options(), testHooks{})
		cancel()
		if err == nil {
			l.Close()
		}
		l = o.open()
		switch {
		case len(o.notes) != 0:
			t.Errorf("cancelled after %v: the next open was told %q", at, o.notes)
		case len(o.read()) != 0:
			t.Errorf("cancelled after %v: the next open read %v", at, o.read())
		case l.Snapshot().Gen != gen:
			t.Errorf("cancelled after %v: the next open serves %s, want %s", at, l.Snapshot().Gen, gen)
		}
		l.Close()
		if t.Failed() {
			break
		}
	}
	if aside, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*.damaged-*")); len(aside) != 0 {
		t.Errorf("set aside: %v", aside)
	}
}

// longCorpus makes a corpus folder of n articles of some 300 words each,
// drawn from a vocabulary of a few thousand, so that its index segment is
// large (its middle far from both ends).
func longCorpus(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "date 2024-02-%02d\nLong article %d\n\nIt mentions lithium and word%s.", i%28+1, i, tag(i))
		for w := range 300 {
			fmt.Fprintf(&b, " term%s%s", tag((i*7+w*13)%997), tag(w%50))
		}
		b.WriteString(".\n")
		write(t, filepath.Join(dir, fmt.Sprintf("l%03d.txt", i)), b.String())
	}
	return dir
}

// TestDamageIsConfirmedUnderTheLock: a damaged verdict on a generation
// that CURRENT no longer names, or on one that is whole when looked at
// again holding write.lock, moves nothing and leaves the lock free; one
// that holds is set aside, with the lock kept for the rebuild.
func TestDamageIsConfirmedUnderTheLock(t *testing.T) {
	dir := corpusDir(t, 12)
	o := newOpener(t, dir)
	o.open().Close()
	old := o.open().Snapshot().Gen
	write(t, filepath.Join(dir, "new.txt"), "A new article about lithium.")
	cur := o.open().Snapshot().Gen
	if old == cur {
		t.Fatal("test setup: no new generation")
	}
	l, err := prepare(o.options(), testHooks{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	for _, gen := range []string{old, cur} {
		d := &damage{gen: gen, err: fmt.Errorf("%w: cannot open index, path does not exist", errDamaged)}
		unlock, moved, err := l.confirm(ctx, d)
		if err != nil || moved || unlock != nil {
			t.Errorf("%s: confirm gave moved %v, %v", gen, moved, err)
		}
		if free, ok, _ := l.kept.lock(); !ok {
			t.Errorf("%s: write.lock still held", gen)
		} else {
			free()
		}
	}
	if aside, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*.damaged-*")); len(aside) != 0 {
		t.Errorf("set aside: %v", aside)
	}
	os.Truncate(segmentOf(t, o), 10)
	unlock, moved, err := l.confirm(ctx, &damage{gen: cur, err: errDamaged})
	if err != nil || !moved || unlock == nil {
		t.Fatalf("a truncated segment: confirm gave moved %v, %v", moved, err)
	}
	if _, ok, _ := l.kept.lock(); ok {
		t.Error("write.lock is free while the rebuild should hold it")
	}
	unlock()
	if aside, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*.damaged-*")); len(aside) != 1 {
		t.Errorf("set aside: %v", aside)
	}
}
