package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// Fuzz targets of the parsers of untrusted input. Run each for at most 30 s
// with a short minimisation time, e.g.
//
//	go test -run '^$' -fuzz '^FuzzExtract$' -fuzztime 30s -fuzzminimizetime 1s ./model/ingest/
//
// Map iteration makes coverage vary a little from run to run, and with the
// default minimisation time (60 s) the fuzzer spends its budget minimising.

// The page metadata reader takes any HTML: no panic, and every value comes
// out as one safe line once cleaned.
func FuzzPageMeta(f *testing.F) {
	for _, name := range []string{"meta-tags-only.html", "jsonld-only.html", "graph-jsonld.html"} {
		data, err := os.ReadFile(filepath.Join("testdata", "html", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add(`<script type="application/ld+json">[{"@type":["NewsArticle"],"author":[{"@id":"x"},"a",{"name":["b"]}],"@graph":[[[]]]}]</script>`)
	f.Fuzz(func(t *testing.T, page string) {
		root, err := html.Parse(strings.NewReader(page))
		if err != nil {
			return
		}
		m := readPageMeta(goquery.NewDocumentFromNode(root))
		for _, v := range []string{cleanLine(m.Title), cleanLine(m.Site), cleanAuthor(m.Author), cleanURL(m.URL, ""), langCode(m.Lang), day(m.Published)} {
			if !utf8.ValidString(v) || strings.ContainsAny(v, "\n\r\t\x1b") || v != strings.TrimSpace(v) {
				t.Fatalf("unsafe value %q", v)
			}
		}
	})
}

// JSON-LD of any shape: no panic, no runaway.
func FuzzJSONLD(f *testing.F) {
	f.Add(`{"@context":"https://schema.org","@type":"NewsArticle","headline":"x","author":{"name":"y"},"datePublished":"2023-06-07"}`)
	f.Add(`{"@graph":[{"@type":"Person","@id":"p","name":"n"},{"@type":"Article","author":{"@id":"p"}}]}`)
	f.Add(`[[[[[[[[[[[[{"@type":"Report"}]]]]]]]]]]]]`)
	f.Fuzz(func(t *testing.T, text string) {
		m, ok := parseJSONLD(text)
		if !ok && m != (pageMeta{}) {
			t.Fatalf("no article but metadata %+v", m)
		}
	})
}

// glyphsFrom turns fuzz bytes into glyphs: each 5 bytes pick a character
// (letters, a hyphen, a space, a ligature, a control), a position, a width
// and a size.
func glyphsFrom(data []byte) []Glyph {
	alphabet := []string{"a", "b", "e", "r", "-", " ", "ﬁ", "K", "\n", "\u00ad", "ü", "1", ".", "\x00"}
	var gs []Glyph
	for i := 0; i+5 <= len(data) && len(gs) < 2000; i += 5 {
		gs = append(gs, Glyph{
			S:    alphabet[int(data[i])%len(alphabet)],
			X:    float64(data[i+1]) * 3,
			Y:    float64(data[i+2]) * 2,
			W:    float64(data[i+3]%16) / 2,
			Size: float64(data[i+4]%24) - 2,
			Font: []string{"Times-Roman", "Times-Bold"}[data[i+4]%2],
		})
	}
	return gs
}

// Line and paragraph rebuilding: any glyphs give valid, trimmed text that
// holds no more letters than the glyphs had, the same every time.
func FuzzPageLines(f *testing.F) {
	f.Add([]byte("aaaaa\x01\x01\x05\x0a\x02\x05\x01\x05\x0a"))
	f.Add([]byte{4, 10, 100, 4, 10, 0, 20, 90, 4, 10, 1, 30, 100, 4, 11})
	f.Fuzz(func(t *testing.T, data []byte) {
		gs := glyphsFrom(data)
		lines := PageLines(gs)
		half := len(lines) / 2
		paras := Paragraphs([][]Line{lines[:half], lines[half:]})
		again := Paragraphs([][]Line{PageLines(gs)[:half], PageLines(gs)[half:]})
		if strings.Join(paras, "\n") != strings.Join(again, "\n") {
			t.Fatal("not deterministic")
		}
		in := 0
		for _, g := range gs {
			if usable(g) {
				in += letters(norm.NFKC.String(g.S))
			}
		}
		out := 0
		for _, p := range paras {
			if !utf8.ValidString(p) || p != strings.TrimSpace(p) || strings.Contains(p, "\n") {
				t.Fatalf("bad paragraph %q", p)
			}
			for _, r := range p {
				if unicode.IsControl(r) {
					t.Fatalf("control character in %q", p)
				}
			}
			out += letters(p)
		}
		if out > in {
			t.Fatalf("%d letters out of %d in", out, in)
		}
	})
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// Extract on any input: a refusal or an article that dossier reads back;
// never a panic, never longer than its deadline. The seeds are small: the
// fuzzer minimises every new input byte by byte, and a 13 KB PDF would keep
// it minimising for minutes.
func FuzzExtract(f *testing.F) {
	for _, p := range []string{"html/no-date.html", "html/byline-in-text.html"} {
		data, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(p), data)
	}
	f.Add("a.pdf", textPDF("BT /F1 12 Tf 72 700 Td (Kazakhstan and the EU) Tj T* [(ro) -20 (ad) 300 (map)] TJ ET"))
	f.Add("b.pdf", flatePDF("q 1 0 0 1 10 10 cm BT /F1 9 Tf 2 Tw 0 0 Td (Kazakhstan ) ' (the ) Tj ET Q"))
	f.Add("a.txt", []byte("date 2023-06-07\nKazakhstan\n"))
	f.Add("a.md", []byte("---\ntitle: x\n---\nText"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		d, err := Extract(ctx, name, data)
		if err != nil {
			if !IsRefusal(err) || strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("bad error %q", err)
			}
			return
		}
		content := Render(d)
		if _, err := LoadOne("a.md", content); err != nil {
			t.Fatalf("the result does not load: %v\n%s", err, content)
		}
	})
}
