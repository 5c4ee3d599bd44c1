package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"dossier/index"
	"dossier/index/library"
	"dossier/model/feeds"
	"dossier/model/review"
	"dossier/ui"
)

// ServeFetch is what `dossier serve --fetch-every` fetches, and how often.
type ServeFetch struct {
	Every  time.Duration  // 0: the server does not fetch
	Delay  time.Duration  // between two requests to one host
	Feeds  []feeds.Source // the config file's sources
	Client *feeds.Client  // nil: a client with Delay (tests allow loopback only)
}

// check refuses --fetch-every where there is nothing to fetch or nowhere
// to write.
func (f ServeFetch) check(src Sources) error {
	switch {
	case f.Every <= 0:
		return nil
	case len(f.Feeds) == 0:
		return UsageError{errors.New("--fetch-every: no sources to fetch: list them under sources: in the config file")}
	case len(src.CorpusDirs) == 0:
		return UsageError{errors.New("--fetch-every writes into the first corpus folder: give --corpus DIR, or corpus: in the config file")}
	case src.NoWatch:
		return UsageError{errors.New("--fetch-every with --no-watch: the sessions would not see what is fetched; follow the folders (drop --no-watch)")}
	}
	return nil
}

// startFetching fetches the sources every o.Fetch.Every inside the server,
// taking turns with other servers on the same store; articles reach the
// sessions through the followed corpus folder. stop ends it and waits for
// a round in progress.
func startFetching(ctx context.Context, o ServeOptions, sh ui.Shared, log *slog.Logger) (stop func(), err error) {
	f := o.Fetch
	if f.Every <= 0 {
		return func() {}, nil
	}
	fl, ok := review.FeedLogOf(sh.Store)
	if !ok {
		return nil, fmt.Errorf("--fetch-every: the review store %s keeps no feed log", sh.Store.Where())
	}
	if ro, why := sh.Store.ReadOnly(); ro {
		return nil, fmt.Errorf("--fetch-every: the review store is read-only (%s): fetching records there what it fetched", why)
	}
	syn, err := LoadSynonyms(o.Sources)
	if err != nil {
		return nil, err
	}
	c := f.Client
	if c == nil {
		delay := f.Delay
		if delay == 0 {
			delay = -1
		}
		c = feeds.NewClient(feeds.ClientOptions{Delay: delay})
	}
	opts := feeds.Options{Dir: o.CorpusDirs[0], Client: c, Log: fl, Match: index.Matcher{Synonyms: syn}, Known: snapshotURLs(sh.Feed)}
	fctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	log.Info("fetching the sources", "every", f.Every.String(), "sources", len(f.Feeds), "into", o.CorpusDirs[0])
	go func() {
		defer close(done)
		feeds.Follow(fctx, f.Feeds, f.Every, opts, func(rd feeds.Round) {
			switch {
			case rd.Err != nil:
				log.Warn("fetch round failed", "err", rd.Err.Error())
			case rd.Skipped != "":
				log.Debug("fetch round skipped", "why", rd.Skipped)
			}
			for _, r := range rd.Results {
				switch {
				case r.Status == feeds.Failed:
					log.Warn("fetched", "source", r.Source.Name, "summary", r.Summary())
				case r.New > 0 || r.Failed > 0:
					log.Info("fetched", "source", r.Source.Name, "summary", r.Summary())
				default:
					log.Debug("fetched", "source", r.Source.Name, "summary", r.Summary())
				}
			}
		})
	}()
	return func() { cancel(); <-done }, nil
}

// snapshotURLs knows the URLs of the articles of the corpus as it stands,
// worked out once per snapshot.
func snapshotURLs(feed *library.Feed) func(string) bool {
	var mu sync.Mutex
	var snap *library.Snapshot
	var set map[string]bool
	return func(key string) bool {
		s := feed.State().Snap
		if s == nil {
			return false
		}
		mu.Lock()
		defer mu.Unlock()
		if s != snap {
			snap, set = s, urlSet(s.Corpus)
		}
		return set[key]
	}
}
