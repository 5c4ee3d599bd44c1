package library

import (
	"context"
	"slices"
	"testing"
	"time"

	"dossier/index"
	"dossier/model/roadmap"
	"dossier/seeds"
)

// BenchmarkConcerns measures `dossier concerns` on the kept index of
// 10,000 articles, side by side with one search: per iteration, the items
// of the seed roadmap one article concerns (cycling through the corpus),
// then one search for lithium with fragments and facets. It reports the
// p50 and p99 of each, their ratio, and the one-off cost of preparing the
// linker (reading how rare each item's words are).
func BenchmarkConcerns(b *testing.B) {
	o := benchOptions(b)
	ctx := context.Background()
	l, err := Open(ctx, o)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	ix := l.Snapshot().Index
	cat, err := roadmap.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		b.Fatal(err)
	}
	var topics []index.Topic
	for _, it := range cat.Items() {
		topics = append(topics, index.Topic{ID: it.ID, Terms: cat.Profile(it, nil), Since: cat.Since(it)})
	}
	start := time.Now()
	lk, err := ix.NewLinker(ctx, topics)
	if err != nil {
		b.Fatal(err)
	}
	prepare := time.Since(start)
	arts := ix.Corpus().Articles
	var conc, srch []time.Duration
	b.ResetTimer()
	for i := range b.N {
		id := arts[(i*7919)%len(arts)].ID
		start := time.Now()
		if _, err := lk.Concerns(ctx, id, 5); err != nil {
			b.Fatal(err)
		}
		conc = append(conc, time.Since(start))
		start = time.Now()
		if _, err := ix.Search(ctx, index.Request{Query: benchQuery(), Limit: 10, Facets: true}); err != nil {
			b.Fatal(err)
		}
		srch = append(srch, time.Since(start))
	}
	b.StopTimer()
	pct := func(ds []time.Duration, p float64) float64 {
		ds = slices.Clone(ds)
		slices.Sort(ds)
		return float64(ds[min(int(float64(len(ds))*p), len(ds)-1)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(conc, 0.5), "concerns-p50-ms")
	b.ReportMetric(pct(conc, 0.99), "concerns-p99-ms")
	b.ReportMetric(pct(srch, 0.5), "search-p50-ms")
	b.ReportMetric(pct(srch, 0.99), "search-p99-ms")
	b.ReportMetric(pct(conc, 0.5)/pct(srch, 0.5), "p50-ratio")
	b.ReportMetric(float64(prepare.Microseconds())/1000, "prepare-ms")
}

// BenchmarkLatestNews finds every seed roadmap item's newest strongly
// linked article in the kept index of 10,000 articles (what dossier
// roadmap and export add to find quiet items), beside one search.
func BenchmarkLatestNews(b *testing.B) {
	o := benchOptions(b)
	ctx := context.Background()
	l, err := Open(ctx, o)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	ix := l.Snapshot().Index
	cat, err := roadmap.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		b.Fatal(err)
	}
	lk, err := ix.NewLinker(ctx, index.RoadmapTopics(cat, nil))
	if err != nil {
		b.Fatal(err)
	}
	var all, srch []time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if _, err := lk.LatestAll(ctx); err != nil {
			b.Fatal(err)
		}
		all = append(all, time.Since(start))
		start = time.Now()
		if _, err := ix.Search(ctx, index.Request{Query: benchQuery(), Limit: 10, Facets: true}); err != nil {
			b.Fatal(err)
		}
		srch = append(srch, time.Since(start))
	}
	b.StopTimer()
	med := func(ds []time.Duration) float64 {
		ds = slices.Clone(ds)
		slices.Sort(ds)
		return float64(ds[len(ds)/2].Microseconds()) / 1000
	}
	b.ReportMetric(med(all), "all-items-p50-ms")
	b.ReportMetric(med(all)/float64(len(cat.Items())), "per-item-ms")
	b.ReportMetric(med(srch), "search-p50-ms")
}
