package model

import (
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// A title of 100,000 characters without a space is bounded where it is
// read: the article's title is at most MaxTitle runes, ending in "…", and
// the whole title is the first paragraph of the text, so nothing is lost.
func TestLongTitleIsBoundedWhereRead(t *testing.T) {
	long := strings.Repeat("x", 100_000)
	words := strings.TrimSpace(strings.Repeat("Lithium deal ", 10_000))
	fsys := fstest.MapFS{
		"nospace.md":     {Data: []byte("---\ntitle: " + long + "\noutlet: " + long + "\n---\nThe body.\n")},
		"words.md":       {Data: []byte("---\ntitle: " + words + "\n---\nThe body.\n")},
		"short.md":       {Data: []byte("---\ntitle: A short title\n---\nThe body.\n")},
		"catalogue.yaml": {Data: []byte("articles:\n  - id: plain\n    title: " + long + "\n")},
		"plain.txt":      {Data: []byte("Plain text whose title the catalogue gives.\n")},
	}
	c, ws, err := LoadCorpus(fsys, "t")
	if err != nil || len(ws) != 0 {
		t.Fatal(err, ws)
	}
	for id, whole := range map[string]string{"nospace": long, "words": words, "plain": ""} {
		a, _ := c.Article(id)
		if n := utf8.RuneCountInString(a.Title); n > MaxTitle || !strings.HasSuffix(a.Title, "…") {
			t.Errorf("%s: title of %d runes: %.40q…", id, n, a.Title)
		}
		body, err := c.Text(id)
		if err != nil {
			t.Fatal(err)
		}
		if whole != "" && !strings.HasPrefix(body, whole+"\n\nThe body.") {
			t.Errorf("%s: the text does not start with the whole title: %.60q", id, body)
		}
	}
	if a, _ := c.Article("nospace"); utf8.RuneCountInString(a.Outlet) > MaxTitle {
		t.Errorf("outlet of %d runes", utf8.RuneCountInString(a.Outlet))
	}
	if a, _ := c.Article("words"); !strings.HasPrefix(a.Title, "Lithium deal Lithium") || strings.HasSuffix(a.Title, " …") {
		t.Errorf("words: title cut badly: %q", a.Title[len(a.Title)-20:])
	}
	if a, _ := c.Article("short"); a.Title != "A short title" {
		t.Errorf("short: title %q", a.Title)
	}
	if body, _ := c.Text("short"); body != "The body." {
		t.Errorf("short: body %q", body)
	}
}
