//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// The whole-process benchmarks time `dossier search` as a user runs it,
// side by side with `rg -l -i` on the same files (skipped without rg):
//
//	DOSSIER_BENCH_CORPUS=~/c10k go test -run '^$' -bench Process .
//
// The corpus is $DOSSIER_BENCH_CORPUS (e.g. ../shared/bench/gencorpus.py
// 10000 DIR); the kept index goes to a temporary cache, built once.

// benchBinary builds dossier once for the benchmarks.
func benchBinary(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "dossier")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// benchEnv is the environment of the benchmarked processes.
func benchEnv(cache string) []string {
	return append(os.Environ(), "XDG_CACHE_HOME="+cache, "XDG_CONFIG_HOME="+cache, "XDG_DATA_HOME="+cache)
}

// timeRun runs a command and returns its wall time.
func timeRun(b *testing.B, env []string, name string, args ...string) time.Duration {
	d, _ := measureRun(b, env, name, args...)
	return d
}

// measureRun runs a command and returns its wall time and peak RSS in MiB.
func measureRun(b *testing.B, env []string, name string, args ...string) (time.Duration, float64) {
	b.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil && !(name == "rg" && cmd.ProcessState.ExitCode() == 1) { // rg: 1 is "no match"
		b.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	rss := 0.0
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	return d, rss
}

func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}

func benchSetup(b *testing.B) (bin, corpus, cache string, env []string, coldRSS float64) {
	src := os.Getenv("DOSSIER_BENCH_CORPUS")
	if src == "" {
		b.Skip("set DOSSIER_BENCH_CORPUS to a corpus folder (../shared/bench/gencorpus.py 10000 DIR)")
	}
	corpus = linkCorpus(b, src)
	bin, cache = benchBinary(b), b.TempDir()
	env = benchEnv(cache)
	_, coldRSS = measureRun(b, env, bin, "search", "--corpus", corpus, "lithium") // cold: builds the kept index
	return bin, corpus, cache, env, coldRSS
}

// linkCorpus makes a copy of a corpus folder of hard links (copies where
// links cannot be made), so that a benchmark may add files to it.
func linkCorpus(b *testing.B, src string) string {
	b.Helper()
	dst := filepath.Join(b.TempDir(), "corpus")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if os.Link(p, to) == nil {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
	return dst
}

// BenchmarkProcessWarmSearch: a warm `dossier search --corpus C lithium`
// against `rg -l -i lithium C`, run in turn; reports both medians and their
// ratio (the goal: at most 2), and the peak RSS of the cold build and of a
// warm search (the goals: 250 and 100 MB).
func BenchmarkProcessWarmSearch(b *testing.B) {
	bin, corpus, _, env, coldRSS := benchSetup(b)
	_, rgErr := exec.LookPath("rg")
	var ds, rs []time.Duration
	warmRSS := 0.0
	b.ResetTimer()
	for range b.N {
		d, rss := measureRun(b, env, bin, "search", "--corpus", corpus, "lithium")
		ds, warmRSS = append(ds, d), max(warmRSS, rss)
		if rgErr == nil {
			rs = append(rs, timeRun(b, env, "rg", "-l", "-i", "lithium", corpus))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(median(ds).Microseconds())/1000, "dossier-ms")
	b.ReportMetric(coldRSS, "cold-peak-MiB")
	b.ReportMetric(warmRSS, "warm-peak-MiB")
	if len(rs) > 0 {
		b.ReportMetric(float64(median(rs).Microseconds())/1000, "rg-ms")
		b.ReportMetric(float64(median(ds))/float64(median(rs)), "x-rg")
	}
}

// BenchmarkProcessAddedFile: a file added since the last run is found by
// the next `dossier search` (which indexes it); reports that process's
// median time and its ratio to `rg -l -i` (the goal: at most 3).
func BenchmarkProcessAddedFile(b *testing.B) {
	bin, corpus, _, env, _ := benchSetup(b)
	_, rgErr := exec.LookPath("rg")
	var ds, rs []time.Duration
	b.ResetTimer()
	for i := range b.N {
		word := fmt.Sprintf("zirconquartz%d", i)
		p := filepath.Join(corpus, fmt.Sprintf("zz-bench-added-%d.txt", i))
		if err := os.WriteFile(p, []byte("date 2026-01-01\nAn added article\n\nIt mentions "+word+".\n"), 0o644); err != nil {
			b.Fatal(err)
		}
		cmd := exec.Command(bin, "search", "--json", "--corpus", corpus, word)
		cmd.Env = env
		start := time.Now()
		out, err := cmd.Output()
		ds = append(ds, time.Since(start))
		var res struct{ Total int }
		if err != nil || json.Unmarshal(out, &res) != nil || res.Total != 1 {
			b.Fatalf("the added file was not found: %v\n%s", err, out)
		}
		if rgErr == nil {
			rs = append(rs, timeRun(b, env, "rg", "-l", "-i", word, corpus))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(median(ds).Microseconds())/1000, "dossier-ms")
	if len(rs) > 0 {
		b.ReportMetric(float64(median(rs).Microseconds())/1000, "rg-ms")
		b.ReportMetric(float64(median(ds))/float64(median(rs)), "x-rg")
	}
}

// BenchmarkProcessColdBuild: the first `dossier search` of a corpus, which
// builds its kept index from nothing, side by side with SQLite FTS5
// building the same corpus (../shared/bench/fts5_baseline.py; skipped
// without python3 or the script); reports both times, their ratio, the
// articles indexed per second and dossier's peak RSS (the goals: at most
// 300 MB at any size, and 10,000 articles in at most 6 s on 2 cores).
func BenchmarkProcessColdBuild(b *testing.B) {
	src := os.Getenv("DOSSIER_BENCH_CORPUS")
	if src == "" {
		b.Skip("set DOSSIER_BENCH_CORPUS to a corpus folder (../shared/bench/gencorpus.py 10000 DIR)")
	}
	corpus := linkCorpus(b, src)
	bin := benchBinary(b)
	n, _ := os.ReadDir(corpus)
	fts5 := filepath.Join("..", "shared", "bench", "fts5_baseline.py")
	_, pyErr := exec.LookPath("python3")
	_, ftsErr := os.Stat(fts5)
	queries := filepath.Join(b.TempDir(), "queries.txt")
	if err := os.WriteFile(queries, []byte("lithium\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	var ds, fs []time.Duration
	peak := 0.0
	b.ResetTimer()
	for range b.N {
		cache := b.TempDir()
		d, rss := measureRun(b, benchEnv(cache), bin, "search", "--corpus", corpus, "lithium")
		ds, peak = append(ds, d), max(peak, rss)
		os.RemoveAll(cache)
		if pyErr == nil && ftsErr == nil {
			out, err := exec.Command("python3", fts5, corpus, queries, "--runs", "1").Output()
			var ms float64
			_, line, _ := bytes.Cut(out, []byte("FTS5 build:"))
			_, total, _ := bytes.Cut(line, []byte("= "))
			if _, perr := fmt.Sscanf(string(total), "%f ms", &ms); err != nil || perr != nil {
				b.Fatalf("fts5: %v %v\n%s", err, perr, out)
			}
			fs = append(fs, time.Duration(ms*float64(time.Millisecond)))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(median(ds).Milliseconds()), "dossier-ms")
	b.ReportMetric(float64(len(n))/median(ds).Seconds(), "articles/s")
	b.ReportMetric(peak, "peak-MiB")
	if len(fs) > 0 {
		b.ReportMetric(float64(median(fs).Milliseconds()), "fts5-ms")
		b.ReportMetric(float64(median(ds))/float64(median(fs)), "x-fts5")
	}
}
