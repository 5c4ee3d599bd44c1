package index_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"sync"
	"testing"
	"time"

	"dossier/index"
	"dossier/model"
	"dossier/seeds"
)

const (
	benchDocs  = 10000
	benchWords = 600
)

var generateCorpusCached = sync.OnceValue(func() *model.Corpus { return generateCorpus(benchDocs, benchWords, 1) })

func benchSynonyms(b *testing.B) [][]string {
	syn, err := index.ParseSynonyms("synonyms.list", seeds.Synonyms)
	if err != nil {
		b.Fatal(err)
	}
	return syn
}

// heapSampler records the peak heap (live and not yet collected objects).
type heapSampler struct {
	stop chan struct{}
	done chan uint64
}

func sampleHeap(every time.Duration) *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan uint64)}
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-h.stop:
				h.done <- peak
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) Peak() uint64 { close(h.stop); return <-h.done }

// BenchmarkBuild indexes 10,000 generated articles of ~600 words and reports
// the build time, the peak heap during the build and the live heap after it.
func BenchmarkBuild(b *testing.B) {
	for _, bs := range []int{index.DefaultBatchSize, 1000} {
		b.Run(fmt.Sprintf("batch=%d", bs), func(b *testing.B) { benchBuild(b, bs) })
	}
	// What dossier does: collect garbage more often while the index builds.
	b.Run(fmt.Sprintf("batch=%d/gc=%d", index.DefaultBatchSize, index.BuildGCPercent), func(b *testing.B) {
		old := debug.SetGCPercent(index.BuildGCPercent)
		defer debug.SetGCPercent(old)
		benchBuild(b, index.DefaultBatchSize)
	})
}

func benchBuild(b *testing.B, batch int) {
	corpus := generateCorpusCached()
	syn := benchSynonyms(b)
	var peak, live uint64
	b.ResetTimer()
	for range b.N {
		runtime.GC()
		hs := sampleHeap(5 * time.Millisecond)
		ix, err := index.Open(context.Background(), corpus, index.Options{Synonyms: syn, BatchSize: batch})
		if err != nil {
			b.Fatal(err)
		}
		peak = max(peak, hs.Peak())
		b.StopTimer()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		live = ms.HeapAlloc
		ix.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(live)/(1<<20), "live-heap-MB")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "build-s")
}

// BenchmarkQuery runs a mix of queries with highlighting (match locations
// and fragments) and facets over the 10,000-article index and reports p50
// and p99 latency.
func BenchmarkQuery(b *testing.B) {
	for _, bs := range []int{index.DefaultBatchSize, 1000} {
		b.Run(fmt.Sprintf("batch=%d", bs), func(b *testing.B) { benchQuery(b, bs) })
	}
}

func benchQuery(b *testing.B, batch int) {
	corpus := generateCorpusCached()
	ix, err := index.Open(context.Background(), corpus, index.Options{Synonyms: benchSynonyms(b), BatchSize: batch})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	queries := []string{
		"lithium", "battery", "Kasachstan", "hydrogen renewable", `"critical raw materials"`, "lith*",
		"Sefcovic", "mining -lang:de", "graphite OR tungsten", "roadmap year:2023", "date:>=2024-01-01 partnership",
		"title:lithium", "memoranda", "Europaische Union", "supply chains investment",
	}
	lat := make([]time.Duration, 0, b.N)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		q := queries[i%len(queries)]
		start := time.Now()
		res, err := ix.Search(ctx, index.Request{Query: q, Limit: 20, Facets: true})
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if res.Total == 0 && q != "Sefcovic" {
			b.Fatalf("%q found nothing", q)
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(int(float64(len(lat))*p), len(lat)-1)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
