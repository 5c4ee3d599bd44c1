package feeds_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"dossier/index"
	"dossier/model/feeds"
	"dossier/model/feeds/feedtest"
	"dossier/model/review"
)

// BenchmarkFetch measures entries per second, from the feed to the file,
// against the local site: fetch: entry (the feed's own text) and fetch:
// page (each entry's page fetched and extracted), with and without a
// match query, no delay between requests, the feed log in SQLite. Each
// iteration fetches a feed of 50 entries into an empty corpus folder and
// a new store.
func BenchmarkFetch(b *testing.B) {
	const n = 50
	for _, c := range []struct {
		name  string
		mode  feeds.Mode
		match string
	}{
		{"entry", feeds.ModeEntry, ""},
		{"entry-match", feeds.ModeEntry, "kazakhstan"},
		{"page", feeds.ModePage, ""},
		{"page-match", feeds.ModePage, "kazakhstan"},
	} {
		b.Run(c.name, func(b *testing.B) {
			site := feedtest.New(b)
			var items []feedtest.Item
			for i := range n {
				text := feedtest.Text(fmt.Sprintf("topic %d", i), i)
				it := site.Article(fmt.Sprintf("/a/%d.html", i), fmt.Sprintf("EU and Kazakhstan, meeting %d", i), text, day)
				it.Content = string(feedtest.ArticleHTML(it.Title, text, day)) // the whole text in the feed too
				items = append(items, it)
			}
			url := site.Feed("/rss.xml", feedtest.RSS, "Bench", items...)
			opt := feeds.Options{Client: feeds.NewClient(feeds.ClientOptions{Delay: -1, Dial: feeds.LoopbackOnly}), Match: index.Matcher{}}
			src := feeds.Source{Name: "Bench", URL: url, Fetch: c.mode, Match: c.match}
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				b.StopTimer()
				opt.Dir = b.TempDir()
				st, err := review.OpenSQLite(b.TempDir())
				if err != nil {
					b.Fatal(err)
				}
				opt.Log, _ = review.FeedLogOf(st)
				b.StartTimer()
				r := feeds.Run(context.Background(), []feeds.Source{src}, opt)[0]
				if r.New != n {
					b.Fatalf("%s", r.Summary())
				}
				b.StopTimer()
				st.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "entries/s")
		})
	}
}
