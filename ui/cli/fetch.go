package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"dossier/index"
	"dossier/model"
	"dossier/model/feeds"
	"dossier/model/review"
)

// FetchOptions are the flags of `dossier fetch`, and the sources of the
// config file.
type FetchOptions struct {
	Sources
	DataOptions
	Feeds    []feeds.Source // the config file's sources
	Only     string         // --source NAME: this source alone
	DryRun   bool           // read everything, write and record nothing
	JSON     bool           // one JSON array instead of text
	Delay    time.Duration  // between two requests to one host
	Progress *os.File       // draw progress bars here (a terminal); nil for none
	// Client, when set, replaces the HTTP client (tests allow loopback only).
	Client *feeds.Client
}

// Fetch reads every source's feed and writes the new articles into the
// first corpus folder, then prints one line per source (or JSON). It
// returns an error when a source's feed could not be read, naming how many;
// the lines say why.
func Fetch(ctx context.Context, o FetchOptions, out, errOut io.Writer) error {
	srcs, err := chooseSources(o.Feeds, o.Only)
	if err != nil {
		return err
	}
	if len(o.CorpusDirs) == 0 {
		return UsageError{errors.New("fetch writes into the first corpus folder: give --corpus DIR, or corpus: in the config file")}
	}
	dir := o.CorpusDirs[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return UsageError{fmt.Errorf("--corpus %s: no such folder", model.Escape(dir))}
	}
	st, err := OpenStore(o.DataOptions)
	if err != nil {
		return err
	}
	defer st.Close()
	fl, ok := review.FeedLogOf(st)
	if !ok {
		return fmt.Errorf("the review store %s keeps no feed log", st.Where())
	}
	if ro, why := st.ReadOnly(); ro && !o.DryRun {
		return fmt.Errorf("the review store is read-only (%s): fetch records there what it fetched, so that nothing is fetched twice", why)
	}
	opts, err := fetchOptions(dir, o, fl)
	if err != nil {
		return err
	}
	opts.Known = corpusURLs(o.Sources)
	if !o.DryRun {
		release, err := feeds.Lock(ctx, opts, func() {
			fmt.Fprintln(errOut, "dossier: another dossier is fetching; waiting for it to finish…")
		})
		if err != nil {
			return fmt.Errorf("fetch: %w", err)
		}
		defer release()
	}
	var bars *progressBars
	if o.Progress != nil && !o.JSON {
		bars = newProgressBars(o.Progress, srcs)
		opts.Progress = bars.update
	}
	results := feeds.Run(ctx, srcs, opts)
	if bars != nil {
		bars.clear()
	}
	if o.JSON {
		if err := writeJSON(out, fetchJSON(results), true); err != nil {
			return err
		}
	} else {
		printFetch(out, errOut, results)
	}
	failed, stopped := 0, 0
	for _, r := range results {
		switch r.Status {
		case feeds.Failed:
			failed++
		case feeds.Stopped:
			stopped++
		}
	}
	switch {
	case ctx.Err() != nil || stopped > 0:
		return fmt.Errorf("fetch stopped: %d of %d sources not finished; the next fetch goes on from there", stopped, len(results))
	case failed > 0:
		return fmt.Errorf("%d of %d sources could not be read", failed, len(results))
	}
	return nil
}

// chooseSources is the sources to fetch: all, or the one named.
func chooseSources(all []feeds.Source, only string) ([]feeds.Source, error) {
	if len(all) == 0 {
		return nil, UsageError{errors.New("no sources to fetch: list them under sources: in the config file (dossier config --path says where)")}
	}
	if only == "" {
		return all, nil
	}
	var names []string
	for _, s := range all {
		if strings.EqualFold(s.Name, only) {
			return []feeds.Source{s}, nil
		}
		names = append(names, model.Escape(s.Name))
	}
	return nil, UsageError{fmt.Errorf("--source %s: no such source (the config file has: %s)", model.Escape(only), strings.Join(names, ", "))}
}

// fetchOptions are the feeds options of the command line's settings.
func fetchOptions(dir string, o FetchOptions, fl review.FeedLog) (feeds.Options, error) {
	syn, err := LoadSynonyms(o.Sources)
	if err != nil {
		return feeds.Options{}, err
	}
	c := o.Client
	if c == nil {
		delay := o.Delay
		if delay == 0 {
			delay = -1 // --delay 0: none
		}
		c = feeds.NewClient(feeds.ClientOptions{Delay: delay})
	}
	return feeds.Options{Dir: dir, Client: c, Log: fl, Match: index.Matcher{Synonyms: syn}, DryRun: o.DryRun}, nil
}

// corpusURLs knows the URLs of the corpus's articles (read once, from the
// kept index: a warm start reads no article). A corpus that cannot be read
// knows none: the feed log and the text check still keep duplicates out.
func corpusURLs(src Sources) func(key string) bool {
	var known map[string]bool
	return func(key string) bool {
		if known == nil {
			known = map[string]bool{}
			if c, err := LoadCorpus(src, io.Discard); err == nil {
				known = urlSet(c)
			}
		}
		return known[key]
	}
}

// urlSet is the URL keys of a corpus's articles.
func urlSet(c *model.Corpus) map[string]bool {
	set := make(map[string]bool)
	for _, a := range c.Articles {
		if k := feeds.URLKey(a.URL); k != "" {
			set[k] = true
		}
	}
	return set
}

// printFetch prints one line per source on out, and each entry that
// failed or was refused on errOut.
func printFetch(out, errOut io.Writer, results []feeds.SourceResult) {
	for _, r := range results {
		for _, e := range r.Entries {
			if e.Status == feeds.EntryFailed || e.Status == feeds.EntryRefused {
				what := e.URL
				if what == "" {
					what = e.Title
				}
				fmt.Fprintf(errOut, "dossier: %s: %s: %s: %s\n", model.SanitizeLine(r.Source.Name), model.Escape(what), e.Status, model.SanitizeLine(e.Reason))
			}
		}
		for _, w := range r.Warnings {
			fmt.Fprintf(errOut, "dossier: warning: %s: %s\n", model.SanitizeLine(r.Source.Name), model.SanitizeLine(w))
		}
	}
	for _, r := range results {
		fmt.Fprintln(out, model.SanitizeLine(r.Summary()))
	}
}

// fetchSourceJSON is one source in `dossier fetch --json`.
type fetchSourceJSON struct {
	Name       string              `json:"name"`
	URL        string              `json:"url"`
	Status     feeds.Status        `json:"status"`
	Error      string              `json:"error,omitempty"`
	At         time.Time           `json:"at"`
	TookMS     int64               `json:"took_ms"`
	New        int                 `json:"new"`
	Unchanged  int                 `json:"unchanged"`
	NotMatched int                 `json:"not_matching"`
	Failed     int                 `json:"failed"`
	Entries    []feeds.EntryResult `json:"entries"`
	Warnings   []string            `json:"warnings,omitempty"`
}

func fetchJSON(results []feeds.SourceResult) []fetchSourceJSON {
	out := make([]fetchSourceJSON, 0, len(results))
	for _, r := range results {
		e := r.Entries
		if e == nil {
			e = []feeds.EntryResult{}
		}
		out = append(out, fetchSourceJSON{Name: r.Source.Name, URL: r.Source.URL, Status: r.Status, Error: r.Err, At: r.At.UTC(),
			TookMS: r.Took.Milliseconds(), New: r.New, Unchanged: r.Unchanged, NotMatched: r.NotMatched, Failed: r.Failed,
			Entries: e, Warnings: r.Warnings})
	}
	return out
}
