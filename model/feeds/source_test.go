package feeds_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"dossier/index"
	"dossier/model/feeds"
)

func parseSources(t *testing.T, text string) ([]feeds.Source, []feeds.Problem) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	return feeds.ParseSources(doc.Content[0], index.Parse)
}

func TestParseSources(t *testing.T) {
	srcs, probs := parseSources(t, `
- name: The Astana Times
  url: https://astanatimes.com/feed/
  fetch: page
  match: 'kazakhstan AND (lithium OR "raw materials")'
- url: https://example.org/rss#top
  fetch: entry
- https://example.com/atom.xml
`)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	want := []feeds.Source{
		{Name: "The Astana Times", URL: "https://astanatimes.com/feed/", Fetch: feeds.ModePage, Match: `kazakhstan AND (lithium OR "raw materials")`, Line: 2},
		{Name: "example.org", URL: "https://example.org/rss", Fetch: feeds.ModeEntry, Line: 6},
		{Name: "example.com", URL: "https://example.com/atom.xml", Line: 8},
	}
	if len(srcs) != len(want) {
		t.Fatalf("%+v", srcs)
	}
	for i := range want {
		if srcs[i] != want[i] {
			t.Errorf("source %d: %+v, want %+v", i, srcs[i], want[i])
		}
	}
}

func TestParseSourcesMistakes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"url: x", "line 1: want a list of sources"},
		{"- name: x", `line 1: item 1 (x): no url`},
		{"- url: ftp://example.org/feed", `line 1: item 1: url: "ftp://example.org/feed": only http and https feeds are fetched`},
		{"- url: https://user:pw@example.org/", "line 1: item 1: url: a URL with a user name or password is not fetched"},
		{"- url: /feed.xml", `line 1: item 1: url: "/feed.xml": only http and https`},
		{"- url: https://a.org/\n  fetch: pages", `line 2: item 1 (a.org): fetch: want page (fetch each entry's page) or entry (the feed's own text), not "pages"`},
		{"- url: https://a.org/\n  match: '(lithium'", "line 2: item 1 (a.org): match: "},
		{"- url: https://a.org/\n  match: ''", "match: empty"},
		{"- url: https://a.org/\n  fetch: [page]", "fetch: want one value, not a list"},
		{"- url: https://a.org/\n  mtach: x", `line 2: item 1 (a.org): unknown key "mtach" (known: name, url, fetch, match)`},
		{"- url: https://a.org/\n  url: https://b.org/", "url is given twice (first on line 1)"},
		{"- url: https://a.org/\n- url: https://a.org/other", "line 2: item 2 (a.org): the name is given twice (first on line 1)"},
		{"- name: \"a\\x1b[2Jb\"\n  url: https://a.org/", "name: holds control characters"},
		{"- ~", "line 1: item 1: empty"},
		{"- [a]", "want a feed URL or keys"},
	}
	for _, tt := range tests {
		srcs, probs := parseSources(t, tt.in)
		var msgs []string
		for _, p := range probs {
			msgs = append(msgs, "line "+strconv.Itoa(p.Line)+": "+p.Msg)
		}
		got := strings.Join(msgs, "\n")
		if srcs != nil || !strings.Contains(got, tt.want) {
			t.Errorf("%q:\n got %q (%v)\nwant %q", tt.in, got, srcs, tt.want)
		}
	}
	many := strings.Repeat("- https://example.org/\n", feeds.MaxSources+1)
	if _, probs := parseSources(t, many); len(probs) != 1 || !strings.Contains(probs[0].Msg, "at most") {
		t.Errorf("too many sources: %v", probs)
	}
	if srcs, probs := parseSources(t, "~"); srcs != nil || probs != nil {
		t.Errorf("an empty list: %v %v", srcs, probs)
	}
	_, probs := feeds.ParseSources(&yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: "https://a.org/"}}},
		func(string) error { return errors.New("no") })
	if probs != nil {
		t.Errorf("a source without match does not run the check: %v", probs)
	}
}

func TestURLKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"https://Example.org:443/news/a?utm_source=rss&id=3#comments", "http://example.org/news/a?id=3"},
		{"https://example.org/news/a/", "https://example.org/news/a"},
		{"https://example.org", "https://example.org/"},
		{"https://example.org/a?fbclid=x", "https://example.org/a"},
	}
	for _, tt := range tests {
		if ka, kb := feeds.URLKey(tt.a), feeds.URLKey(tt.b); ka != kb || ka == "" {
			t.Errorf("URLKey(%q) = %q, URLKey(%q) = %q; want equal", tt.a, ka, tt.b, kb)
		}
	}
	for _, s := range []string{"https://example.org/a?id=3", "https://example.org/b"} {
		if feeds.URLKey(s) == feeds.URLKey("https://example.org/a") {
			t.Errorf("%s has the key of /a", s)
		}
	}
	for _, s := range []string{"", "mailto:x@example.org", "javascript:alert(1)", "/relative", "https://user@example.org/"} {
		if k := feeds.URLKey(s); k != "" {
			t.Errorf("URLKey(%q) = %q, want none", s, k)
		}
	}
	if got := feeds.CleanURL("/news/1?utm_medium=x#top", "https://example.org/rss"); got != "https://example.org/news/1" {
		t.Errorf("CleanURL of a relative link: %q", got)
	}
}
