package feeds_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model/feeds"
	"dossier/model/feeds/feedtest"
)

// TestFetchEachFormat: RSS 2.0, Atom and JSON Feed sources read pages, a
// windows-1251 feed gives its own text; every article is written whole,
// with url, source, fetched and published in its front matter.
func TestFetchEachFormat(t *testing.T) {
	e := newEnv(t)
	s := e.site
	rss := s.Feed("/rss.xml", feedtest.RSS, "RSS news", articles(s, "rss", "lithium", 2)...)
	atom := s.Feed("/atom.xml", feedtest.Atom, "Atom news", articles(s, "atom", "graphite", 2)...)
	jsonf := s.Feed("/feed.json", feedtest.JSON, "JSON news", articles(s, "json", "hydrogen", 2)...)
	ru := s.Feed("/ru.xml", feedtest.RSS1251, "Новости", feedtest.Item{
		Title: "Казахстан и ЕС обсудили критическое сырьё", Link: "/ru/1.html", Published: day,
		Content: "<p>Казахстан и Европейский союз обсудили сотрудничество в области критического сырья, аккумуляторов и возобновляемого водорода на встрече в Астане.</p>" +
			"<p>Стороны договорились продолжить работу по дорожной карте стратегического партнёрства в следующем году и провести новую встречу экспертов весной.</p>",
	})
	srcs := []feeds.Source{
		{Name: "RSS Times", URL: rss},
		{Name: "Atom Post", URL: atom},
		{Name: "JSON Daily", URL: jsonf},
		{Name: "Kazinform", URL: ru, Fetch: feeds.ModeEntry},
	}
	before := time.Now().UTC().Truncate(time.Second)
	rs := e.run(t, srcs...)
	for i, r := range rs {
		want := 2
		if i == 3 {
			want = 1
		}
		if r.Status != feeds.Read || r.New != want || r.Failed != 0 {
			t.Errorf("%s: %s %+v", r.Source.Name, r.Summary(), r.Entries)
		}
	}
	files := e.files(t)
	if len(files) != 7 {
		t.Fatalf("%d files, want 7: %v", len(files), files)
	}
	for _, r := range rs {
		for _, en := range r.Entries {
			m := frontMatter(t, en.File)
			if m.URL != en.URL || !strings.HasPrefix(m.URL, s.URL+"/") || m.Source != r.Source.Name {
				t.Errorf("%s: url %q source %q, want %q %q", en.File, m.URL, m.Source, en.URL, r.Source.Name)
			}
			fetched, err := time.Parse(time.RFC3339, m.Fetched)
			if err != nil || fetched.Before(before) || fetched.After(time.Now().Add(time.Second)) {
				t.Errorf("%s: fetched %q", en.File, m.Fetched)
			}
			if p, err := time.Parse(time.RFC3339, m.Published); err != nil || p.Before(day) || p.After(day.Add(2*time.Hour)) {
				t.Errorf("%s: published %q", en.File, m.Published)
			}
		}
	}
	ruFile := rs[3].Entries[0].File
	a := files[filepath.Base(ruFile)]
	if a.Title != "Казахстан и ЕС обсудили критическое сырьё" || a.Lang != "ru" || a.Outlet != "Kazinform" {
		t.Errorf("the windows-1251 entry: title %q lang %q outlet %q", a.Title, a.Lang, a.Outlet)
	}
	if s.Hits("/ru/1.html") != 0 {
		t.Error("fetch: entry fetched the page")
	}
	for _, p := range []string{"/rss/a.html", "/atom/b.html", "/json/a.html"} {
		if s.Hits(p) != 1 {
			t.Errorf("%s fetched %d times", p, s.Hits(p))
		}
	}
}

// TestFetchHTMLAndPDFPages: an entry whose page is a PDF goes through the
// PDF path of the importer.
func TestFetchHTMLAndPDFPages(t *testing.T) {
	e := newEnv(t)
	s := e.site
	s.Page("/docs/roadmap.pdf", "application/pdf", feedtest.PDF("Roadmap 2025-2026 progress report", []string{
		"The European Union and the Republic of Kazakhstan reviewed the roadmap",
		"for critical raw materials, batteries and renewable hydrogen on Monday.",
		"Geological exploration, research and innovation, and skills were on the",
		"agenda, with joint investment projects under the Critical Raw Materials Act.",
	}))
	html := s.Article("/news/1.html", "EU and Kazakhstan sign tungsten deal", feedtest.Text("tungsten", 1), day)
	url := s.Feed("/rss.xml", feedtest.RSS, "Delegation", html,
		feedtest.Item{Title: "Roadmap progress report (PDF)", Link: "/docs/roadmap.pdf", Published: day})
	r := only(t, e.run(t, feeds.Source{Name: "EU Delegation", URL: url}))
	if r.New != 2 {
		t.Fatalf("%s %+v", r.Summary(), r.Entries)
	}
	var pdf string
	for _, en := range r.Entries {
		if strings.HasSuffix(en.URL, ".pdf") {
			pdf = en.File
		}
	}
	a := e.files(t)[filepath.Base(pdf)]
	if a.Title != "Roadmap 2025-2026 progress report" || a.Words < 40 || a.URL != s.At("/docs/roadmap.pdf") {
		t.Errorf("the PDF entry: %+v", a)
	}
}

// TestFetchConditionalGET: a feed that did not change answers 304 and
// nothing is fetched; a new entry is the only page fetched next time.
func TestFetchConditionalGET(t *testing.T) {
	e := newEnv(t)
	s := e.site
	url := s.Feed("/rss.xml", feedtest.RSS, "News", articles(s, "n", "lithium", 3)...)
	src := feeds.Source{Name: "Astana Times", URL: url}
	if r := only(t, e.run(t, src)); r.New != 3 {
		t.Fatalf("first fetch: %s", r.Summary())
	}
	r := only(t, e.run(t, src))
	if r.Status != feeds.NotModified || r.New != 0 || s.Hits("/rss.xml") != 2 || s.Hits("/n/a.html") != 1 {
		t.Fatalf("second fetch: %s (feed %d, page %d requests)", r.Summary(), s.Hits("/rss.xml"), s.Hits("/n/a.html"))
	}
	s.Add("/rss.xml", s.Article("/n/new.html", "EU and Kazakhstan open a battery plant", feedtest.Text("batteries", 9), day.Add(24*time.Hour)))
	r = only(t, e.run(t, src))
	if r.Status != feeds.Read || r.New != 1 || r.Unchanged != 3 || s.Hits("/n/a.html") != 1 || s.Hits("/n/new.html") != 1 {
		t.Fatalf("after a new entry: %s", r.Summary())
	}
	if got := r.Summary(); got != "Astana Times: 1 new, 3 unchanged" {
		t.Errorf("summary %q", got)
	}
	if n := len(e.files(t)); n != 4 {
		t.Errorf("%d files, want 4", n)
	}
}

// TestFetchFailures: a 500, a slow server, a redirect loop and a gzip bomb
// each fail their source with a short reason, quickly and in bounded memory.
func TestFetchFailures(t *testing.T) {
	e := newEnv(t)
	s := e.site
	e.opt.Client = testClient(feeds.ClientOptions{Delay: -1, Timeout: 300 * time.Millisecond})
	tests := []struct{ path, want string }{
		{feedtest.PathError, "HTTP 500 Internal Server Error"},
		{feedtest.PathSlow, "timeout after 300ms"},
		{feedtest.PathLoop, "more than 5 redirects"},
		{feedtest.PathBomb, "over the 16 MiB dossier reads (uncompressed)"},
		{feedtest.PathNotFound, "HTTP 404 Not Found"},
	}
	var srcs []feeds.Source
	for _, tt := range tests {
		srcs = append(srcs, feeds.Source{Name: tt.path, URL: s.At(tt.path)})
	}
	start := time.Now()
	rs := e.run(t, srcs...)
	for i, tt := range tests {
		if rs[i].Status != feeds.Failed || !strings.Contains(rs[i].Err, tt.want) {
			t.Errorf("%s: %s, want the reason %q", tt.path, rs[i].Summary(), tt.want)
		}
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("the failures took %v", took)
	}
	if n := s.Hits(feedtest.PathLoop); n != feeds.MaxRedirects+1 {
		t.Errorf("the redirect loop was followed %d times, want %d requests", n, feeds.MaxRedirects+1)
	}
	st, _ := e.log.FeedState(context.Background(), feedtest.PathError)
	if st.FailStreak != 1 || st.LastError != "HTTP 500 Internal Server Error" {
		t.Errorf("the failure is not recorded: %+v", st)
	}
}

// TestFetchEntryFailures: a page that times out is tried again next time;
// one that is missing (404) or holds no article is refused once and not
// fetched again. The source itself was read.
func TestFetchEntryFailures(t *testing.T) {
	e := newEnv(t)
	s := e.site
	e.opt.Client = testClient(feeds.ClientOptions{Delay: -1, Timeout: 300 * time.Millisecond})
	s.Page("/menu.html", "text/html", []byte("<html><body><nav><a href=/>Home</a></nav><p>Subscribe.</p></body></html>"))
	good := s.Article("/ok.html", "EU and Kazakhstan agree on rare earths", feedtest.Text("rare earths", 1), day)
	url := s.Feed("/rss.xml", feedtest.RSS, "News", good,
		feedtest.Item{Title: "Slow", Link: feedtest.PathSlow, Published: day},
		feedtest.Item{Title: "Gone", Link: feedtest.PathNotFound, Published: day},
		feedtest.Item{Title: "Menu", Link: "/menu.html", Published: day})
	src := feeds.Source{Name: "Trend", URL: url}
	r := only(t, e.run(t, src))
	if r.Status != feeds.Read || r.New != 1 || r.Failed != 3 {
		t.Fatalf("%s %+v", r.Summary(), r.Entries)
	}
	if !strings.Contains(r.Summary(), "3 failed (") || !strings.Contains(r.Summary(), "timeout") || !strings.Contains(r.Summary(), "HTTP 404") {
		t.Errorf("summary %q", r.Summary())
	}
	r = only(t, e.run(t, src))
	if r.Status != feeds.Read || r.New != 0 || r.Failed != 1 || r.Unchanged != 3 {
		t.Fatalf("second fetch: %s %+v", r.Summary(), r.Entries)
	}
	if s.Hits(feedtest.PathNotFound) != 1 || s.Hits("/menu.html") != 1 || s.Hits(feedtest.PathSlow) != 2 {
		t.Errorf("requests: 404 %d, menu %d, slow %d", s.Hits(feedtest.PathNotFound), s.Hits("/menu.html"), s.Hits(feedtest.PathSlow))
	}
}

// TestFetchDuplicatesAndMatch: an article listed twice is written once; an
// article whose text or URL is already in the corpus is not written again
// (and one known by URL is not even fetched); an entry that does not match
// the source's query is left out, and not fetched again until the query
// changes.
func TestFetchDuplicatesAndMatch(t *testing.T) {
	e := newEnv(t)
	s := e.site
	lith := s.Article("/a/lithium.html", "Lithium mine opens in Kazakhstan with EU support", feedtest.Text("lithium mining", 1), day)
	foot := s.Article("/a/football.html", "Astana wins the derby", "Astana won the derby on Sunday in front of a full stadium, and the coach praised the players after the match.\n\nThe league table is unchanged at the top, with two games left to play this season before the winter break begins.", day)
	known := s.Article("/a/known.html", "Known article", feedtest.Text("copper", 3), day)
	url := s.Feed("/rss.xml", feedtest.RSS, "General news", lith, foot, lith, known)
	// Another site serves the same text as lithium.html under another URL.
	copyItem := s.Article("/mirror/lithium.html", "Lithium mine opens in Kazakhstan with EU support", feedtest.Text("lithium mining", 1), day)
	mirror := s.Feed("/mirror.xml", feedtest.RSS, "Mirror", copyItem)
	e.opt.Known = func(key string) bool { return key == feeds.URLKey(s.At("/a/known.html")) }
	src := feeds.Source{Name: "General", URL: url, Match: "kazakhstan OR kasachstan"}
	r := only(t, e.run(t, src))
	if r.New != 1 || r.NotMatched != 1 || r.Unchanged != 1 || len(r.Entries) != 3 {
		t.Fatalf("%s %+v", r.Summary(), r.Entries)
	}
	if s.Hits("/a/lithium.html") != 1 || s.Hits("/a/known.html") != 0 {
		t.Errorf("requests: lithium %d, known %d", s.Hits("/a/lithium.html"), s.Hits("/a/known.html"))
	}
	r = only(t, e.run(t, feeds.Source{Name: "Mirror", URL: mirror}))
	if r.New != 0 || r.Unchanged != 1 || !strings.Contains(r.Entries[0].Reason, "same text") {
		t.Errorf("the same text under another URL: %s %+v", r.Summary(), r.Entries)
	}
	if n := len(e.files(t)); n != 1 {
		t.Errorf("%d files, want 1", n)
	}
	// The feed changes (its ETag with it); the football entry is not fetched again.
	s.Add("/rss.xml")
	if r := only(t, e.run(t, src)); r.New != 0 || s.Hits("/a/football.html") != 1 {
		t.Errorf("again: %s; football fetched %d times", r.Summary(), s.Hits("/a/football.html"))
	}
	// A new query decides again.
	s.Add("/rss.xml")
	src.Match = "derby"
	if r := only(t, e.run(t, src)); r.New != 1 || s.Hits("/a/football.html") != 2 {
		t.Errorf("with a new query: %s; football fetched %d times", r.Summary(), s.Hits("/a/football.html"))
	}
}

// TestFetchDryRunWritesNothing: a dry run reads everything and says what
// it would add, writing and recording nothing.
func TestFetchDryRunWritesNothing(t *testing.T) {
	e := newEnv(t)
	s := e.site
	url := s.Feed("/rss.xml", feedtest.RSS, "News", articles(s, "n", "lithium", 2)...)
	e.opt.DryRun = true
	r := only(t, e.run(t, feeds.Source{Name: "News", URL: url}))
	if r.New != 2 || r.Entries[0].Status != feeds.EntryWouldAdd || !strings.HasPrefix(r.Summary(), "News: 2 to add") {
		t.Fatalf("%s %+v", r.Summary(), r.Entries)
	}
	if n := len(e.files(t)); n != 0 {
		t.Errorf("a dry run wrote %d files", n)
	}
	if st, _ := e.log.FeedState(context.Background(), "News"); st.Fetches != 0 || st.ETag != "" {
		t.Errorf("a dry run recorded %+v", st)
	}
	e.opt.DryRun = false
	if r := only(t, e.run(t, feeds.Source{Name: "News", URL: url})); r.New != 2 {
		t.Errorf("after the dry run: %s", r.Summary())
	}
}
