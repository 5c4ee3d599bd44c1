package index_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"dossier/index"
	"dossier/model"
)

// translatedCorpus is the 10,000-article benchmark corpus with half of its
// German articles made translations of the English article before them:
// families the search folds into one hit, counts once and chooses a
// language for.
var translatedCorpus = sync.OnceValue(func() *model.Corpus {
	c := generateCorpusCached()
	docs := make([]model.Document, 0, c.Len())
	lastEN := ""
	german := 0
	for _, a := range c.Articles {
		text, _ := c.Text(a.ID)
		switch a.Lang {
		case "en":
			lastEN = a.ID
		case "de":
			german++
			if german%2 == 0 && lastEN != "" {
				a.TranslationOf = lastEN
			}
		}
		docs = append(docs, model.Document{Article: a, Body: text})
	}
	return model.NewMemCorpus("translated", docs)
})

// BenchmarkQueryTranslations is BenchmarkQuery's mix on a corpus with
// translations (p50 and p99 latency).
func BenchmarkQueryTranslations(b *testing.B) {
	ix, err := index.Open(context.Background(), translatedCorpus(), index.Options{Synonyms: benchSynonyms(b)})
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
		start := time.Now()
		if _, err := ix.Search(ctx, index.Request{Query: queries[i%len(queries)], Limit: 20, Facets: true}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(int(float64(len(lat))*p), len(lat)-1)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
