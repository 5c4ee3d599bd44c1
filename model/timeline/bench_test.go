package timeline

import (
	"context"
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dossier/model"
)

// Benchmarks. The corpus is generated in Go (10,000 articles like those of
// ../shared/bench/gencorpus.py); set DOSSIER_TIMELINE_CORPUS to a folder
// (e.g. one written by gencorpus.py) to use it instead. Each reports the
// peak heap above what was live before it started (peak-MB) and the CPU
// time used (cpu-s/op).
//
//	go test -run '^$' -bench . -benchtime 3x ./model/timeline/

// benchCorpus returns the docs of the benchmark corpus.
func benchCorpus(b *testing.B) []Doc {
	b.Helper()
	if dir := os.Getenv("DOSSIER_TIMELINE_CORPUS"); dir != "" {
		c, _, err := model.LoadCorpus(os.DirFS(dir), dir)
		if err != nil {
			b.Fatal(err)
		}
		return FromCorpus(c)
	}
	return generate(10000, 1)
}

// peakHeap runs f while sampling the heap, and returns the highest heap
// above the heap live before f.
func peakHeap(f func()) float64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	f()
	close(stop)
	<-done
	if v := read(); v > peak.Load() {
		peak.Store(v)
	}
	return float64(peak.Load()-min(base, peak.Load())) / (1 << 20)
}

// runBench runs f b.N times and reports its peak heap and the CPU time
// it used (cpu-s/op: on a busy machine wall time says less).
func runBench(b *testing.B, f func()) {
	b.ResetTimer()
	peak, cpu := 0.0, 0.0
	for range b.N {
		c := cpuSeconds()
		peak = max(peak, peakHeap(f))
		cpu += cpuSeconds() - c
	}
	b.ReportMetric(peak, "peak-MB")
	b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
}

// BenchmarkBuild10k: a cold build, extraction and merge, of 10,000 articles.
func BenchmarkBuild10k(b *testing.B) {
	docs := benchCorpus(b)
	ms := seedMilestones(b)
	runBench(b, func() {
		if _, err := Build(context.Background(), docs, ms); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkAssemble10k: a warm start, the extractions cached.
func BenchmarkAssemble10k(b *testing.B) {
	docs := benchCorpus(b)
	ex, err := ExtractAll(context.Background(), docs)
	if err != nil {
		b.Fatal(err)
	}
	ms := seedMilestones(b)
	runBench(b, func() {
		if _, err := Assemble(context.Background(), docs, ex, ms); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkAdversarial1MiB: one 1 MiB hostile article of each kind
// (the same dated sentence, different ones, one endless sentence, ...).
func BenchmarkAdversarial1MiB(b *testing.B) {
	for kind := range attack(len(attackNames)) {
		d := []Doc{adversarial(1<<20, kind)}
		b.Run(strings.ReplaceAll(kind.String(), " ", "-"), func(b *testing.B) {
			runBench(b, func() { Build(context.Background(), d, nil) })
		})
	}
}

// BenchmarkBuildSeeds: the five seed articles and the catalogue.
func BenchmarkBuildSeeds(b *testing.B) {
	docs := seedDocs(b)
	ms := seedMilestones(b)
	b.ResetTimer()
	for range b.N {
		Build(context.Background(), docs, ms)
	}
}
