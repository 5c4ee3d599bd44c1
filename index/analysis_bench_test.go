package index

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"dossier/model"
	"dossier/seeds"
)

// BenchmarkAnalysis analyses articles as the writer's pipeline does before
// bleve turns them into a segment (every field of their documents, through
// an arena), without indexing them: our share of a build's CPU. It reads
// the first 1,000 articles of $DOSSIER_BENCH_CORPUS (the seeds without
// it) and reports the CPU time per article (the process's, the
// collector's included).
func BenchmarkAnalysis(b *testing.B) {
	syn, err := ParseSynonyms("synonyms.list", seeds.Synonyms)
	if err != nil {
		b.Fatal(err)
	}
	w, err := NewMemory(Options{Synonyms: syn})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	docs := benchDocs(b)
	a := newArena()
	cpu0 := processCPU()
	b.ResetTimer()
	for i := range b.N {
		analyseDoc(a, w.an.document(docs[i%len(docs)]))
	}
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu-µs/article")
}

// benchDocs reads and parses the articles of BenchmarkAnalysis.
func benchDocs(b *testing.B) []model.Document {
	var docs []model.Document
	add := func(name string, data []byte) {
		d, _, err := model.ParseDocument(data, name, name, nil)
		if err == nil {
			d.ID = name
			docs = append(docs, d)
		}
	}
	if dir := os.Getenv("DOSSIER_BENCH_CORPUS"); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, f := range files[:min(len(files), 1000)] {
			if data, err := os.ReadFile(f); err == nil {
				add(filepath.Base(f), data)
			}
		}
	}
	if len(docs) == 0 {
		for _, text := range testTexts(b) {
			add("seed.txt", []byte(text))
		}
	}
	return docs
}

// processCPU is the CPU time the process has used (user and system).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
