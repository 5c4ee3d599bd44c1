package feeds_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier/model/feeds"
	"dossier/model/feeds/feedtest"
)

// TestPoliteness: one request at a time per host, with the delay between
// them, a User-Agent naming dossier, validators sent back.
func TestPoliteness(t *testing.T) {
	const delay = 60 * time.Millisecond
	var mu sync.Mutex
	inFlight, most := 0, 0
	var starts, ends []time.Time
	var agents []string
	page := func(i int) string {
		return string(feedtest.ArticleHTML(fmt.Sprintf("Article %d on critical raw materials", i), feedtest.Text("cobalt", i), day))
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		starts = append(starts, time.Now())
		agents = append(agents, r.UserAgent())
		mu.Unlock()
		time.Sleep(15 * time.Millisecond)
		switch {
		case strings.HasSuffix(r.URL.Path, ".xml"):
			w.Header().Set("ETag", `"one"`)
			if r.Header.Get("If-None-Match") == `"one"` {
				w.WriteHeader(http.StatusNotModified)
				break
			}
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>`)
			for i := range 3 {
				fmt.Fprintf(w, "<item><title>A%d</title><link>%s%s/%d.html</link></item>", i, srv.URL, r.URL.Path, i)
			}
			fmt.Fprint(w, "</channel></rss>")
		default:
			var i int
			fmt.Sscanf(r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:], "%d", &i)
			fmt.Fprint(w, page(i+100*int(r.URL.Path[1])))
		}
		mu.Lock()
		inFlight--
		ends = append(ends, time.Now())
		mu.Unlock()
	}))
	defer srv.Close()
	e := newEnv(t)
	e.opt.Client = testClient(feeds.ClientOptions{Delay: delay, Timeout: 5 * time.Second})
	srcs := []feeds.Source{{Name: "one", URL: srv.URL + "/one.xml"}, {Name: "two", URL: srv.URL + "/two.xml"}}
	rs := e.run(t, srcs...)
	for _, r := range rs {
		if r.New != 3 {
			t.Fatalf("%s %+v", r.Summary(), r.Entries)
		}
	}
	mu.Lock()
	if len(starts) != 8 {
		t.Fatalf("%d requests, want 8", len(starts))
	}
	if most != 1 {
		t.Errorf("%d requests at once to one host", most)
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(ends[i-1]); gap < delay-5*time.Millisecond {
			t.Errorf("request %d started %v after the previous one ended, want at least %v", i, gap, delay)
		}
	}
	for _, a := range agents {
		if !strings.Contains(a, "dossier") {
			t.Errorf("User-Agent %q does not name dossier", a)
		}
	}
	mu.Unlock()
	if rs := e.run(t, srcs...); rs[0].Status != feeds.NotModified || rs[1].Status != feeds.NotModified {
		t.Errorf("validators were not sent back: %s; %s", rs[0].Summary(), rs[1].Summary())
	}
}

// TestOnlyWebLinksAndLoopbackInTests: entry links and redirects to other
// schemes are refused without a request; the tests' dialer refuses any
// address off this machine.
func TestOnlyWebLinksAndLoopbackInTests(t *testing.T) {
	e := newEnv(t)
	s := e.site
	s.Page("/to-file.html", "text/html", nil)
	redirect := httptest.NewServer(http.RedirectHandler("file:///etc/passwd", http.StatusFound))
	defer redirect.Close()
	url := s.Feed("/rss.xml", feedtest.RSS, "x",
		feedtest.Item{Title: "ftp", Link: "ftp://example.org/file.txt", Published: day},
		feedtest.Item{Title: "redirect to a file", Link: redirect.URL + "/x", Published: day})
	r := only(t, e.run(t, feeds.Source{Name: "x", URL: url}))
	if r.Failed != 2 || r.Entries[0].Reason != "the feed gives no link to its page" || !strings.Contains(r.Entries[1].Reason, "only http and https") {
		t.Errorf("%s %+v", r.Summary(), r.Entries)
	}
	if err := feeds.LoopbackOnly(net.ParseIP("192.0.2.1"), 80); err == nil {
		t.Error("the tests' dialer allows 192.0.2.1")
	}
	if err := feeds.LoopbackOnly(net.ParseIP("127.0.0.1"), 80); err != nil {
		t.Error(err)
	}
	c := testClient(feeds.ClientOptions{Delay: -1})
	if _, err := c.Feed(context.Background(), "gopher://127.0.0.1/", feeds.Validators{}); err == nil || !strings.Contains(err.Error(), "only http and https") {
		t.Errorf("gopher: %v", err)
	}
}

// TestInterruptedFetchGoesOn: a fetch stopped half-way (its context ends)
// leaves whole articles only, and the next fetch takes the rest.
func TestInterruptedFetchGoesOn(t *testing.T) {
	e := newEnv(t)
	s := e.site
	items := articles(s, "n", "manganese", 5)
	url := s.Feed("/rss.xml", feedtest.RSS, "News", items...)
	release := s.Hold("/n/d.html")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan feeds.SourceResult)
	go func() { done <- feeds.Run(ctx, []feeds.Source{{Name: "News", URL: url}}, e.opt)[0] }()
	s.WaitFor(t, "/n/d.html", 10*time.Second)
	cancel()
	r := <-done
	if r.Status != feeds.Stopped || r.New != 3 {
		t.Fatalf("stopped: %s", r.Summary())
	}
	if n := len(e.files(t)); n != 3 {
		t.Fatalf("%d files after the stop, want 3", n)
	}
	if ents, _ := os.ReadDir(e.dir); len(ents) != 3 {
		t.Errorf("the corpus folder holds %d entries", len(ents))
	}
	release()
	r = only(t, e.run(t, feeds.Source{Name: "News", URL: url}))
	if r.New != 2 || r.Unchanged != 3 || s.Hits("/n/a.html") != 1 {
		t.Fatalf("the next fetch: %s (a.html fetched %d times)", r.Summary(), s.Hits("/n/a.html"))
	}
	if n := len(e.files(t)); n != 5 {
		t.Errorf("%d files, want 5", n)
	}
}
