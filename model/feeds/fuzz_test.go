package feeds

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"dossier/model"
	"dossier/model/ingest"
)

// FuzzSources: any YAML as the config file's sources list is read or
// refused with its lines, never taken half; what is taken is fetchable.
func FuzzSources(f *testing.F) {
	for _, s := range []string{
		"- name: The Astana Times\n  url: https://astanatimes.com/feed/\n  fetch: page\n  match: 'lithium OR graphite'\n",
		"- https://example.org/rss\n- url: http://example.com/atom\n  fetch: entry\n",
		"- url: ftp://x\n", "- &a {url: 'https://a.org/'}\n- *a\n", "url: x", "- name: \"\\e]0;x\\a\"\n  url: https://a.org/\n",
		"- {url: 'https://a.org/', name: a}\n- {url: 'https://b.org/', name: A}\n", "- [1, 2]\n- ~\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var doc yaml.Node
		if yaml.Unmarshal([]byte(text), &doc) != nil || len(doc.Content) == 0 {
			return
		}
		srcs, probs := ParseSources(doc.Content[0], func(q string) error { return nil })
		if srcs != nil && probs != nil {
			t.Fatalf("both sources and problems: %v %v", srcs, probs)
		}
		names := map[string]bool{}
		for _, s := range srcs {
			if !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
				t.Errorf("source %q has the URL %q", s.Name, s.URL)
			}
			if s.Name == "" || model.SanitizeLine(s.Name) != s.Name || strings.ContainsAny(s.Name, "\n\r") || names[strings.ToLower(s.Name)] {
				t.Errorf("bad or repeated name %q", s.Name)
			}
			names[strings.ToLower(s.Name)] = true
		}
		for _, p := range probs {
			if !utf8.ValidString(p.Msg) || strings.IndexFunc(p.Msg, unicode.IsControl) >= 0 {
				t.Errorf("a message that is not one clean line: %q", p.Msg)
			}
		}
	})
}

// FuzzParseFeed: any body is read as a feed or refused; what is read has
// clean links, clean titles and one entry per key.
func FuzzParseFeed(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a &amp;amp; b</title><link>/x?utm_source=1</link></item><item><title>again</title><link>/x</link></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>e</title><link href="javascript:alert(1)"/><id>tag:1</id></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","url":"https://a.org/1","title":"\u001b[2Jx"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		feed, err := ParseFeed(data, "application/rss+xml; charset=windows-1251", "https://example.org/feed")
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, e := range feed.Entries {
			if e.Key == "" || seen[e.Key] {
				t.Errorf("key %q empty or repeated", e.Key)
			}
			seen[e.Key] = true
			if e.Link != "" && CleanURL(e.Link, "") != e.Link {
				t.Errorf("link %q is not clean", e.Link)
			}
			if model.SanitizeLine(e.Title) != e.Title || strings.ContainsAny(e.Title, "\n\r\t") {
				t.Errorf("title %q", e.Title)
			}
		}
	})
}

// FuzzEntryFrontMatter: whatever a feed says of an entry, the article
// written for it is read back by dossier with the URL, source and times
// the fetch gave it.
func FuzzEntryFrontMatter(f *testing.F) {
	f.Add("EU and Kazakhstan: \"roadmap\" --- signed", "Martin Banks", "https://example.org/a?utm_source=x", "en-US", "Kazinform", int64(1765013400))
	f.Add("---\nurl: evil", "\x1b]0;x\a", "https://example.org/#frag", "english", "a: b", int64(-62135596800))
	f.Add("", "", "", "", "x", int64(253402300800))
	f.Fuzz(func(t *testing.T, title, author, link, lang, name string, published int64) {
		if checkName(name) != "" {
			return // the config file refuses it
		}
		e := Entry{Title: oneLine(title), Author: oneLine(author), Link: CleanURL(link, ""), Lang: lang, Published: time.Unix(published, 0)}
		doc := ingest.Doc{Kind: ingest.KindHTML, Body: "The European Union and Kazakhstan agreed on a roadmap for raw materials."}
		fetched := time.Date(2025, 12, 6, 10, 0, 0, 0, time.UTC)
		complete(&doc, Source{Name: name}, e, fetched)
		content := ingest.Render(doc)
		a, err := ingest.LoadOne("entry.md", content)
		if err != nil {
			t.Fatalf("the written article is not read back: %v\n%s", err, content)
		}
		front, _, _, _ := model.SplitFrontMatter(string(content))
		m, err := model.ParseFrontMatter(front)
		if err != nil {
			t.Fatal(err)
		}
		if m.URL != e.Link || a.URL != e.Link || m.Source != oneLine(name) || m.Fetched != "2025-12-06T10:00:00Z" {
			t.Errorf("front matter %+v for the entry %+v", m, e)
		}
		if m.Published != "" {
			p, err := time.Parse(time.RFC3339, m.Published)
			if err != nil || !p.Equal(e.Published.Truncate(time.Second)) {
				t.Errorf("published %q for %v", m.Published, e.Published)
			}
		}
	})
}
