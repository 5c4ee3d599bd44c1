package cli

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"dossier/model"
	"dossier/seeds"
)

// evidenceCorpus is the seeds plus articles with a colon in the id,
// combining marks, digits and CJK, to range over.
func evidenceCorpus(t testing.TB) *model.Corpus {
	fsys := fstest.MapFS{
		"a:b.txt":  {Data: []byte("date 2024-01-02\nLithium: Šefčovič met Smailov in Astana. 2023–2024 roadmap, café\u0301 and 哈萨克斯坦 deals.")},
		"plain.md": {Data: []byte("---\ntitle: Plain\n---\nKazakhstan and the EU agreed. Words, words; more words!")},
	}
	err := fs.WalkDir(seeds.Corpus, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Base(p) == model.CatalogueFile {
			return err
		}
		data, err := fs.ReadFile(seeds.Corpus, p)
		fsys[path.Base(p)] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := model.LoadCorpus(fsys, "evidence")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var wholeWords = regexp.MustCompile(`whole words are (\d+)-(\d+)`)

// FuzzParseEvidence: any --evidence is accepted only as a range of whole
// words inside the article, quoted exactly; a refusal is one safe line,
// and the whole-word range it offers is itself accepted.
func FuzzParseEvidence(f *testing.F) {
	corpus := evidenceCorpus(f)
	for _, s := range []string{"000_59948b4d9c446ef9:20-23", "000_59948b4d9c446ef9:0-15", "000_59948b4d9c446ef9:50-10",
		"a:b:0-7", "a:b:9-12", "a:b:20-30", "plain:0-10", "plain:13-16", "nope:1-2", "x", ":-", "plain:+1-4", "a\x1b]0;x\x07:1-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		ev, err := parseEvidence(spec, corpus)
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, "\n") || model.Sanitize(msg) != msg {
				t.Fatalf("refusal of %q is not one safe line: %q", spec, msg)
			}
			if m := wholeWords.FindStringSubmatch(msg); m != nil {
				id := spec[:strings.LastIndexByte(spec, ':')]
				if _, err := parseEvidence(fmt.Sprintf("%s:%s-%s", id, m[1], m[2]), corpus); err != nil {
					t.Fatalf("%q offers %s-%s, which is refused: %v", spec, m[1], m[2], err)
				}
			}
			return
		}
		body, err := corpus.Text(ev.ArticleID)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case ev.Start < 0 || ev.End > len(body) || ev.Start >= ev.End:
			t.Fatalf("%q: range %d-%d of %d bytes", spec, ev.Start, ev.End, len(body))
		case ev.Quote != body[ev.Start:ev.End] || !utf8.ValidString(ev.Quote):
			t.Fatalf("%q: quote %q", spec, ev.Quote)
		case wordStart(body, ev.Start) != ev.Start || wordEnd(body, ev.End) != ev.End:
			t.Fatalf("%q: %d-%d cuts a word: %q", spec, ev.Start, ev.End, ev.Quote)
		}
	})
}

func TestEvidenceIDWithColon(t *testing.T) {
	corpus := evidenceCorpus(t)
	ev, err := parseEvidence("a:b:0-7", corpus)
	if err != nil || ev.ArticleID != "a:b" || ev.Quote != "Lithium" {
		t.Fatalf("a:b:0-7 = %+v, %v", ev, err)
	}
	if ev, err := parseEvidence("000_59948b4d9c446ef9:11-25", corpus); err != nil || ev.Quote != "Kazakhstan and" {
		t.Fatalf("a seed range: %+v, %v", ev, err)
	}
}
