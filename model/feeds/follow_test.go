package feeds_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"dossier/index"
	"dossier/model/feeds"
	"dossier/model/feeds/feedtest"
	"dossier/model/review"
	"dossier/model/review/pgtest"
)

// TestFollowFetchesEachSourceOncePerRound: two servers sharing one store
// (two opens of it: on PostgreSQL two connections, as two hosts have) run
// their rounds at the same moment; the fetch lock and the due time make
// each source fetched once, counted on the site.
func TestFollowFetchesEachSourceOncePerRound(t *testing.T) {
	stores := map[string]func(t *testing.T) (review.Store, review.Store){
		"sqlite": func(t *testing.T) (review.Store, review.Store) {
			dir := t.TempDir()
			return open(t, review.Options{DataDir: dir}), open(t, review.Options{DataDir: dir})
		},
		"postgres": func(t *testing.T) (review.Store, review.Store) {
			url := pgtest.NewDatabase(t)
			return open(t, review.Options{URL: url}), open(t, review.Options{URL: url})
		},
	}
	for name, two := range stores {
		t.Run(name, func(t *testing.T) {
			a, b := two(t)
			site := feedtest.New(t)
			paths := []string{"/one.xml", "/two.xml", "/three.xml"}
			var srcs []feeds.Source
			for i, p := range paths {
				srcs = append(srcs, feeds.Source{Name: p, URL: site.Feed(p, feedtest.RSS, p, articles(site, p[1:4], "nickel "+p[1:4], i+1)...)})
			}
			dir := t.TempDir()
			server := func(st review.Store) feeds.Options {
				fl, _ := review.FeedLogOf(st)
				return feeds.Options{Dir: dir, Log: fl, Match: index.Matcher{},
					Client: testClient(feeds.ClientOptions{Delay: 20 * time.Millisecond, Timeout: 5 * time.Second})}
			}
			const every = time.Hour
			round := func() []feeds.Round {
				var wg sync.WaitGroup
				out := make([]feeds.Round, 2)
				start := make(chan struct{})
				for i, st := range []review.Store{a, b} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						out[i] = feeds.FollowOnce(context.Background(), srcs, every, server(st))
					}()
				}
				close(start)
				wg.Wait()
				return out
			}
			rds := round()
			fetched := 0
			for _, rd := range rds {
				if rd.Err != nil {
					t.Fatal(rd.Err)
				}
				fetched += len(rd.Results)
			}
			for _, p := range paths {
				if n := site.Hits(p); n != 1 {
					t.Errorf("%s was fetched %d times in one round", p, n)
				}
			}
			if fetched != len(paths) {
				t.Errorf("%d sources fetched by the two servers, want %d (%+v)", fetched, len(paths), rds)
			}
			// At once again: another server may hold the lock now, but nothing is due.
			for _, rd := range round() {
				if rd.Err != nil || len(rd.Results) != 0 {
					t.Errorf("a second round right away fetched %d sources (%s, %v)", len(rd.Results), rd.Skipped, rd.Err)
				}
			}
			for _, p := range paths {
				if n := site.Hits(p); n != 1 {
					t.Errorf("%s was fetched %d times in all", p, n)
				}
			}
			if n := len(corpusFiles(t, dir)); n != 6 {
				t.Errorf("%d articles, want 6", n)
			}
		})
	}
}

func open(t *testing.T, o review.Options) review.Store {
	t.Helper()
	st, err := review.OpenStore(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
