package model

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"
)

// failingFS returns an error when a given file is opened.
type failingFS struct {
	fstest.MapFS
	bad string
}

func (f failingFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.Open(name)
}

// brokenFS fails every operation, like a folder that cannot be listed.
type brokenFS struct{}

func (brokenFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestLoaderWarnings(t *testing.T) {
	good := "Kazakhstan and the European Union agreed to strengthen cooperation on raw materials."
	tests := []struct {
		name    string
		fsys    fs.FS
		maxSize int64
		want    []string // ids loaded
		warn    []string // substrings, one per expected warning, in order
	}{
		{"empty file", fstest.MapFS{"a.txt": file(""), "b.txt": file(good)}, 0,
			[]string{"b"}, []string{"a.txt: skipped: empty file"}},
		{"whitespace only", fstest.MapFS{"a.txt": file(" \n\t\n"), "b.txt": file(good)}, 0,
			[]string{"b"}, []string{"a.txt: skipped: empty file"}},
		{"only a date line", fstest.MapFS{"a.txt": file("date 2024-01-02\n"), "b.txt": file(good)}, 0,
			[]string{"b"}, []string{"a.txt: skipped: no text"}},
		{"invalid utf-8", fstest.MapFS{"a.txt": file("caf\xe9 au lait and more text"), "b.txt": file(good)}, 0,
			[]string{"b"}, []string{"a.txt: skipped: not valid UTF-8 (first bad byte at offset 3)"}},
		{"binary", fstest.MapFS{"a.txt": file("PK\x03\x04\x00\x00\x14\x00binary"), "b.txt": file(good)}, 0,
			[]string{"b"}, []string{"a.txt: skipped: binary file (contains NUL bytes)"}},
		{"unreadable", failingFS{fstest.MapFS{"a.txt": file(good), "b.txt": file(good)}, "a.txt"}, 0,
			[]string{"b"}, []string{"a.txt: cannot read: permission denied"}},
		{"over size cap", fstest.MapFS{"a.txt": file(strings.Repeat("word ", 100)), "b.txt": file(good)}, 200,
			[]string{"b"}, []string{"a.txt: skipped: 500 bytes is over the 200 bytes limit"}},
		{"duplicate id", fstest.MapFS{"a.txt": file(good), "a.md": file(good), "sub/a.txt": file(good)}, 0,
			[]string{"a"}, []string{`a.txt: duplicate id "a" (already read from c/a.md)`, `sub/a.txt: duplicate id "a"`}},
		{"broken front matter", fstest.MapFS{"a.md": file("---\ntitle: [unclosed\n---\ntext here"), "b.txt": file(good)}, 0,
			[]string{"b"}, []string{"a.md: skipped: front matter:"}},
		{"unclosed front matter", fstest.MapFS{"a.md": file("---\ntitle: x\ntext here"), "b.txt": file(good)}, 0,
			[]string{"b"}, []string{"a.md: skipped: front matter opened with --- is never closed"}},
		{"unknown front matter key", fstest.MapFS{"a.md": file("---\ntitel: x\n---\ntext here"), "b.txt": file(good)}, 0,
			[]string{"b"}, []string{`a.md: skipped: front matter: line 2: unknown key "titel"`}},
		{"bad date in front matter", fstest.MapFS{"a.md": file("---\ndate: 2023-02-30\n---\ntext"), "b.txt": file(good)}, 0,
			[]string{"b"}, []string{`a.md: skipped: front matter: line 2: date "2023-02-30": no such day`}},
		{"other extensions ignored", fstest.MapFS{"a.pdf": file("%PDF"), "b.txt": file(good), ".hidden.txt": file(good)}, 0,
			[]string{"b"}, []string{"a.pdf: ignored: only .txt and .md files are articles"}},
		{"impossible date line", fstest.MapFS{"a.txt": file("date 2023-13-01\nText of the article.")}, 0,
			[]string{"a"}, []string{`a.txt: date line ignored: date "2023-13-01": month 13 out of range`}},
		{"broken catalogue", fstest.MapFS{"catalogue.yaml": file("articles: [id: x"), "b.txt": file(good)}, 0,
			[]string{"b"}, []string{"catalogue.yaml: ignored:"}},
		{"catalogue names a missing article", fstest.MapFS{"catalogue.yaml": file("articles:\n  - id: zz\n"), "b.txt": file(good)}, 0,
			[]string{"b"}, []string{`catalogue.yaml: lists "zz" but there is no such article`}},
		{"translation of nothing", fstest.MapFS{"a.md": file("---\ntranslation_of: nope\n---\nText")}, 0,
			[]string{"a"}, []string{`a.md: translation_of "nope": no such article; link ignored`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := Loader{MaxBytes: tt.maxSize}
			if err := l.Add(tt.fsys, "c"); err != nil {
				t.Fatalf("Add: %v", err)
			}
			c := l.Finish("c")
			var ids []string
			for _, a := range c.Articles {
				ids = append(ids, a.ID)
			}
			if strings.Join(ids, ",") != strings.Join(tt.want, ",") {
				t.Errorf("loaded %v, want %v", ids, tt.want)
			}
			ws := l.Warnings()
			if len(ws) != len(tt.warn) {
				t.Fatalf("warnings %q, want %d like %q", ws, len(tt.warn), tt.warn)
			}
			for i, w := range ws {
				if !strings.Contains(w.String(), tt.warn[i]) {
					t.Errorf("warning %d = %q, want it to contain %q", i, w, tt.warn[i])
				}
			}
		})
	}
}

func TestLoaderMissingRoot(t *testing.T) {
	var l Loader
	err := l.Add(brokenFS{}, "nowhere")
	if err == nil || !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("Add on an unreadable root = %v, want a permission error", err)
	}
}

func TestLoaderDerivesMetadata(t *testing.T) {
	fsys := fstest.MapFS{
		"dated.txt":  file(" date 2022-11-08 Attending the COP27 in Egypt, the President signed a memorandum with the Prime Minister of the country.\n\nMore text follows here."),
		"byline.txt": file("By Jane Doe\nThe new platform was launched today in Brussels. It is the first of its kind and the others will follow."),
		"de.txt":     file("Die Europäische Union und Kasachstan haben eine Roadmap für die Zusammenarbeit bei Rohstoffen gebilligt, die auch Batterien umfasst."),
		"ru.txt":     file("Казахстан и Европейский союз подписали меморандум о сотрудничестве в области сырья."),
		"front.md":   file("---\ntitle: A *front* title\noutlet: Example Daily\ndate: 2024-05\nlang: en\nauthor: A. Writer\nurl: https://example.org/x\n---\nSome body text that is short."),
		"escape.txt": file("Headline\x1b[2J\x1b]0;pwned\x07 ok\r\nBody\x00 with\bcontrol\u009b31m chars."),
	}
	c, ws, err := LoadCorpus(fsys, "t")
	if err != nil {
		t.Fatal(err)
	}
	// escape.txt has a NUL byte: it is reported as binary, not loaded.
	if len(ws) != 1 || !strings.Contains(ws[0].String(), "escape.txt: skipped: binary") {
		t.Fatalf("warnings = %v", ws)
	}
	get := func(id string) Article {
		a, ok := c.Article(id)
		if !ok {
			t.Fatalf("article %s missing", id)
		}
		return a
	}
	d := get("dated")
	if d.Precision != Day || !d.Date.Equal(time.Date(2022, 11, 8, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("dated: date %v %v", d.Date, d.Precision)
	}
	if body, _ := c.Text("dated"); !strings.HasPrefix(body, "Attending the COP27") {
		t.Errorf("dated: body starts %q, want the date line removed", body[:30])
	}
	if d.Title != "Attending the COP27 in Egypt, the President signed a memorandum with the Prime Minister…" {
		t.Errorf("dated: title %q", d.Title)
	}
	b := get("byline")
	if b.Author != "Jane Doe" || b.Title != "The new platform was launched today in Brussels" {
		t.Errorf("byline: author %q title %q", b.Author, b.Title)
	}
	if got := get("de").Lang; got != "de" {
		t.Errorf("de: lang %q", got)
	}
	if got := get("ru").Lang; got != "ru" {
		t.Errorf("ru: lang %q", got)
	}
	f := get("front")
	if f.Title != "A *front* title" || f.Outlet != "Example Daily" || f.Precision != Month || f.Date.Month() != time.May ||
		f.Author != "A. Writer" || f.URL != "https://example.org/x" || f.Lang != "en" || f.LangDetected {
		t.Errorf("front: %+v", f)
	}
	if body, _ := c.Text("front"); body != "Some body text that is short." || f.Size != len(body) || f.Words != 6 {
		t.Errorf("front: body %q, size %d, words %d", body, f.Size, f.Words)
	}
}

func TestSanitizeStripsControls(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text\nline two\tx", "plain text\nline two\tx"},
		{"a\x1b[31mred\x1b[0m b", "ared b"},
		{"title\x1b]0;evil\x07 end", "title end"},
		{"osc st\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "osc stlink"},
		{"dcs\x1bPq#0;2;0;0;0\x1b\\ after", "dcs after"},
		{"c1 csi \u009b2J kept", "c1 csi 2J kept"},
		{"over\rwrite", "over\nwrite"},
		{"crlf\r\nline", "crlf\nline"},
		{"back\bspace bell\a nul\x00", "backspace bell nul"},
		{"bidi \u202eevil\u202c text", "bidi evil text"},
		{"bad \xff utf8", "bad \ufffd utf8"},
		{"Šefčovič Казахстан 中文 😀", "Šefčovič Казахстан 中文 😀"},
		{"esc at end\x1b", "esc at end"},
		{"charset \x1b(B ok", "charset  ok"},
	}
	for _, tt := range tests {
		if got := Sanitize(tt.in); got != tt.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := SanitizeLine(" a\n\tb  c "); got != "a b c" {
		t.Errorf("SanitizeLine = %q", got)
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The European Union and Kazakhstan signed a memorandum on the supply of raw materials.", "en"},
		{"Die Europäische Union und Kasachstan haben ein Memorandum über die Versorgung mit Rohstoffen unterzeichnet.", "de"},
		{"Европейский союз и Казахстан подписали меморандум о поставках сырья.", "ru"},
		{"Еуропалық одақ пен Қазақстан шикізат жеткізу туралы меморандумға қол қойды.", "kk"},
		{"欧盟与哈萨克斯坦签署了关于原材料供应的谅解备忘录。", "zh"},
		{"L'Union européenne et le Kazakhstan ont signé un protocole sur les matières premières pour la transition.", "fr"},
		{"Kazakhstan EU", "und"},
		{"12345 678", "und"},
		{"", "und"},
	}
	for _, tt := range tests {
		if got := DetectLanguage(tt.text); got != tt.want {
			t.Errorf("DetectLanguage(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		prec Precision
		bad  bool
	}{
		{"2022-11-07", "2022-11-07", Day, false},
		{"2023-06", "2023-06-01", Month, false},
		{"2025", "2025-01-01", Year, false},
		{"", "", Unknown, false},
		{"unknown", "", Unknown, false},
		{"2023-02-29", "", Unknown, true},
		{"2023-13", "", Unknown, true},
		{"23-01-01", "", Unknown, true},
		{"2023-1-1", "", Unknown, true},
		{"2023/01/01", "", Unknown, true},
		{"2023-01-01-01", "", Unknown, true},
	}
	for _, tt := range tests {
		d, p, err := ParseDate(tt.in)
		if (err != nil) != tt.bad {
			t.Errorf("ParseDate(%q) error = %v, want error %v", tt.in, err, tt.bad)
			continue
		}
		if tt.bad {
			continue
		}
		got := ""
		if p != Unknown {
			got = d.Format(time.DateOnly)
		}
		if got != tt.want || p != tt.prec {
			t.Errorf("ParseDate(%q) = %s %v, want %s %v", tt.in, got, p, tt.want, tt.prec)
		}
	}
}

func TestCatalogue(t *testing.T) {
	cat, err := ParseCatalogue([]byte("articles:\n  - id: a\n    title: T\n    date: 2023-06\n    lang: de\n    translation_of: b\n  - id: b\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cat["a"].Title != "T" || cat["a"].Date != "2023-06" || cat["a"].Lang != "de" || cat["a"].TranslationOf != "b" {
		t.Errorf("entry a = %+v", cat["a"])
	}
	bad := []struct{ in, want string }{
		{"articles:\n  - title: x\n", "entry 1 has no id"},
		{"articles:\n  - id: a\n  - id: a\n", `id "a" is listed twice`},
		{"articles:\n  - id: a\n    date: 2023-02-30\n", `id "a": date "2023-02-30": no such day`},
		{"articles:\n  - id: a\n    lang: English\n", `lang "English"`},
		{"articles:\n  - id: a\n    colour: red\n", `line 3: unknown key "colour"`},
		{"articles: {", "did not find expected node content"},
	}
	for _, b := range bad {
		_, err := ParseCatalogue([]byte(b.in))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ParseCatalogue(%q) = %v, want error containing %q", b.in, err, b.want)
		}
	}
}

func TestCutDateLine(t *testing.T) {
	tests := []struct{ in, date, rest string }{
		{"date 2024-01-02\nText", "2024-01-02", "Text"},
		{" date 2022-11-08 Attending the COP27", "2022-11-08", "Attending the COP27"},
		{"date 2024-01-02", "2024-01-02", ""},
		{"dated 2024-01-02 text", "", "dated 2024-01-02 text"},
		{"Text\ndate 2024-01-02", "", "Text\ndate 2024-01-02"},
		{"date 2024-01-02x", "", "date 2024-01-02x"},
	}
	for _, tt := range tests {
		d, rest, err := CutDateLine(tt.in)
		if err != nil {
			t.Fatalf("CutDateLine(%q): %v", tt.in, err)
		}
		got := ""
		if !d.IsZero() {
			got = d.Format(time.DateOnly)
		}
		if got != tt.date || rest != tt.rest {
			t.Errorf("CutDateLine(%q) = %q, %q; want %q, %q", tt.in, got, rest, tt.date, tt.rest)
		}
	}
}

func TestCorpusVersions(t *testing.T) {
	c := NewCorpus("t", []Article{{ID: "en"}, {ID: "de", TranslationOf: "en"}, {ID: "fr", TranslationOf: "en"}, {ID: "x"}}, nil)
	ids := func(as []Article) string {
		var s []string
		for _, a := range as {
			s = append(s, a.ID)
		}
		return strings.Join(s, ",")
	}
	if got := ids(c.Versions("en")); got != "de,fr" {
		t.Errorf("Versions(en) = %s", got)
	}
	if got := ids(c.Versions("de")); got != "en,fr" {
		t.Errorf("Versions(de) = %s", got)
	}
	if got := ids(c.Versions("x")); got != "" {
		t.Errorf("Versions(x) = %s", got)
	}
}

// TestCorpusVersionsMatchScan: the grouped versions are those of a scan of
// every article (b is a version of a when it is a's root or translates
// it), in corpus order, for chains, missing roots and self-references too.
func TestCorpusVersionsMatchScan(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	var arts []Article
	for i := range 300 {
		a := Article{ID: fmt.Sprintf("a%03d", i)}
		switch rnd.IntN(5) {
		case 0, 1: // a translation of an earlier article, or of one not in the corpus
			a.TranslationOf = fmt.Sprintf("a%03d", rnd.IntN(320))
		case 2:
			a.TranslationOf = a.ID
		}
		arts = append(arts, a)
	}
	c := NewCorpus("t", arts, nil)
	scan := func(id string) []string {
		a, _ := c.Article(id)
		root := id
		if a.TranslationOf != "" {
			root = a.TranslationOf
		}
		var out []string
		for _, b := range c.Articles {
			if b.ID != id && (b.ID == root || b.TranslationOf == root) {
				out = append(out, b.ID)
			}
		}
		return out
	}
	withVersions := 0
	for _, a := range c.Articles {
		var got []string
		for _, v := range c.Versions(a.ID) {
			got = append(got, v.ID)
		}
		if want := scan(a.ID); !slices.Equal(got, want) {
			t.Errorf("Versions(%s) = %v, want %v", a.ID, got, want)
		}
		if len(got) > 0 {
			withVersions++
		}
	}
	if withVersions < 50 {
		t.Fatalf("only %d articles have versions: the test checks too little", withVersions)
	}
}

func TestIDOfInvalidUTF8(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"raw\x9b2Jname.md", "raw%9B2Jname"},
		{"sub/a%b\xff\xfe.txt", "a%25b%FF%FE"},
		{"50%.md", "50%"},                  // valid names stay as they are
		{"Šefčovič\xc5.md", "Šefčovič%C5"}, // a cut character
		{"d\u009b31mw.md", "d\u009b31mw"},  // valid, shown escaped elsewhere
	} {
		if got := IDOf(c.name); got != c.want || !utf8.ValidString(got) {
			t.Errorf("IDOf(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
