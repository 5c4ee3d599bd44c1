package library

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"dossier/index"
	"dossier/seeds"
)

// The benchmarks run on a corpus of generated articles: the folder named
// by $DOSSIER_BENCH_CORPUS (e.g. one written by ../shared/bench/gencorpus.py),
// or else 10,000 articles written once under the temporary folder.
const benchArticles = 10000

var benchWords = strings.Fields(`lithium graphite tungsten rhenium cobalt nickel hydrogen battery
	Kazakhstan Astana Almaty EBRD Commission roadmap partnership memorandum raw materials supply chain
	investment mining refinery project agreement cooperation renewable energy electrolyser deposit
	exploration processing value chain European Union ministry industry strategic critical rare earths
	Rohstoffe Wasserstoff Batterien Zusammenarbeit Kasachstan the of and to in a for on with by`)

// benchCorpus returns the benchmark corpus folder.
func benchCorpus(b *testing.B) string {
	b.Helper()
	if dir := os.Getenv("DOSSIER_BENCH_CORPUS"); dir != "" {
		return dir
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("dossier-bench-%d", benchArticles))
	if _, err := os.Stat(filepath.Join(dir, ".done")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range benchArticles {
		var sb strings.Builder
		fmt.Fprintf(&sb, "date 20%02d-%02d-%02d\nArticle %d on %s\n\n", 20+i%6, i%12+1, i%28+1, i, benchWords[r.IntN(len(benchWords))])
		for w := range 600 {
			sb.WriteString(benchWords[r.IntN(len(benchWords))])
			if w%15 == 14 {
				sb.WriteString(".\n")
			} else {
				sb.WriteByte(' ')
			}
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("g%06d.txt", i)), []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, ".done"), nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// benchOptions opens the benchmark corpus with its kept index under the
// temporary folder, building or refreshing the index before the timing.
func benchOptions(b *testing.B) Options {
	b.Helper()
	dir := benchCorpus(b)
	cache := filepath.Join(os.TempDir(), "dossier-bench-cache")
	syn, err := index.ParseSynonyms("synonyms.list", seeds.Synonyms)
	if err != nil {
		b.Fatal(err)
	}
	o := Options{Dirs: []string{dir}, CacheDir: cache, Synonyms: syn}
	l, err := Open(context.Background(), o)
	if err != nil {
		b.Fatal(err)
	}
	l.Close()
	return o
}

// BenchmarkWarmOpen opens the kept index of 10,000 articles (stat every
// file, check the manifest, open the index) and runs one search: the work
// of a warm `dossier search` after the process has started.
func BenchmarkWarmOpen(b *testing.B) {
	o := benchOptions(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		l, err := Open(ctx, o)
		if err != nil {
			b.Fatal(err)
		}
		res, err := l.Snapshot().Index.Search(ctx, index.Request{Query: benchQuery(), Limit: 10, Facets: true})
		if err != nil || res.Total == 0 {
			b.Fatalf("search: %v, %d hits", err, res.Total)
		}
		l.Close()
	}
}

// BenchmarkKeptQuery runs the query classes of ../shared/bench/perfqueries.txt
// on the kept (on disk) index with fragments and facets, and reports the
// p50 and p99 latency of each class and of all, and (on Linux) the p99 of
// the searching thread's CPU time: on a loaded machine the wall-clock tail
// is mostly time spent waiting for a core.
func BenchmarkKeptQuery(b *testing.B) {
	o := benchOptions(b)
	ctx := context.Background()
	l, err := Open(ctx, o)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	ix := l.Snapshot().Index
	classes := []struct{ name, q string }{
		{"common", "lithium"}, {"common", "Kazakhstan"}, {"common", "cooperation"},
		{"rare", "tungsten"}, {"rare", "Šefčovič"}, {"rare", "rhenium"}, {"rare", "Botanov"},
		{"synonym", "Rohstoffe"}, {"synonym", "Kasachstan"},
		{"and2", "lithium Almaty"}, {"and2", "tungsten EBRD"},
		{"and3", "graphite EBRD Almaty"}, {"and3", "Šefčovič roadmap hydrogen"},
		{"phrase", `"rare earths"`}, {"phrase", `"memorandum of understanding"`}, {"phrase", `"European Commission"`},
		{"prefix", "lith*"}, {"prefix", "electro*"},
	}
	if only := os.Getenv("DOSSIER_BENCH_CLASS"); only != "" {
		classes = slices.DeleteFunc(classes, func(c struct{ name, q string }) bool { return c.name != only })
	}
	lat, cpu := map[string][]time.Duration{}, map[string][]time.Duration{}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	for i := range b.N {
		c := classes[i%len(classes)]
		start := time.Now()
		cpu0, onCPU := threadCPU()
		if _, err := ix.Search(ctx, index.Request{Query: c.q, Limit: 10, Facets: true}); err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		lat[c.name] = append(lat[c.name], d)
		lat["all"] = append(lat["all"], d)
		if cpu1, _ := threadCPU(); onCPU {
			cpu[c.name] = append(cpu[c.name], cpu1-cpu0)
			cpu["all"] = append(cpu["all"], cpu1-cpu0)
		}
	}
	b.StopTimer()
	pct := func(ds []time.Duration, p float64) float64 {
		return float64(ds[min(int(float64(len(ds))*p), len(ds)-1)].Microseconds()) / 1000
	}
	for name, ds := range lat {
		slices.Sort(ds)
		b.ReportMetric(pct(ds, 0.5), name+"-p50-ms")
		b.ReportMetric(pct(ds, 0.99), name+"-p99-ms")
	}
	for name, ds := range cpu {
		slices.Sort(ds)
		b.ReportMetric(pct(ds, 0.99), name+"-cpu-p99-ms")
	}
}

// benchQuery is the query of BenchmarkWarmOpen: $DOSSIER_BENCH_QUERY or lithium.
func benchQuery() string {
	if q := os.Getenv("DOSSIER_BENCH_QUERY"); q != "" {
		return q
	}
	return "lithium"
}

// BenchmarkColdBuild builds the kept index of the benchmark corpus from
// nothing (as the first `dossier search` of a corpus does) and reports the
// articles indexed per second and the peak of the process's memory: its
// resident set (VmHWM, reset before each build) and its live heap.
func BenchmarkColdBuild(b *testing.B) {
	dir := benchCorpus(b)
	syn, err := index.ParseSynonyms("synonyms.list", seeds.Synonyms)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var n int
	var peakRSS, peakHeap uint64
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		cache := b.TempDir()
		runtime.GC()
		resetPeakRSS()
		stop := watchHeap(&peakHeap)
		cpu0 := processCPU()
		b.StartTimer()
		l, err := Open(ctx, Options{Dirs: []string{dir}, CacheDir: cache, Synonyms: syn})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += processCPU() - cpu0
		stop()
		n = l.Snapshot().Corpus.Len()
		l.Close()
		peakRSS = max(peakRSS, readPeakRSS())
		os.RemoveAll(cache)
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(peakRSS)/(1<<20), "peak-RSS-MB")
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
}

// processCPU is the CPU time the process has used (user and system).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// resetPeakRSS resets the process's peak resident set (VmHWM).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) } //nolint:errcheck // Linux only; elsewhere the peak is the process's

// readPeakRSS reads the process's peak resident set in bytes (0 when the
// system does not say).
func readPeakRSS() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// watchHeap samples the live heap every 10 ms into peak until stopped.
func watchHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			*peak = max(*peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}
