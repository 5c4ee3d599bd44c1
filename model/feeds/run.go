package feeds

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"dossier/model"
	"dossier/model/ingest"
	"dossier/model/review"
)

// Matcher runs a source's match query, in dossier's search syntax, over
// candidate articles.
type Matcher interface {
	// Match reports, for each document, whether it matches query.
	Match(ctx context.Context, query string, docs []model.Document) ([]bool, error)
}

// Options say where and how a fetch works.
type Options struct {
	Dir    string         // the corpus folder new articles are written to (the first one)
	Client *Client        // NewClient(ClientOptions{}) when nil
	Log    review.FeedLog // the store's feed log; nil keeps nothing (every entry not in the corpus is new)
	Match  Matcher        // runs match queries; required when a source has one
	// Known reports whether an article of the corpus has the URL whose
	// URLKey is key (nil: none is known).
	Known    func(key string) bool
	DryRun   bool             // fetch and read everything, write and record nothing
	Progress func(p Progress) // told of each step (called from one goroutine at a time)
	Parallel int              // sources fetched at once; 4 when zero (one host is still served one request at a time)
	Now      func() time.Time // the clock; time.Now when nil
	Timeout  time.Duration    // reading one entry (extraction); ingest.DefaultTimeout when zero
}

// Progress is one step of a fetch.
type Progress struct {
	Index  int    // the source's position in the list
	Source string // its name
	Done   int    // entries handled
	Total  int    // entries in its feed (0 until the feed is read)
	Final  *SourceResult
}

// Run fetches every source once and returns what it did with each, in the
// order given. Sources are fetched side by side (Parallel), but no host
// gets more than one request at a time. When ctx ends the sources still
// running stop where they are (Stopped) and nothing half-done is left: an
// article is in the corpus whole or not at all, and the next fetch goes on.
func Run(ctx context.Context, sources []Source, o Options) []SourceResult {
	r := newRunner(o)
	out := make([]SourceResult, len(sources))
	sem := make(chan struct{}, r.o.Parallel)
	var wg sync.WaitGroup
	for i, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				out[i] = SourceResult{Source: src, Status: Stopped, At: r.o.Now()}
				r.progress(Progress{Index: i, Source: src.Name, Final: &out[i]})
				return
			}
			defer func() { <-sem }()
			out[i] = r.source(ctx, i, src)
			r.progress(Progress{Index: i, Source: src.Name, Done: len(out[i].Entries), Total: len(out[i].Entries), Final: &out[i]})
		}()
	}
	wg.Wait()
	return out
}

// runner is one fetch round.
type runner struct {
	o      Options
	pmu    sync.Mutex // serialises Progress
	imu    sync.Mutex // guards the importer
	im     *ingest.Importer
	imErr  error
	imDone bool
}

func newRunner(o Options) *runner {
	if o.Client == nil {
		o.Client = NewClient(ClientOptions{})
	}
	if o.Parallel <= 0 {
		o.Parallel = 4
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Timeout <= 0 {
		o.Timeout = ingest.DefaultTimeout
	}
	return &runner{o: o}
}

func (r *runner) progress(p Progress) {
	if r.o.Progress == nil {
		return
	}
	r.pmu.Lock()
	defer r.pmu.Unlock()
	r.o.Progress(p)
}

// source fetches one source.
func (r *runner) source(ctx context.Context, i int, src Source) SourceResult {
	res := SourceResult{Source: src, At: r.o.Now()}
	start := time.Now()
	defer func() { res.Took = time.Since(start) }()
	r.progress(Progress{Index: i, Source: src.Name})
	var v Validators
	if r.o.Log != nil {
		st, err := r.o.Log.FeedState(ctx, src.Name)
		if err != nil {
			return r.finish(ctx, res, start, fmt.Sprintf("the review store cannot be read: %v", err))
		}
		if st.FeedURL == src.URL {
			v = Validators{ETag: st.ETag, LastModified: st.LastModified}
		}
	}
	resp, err := r.o.Client.Feed(ctx, src.URL, v)
	switch {
	case ctx.Err() != nil:
		res.Status = Stopped
		return res
	case err != nil:
		return r.finish(ctx, res, start, err.Error())
	case resp.NotModified:
		res.Status = NotModified
		return r.finish(ctx, res, start, "")
	}
	feed, err := ParseFeed(resp.Body, resp.ContentType, resp.URL)
	if err != nil {
		return r.finish(ctx, res, start, err.Error())
	}
	for n, e := range feed.Entries {
		if ctx.Err() != nil {
			res.Status = Stopped
			return res
		}
		er, stopped := r.entry(ctx, src, e)
		if stopped {
			res.Status = Stopped
			return res
		}
		res.add(er)
		r.progress(Progress{Index: i, Source: src.Name, Done: n + 1, Total: len(feed.Entries)})
	}
	if r.o.Log != nil && !r.o.DryRun {
		// Validators are kept only once every entry is in: a feed that
		// answered 304 next time would hide the entries still to fetch.
		nv := resp.Validators
		if res.transient() {
			nv = Validators{}
		}
		if err := r.o.Log.SaveFeedValidators(context.WithoutCancel(ctx), src.Name, src.URL, nv.ETag, nv.LastModified); err != nil {
			res.Warnings = append(res.Warnings, "validators not kept: "+err.Error())
		}
	}
	return r.finish(ctx, res, start, "")
}

// finish records the outcome of a fetch that ran to its end.
func (r *runner) finish(ctx context.Context, res SourceResult, start time.Time, failure string) SourceResult {
	if failure != "" {
		res.Status, res.Err = Failed, model.SanitizeLine(failure)
	}
	if r.o.Log == nil || r.o.DryRun {
		return res
	}
	f := review.FeedFetch{Source: res.Source.Name, At: res.At, Took: time.Since(start), New: res.New, Unchanged: res.Unchanged,
		Skipped: res.NotMatched, Failed: res.Failed, NotModified: res.Status == NotModified, Err: res.Err}
	if err := r.o.Log.RecordFetch(context.WithoutCancel(ctx), f); err != nil {
		res.Warnings = append(res.Warnings, "outcome not recorded: "+err.Error())
	}
	return res
}

// entry handles one entry; stopped is true when ctx ended on the way (the
// entry is then left for the next fetch).
func (r *runner) entry(ctx context.Context, src Source, e Entry) (er EntryResult, stopped bool) {
	er = EntryResult{URL: e.Link, Title: e.Title}
	log := r.o.Log
	if log != nil {
		prev, ok, err := log.FeedEntry(ctx, src.Name, e.Key)
		if ctx.Err() != nil {
			return er, true
		}
		if err != nil {
			er.Status, er.Reason = EntryFailed, "the review store cannot be read: "+err.Error()
			return er, false
		}
		if ok && !(prev.Status == review.EntryNotMatching && prev.Query != src.Match) {
			er.Status, er.Reason, er.File = EntryUnchanged, prev.Status, prev.File
			if prev.Source != src.Name {
				er.Reason = "written from " + prev.Source
			}
			return er, false
		}
	}
	if e.Link != "" && r.known(e.Key) {
		er.Status, er.Reason = EntryUnchanged, review.EntryInCorpus
		r.record(ctx, &er, review.FeedEntry{Source: src.Name, Entry: e.Key, Status: review.EntryInCorpus})
		return er, false
	}
	doc, err := r.doc(ctx, src, e)
	if ctx.Err() != nil {
		return er, true
	}
	if err != nil {
		var fe *FetchError
		switch {
		case errors.As(err, &fe) && !fe.Permanent:
			er.Status, er.Reason = EntryFailed, fe.Reason
		case errors.As(err, &fe), ingest.IsRefusal(err):
			er.Status, er.Reason = EntryRefused, model.SanitizeLine(err.Error())
			r.record(ctx, &er, review.FeedEntry{Source: src.Name, Entry: e.Key, Status: review.EntryRefused, Reason: er.Reason})
		default:
			er.Status, er.Reason = EntryFailed, model.SanitizeLine(err.Error())
		}
		return er, false
	}
	complete(&doc, src, e, r.o.Now())
	if doc.Meta.URL != "" {
		er.URL = doc.Meta.URL
	}
	er.Title = doc.Meta.Title
	if src.Match != "" {
		ok, err := r.match(ctx, src.Match, doc)
		if ctx.Err() != nil {
			return er, true
		}
		if err != nil {
			er.Status, er.Reason = EntryFailed, "the match query failed: "+err.Error()
			return er, false
		}
		if !ok {
			er.Status, er.Reason = EntryNotMatching, src.Match
			r.record(ctx, &er, review.FeedEntry{Source: src.Name, Entry: e.Key, Status: review.EntryNotMatching, Query: src.Match})
			return er, false
		}
	}
	if r.o.DryRun {
		er.Status = EntryWouldAdd
		return er, false
	}
	res := r.write(e, doc)
	er.File = res.Output
	switch res.Status {
	case ingest.Written, ingest.Replaced:
		er.Status = EntryNew
		r.record(ctx, &er, review.FeedEntry{Source: src.Name, Entry: e.Key, Status: review.EntryWritten, File: filepath.Base(res.Output)})
	case ingest.Unchanged, ingest.Duplicate:
		er.Status, er.Reason = EntryUnchanged, "the same text is already in "+model.Escape(filepath.Base(res.Output))
		r.record(ctx, &er, review.FeedEntry{Source: src.Name, Entry: e.Key, Status: review.EntryDuplicate, File: filepath.Base(res.Output)})
	case ingest.Refused:
		er.Status, er.Reason = EntryRefused, model.SanitizeLine(res.Reason)
		r.record(ctx, &er, review.FeedEntry{Source: src.Name, Entry: e.Key, Status: review.EntryRefused, Reason: er.Reason})
	default:
		er.Status, er.Reason = EntryFailed, model.SanitizeLine(res.Reason)
	}
	return er, false
}

// known reports whether the corpus has an article with this URL.
func (r *runner) known(key string) bool { return r.o.Known != nil && key != "" && r.o.Known(key) }

// doc fetches and extracts an entry's article.
func (r *runner) doc(ctx context.Context, src Source, e Entry) (ingest.Doc, error) {
	ectx, cancel := context.WithTimeout(ctx, r.o.Timeout)
	defer cancel()
	if src.Fetch == ModeEntry {
		return entryDoc(ectx, e)
	}
	if e.Link == "" {
		return ingest.Doc{}, &ingest.Refusal{Reason: "the feed gives no link to its page"}
	}
	resp, err := r.o.Client.Page(ctx, e.Link)
	if err != nil {
		return ingest.Doc{}, err
	}
	doc, err := pageDoc(ectx, resp)
	if err == nil && resp.URL != e.Link && URLKey(resp.URL) != e.Key && r.known(URLKey(resp.URL)) {
		return doc, &ingest.Refusal{Reason: "redirected to " + model.Escape(resp.URL) + ", which is in the corpus already"}
	}
	return doc, err
}

// match runs the source's query over the article.
func (r *runner) match(ctx context.Context, query string, doc ingest.Doc) (bool, error) {
	if r.o.Match == nil {
		return false, errors.New("no query engine to run match queries")
	}
	content := ingest.Render(doc)
	a, err := ingest.LoadOne("entry.md", content)
	if err != nil {
		return false, err
	}
	body, err := model.ParseBody(content, "entry.md")
	if err != nil {
		return false, err
	}
	ok, err := r.o.Match.Match(ctx, query, []model.Document{{Article: a, Body: body}})
	if err != nil || len(ok) != 1 {
		return false, err
	}
	return ok[0], nil
}

// write puts the article into the corpus folder, atomically (the importer's
// hidden temporary file, synced, then linked into place).
func (r *runner) write(e Entry, doc ingest.Doc) ingest.Result {
	r.imu.Lock()
	defer r.imu.Unlock()
	if !r.imDone {
		r.imDone = true
		r.im, r.imErr = ingest.NewImporter(r.o.Dir, ingest.Options{})
	}
	if r.imErr != nil {
		return ingest.Result{Status: ingest.Failed, Reason: "the corpus folder: " + r.imErr.Error()}
	}
	input := e.Link
	if input == "" {
		input = e.Key
	}
	return r.im.ImportDoc(input, doc)
}

// record keeps how an entry was handled; a failure to record is a warning
// on the entry (the corpus is what counts: the next fetch finds the
// article there by its URL or its text).
func (r *runner) record(ctx context.Context, er *EntryResult, fe review.FeedEntry) {
	if r.o.Log == nil || r.o.DryRun {
		return
	}
	fe.At = r.o.Now()
	if err := r.o.Log.RecordFeedEntry(context.WithoutCancel(ctx), fe); err != nil && er.Reason == "" {
		er.Reason = "not recorded in the review store: " + err.Error()
	}
}
