package sshd_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/feeds/feedtest"
	"dossier/model/review/pgtest"
)

var fetchDay = time.Date(2025, 12, 6, 9, 30, 0, 0, time.UTC)

// sourcesConfig writes a config file whose sources list the feed at url.
func sourcesConfig(t *testing.T, url string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "config.yaml")
	text := fmt.Sprintf("sources:\n  - name: Test Times\n    url: %s\n    fetch: page\n", url)
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestOpenSSHSessionsSeeAFetchedArticle: `dossier serve --fetch-every 1s`
// follows a local feed; a new entry added to it reaches two OpenSSH
// sessions with the notice, both find it, and its file's front matter
// carries the entry's URL.
func TestOpenSSHSessionsSeeAFetchedArticle(t *testing.T) {
	site := feedtest.New(t)
	first := site.Article("/news/1.html", "EU and Kazakhstan review the raw materials roadmap", feedtest.Text("the roadmap", 1), fetchDay)
	feed := site.Feed("/rss.xml", feedtest.RSS, "Test Times", first)
	corpus := t.TempDir()
	f := newFixture(t, "--corpus", corpus, "--config", sourcesConfig(t, feed), "--fetch-every", "1s", "--fetch-delay", "0s")
	a := f.open("alice", 120, 35)
	b := f.open("bob", 100, 30)
	f.waitScreen(a, "1 article", 20*time.Second)
	f.waitScreen(b, "1 article", 20*time.Second)
	f.waitScreen(a, "index ready", 5*time.Second)

	site.Add("/rss.xml", site.Article("/news/sarytogan.html", "Sarytogan graphite selected as a strategic project",
		feedtest.Text("Sarytogan graphite", 2), fetchDay.Add(24*time.Hour)))
	start := time.Now()
	f.waitScreen(a, "1 new article: “Sarytogan graphite selected as a strategic project”", 20*time.Second)
	t.Logf("alice saw the notice %v after the entry was added to the feed", time.Since(start).Round(10*time.Millisecond))
	f.waitScreen(b, "1 new article", 5*time.Second)
	f.waitScreen(a, "2 articles", 5*time.Second)
	for _, w := range []string{a, b} {
		f.keys(w, "/")
		exec.Command("tmux", "-L", f.socket, "send-keys", "-t", w, "-l", "Sarytogan").Run()
		f.waitScreen(w, "1 article · ", 5*time.Second)
		f.waitScreen(w, "Sarytogan graphite selected", 5*time.Second)
	}
	var found bool
	ents, _ := os.ReadDir(corpus)
	for _, e := range ents {
		data, _ := os.ReadFile(filepath.Join(corpus, e.Name()))
		front, _, _, _ := model.SplitFrontMatter(string(data))
		m, err := model.ParseFrontMatter(front)
		if err == nil && m.Title == "Sarytogan graphite selected as a strategic project" {
			found = true
			if m.URL != site.At("/news/sarytogan.html") || m.Source != "Test Times" || m.Fetched == "" || m.Published != "2025-12-07T09:30:00Z" {
				t.Errorf("front matter of %s: %+v", e.Name(), m)
			}
		}
	}
	if !found || len(ents) != 2 {
		t.Errorf("the corpus folder holds %d files; the fetched article found: %v", len(ents), found)
	}
	if n := site.Hits("/news/sarytogan.html"); n != 1 {
		t.Errorf("the new page was fetched %d times", n)
	}
}

// TestTwoServersFetchEachSourceOnce: two `dossier serve --fetch-every 1s`
// on one PostgreSQL store take turns: the feed is fetched about once a
// second, never twice within the same second, however the two servers'
// ticks fall.
func TestTwoServersFetchEachSourceOnce(t *testing.T) {
	needTools(t)
	url := pgtest.Database(t)
	site := feedtest.New(t)
	feed := site.Feed("/rss.xml", feedtest.RSS, "Test Times",
		site.Article("/news/1.html", "EU and Kazakhstan review the raw materials roadmap", feedtest.Text("the roadmap", 1), fetchDay))
	corpus := t.TempDir()
	cfg := sourcesConfig(t, feed)
	args := []string{"--store", url, "--corpus", corpus, "--config", cfg, "--fetch-every", "1s", "--fetch-delay", "0s"}
	newFixture(t, args...)
	newFixture(t, args...)
	deadline := time.Now().Add(30 * time.Second)
	for site.Hits("/rss.xml") < 6 {
		if time.Now().After(deadline) {
			t.Fatalf("the feed was fetched %d times in 30 s", site.Hits("/rss.xml"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	times := site.Times("/rss.xml")
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 800*time.Millisecond {
			t.Errorf("the feed was fetched twice %v apart (requests %d and %d of %d)", gap.Round(time.Millisecond), i, i+1, len(times))
		}
	}
	if n := site.Hits("/news/1.html"); n != 1 {
		t.Errorf("the article page was fetched %d times", n)
	}
	if ents, _ := os.ReadDir(corpus); len(ents) != 1 || !strings.HasSuffix(ents[0].Name(), ".md") {
		t.Errorf("the corpus holds %v", ents)
	}
}
