package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests damage the kept index of a corpus folder and run the real
// dossier binary on it, as a user would.

// keptCorpus writes a corpus folder of n articles of some 300 words each
// (the index segment is then far larger than the 64 KiB at each end that
// every open checks).
func keptCorpus(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "date 2024-02-%02d\nArticle %d on lithium\n\nIt mentions lithium and word%d.", i%28+1, i, i)
		for w := range 300 {
			fmt.Fprintf(&b, " term%dx%d", (i*7+w*13)%997, w%50)
		}
		b.WriteString(".\n")
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%03d.txt", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runWithin runs dossier with the cache in cache, failing the test if it
// has not ended after d (a hang).
func runWithin(t *testing.T, d time.Duration, cache string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cmd := exec.CommandContext(ctx, needBinary(t), args...)
	cmd.Env = append(os.Environ(), "HOME=/nonexistent", "DOSSIER_STORE=", "XDG_CACHE_HOME="+cache, "XDG_DATA_HOME="+filepath.Join(cache, "data"))
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("dossier %s still runs after %v:\n%s", strings.Join(args, " "), d, errOut.String())
	}
	var ee *exec.ExitError
	code := 0
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

// foundIDs is the total and the sorted hit ids of `search --json`.
func foundIDs(t *testing.T, out string) string {
	t.Helper()
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search --json: %v\n%s", err, out)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return fmt.Sprintf("%d %v", res.Total, ids)
}

var keptQueries = []string{"lithium", "term5x1 OR term9x2", "lithium -term100x3", `"term100x3 term113x4"`}

// sameAsNoCache runs each query on the kept index and with --no-cache: no
// search may fail, and each must find the same articles.
func sameAsNoCache(t *testing.T, name, cache, dir string) {
	t.Helper()
	for _, q := range keptQueries {
		want, stderr, code := runWithin(t, time.Minute, cache, "search", "--json", "--limit", "100", "--no-cache", "--corpus", dir, "--", q)
		if code != 0 {
			t.Fatalf("--no-cache %q: exit %d: %s", q, code, stderr)
		}
		got, stderr, code := runWithin(t, time.Minute, cache, "search", "--json", "--limit", "100", "--corpus", dir, "--", q)
		if code != 0 {
			t.Errorf("%s: search %q: exit %d: %s", name, q, code, stderr)
			continue
		}
		if g, w := foundIDs(t, got), foundIDs(t, want); g != w {
			t.Errorf("%s: %q found %s, --no-cache %s", name, q, g, w)
		}
	}
}

// biggestSegment is the largest .zap file of the published generation.
func biggestSegment(t *testing.T, cache string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(cache, "dossier", "corpora", "*", "gen-*", "index", "store", "*.zap"))
	var best string
	var size int64
	for _, p := range m {
		if st, err := os.Stat(p); err == nil && st.Size() > size {
			best, size = p, st.Size()
		}
	}
	if best == "" {
		t.Fatal("no segment file")
	}
	return best
}

// TestKeptIndexDamagedInside: twenty bytes changed in the middle of a
// segment (size and modification time kept), at random places over
// several seeds. `dossier index --verify` names the segment (exit 1), and
// no search fails or finds other articles than --no-cache.
func TestKeptIndexDamagedInside(t *testing.T) {
	dir := keptCorpus(t, 40)
	cache := t.TempDir()
	if _, stderr, code := runWithin(t, time.Minute, cache, "search", "--corpus", dir, "lithium"); code != 0 {
		t.Fatalf("first search: %d %s", code, stderr)
	}
	for seed := range uint64(4) {
		rng := rand.New(rand.NewPCG(seed, 9))
		seg := biggestSegment(t, cache)
		st, _ := os.Stat(seg)
		at := 64<<10 + rng.Int64N(st.Size()-128<<10-20)
		junk := make([]byte, 20)
		for i := range junk {
			junk[i] = byte(rng.IntN(256))
		}
		f, err := os.OpenFile(seg, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteAt(junk, at)
		f.Close()
		os.Chtimes(seg, st.ModTime(), st.ModTime())
		name := fmt.Sprintf("seed %d (20 bytes at %d)", seed, at)
		if seed%2 == 0 {
			out, stderr, code := runWithin(t, time.Minute, cache, "index", "--verify", "--corpus", dir)
			if code != 1 || !strings.Contains(out, filepath.Base(seg)+" does not match its checksum") {
				t.Errorf("%s: index --verify: exit %d\n%s%s", name, code, out, stderr)
			}
		}
		sameAsNoCache(t, name, cache, dir)
		if out, _, code := runWithin(t, time.Minute, cache, "index", "--verify", "--corpus", dir); code != 0 || !strings.Contains(out, "match their checksums") {
			t.Errorf("%s: after the repair, index --verify: exit %d\n%s", name, code, out)
		}
	}
	if aside, _ := filepath.Glob(filepath.Join(cache, "dossier", "corpora", "*.damaged-*")); len(aside) != 1 {
		t.Errorf("set aside: %v, want the newest copy only", aside)
	}
}

// TestKeptIndexTampered: a FIFO in place of a segment must not hang a
// search, and a file in place of the generation folder must not make
// every search fail: both are set aside and rebuilt, as `dossier index`
// says.
func TestKeptIndexTampered(t *testing.T) {
	dir := keptCorpus(t, 12)
	for _, tc := range []struct {
		name string
		harm func(t *testing.T, cache string)
	}{
		{"a FIFO in place of a segment", func(t *testing.T, cache string) {
			seg := biggestSegment(t, cache)
			os.Remove(seg)
			if err := syscall.Mkfifo(seg, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"a file in place of gen-000001", func(t *testing.T, cache string) {
			gen := filepath.Dir(filepath.Dir(filepath.Dir(biggestSegment(t, cache))))
			os.RemoveAll(gen)
			os.WriteFile(gen, []byte("not a folder\n"), 0o600)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cache := t.TempDir()
			if _, stderr, code := runWithin(t, time.Minute, cache, "search", "--corpus", dir, "lithium"); code != 0 {
				t.Fatalf("first search: %d %s", code, stderr)
			}
			tc.harm(t, cache)
			out, _, _ := runWithin(t, time.Minute, cache, "index", "--corpus", dir)
			if !strings.Contains(out, "set aside and rebuilt on the next run") {
				t.Errorf("dossier index says:\n%s", out)
			}
			for range 2 {
				sameAsNoCache(t, tc.name, cache, dir)
			}
		})
	}
}
