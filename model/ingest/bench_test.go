package ingest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// groffPDF typesets an -ms source with groff, or skips the benchmark.
func groffPDF(b *testing.B, src string) []byte {
	b.Helper()
	if _, err := exec.LookPath("groff"); err != nil {
		b.Skip("groff is not installed (apt-get install groff)")
	}
	cmd := exec.Command("groff", "-ms", "-Kutf8", "-Tpdf")
	cmd.Stdin = strings.NewReader(src)
	out, err := cmd.Output()
	if err != nil {
		b.Skipf("groff -Tpdf: %v", err)
	}
	return out
}

// BenchmarkExtractPDF100Pages: a 100-page groff document, lines, hyphens,
// paragraphs and all.
func BenchmarkExtractPDF100Pages(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("testdata", "pdf", "partnership-en.ms"))
	if err != nil {
		b.Fatal(err)
	}
	head, body, _ := strings.Cut(string(src), ".NH\nBackground\n")
	var doc strings.Builder
	doc.WriteString(head)
	for range 45 { // about 2.2 pages each
		doc.WriteString(".NH\nBackground\n" + body)
	}
	data := groffPDF(b, doc.String())
	r, err := openPDF(data)
	if err != nil {
		b.Fatal(err)
	}
	pages, err := pageList(context.Background(), r)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		d, err := Extract(context.Background(), "doc.pdf", data)
		if err != nil {
			b.Fatal(err)
		}
		if len(d.Body) == 0 {
			b.Fatal("no text")
		}
	}
	b.ReportMetric(float64(len(pages)), "pages")
}

// BenchmarkExtractHTML: a saved news page with menus, ads and comments.
func BenchmarkExtractHTML(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "html", "meta-tags-only.html"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Extract(context.Background(), "page.html", data); err != nil {
			b.Fatal(err)
		}
	}
}
