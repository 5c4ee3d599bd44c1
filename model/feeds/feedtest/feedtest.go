// Package feedtest is a local news site for tests: an httptest server on
// 127.0.0.1 serving feeds (RSS 2.0, Atom, JSON Feed, RSS in windows-1251)
// and article pages (HTML, PDF) written here, plus the hostile answers a
// fetcher must survive: 304, 500, a slow server, a redirect loop and a
// gzip bomb of 2 GB made on the fly. It counts every request. It is test
// support; no production code imports it.
package feedtest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Format is the kind of a feed.
type Format int

// The feed formats served.
const (
	RSS     Format = iota // RSS 2.0, UTF-8
	Atom                  // Atom 1.0
	JSON                  // JSON Feed 1.1
	RSS1251               // RSS 2.0 encoded in windows-1251 (declared in the XML prolog)
)

// Item is one entry of a feed.
type Item struct {
	Title     string
	Link      string // absolute, or a path on this server ("/articles/x.html")
	Published time.Time
	Content   string // HTML the feed carries for it
}

// Page is a document the server serves.
type Page struct {
	ContentType string
	Body        []byte
}

// Server is the local site.
type Server struct {
	*httptest.Server
	mu    sync.Mutex
	feeds map[string]*feed
	pages map[string]Page
	holds map[string]chan struct{}
	hits  map[string]int
	times map[string][]time.Time // when each path was requested
	heard chan string            // every path requested, for tests that wait on a request
}

type feed struct {
	format Format
	title  string
	items  []Item
	etag   string
}

// New starts a server on 127.0.0.1 and closes it when t ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{feeds: map[string]*feed{}, pages: map[string]Page{}, holds: map[string]chan struct{}{},
		hits: map[string]int{}, times: map[string][]time.Time{}, heard: make(chan string, 1024)}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.Server.Config.ErrorLog = nil
	s.Start()
	t.Cleanup(func() {
		s.mu.Lock()
		for p, ch := range s.holds {
			close(ch)
			delete(s.holds, p)
		}
		s.mu.Unlock()
		s.Close()
	})
	return s
}

// At is the absolute URL of a path on the server.
func (s *Server) At(path string) string { return s.URL + path }

// Feed serves a feed at path; items may be added later with Add.
func (s *Server) Feed(path string, f Format, title string, items ...Item) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	fd := &feed{format: f, title: title, items: items}
	fd.retag()
	s.feeds[path] = fd
	return s.At(path)
}

// Add puts new items at the top of the feed at path (its ETag changes).
func (s *Server) Add(path string, items ...Item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fd := s.feeds[path]
	fd.items = append(append([]Item{}, items...), fd.items...)
	fd.retag()
}

func (f *feed) retag() { f.etag = fmt.Sprintf(`"v%d-%d"`, len(f.items), time.Now().UnixNano()) }

// Page serves a document at path.
func (s *Server) Page(path, contentType string, body []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = Page{ContentType: contentType, Body: body}
	return s.At(path)
}

// Article serves an HTML article page at path and returns an Item linking to it.
func (s *Server) Article(path, title, text string, published time.Time) Item {
	s.Page(path, "text/html; charset=utf-8", ArticleHTML(title, text, published))
	return Item{Title: title, Link: path, Published: published, Content: "<p>" + html.EscapeString(firstSentence(text)) + "</p>"}
}

// Hold makes requests for path wait until the returned release is called
// (or the client gives up).
func (s *Server) Hold(path string) (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan struct{})
	s.holds[path] = ch
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			if s.holds[path] == ch {
				delete(s.holds, path)
			}
			s.mu.Unlock()
			close(ch)
		})
	}
}

// Hits is how many requests path received.
func (s *Server) Hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// Times is when path was requested, in order.
func (s *Server) Times(path string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.times[path]...)
}

// Total is how many requests the server received.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, h := range s.hits {
		n += h
	}
	return n
}

// WaitFor waits until path is requested (counting requests made since the
// last WaitFor that saw them), or fails t after d.
func (s *Server) WaitFor(t testing.TB, path string, d time.Duration) {
	t.Helper()
	deadline := time.After(d)
	for {
		select {
		case p := <-s.heard:
			if p == path {
				return
			}
		case <-deadline:
			t.Fatalf("no request for %s within %v", path, d)
		}
	}
}

// The hostile paths every server has.
const (
	PathError    = "/error.xml"    // 500 Internal Server Error
	PathSlow     = "/slow.xml"     // answers after 30 s, or when the client gives up
	PathLoop     = "/loop"         // redirects to itself, forever
	PathBomb     = "/bomb.xml"     // 2 GB of spaces, gzip-compressed (about 2 MB on the wire)
	PathNotFound = "/missing.html" // 404
)

// BombSize is what the gzip bomb inflates to.
const BombSize = 2 << 30

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	s.mu.Lock()
	s.hits[path]++
	s.times[path] = append(s.times[path], time.Now())
	fd, page, hold := s.feeds[path], s.pages[path], s.holds[path]
	_, isPage := s.pages[path]
	var body []byte
	var etag string
	if fd != nil {
		body, etag = fd.render(s.URL), fd.etag
	}
	s.mu.Unlock()
	select {
	case s.heard <- path:
	default:
	}
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
	}
	switch {
	case fd != nil:
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", fd.contentType())
		w.Write(body)
	case isPage:
		w.Header().Set("Content-Type", page.ContentType)
		w.Write(page.Body)
	case path == PathError:
		http.Error(w, "the database is down", http.StatusInternalServerError)
	case path == PathSlow:
		select {
		case <-time.After(30 * time.Second):
		case <-r.Context().Done():
		}
	case path == PathLoop:
		http.Redirect(w, r, PathLoop+"?again", http.StatusFound)
	case path == PathBomb:
		serveBomb(r.Context(), w)
	default:
		http.NotFound(w, r)
	}
}

// serveBomb sends BombSize bytes of spaces compressed with gzip: one
// member of 1 MiB compressed once and sent again and again (gzip readers
// read concatenated members as one stream), so it costs the server nothing.
func serveBomb(ctx context.Context, w http.ResponseWriter) {
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zw.Write(bytes.Repeat([]byte(" "), 1<<20))
	zw.Close()
	w.Header().Set("Content-Type", "application/rss+xml")
	w.Header().Set("Content-Encoding", "gzip")
	w.Write([]byte{}) // headers now
	for i := 0; i < BombSize>>20 && ctx.Err() == nil; i++ {
		if _, err := w.Write(member.Bytes()); err != nil {
			return
		}
	}
}

// ArticleHTML is a news page: navigation, the article with its meta tags,
// a footer.
func ArticleHTML(title, text string, published time.Time) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s | Test Times</title>
<meta property="og:title" content="%s"><meta property="og:site_name" content="Test Times">
<meta property="article:published_time" content="%s"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
<article><h1>%s</h1>
`, html.EscapeString(title), html.EscapeString(title), published.Format(time.RFC3339), html.EscapeString(title))
	for _, p := range strings.Split(text, "\n\n") {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString("</article><footer>© Test Times. All rights reserved. Contact us. Privacy policy.</footer></body></html>\n")
	return []byte(b.String())
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}

// Text is an article text of some paragraphs about topic, different for
// each n, long enough to be taken for an article.
func Text(topic string, n int) string {
	return fmt.Sprintf(`The European Union and Kazakhstan discussed %[1]s at meeting number %[2]d in Astana on Tuesday, officials said after the talks ended.

Delegations from both sides reviewed the roadmap of the strategic partnership and agreed that work on %[1]s should continue through the coming year, with experts meeting again in the spring.

Observers noted that the partnership signed in November 2022 covers raw materials, batteries and renewable hydrogen, and that talks like meeting %[2]d keep it moving.`, topic, n)
}
