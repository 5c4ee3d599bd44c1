package ingest

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// readabilityPages finds the test pages that ship with the Readability port:
// 130-odd real saved pages (news sites, blogs, Wikipedia, government
// pages) with the metadata Mozilla's Readability expects of them.
func readabilityPages(t *testing.T) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "codeberg.org/readeck/go-readability/v2").Output()
	dir := filepath.Join(strings.TrimSpace(string(out)), "test-pages")
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Skipf("cannot locate the go-readability module: %v", err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no test pages in the go-readability module: %v", err)
	}
	return dir
}

// Real-world page shapes: every page Readability calls readable is
// imported, and the metadata agrees with what Readability's own test suite
// expects on most pages (ours prefers og:title and JSON-LD headlines to the
// <title>, so a few titles differ by a site-name suffix).
func TestRealWorldPages(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 130 pages")
	}
	root := readabilityPages(t)
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var pages, readable, imported, title, byline, bylineWant, site, siteWant, date, dateWant, lang, langWant int
	for _, d := range dirs {
		var exp struct {
			Title, Byline, SiteName, PublishedTime, Language string
			Readerable                                       bool
		}
		b, err := os.ReadFile(filepath.Join(root, d.Name(), "expected-metadata.json"))
		if err != nil || json.Unmarshal(b, &exp) != nil {
			continue
		}
		src, err := os.ReadFile(filepath.Join(root, d.Name(), "source.html"))
		if err != nil {
			continue
		}
		pages++
		if exp.Readerable {
			readable++
		}
		doc, err := Extract(context.Background(), "page.html", src)
		if err != nil {
			if exp.Readerable {
				t.Errorf("%s: a readable page refused: %v", d.Name(), err)
			}
			continue
		}
		imported++
		if _, err := LoadOne("a.md", Render(doc)); err != nil {
			t.Errorf("%s: the result does not load: %v", d.Name(), err)
		}
		if cleanLine(exp.Title) == doc.Meta.Title {
			title++
		}
		if a := cleanAuthor(exp.Byline); a != "" {
			bylineWant++
			if doc.Meta.Author != "" && (strings.Contains(a, doc.Meta.Author) || strings.Contains(doc.Meta.Author, a)) {
				byline++
			}
		}
		if exp.SiteName != "" {
			siteWant++
			if cleanLine(exp.SiteName) == doc.Meta.Source {
				site++
			}
		}
		if day(exp.PublishedTime) != "" {
			dateWant++
			if doc.Meta.Date == day(exp.PublishedTime) {
				date++
			}
		}
		if langCode(exp.Language) != "" {
			langWant++
			if langCode(exp.Language) == doc.Meta.Lang {
				lang++
			}
		}
	}
	t.Logf("%d pages (%d readable): %d imported; title %d/%d, byline %d/%d, source %d/%d, date %d/%d, lang %d/%d",
		pages, readable, imported, title, imported, byline, bylineWant, site, siteWant, date, dateWant, lang, langWant)
	atLeast := func(what string, got, of int, share float64) {
		if of == 0 || float64(got) < share*float64(of) {
			t.Errorf("%s right on %d of %d pages, want at least %.0f%%", what, got, of, share*100)
		}
	}
	atLeast("title", title, imported, 0.9)
	atLeast("byline", byline, bylineWant, 0.85)
	atLeast("source", site, siteWant, 0.9)
	atLeast("date", date, dateWant, 0.9)
	atLeast("lang", lang, langWant, 0.95)
}
