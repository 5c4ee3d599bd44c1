package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/model"
)

func newImporter(t *testing.T, dir string, force bool) *Importer {
	t.Helper()
	im, err := NewImporter(dir, Options{Force: force})
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// mdFiles lists the corpus files of dir and fails on leftover temporary
// files.
func mdFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("leftover temporary file %s", e.Name())
			continue
		}
		out = append(out, e.Name())
	}
	return out
}

// The same input gives the same file, and a second import changes nothing.
func TestImportIdempotent(t *testing.T) {
	dir := t.TempDir()
	page := fixture(t, "html", "meta-tags-only.html")
	r1 := newImporter(t, dir, false).Import(context.Background(), "page.html", page)
	if r1.Status != Written || r1.Reason != "" {
		t.Fatalf("first import: %+v", r1)
	}
	want := "eu-kazakhstan-strengthen-cooperation-on-critical-raw-"
	if !strings.HasPrefix(filepath.Base(r1.Output), want) || !strings.HasSuffix(r1.Output, ".md") {
		t.Errorf("file name %s, want %s<hash>.md", r1.Output, want)
	}
	first, err := os.ReadFile(r1.Output)
	if err != nil {
		t.Fatal(err)
	}
	for _, im := range []*Importer{newImporter(t, dir, false), newImporter(t, dir, true)} {
		r2 := im.Import(context.Background(), "again.html", page)
		if r2.Status != Unchanged || r2.Output != r1.Output {
			t.Errorf("re-import: %+v, want unchanged %s", r2, r1.Output)
		}
	}
	again, _ := os.ReadFile(r1.Output)
	if !bytes.Equal(first, again) {
		t.Error("file changed on re-import")
	}
	if files := mdFiles(t, dir); len(files) != 1 {
		t.Errorf("files %v, want one", files)
	}
	// A fresh folder gets the same name and bytes: nothing depends on time.
	dir2 := t.TempDir()
	r3 := newImporter(t, dir2, false).Import(context.Background(), "page.html", page)
	third, _ := os.ReadFile(r3.Output)
	if filepath.Base(r3.Output) != filepath.Base(r1.Output) || !bytes.Equal(first, third) {
		t.Errorf("a second folder got %s", r3.Output)
	}
}

// A different input that extracts to the same article is a duplicate, left
// alone; --force replaces the file in place, under its name.
func TestImportDuplicate(t *testing.T) {
	dir := t.TempDir()
	page := fixture(t, "html", "meta-tags-only.html")
	variant := bytes.Replace(page, []byte(`<meta name="author" content="Assel Satubaldina">`), nil, 1)
	variant = bytes.Replace(variant, []byte("Book your flight to Almaty"), []byte("Visit the Charyn canyon"), 1)
	if bytes.Equal(page, variant) {
		t.Fatal("variant not made")
	}
	r1 := newImporter(t, dir, false).Import(context.Background(), "page.html", page)
	before, _ := os.ReadFile(r1.Output)
	r2 := newImporter(t, dir, false).Import(context.Background(), "saved-again.html", variant)
	if r2.Status != Duplicate || r2.Output != r1.Output || !strings.Contains(r2.Reason, "--force replaces it") {
		t.Fatalf("variant: %+v, want duplicate of %s", r2, r1.Output)
	}
	if !r2.Status.OK() {
		t.Error("a duplicate must not count as a failure")
	}
	after, _ := os.ReadFile(r1.Output)
	if !bytes.Equal(before, after) {
		t.Error("duplicate overwrote the file")
	}
	r3 := newImporter(t, dir, true).Import(context.Background(), "saved-again.html", variant)
	if r3.Status != Replaced || r3.Output != r1.Output {
		t.Fatalf("--force: %+v", r3)
	}
	replaced, _ := os.ReadFile(r1.Output)
	if bytes.Contains(replaced, []byte("author:")) || bytes.Equal(replaced, before) {
		t.Errorf("--force did not replace the file:\n%s", replaced)
	}
	if files := mdFiles(t, dir); len(files) != 1 {
		t.Errorf("files %v, want one", files)
	}
}

// An article already in the folder under any name, written by hand, is
// recognised by its text.
func TestImportDuplicateOfHandWrittenFile(t *testing.T) {
	dir := t.TempDir()
	d, err := Extract(context.Background(), "page.html", fixture(t, "html", "no-date.html"))
	if err != nil {
		t.Fatal(err)
	}
	hand := filepath.Join(dir, "lithium.txt")
	// Different line breaks and spacing, the same words.
	if err := os.WriteFile(hand, []byte("date 2024-01-01\n"+strings.ReplaceAll(d.Body, "\n\n", "\n   ")), 0o644); err != nil {
		t.Fatal(err)
	}
	r := newImporter(t, dir, false).Import(context.Background(), "page.html", fixture(t, "html", "no-date.html"))
	if r.Status != Duplicate || r.Output != hand {
		t.Errorf("%+v, want a duplicate of %s", r, hand)
	}
}

// A name taken by a file of another text is never overwritten without
// --force.
func TestImportNameTaken(t *testing.T) {
	dir := t.TempDir()
	page := fixture(t, "html", "no-date.html")
	d, _ := Extract(context.Background(), "page.html", page)
	name := FileName(d.Meta.Title, TextHash(corpusText("x.md", Render(d))))
	im := newImporter(t, dir, false)
	taken := filepath.Join(dir, name)
	if err := os.WriteFile(taken, []byte("Someone else's notes on graphite."), 0o644); err != nil {
		t.Fatal(err)
	}
	r := im.Import(context.Background(), "page.html", page)
	if r.Status != Failed || !strings.Contains(r.Reason, "holds another text") {
		t.Errorf("%+v", r)
	}
	if got, _ := os.ReadFile(taken); string(got) != "Someone else's notes on graphite." {
		t.Error("the other file was overwritten")
	}
	r = newImporter(t, dir, true).Import(context.Background(), "page.html", page)
	if r.Status != Replaced {
		t.Errorf("--force: %+v", r)
	}
}

// What is written loads back through dossier's own corpus loader, without
// warnings, with the metadata and text extracted.
func TestImportedFilesLoad(t *testing.T) {
	dir := t.TempDir()
	im := newImporter(t, dir, false)
	inputs := []string{
		"html/meta-tags-only.html", "html/jsonld-only.html", "html/byline-in-text.html", "html/no-date.html",
		"html/german.html", "html/graph-jsonld.html", "html/windows-1251.html",
		"pdf/partnership-en.pdf", "pdf/partnership-de.pdf", "pdf/two-columns.pdf",
	}
	results := map[string]Result{}
	for _, in := range inputs {
		r := im.ImportFile(context.Background(), filepath.Join("testdata", in))
		if r.Status != Written {
			t.Fatalf("%s: %+v", in, r)
		}
		results[in] = r
	}
	c, warns, err := model.LoadCorpus(os.DirFS(dir), "import")
	if err != nil || len(warns) != 0 {
		t.Fatalf("loading the imports: %v %v", err, warns)
	}
	if c.Len() != len(inputs) {
		t.Fatalf("%d articles loaded, want %d", c.Len(), len(inputs))
	}
	r := results["html/meta-tags-only.html"]
	a, ok := c.Article(strings.TrimSuffix(filepath.Base(r.Output), ".md"))
	if !ok {
		t.Fatal("article missing")
	}
	if a.Outlet != "The Astana Times" || a.Author != "Assel Satubaldina" || a.DayString() != "2025-04-07" ||
		a.Precision != model.Day || a.Lang != "en" || a.LangDetected || a.Title != r.Meta.Title {
		t.Errorf("loaded %+v", a)
	}
	if a.Words != r.Words {
		t.Errorf("words %d, reported %d", a.Words, r.Words)
	}
	if files := mdFiles(t, dir); len(files) != len(inputs) {
		t.Errorf("files %v", files)
	}
}

// Plain text becomes Markdown with front matter; Markdown is copied as it is.
func TestImportTextAndMarkdown(t *testing.T) {
	dir := t.TempDir()
	im := newImporter(t, dir, false)
	txt := "date 2023-06-07\nKazakhstan to strengthen cooperation with EU\n\nBy Jane Doe\n\nKazakhstan and the EU discussed lithium.\r\n"
	r := im.Import(context.Background(), "notes.txt", []byte(txt))
	if r.Status != Written || r.Kind != KindText {
		t.Fatalf("%+v", r)
	}
	got, _ := os.ReadFile(r.Output)
	want := "---\ntitle: Kazakhstan to strengthen cooperation with EU\ndate: \"2023-06-07\"\n---\n" +
		"Kazakhstan to strengthen cooperation with EU\n\nBy Jane Doe\n\nKazakhstan and the EU discussed lithium.\n"
	if string(got) != want {
		t.Errorf("text became\n%s\nwant\n%s", got, want)
	}
	md := "---\ntitle: Roadmap 2025-2026\noutlet: EU Delegation\ndate: 2025-04-04\n---\nThe roadmap was endorsed in Samarkand.\n"
	r = im.Import(context.Background(), "roadmap.md", []byte(md))
	if r.Status != Written || r.Kind != KindMarkdown || r.Meta.Source != "EU Delegation" || r.Meta.Date != "2025-04-04" {
		t.Fatalf("%+v", r)
	}
	if got, _ := os.ReadFile(r.Output); string(got) != md {
		t.Errorf("Markdown changed:\n%s", got)
	}
	if filepath.Base(r.Output) != FileName("Roadmap 2025-2026", TextHash("The roadmap was endorsed in Samarkand.")) {
		t.Errorf("name %s", r.Output)
	}
}

// Inputs that cannot be read are refused; files that cannot be written
// fail; in both cases nothing is left behind.
func TestImportFileErrors(t *testing.T) {
	dir := t.TempDir()
	im := newImporter(t, dir, false)
	in := t.TempDir()
	big := filepath.Join(in, "big.pdf")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(MaxInputBytes + 1) // sparse: nothing is read
	f.Close()
	tests := []struct {
		path   string
		status Status
		reason string
	}{
		{in, Refused, "is a folder"},
		{filepath.Join(in, "missing.html"), Refused, "cannot read: no such file or directory"},
		{big, Refused, "32.0 MiB is over the 32 MiB"},
		{"/dev/null", Refused, "not a regular file"},
	}
	for _, tt := range tests {
		r := im.ImportFile(context.Background(), tt.path)
		if r.Status != tt.status || !strings.Contains(r.Reason, tt.reason) {
			t.Errorf("%s: %+v, want %v %q", tt.path, r, tt.status, tt.reason)
		}
	}
	// The folder disappears under the importer: writing fails.
	gone := filepath.Join(t.TempDir(), "corpus")
	im2 := newImporter(t, gone, false)
	os.RemoveAll(gone)
	r := im2.Import(context.Background(), "page.html", fixture(t, "html", "no-date.html"))
	if r.Status != Failed || !strings.Contains(r.Reason, "cannot write") {
		t.Errorf("%+v", r)
	}
	if files := mdFiles(t, dir); len(files) != 0 {
		t.Errorf("files %v", files)
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ title, want string }{
		{"EU, Kazakhstan strengthen cooperation!", "eu-kazakhstan-strengthen-cooperation"},
		{"Šefčovič in Astana: „Rohstoffe“", "sefcovic-in-astana-rohstoffe"},
		{"Казахстан и ЕС", "казахстан-и-ес"},
		{"", "article"},
		{"../../etc/passwd", "etc-passwd"},
		{"\x1b[31m", "31m"},
		{strings.Repeat("lithium ", 20), "lithium-lithium-lithium-lithium-lithium-lithium-lithium"},
	}
	for _, tt := range tests {
		if got := Slug(tt.title); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestTextHash(t *testing.T) {
	a := TextHash("Kazakhstan and the EU signed\n\nthe roadmap.")
	if b := TextHash("  kazakhstan AND the EU signed the roadmap"); a != b {
		t.Error("layout, case and punctuation change the hash")
	}
	if b := TextHash("Kazakhstan and the EU signed the memorandum."); a == b {
		t.Error("different words, same hash")
	}
	if TextHash("ﬁrst") != TextHash("first") {
		t.Error("ligature changes the hash")
	}
}
