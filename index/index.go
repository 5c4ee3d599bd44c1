package index

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"dossier/model"
)

// DefaultBatchSize is how many articles go into one index batch: small
// batches keep the memory of in-flight analysis low, and cost no build time
// (measured at 10,000 articles: 250 and 1,000 build equally fast).
const DefaultBatchSize = 250

// BuildGCPercent is the GOGC value dossier uses while it builds an index:
// building makes a lot of short-lived garbage, and collecting it sooner keeps
// the peak heap near the live heap (see BenchmarkBuild).
const BuildGCPercent = 50

// Options tune an index.
type Options struct {
	Synonyms  [][]string // groups of equivalent terms and phrases
	BatchSize int        // articles per batch; DefaultBatchSize when zero
}

// Progress reports how far a build has come.
type Progress struct {
	Done, Total int
	Elapsed     time.Duration
}

// Ready reports whether every article is indexed.
func (p Progress) Ready() bool { return p.Done >= p.Total }

// Index is a full-text index over one corpus. Search may be called from any
// goroutine, also while Build runs: it then sees the batches indexed so far.
type Index struct {
	corpus  *model.Corpus
	bleve   bleve.Index
	im      *mapping.IndexMappingImpl
	syn     *synonymTable
	keys    []string
	indexed atomic.Int64
	started atomic.Int64 // unix ns when Build began
	took    atomic.Int64 // build time in ns once finished
	opts    Options
	done    chan struct{} // closed when Build returns
	err     atomic.Pointer[error]
}

// New creates an empty index for the corpus; call Build to fill it.
func New(c *model.Corpus, opts Options) (*Index, error) {
	im, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	ix := &Index{corpus: c, bleve: idx, im: im, opts: opts, done: make(chan struct{})}
	ix.syn = newSynonymTable(opts.Synonyms, im.AnalyzerNamed(analyzerSynonym))
	seen := map[string]bool{}
	for _, a := range c.Articles {
		k := analyzerFor(a.Lang)
		if !seen[k] {
			seen[k] = true
			ix.keys = append(ix.keys, k)
		}
	}
	if len(ix.keys) == 0 {
		ix.keys = []string{"xx"}
	}
	return ix, nil
}

// Open creates the index and builds it before returning.
func Open(ctx context.Context, c *model.Corpus, opts Options) (*Index, error) {
	ix, err := New(c, opts)
	if err != nil {
		return nil, err
	}
	if err := ix.Build(ctx, nil); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// Corpus returns the indexed corpus.
func (ix *Index) Corpus() *model.Corpus { return ix.corpus }

// Done is closed when Build has returned; Err then tells how it ended.
func (ix *Index) Done() <-chan struct{} { return ix.done }

// Err is the error Build returned, if any.
func (ix *Index) Err() error {
	if p := ix.err.Load(); p != nil {
		return *p
	}
	return nil
}

// Build indexes the corpus in batches, calling progress (if not nil) after
// each one. It stops early when ctx is cancelled. Call it once.
func (ix *Index) Build(ctx context.Context, progress func(Progress)) (err error) {
	defer func() {
		if err != nil {
			ix.err.Store(&err)
		}
		close(ix.done)
	}()
	start := time.Now()
	ix.started.Store(start.UnixNano())
	arts := ix.corpus.Articles
	size := ix.opts.BatchSize
	batches := make(chan []model.Article)
	errs := make(chan error, buildWorkers)
	var mu sync.Mutex // keeps progress counts and calls in order
	var wg sync.WaitGroup
	// Two batches in flight: while one is turned into a segment (one core),
	// the next is analysed (every core).
	for range buildWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range batches {
				if err := ix.indexBatch(batch); err != nil {
					errs <- err
					return
				}
				mu.Lock()
				ix.indexed.Add(int64(len(batch)))
				if progress != nil {
					progress(ix.Progress())
				}
				mu.Unlock()
			}
		}()
	}
	var failed error
feed:
	for lo := 0; lo < len(arts); lo += size {
		if failed = ctx.Err(); failed != nil {
			break
		}
		select {
		case batches <- arts[lo:min(lo+size, len(arts))]:
		case failed = <-errs:
			break feed
		case <-ctx.Done():
			failed = ctx.Err()
			break feed
		}
	}
	close(batches)
	wg.Wait()
	if failed == nil {
		select {
		case failed = <-errs:
		default:
		}
	}
	if failed != nil {
		return failed
	}
	ix.took.Store(int64(max(time.Since(start), 1)))
	return nil
}

// buildWorkers is how many batches are indexed at once.
const buildWorkers = 2

func (ix *Index) indexBatch(arts []model.Article) error {
	b := ix.bleve.NewBatch()
	for _, a := range arts {
		if err := b.Index(a.ID, document(a)); err != nil {
			return fmt.Errorf("index %s: %w", a.ID, err)
		}
	}
	if err := ix.bleve.Batch(b); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	return nil
}

// Progress reports how many articles are searchable.
func (ix *Index) Progress() Progress {
	p := Progress{Done: int(ix.indexed.Load()), Total: ix.corpus.Len()}
	if t := ix.took.Load(); t > 0 {
		p.Elapsed = time.Duration(t)
	} else if s := ix.started.Load(); s > 0 {
		p.Elapsed = time.Since(time.Unix(0, s))
	}
	return p
}

// Close releases the index.
func (ix *Index) Close() error {
	if ix == nil || ix.bleve == nil {
		return errors.New("index: not open")
	}
	return ix.bleve.Close()
}

// document is what bleve indexes for an article: title and body under the
// field names of its language, plus the shared metadata fields.
func document(a model.Article) map[string]any {
	k := analyzerFor(a.Lang)
	doc := map[string]any{
		typeField:     k,
		titleField(k): a.Title,
		bodyField(k):  a.Body,
		fieldLang:     a.Lang,
	}
	facets := []string{facetLang + a.Lang}
	if a.Outlet != "" {
		doc[fieldSource] = a.Outlet
		facets = append(facets, facetSource+a.Outlet)
	}
	if a.Author != "" {
		doc[fieldAuthor] = a.Author
	}
	if a.Precision != model.Unknown {
		doc[fieldDate] = a.Date
		facets = append(facets, facetYear+a.Date.Format("2006"))
	}
	doc[fieldFacet] = facets
	return doc
}
