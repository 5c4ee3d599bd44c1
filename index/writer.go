package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"dossier/model"
)

// DefaultBatchSize is how many articles go into one index batch at most;
// each batch becomes one segment, merged once (see buildMerges).
// Larger batches write fewer dictionaries but hold more memory while they
// are indexed, and the heap's live size sets how often the collector
// runs: a build of 100,000 articles in batches of 250 spent 43% of its
// time collecting under the one-shot commands' memory limit.
const DefaultBatchSize = 125

// maxBatchBytes bounds the text of one batch: a batch in the pipeline
// holds its articles analysed (about 18 bytes of terms and locations per
// byte of text) and then the segment made of them, and a writer has one
// batch per core in the pipeline and one being filled per language key
// (see Writer.fills: at most one per analyzer, and one for removals).
const maxBatchBytes = 512 << 10

// BuildGCPercent is the GOGC value dossier uses while it builds an index:
// building makes a lot of short-lived garbage, and collecting it sooner keeps
// the peak heap near the live heap (see BenchmarkBuild).
const BuildGCPercent = 50

// Options tune an index.
type Options struct {
	Synonyms  [][]string // groups of equivalent terms and phrases, applied when indexing
	BatchSize int        // articles per batch; DefaultBatchSize when zero
	// MaxSegment bounds the segments merges make, in articles (on disk;
	// maxSegmentDocs when zero).
	MaxSegment int
	// Expected is how many articles a build from nothing is to index, when
	// known: if they fit in one segment of the bound, nothing is merged
	// until Compact merges every batch at once (see buildMerges).
	Expected int
}

// Writer fills a bleve index with articles, in batches. While one batch
// is being filled, the batches before it are analysed and turned into
// segments, as many at once as there are cores (see pipeline). Not safe
// for concurrent use; the bleve index may be searched while it is written.
//
// Each language's articles fill batches of their own: a segment's cost
// to make, and to merge later, grows with the terms of its dictionary, and
// a batch of one language has fewer of them than one of several (at
// 10,000 articles, 80% English and 20% German, about 15% fewer terms
// summed over the batches).
type Writer struct {
	path   string // "" in memory
	bleve  bleve.Index
	an     analyzers
	fills  map[string]*fill // the batches being filled, by language key
	owner  map[string]*fill // which of them changes an article, by id
	size   int
	pipe   *pipeline
	err    error
	closed bool

	maxSegment int // see Options.MaxSegment
}

// op is one change of a batch: an article to index (doc), or the id of one
// to remove.
type op struct {
	doc *document.Document
	del string
}

// fill is a batch being filled: the changes of one language's articles
// (see Writer.Add), or the removals of articles none of them changes.
type fill struct {
	ops   []op
	bytes int // the text of ops
}

func (o op) id() string {
	if o.doc != nil {
		return o.doc.ID()
	}
	return o.del
}

// pipeline analyses batches and turns them into segments, each batch in
// one of its workers, so that the batches of a build use every core (bleve
// turns each batch into a segment on one). Changes to different articles
// commute; a batch that changes an article a batch still in the pipeline
// changes waits until that one is indexed, so that the changes of one
// article take effect in the order they were made.
type pipeline struct {
	batches chan []op
	wg      sync.WaitGroup
	failed  atomic.Pointer[error]

	mu       sync.Mutex
	idle     *sync.Cond     // signalled when a batch leaves the pipeline
	inflight map[string]int // ids changed by batches in the pipeline
}

// NewMemory makes an in-memory index to fill.
func NewMemory(opts Options) (*Writer, error) { return create("", opts) }

// Create makes an index in the folder path (which must not exist yet).
func Create(path string, opts Options) (*Writer, error) {
	if path == "" {
		return nil, errors.New("index: empty path")
	}
	return create(path, opts)
}

func create(path string, opts Options) (*Writer, error) {
	im, err := newMapping(opts.Synonyms)
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	var cfg map[string]any // in memory: scorch's defaults
	if path != "" {
		plan := buildMerges(segmentBound(opts.MaxSegment), batchSize(opts.BatchSize))
		if opts.Expected > 0 && opts.Expected <= segmentBound(opts.MaxSegment) {
			plan = noMerges(segmentBound(opts.MaxSegment))
		}
		cfg = map[string]any{"scorchMergePlanOptions": plan}
	}
	idx, err := bleve.NewUsing(path, im, scorch.Name, scorch.Name, cfg)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	w := newWriter(idx, opts.BatchSize)
	w.path, w.maxSegment = path, segmentBound(opts.MaxSegment)
	return w, nil
}

// OpenWriter opens an existing index folder for changes.
func OpenWriter(path string, batchSize int) (*Writer, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	idx, err := bleve.OpenUsing(path, diskConfig())
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", model.Escape(path), err)
	}
	w := newWriter(idx, batchSize)
	w.path, w.maxSegment = path, maxSegmentDocs
	return w, nil
}

// batchSize is Options.BatchSize with its default.
func batchSize(n int) int {
	if n <= 0 {
		return DefaultBatchSize
	}
	return n
}

func newWriter(idx bleve.Index, size int) *Writer {
	w := &Writer{bleve: idx, an: analyzersOf(idx), size: batchSize(size), fills: map[string]*fill{}, owner: map[string]*fill{}}
	w.pipe = w.start()
	return w
}

// start starts the pipeline's workers, one per core, each with an arena.
func (w *Writer) start() *pipeline {
	p := &pipeline{batches: make(chan []op), inflight: map[string]int{}}
	p.idle = sync.NewCond(&p.mu)
	for range runtime.GOMAXPROCS(0) {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			a := newArena()
			for ops := range p.batches {
				if p.failed.Load() == nil {
					if err := w.index(a, ops); err != nil {
						p.fail(err)
					}
				}
				a.mem.free() // the batch is indexed: bleve is done with it
				p.leave(ops)
			}
		}()
	}
	return p
}

// enter waits until no batch in the pipeline changes an article ops
// changes, then counts ops in.
func (p *pipeline) enter(ops []op) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for slices.ContainsFunc(ops, func(o op) bool { return p.inflight[o.id()] > 0 }) {
		p.idle.Wait()
	}
	for _, o := range ops {
		p.inflight[o.id()]++
	}
}

// leave counts ops out.
func (p *pipeline) leave(ops []op) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, o := range ops {
		if p.inflight[o.id()]--; p.inflight[o.id()] <= 0 {
			delete(p.inflight, o.id())
		}
	}
	p.idle.Broadcast()
}

// stop waits for the batches in the pipeline and returns its first error.
func (p *pipeline) stop() error {
	close(p.batches)
	p.wg.Wait()
	if e := p.failed.Load(); e != nil {
		return *e
	}
	return nil
}

// fail records the pipeline's first error.
func (p *pipeline) fail(err error) { p.failed.CompareAndSwap(nil, &err) }

// analyseDoc analyses a document's fields, its text fields through the
// arena, so that bleve finds them analysed.
func analyseDoc(a *arena, doc *document.Document) {
	doc.VisitFields(func(f bindex.Field) {
		switch f := f.(type) {
		case *textField:
			f.analyse(a)
		default:
			if f.Options().IsIndexed() {
				f.Analyze()
			}
		}
	})
}

// index analyses the articles of a batch through the arena (bleve then
// finds them analysed) and indexes the batch's changes, in order.
func (w *Writer) index(a *arena, ops []op) error {
	b := w.bleve.NewBatch()
	for _, o := range ops {
		if o.doc == nil {
			b.Delete(o.del)
			continue
		}
		analyseDoc(a, o.doc)
		if err := b.IndexAdvanced(o.doc); err != nil {
			return fmt.Errorf("index %s: %w", model.Escape(o.doc.ID()), err)
		}
	}
	return w.bleve.Batch(b)
}

// Bleve returns the index being written, for searching it meanwhile.
func (w *Writer) Bleve() bleve.Index { return w.bleve }

// Add queues an article for indexing (replacing any article with its id).
func (w *Writer) Add(d model.Document) error {
	if err := w.failed(); err != nil {
		return err
	}
	if d.ID == "" {
		return errors.New("index: an article without an id")
	}
	f := w.fillFor(d.ID, analyzerFor(d.Lang))
	f.ops = append(f.ops, op{doc: w.an.document(d)})
	f.bytes += len(d.Title) + len(d.Body)
	w.maybeSend(f)
	return nil
}

// Delete queues the removal of an article.
func (w *Writer) Delete(id string) error {
	if err := w.failed(); err != nil {
		return err
	}
	f := w.owner[id]
	if f == nil {
		f = w.fillFor(id, "")
	}
	f.ops = append(f.ops, op{del: id})
	w.maybeSend(f)
	return nil
}

// fillFor is the batch being filled for key (a language key; "" for
// removals) that is to take a change of the article id. A change of an
// article that another batch being filled changes already sends that one
// first: the pipeline keeps the order in which batches are sent, and so
// the changes of one article keep theirs.
func (w *Writer) fillFor(id, key string) *fill {
	f := w.fills[key]
	if f == nil {
		f = &fill{}
		w.fills[key] = f
	}
	if o := w.owner[id]; o != nil && o != f {
		w.send(o)
	}
	w.owner[id] = f
	return f
}

// failed is the writer's error: its own, or the pipeline's first.
func (w *Writer) failed() error {
	if w.err == nil {
		if e := w.pipe.failed.Load(); e != nil {
			w.err = *e
		}
	}
	return w.err
}

// maybeSend sends f when it is full.
func (w *Writer) maybeSend(f *fill) {
	if len(f.ops) >= w.size || f.bytes >= maxBatchBytes {
		w.send(f)
	}
}

// send hands a batch being filled to the pipeline.
func (w *Writer) send(f *fill) {
	if len(f.ops) == 0 {
		return
	}
	for _, o := range f.ops {
		if w.owner[o.id()] == f {
			delete(w.owner, o.id())
		}
	}
	w.pipe.enter(f.ops)
	w.pipe.batches <- f.ops
	f.ops, f.bytes = nil, 0
}

// sendAll sends every batch being filled, in the order of their keys.
func (w *Writer) sendAll() {
	for _, k := range slices.Sorted(maps.Keys(w.fills)) {
		w.send(w.fills[k])
	}
}

// Flush indexes everything queued and waits until it is searchable.
func (w *Writer) Flush() error {
	if err := w.failed(); err != nil {
		return err
	}
	w.sendAll()
	w.err = w.pipe.stop()
	w.pipe = w.start()
	return w.err
}

// Close flushes and closes the index; on disk, everything is persisted.
// Closing again does nothing.
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	err := w.Flush()
	w.pipe.stop()
	if cerr := w.bleve.Close(); err == nil {
		err = cerr
	}
	w.err = errors.New("index: writer closed")
	if err == nil && w.path != "" {
		err = dropObsolete(w.path)
	}
	return err
}

// maxSegmentDocs bounds the segments that merges make, in articles. A
// merge reads its segments whole through memory maps, which count in the
// process's resident memory: merging a large corpus into one segment maps
// all of it at once (the peak RSS of a build of 100,000 articles was 750
// MB). With the bound, a build's memory stays flat whatever the corpus,
// and a large corpus is a few segments of this size (10,000 articles are
// still one). A merge's segments take about 8.5 KB of resident memory per
// article while it reads them (measured at 100,000: 140 MB for a bound of
// 16,384, on top of the heap's 160 MB and the program's 27 MB); at this
// bound about 105 MB.
const maxSegmentDocs = 12288

// diskConfig is the scorch configuration of an index on disk opened for
// changes: scorch's merge tiers within the segment bound. (Not
// "unsafe_batch": it lets batches run ahead of their persistence, and
// Close then drops what was not persisted yet.)
func diskConfig() map[string]any {
	return map[string]any{"scorchMergePlanOptions": map[string]any{"MaxSegmentSize": maxSegmentDocs}} // over scorch's defaults
}

// buildMerges is the merge plan of a build from nothing: the segments of
// one batch each wait until enough of them fill a segment of the bound,
// and are then merged into it at once; a segment of more than half the
// bound is never merged again. scorch's default tiers merged each article
// about five times at 10,000 articles (316 MB written for an index of 63
// MB, a quarter of the build's time) and 2.6 times at 100,000; this plan
// merges each once, and Compact the rest at the end.
func buildMerges(bound, batch int) map[string]any {
	group := max(2, bound/batch)
	return map[string]any{
		"MaxSegmentSize":       bound,
		"FloorSegmentSize":     batch,
		"MaxSegmentsPerTier":   group,
		"SegmentsPerMergeTask": group,
		"TierGrowth":           float64(group),
	}
}

// noMerges is the merge plan of a build from nothing that fits in one
// segment of the bound: Compact merges its batches into one at the end.
// With buildMerges, batches that maxBatchBytes cut short made more
// segments than the articles' count called for, and scorch merged all of
// them into one while the last batch was being indexed: that segment
// was then too large for Compact to merge again with the last batch, and
// a build of 10,000 articles sometimes ended as two segments. Here every
// tier is as small as the smallest segment, and no tier is ever full.
func noMerges(bound int) map[string]any {
	return map[string]any{
		"MaxSegmentSize":     bound,
		"FloorSegmentSize":   1,
		"MaxSegmentsPerTier": bound + 1, // more than the segments of at most bound articles
		"TierGrowth":         2.0,
	}
}

// segmentBound is Options.MaxSegment with its default.
func segmentBound(n int) int {
	if n <= 0 {
		return maxSegmentDocs
	}
	return n
}

// Compact merges the index's segments as far as the segment bound allows
// (into one, up to that size), after a build: fewer segments answer
// faster. It stops when ctx ends.
//
// A force merge plans once, with the segments on disk, and runs the tasks
// of that plan only: each task may take every segment, or else a build of
// 10,000 articles in 80 batches ended as 8 or 9 segments (scorch's ten
// segments a task) or as one, depending on how far the persister had
// merged the batches in memory.
func (w *Writer) Compact(ctx context.Context) error {
	sz, ok := w.scorch()
	if !ok {
		return nil
	}
	if err := waitPersisted(ctx, sz); err != nil {
		return err
	}
	o := mergeplan.DefaultMergePlanOptions
	o.MaxSegmentSize = int64(segmentBound(w.maxSegment))
	o.MaxSegmentsPerTier = 1
	o.TierGrowth = 1
	o.FloorSegmentSize = o.MaxSegmentSize
	o.SegmentsPerMergeTask = max(o.SegmentsPerMergeTask, len(segmentsOf(sz)))
	if err := sz.ForceMerge(ctx, &o); err != nil {
		return err
	}
	return waitRootPersisted(ctx, sz)
}

// waitRootPersisted waits until scorch has written its current snapshot,
// the one the merge just made, to disk: a force merge returns once the
// merged segment is in memory, and Close does not write the newest
// snapshot, so an index closed right after Compact could open as it was
// before the merge, with all its segments. It gives up after persistWait.
func waitRootPersisted(ctx context.Context, sz *scorch.Scorch) error {
	st, ok := sz.Stats().(*scorch.Stats)
	if !ok {
		return nil
	}
	return pollUntil(ctx, func() bool {
		return atomic.LoadUint64(&st.LastPersistedEpoch) >= atomic.LoadUint64(&st.CurRootEpoch)
	})
}

// persistWait bounds how long Compact waits for scorch's persister.
const persistWait = 5 * time.Second

// waitPersisted waits until every segment of the index's snapshot is its
// file: a batch is indexed once its segment is written, but scorch swaps
// the segment in memory for its file a moment later, and a force merge
// leaves out the segments still in memory (a build of 10,000 articles
// then ended as two segments). It gives up after persistWait, and a merge
// then leaves a segment more.
func waitPersisted(ctx context.Context, sz *scorch.Scorch) error {
	return pollUntil(ctx, func() bool {
		return !slices.ContainsFunc(segmentsOf(sz), func(s *scorch.SegmentSnapshot) bool {
			_, ok := s.Segment().(segment.PersistedSegment)
			return !ok
		})
	})
}

// pollUntil waits until done holds, polling at growing intervals (100 µs
// to 10 ms); it gives up after persistWait without an error, and returns
// ctx's error when ctx ends first.
func pollUntil(ctx context.Context, done func() bool) error {
	deadline := time.Now().Add(persistWait)
	for wait := 100 * time.Microsecond; ; wait = min(2*wait, 10*time.Millisecond) {
		if done() || time.Now().After(deadline) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// scorch is the writer's index as scorch, when it is one.
func (w *Writer) scorch() (*scorch.Scorch, bool) {
	adv, err := w.bleve.Advanced()
	if err != nil {
		return nil, false
	}
	sz, ok := adv.(*scorch.Scorch)
	return sz, ok
}

// segmentsOf lists the segments of the index's current snapshot.
func segmentsOf(sz *scorch.Scorch) []*scorch.SegmentSnapshot {
	r, err := sz.Reader()
	if err != nil {
		return nil
	}
	defer r.Close()
	if is, ok := r.(*scorch.IndexSnapshot); ok {
		return is.Segments()
	}
	return nil
}

// dropObsolete removes the segment files that merges made obsolete. Scorch
// deletes them in the background, once no snapshot it keeps (the last
// two) names them, and a closed index may keep some: after a build, a
// merged segment's inputs were often left, each then checksummed, sealed
// and linked into every later generation. The index is opened once more,
// and every segment file its snapshot does not name is removed.
func dropObsolete(path string) error {
	idx, err := bleve.Open(path)
	if err != nil {
		return err
	}
	live := map[string]bool{}
	if adv, err := idx.Advanced(); err == nil {
		if sz, ok := adv.(*scorch.Scorch); ok {
			for _, s := range segmentsOf(sz) {
				if p, ok := s.Segment().(segment.PersistedSegment); ok {
					live[filepath.Base(p.Path())] = true
				}
			}
		}
	}
	if err := idx.Close(); err != nil {
		return err
	}
	if len(live) == 0 {
		return nil // nothing known: leave the files to scorch
	}
	store := filepath.Join(path, "store")
	zaps, err := filepath.Glob(filepath.Join(store, "*.zap"))
	if err != nil {
		return err
	}
	for _, z := range zaps {
		if !live[filepath.Base(z)] {
			if err := os.Remove(z); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

// analyzers are the analyzers a Writer builds documents with.
type analyzers struct {
	lang    map[string]analysis.Analyzer // by language key
	other   analysis.Analyzer            // source and author
	keyword analysis.Analyzer
}

func analyzersOf(idx bleve.Index) analyzers {
	im := idx.Mapping()
	an := analyzers{lang: map[string]analysis.Analyzer{}, other: im.AnalyzerNamed(analyzerDefault), keyword: im.AnalyzerNamed(keyword.Name)}
	for _, k := range analyzerLangs {
		an.lang[k] = im.AnalyzerNamed(analyzerName(k))
	}
	return an
}

// document is what bleve indexes for an article (see the field names in
// mapping.go): its title and body in the text field and its title in the
// title field, analysed by its language's analyzer, and the metadata.
func (an analyzers) document(d model.Document) *document.Document {
	lang := an.lang[analyzerFor(d.Lang)]
	doc := document.NewDocument(d.ID)
	text := func(name, value string, a analysis.Analyzer, opts bindex.FieldIndexingOptions, pos ...uint64) {
		doc.AddField(&onceField{Field: document.NewTextFieldCustom(name, pos, []byte(value), opts, a)})
	}
	body := newTextField(fieldText, d.Title, d.Body, lang)
	doc.AddField(body)
	doc.AddField(titleOf(body))
	text(fieldLang, d.Lang, an.keyword, bindex.IndexField)
	facets := []string{facetLang + d.Lang}
	if d.Outlet != "" {
		text(fieldSource, d.Outlet, an.other, textOptions)
		facets = append(facets, facetSource+d.Outlet)
	}
	if d.Author != "" {
		text(fieldAuthor, d.Author, an.other, textOptions)
	}
	if d.Precision != model.Unknown {
		if f, err := document.NewDateTimeFieldWithIndexingOptions(fieldDate, nil, d.Date, time.RFC3339, bindex.IndexField); err == nil {
			doc.AddField(&onceField{Field: f})
		}
		facets = append(facets, facetYear+d.Date.Format("2006"))
	}
	for i, v := range facets {
		text(fieldFacet, v, an.keyword, bindex.IndexField|bindex.DocValues, uint64(i))
	}
	return doc
}
