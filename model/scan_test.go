package model

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestScanListsArticlesWithStats(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "b.txt"), "date 2024-01-02\nBeta text here.")
	writeFile(t, filepath.Join(dir, "a.md"), "---\ntitle: A\n---\nAlpha.")
	writeFile(t, filepath.Join(dir, "sub", "c.txt"), "Gamma.")
	writeFile(t, filepath.Join(dir, ".hidden.txt"), "no")
	writeFile(t, filepath.Join(dir, "notes.pdf"), "%PDF")
	writeFile(t, filepath.Join(dir, CatalogueFile), "articles: []")
	files, warns, err := Scan(dir, 3, "corpus")
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, f := range files {
		rels = append(rels, f.Rel)
		if f.Dir != 3 || f.Size <= 0 || f.MTime == 0 || f.Ino == 0 || f.CTime == 0 {
			t.Errorf("%s: stat %+v", f.Rel, f)
		}
	}
	if got := strings.Join(rels, ","); got != "a.md,b.txt,sub/c.txt" {
		t.Errorf("files = %s", got)
	}
	if len(warns) != 1 || warns[0].String() != "corpus/notes.pdf: ignored: only .txt and .md files are articles" {
		t.Errorf("warnings = %v", warns)
	}
	if _, _, err := Scan(filepath.Join(dir, "missing"), 0, "missing"); err == nil {
		t.Error("Scan of a missing folder: no error")
	}
}

func TestStatCatchesRewriteWithKeptMTime(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.txt")
	writeFile(t, p, "The first version of the text.")
	before, _, _ := Scan(dir, 0, "c")
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(p, old, old); err != nil {
		t.Fatal(err)
	}
	touched, _, _ := Scan(dir, 0, "c")
	// Same length, other bytes, mtime put back as `touch -r` would.
	time.Sleep(10 * time.Millisecond)
	writeFile(t, p, "The other version of the text.")
	if err := os.Chtimes(p, old, old); err != nil {
		t.Fatal(err)
	}
	after, _, _ := Scan(dir, 0, "c")
	if before[0].Same(touched[0]) {
		t.Error("a changed mtime went unnoticed")
	}
	if after[0].Size != touched[0].Size || after[0].MTime != touched[0].MTime {
		t.Fatalf("test setup: size or mtime differ: %+v vs %+v", after[0], touched[0])
	}
	if after[0].Same(touched[0]) {
		t.Error("a rewrite with size and mtime kept was not noticed (ctime)")
	}
}

func TestFileTextsChecksTheFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.md")
	raw := "---\ntitle: T\n---\nThe text of the article.\n"
	writeFile(t, p, raw)
	doc, _, err := ParseDocument([]byte(raw), "a.md", "c/a.md", nil)
	if err != nil {
		t.Fatal(err)
	}
	a := doc.Article
	a.File = p
	ft := NewFileTexts()
	if got, err := ft.Text(a); err != nil || got != "The text of the article." {
		t.Fatalf("Text = %q, %v", got, err)
	}
	writeFile(t, p, "---\ntitle: T\n---\nAnother text entirely, longer.\n")
	ft2 := NewFileTexts() // no cached copy
	if _, err := ft2.Text(a); !errors.Is(err, ErrChanged) {
		t.Errorf("changed file: err = %v, want ErrChanged", err)
	}
	os.Remove(p)
	if _, err := ft2.Text(a); err == nil {
		t.Error("removed file: no error")
	}
}

func TestDetectLanguageLooksAtABoundedSample(t *testing.T) {
	en := strings.Repeat("The Union and the country signed an agreement on the supply of raw materials. ", 300)
	de := strings.Repeat("Die Union und das Land haben eine Vereinbarung über die Versorgung mit Rohstoffen unterzeichnet. ", 3000)
	if got := DetectLanguage(en + de); got != "en" {
		t.Errorf("a long text is judged by its beginning: got %s, want en", got)
	}
}
