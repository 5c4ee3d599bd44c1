package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dossier/index/library"
	tl "dossier/model/timeline"
)

// BenchmarkWarmTimeline: the timeline of a corpus whose kept index is warm,
// as `dossier timeline` and the dashboard get it after a change (a new
// generation): the kept extractions, read from the generation's file,
// assembled with the catalogue's milestones, bounded (the notable events of
// a large timeline) and whole (--all). Each reports the articles, the
// events made, the peak heap above what was live before (peak-MB) and the
// CPU seconds (on a busy machine wall time says less).
//
//	DOSSIER_BENCH_CORPORA=c10k,c30k,c100k DOSSIER_BENCH_CACHE=$XDG_CACHE_HOME/dossier \
//	  go test -run '^$' -bench WarmTimeline -benchtime 3x ./ui/cli/
//
// Each corpus folder's kept index is made (or brought up to date) first,
// untimed; without DOSSIER_BENCH_CORPORA the benchmark is skipped.
func BenchmarkWarmTimeline(b *testing.B) {
	dirs := os.Getenv("DOSSIER_BENCH_CORPORA")
	if dirs == "" {
		b.Skip("set DOSSIER_BENCH_CORPORA to corpus folders (comma-separated)")
	}
	cat, err := LoadRoadmap("")
	if err != nil {
		b.Fatal(err)
	}
	ms := tl.Milestones(cat)
	for _, dir := range strings.Split(dirs, ",") {
		lib, err := OpenLibrary(context.Background(), Sources{CorpusDirs: []string{dir}, CacheDir: os.Getenv("DOSSIER_BENCH_CACHE")},
			library.TimelineDeriver(), io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		snap := lib.Snapshot()
		for _, c := range []struct {
			name string
			get  func(*library.Snapshot, context.Context, []tl.Milestone) (tl.Timeline, error)
		}{{"bounded", (*library.Snapshot).Timeline}, {"all", (*library.Snapshot).TimelineAll}} {
			b.Run(filepath.Base(dir)+"/"+c.name, func(b *testing.B) {
				events, peak, cpu := 0, 0.0, 0.0
				b.ResetTimer()
				for range b.N {
					// a new snapshot of the same generation: nothing assembled yet
					s := snap.Recomputed()
					c0 := cpuSeconds()
					peak = max(peak, peakHeap(func() {
						t, err := c.get(s, context.Background(), ms)
						if err != nil {
							b.Fatal(err)
						}
						events = len(t.Events)
					}))
					cpu += cpuSeconds() - c0
				}
				b.ReportMetric(float64(len(snap.Corpus.Articles)), "articles")
				b.ReportMetric(float64(events), "events")
				b.ReportMetric(peak, "peak-MB")
				b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
			})
		}
		lib.Close()
	}
}

// peakHeap runs f while sampling the heap, and returns the highest heap
// above the heap live before f, in MiB.
func peakHeap(f func()) float64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
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

// BenchmarkWarmTimelineCommand: `dossier timeline --json` on a corpus whose
// kept index is warm, in this process: open the kept index, assemble (or
// read) the timeline, write it out (to io.Discard). It reports the CPU
// seconds and the peak heap of the whole.
//
//	DOSSIER_BENCH_CORPORA=c10k,c30k,c100k DOSSIER_BENCH_CACHE=$XDG_CACHE_HOME/dossier \
//	  go test -run '^$' -bench WarmTimelineCommand -benchtime 3x ./ui/cli/
func BenchmarkWarmTimelineCommand(b *testing.B) {
	dirs := os.Getenv("DOSSIER_BENCH_CORPORA")
	if dirs == "" {
		b.Skip("set DOSSIER_BENCH_CORPORA to corpus folders (comma-separated)")
	}
	for _, dir := range strings.Split(dirs, ",") {
		o := TimelineOptions{Sources: Sources{CorpusDirs: []string{dir}, CacheDir: os.Getenv("DOSSIER_BENCH_CACHE")}, JSON: true}
		if err := Timeline(context.Background(), o, io.Discard, io.Discard); err != nil { // warm, untimed
			b.Fatal(err)
		}
		b.Run(filepath.Base(dir), func(b *testing.B) {
			peak, cpu := 0.0, 0.0
			b.ResetTimer()
			for range b.N {
				c0 := cpuSeconds()
				peak = max(peak, peakHeap(func() {
					if err := Timeline(context.Background(), o, io.Discard, io.Discard); err != nil {
						b.Fatal(err)
					}
				}))
				cpu += cpuSeconds() - c0
			}
			b.ReportMetric(peak, "peak-MB")
			b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
		})
	}
}
