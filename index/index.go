package index

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"dossier/model"
)

// Part is one bleve index of the articles of an Index. Hide lists ids the
// part still holds but must not answer for (articles changed or removed
// since it was written; another part has their new version).
type Part struct {
	Bleve bleve.Index
	Hide  []string
	IDs   DocIDs // the part's documents by number, when it never changes (nil: it may)
	// Coded, when set, numbers the part's documents instead of IDs, with
	// their facet values and families as numbers (a kept generation's
	// manifest): a search counts them without looking anything up.
	Coded Coded
}

// Index searches one corpus over one or more bleve indexes. It may be used
// from any goroutine, also while a part is still being written.
type Index struct {
	corpus  *model.Corpus // nil until Corpus is first called when arts is set
	arts    Articles      // the articles one at a time, when the corpus is not decoded (Config.Articles)
	corpOne sync.Once
	parts   []Part
	im      mapping.IndexMapping
	syn     *synonymTable
	keys    []string
	closer  func() error
	partial bool
	guard   func(context.Context) *Index
	suspect func(context.Context, error) *Index
	facets  []partFacets // per part
	// families maps each article that has another-language version to its
	// family's root (the original); articles without one are not in it.
	families    map[string]string
	hasFamilies bool // some article has another-language version

	mu      sync.Mutex
	running int           // searches in progress
	closed  bool          // no new search starts
	idle    chan struct{} // closed when running drops to 0 after Close
}

// ErrClosed is returned by a search that starts after Close.
var ErrClosed = errors.New("index: closed (the corpus changed; search again)")

// acquire registers a search; it fails once the index is closed.
func (ix *Index) acquire() bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return false
	}
	ix.running++
	return true
}

func (ix *Index) release() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.running--
	if ix.closed && ix.running == 0 && ix.idle != nil {
		close(ix.idle)
		ix.idle = nil
	}
}

// Config says what else an Index needs to know.
type Config struct {
	Closer  func() error // called by Close (nil: nothing to release)
	Partial bool         // the corpus is still being indexed: results say so
	// Guard, when set, is called before each search: it may look at the
	// index's files and return another index to answer the search instead
	// (nil: this one).
	Guard func(ctx context.Context) *Index
	// Suspect, when set, is called when a search fails inside the index
	// library (a *Fault: most likely a damaged index file). It may check
	// and repair the index and return the index to answer the search
	// instead; nil leaves the search failed.
	Suspect func(ctx context.Context, fault error) *Index
	// Articles, when set, gives the corpus's articles one at a time (a kept
	// generation's manifest, used where it lies), so that a search reads
	// the articles of the hits it shows and not the corpus: New's corpus
	// may then be nil, and Corpus decodes it when first called.
	Articles Articles
}

// Articles gives a corpus's articles without decoding it whole.
type Articles interface {
	Article(id string) (model.Article, bool)
	Text(id string) (string, error)
	// Family returns the root of the family of an article that has
	// another-language version (the original it translates, else itself).
	Family(id string) (string, bool)
	HasFamilies() bool
	Langs() []string                // the articles' languages, in corpus order of first use
	Corpus() (*model.Corpus, error) // the whole corpus, decoded
}

// New searches corpus over parts; the first part's mapping (which holds the
// synonyms) analyses the queries.
func New(corpus *model.Corpus, parts []Part, cfg Config) (*Index, error) {
	if len(parts) == 0 {
		return nil, errors.New("index: no parts")
	}
	im := parts[0].Bleve.Mapping()
	syn, err := synonymTableOf(im)
	if err != nil {
		return nil, err
	}
	ix := &Index{corpus: corpus, parts: parts, im: im, syn: syn, closer: cfg.Closer, partial: cfg.Partial,
		guard: cfg.Guard, suspect: cfg.Suspect, facets: make([]partFacets, len(parts))}
	seen := map[string]bool{}
	if cfg.Articles != nil {
		ix.arts, ix.corpus, ix.hasFamilies = cfg.Articles, nil, cfg.Articles.HasFamilies()
		for _, lang := range cfg.Articles.Langs() {
			if k := analyzerFor(lang); !seen[k] {
				seen[k] = true
				ix.keys = append(ix.keys, k)
			}
		}
		if len(ix.keys) == 0 {
			ix.keys = []string{"xx"}
		}
		return ix, nil
	}
	for _, a := range corpus.Articles {
		if root := a.TranslationOf; root != "" {
			if ix.families == nil {
				ix.families = map[string]string{}
			}
			ix.families[a.ID] = root
			ix.hasFamilies = true
			if _, ok := corpus.Article(root); ok {
				ix.families[root] = root
			}
		}
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

// synonymTableOf rebuilds the query-side synonym table from the groups the
// mapping's synonym filters were made with.
func synonymTableOf(im mapping.IndexMapping) (*synonymTable, error) {
	impl, ok := im.(*mapping.IndexMappingImpl)
	if !ok {
		return nil, fmt.Errorf("index: unexpected mapping %T", im)
	}
	var groups [][]string
	if cfg, ok := impl.CustomAnalysis.TokenFilters["dossier_syn_xx"]; ok {
		g, err := stringLists(cfg["groups"])
		if err != nil {
			return nil, fmt.Errorf("index: synonyms: %w", err)
		}
		groups = g
	}
	t := newSynonymTable(groups, im.AnalyzerNamed(analyzerSynonym))
	t.variants = &synVariants{im: im, groups: groups}
	return t, nil
}

// Open builds an in-memory index of a corpus whose texts are at hand (the
// embedded seeds, --no-cache, tests) and returns it ready to search.
func Open(ctx context.Context, c *model.Corpus, opts Options) (*Index, error) {
	w, err := NewMemory(opts)
	if err != nil {
		return nil, err
	}
	for _, a := range c.Articles {
		if err := ctx.Err(); err != nil {
			w.Close()
			return nil, err
		}
		text, err := c.Text(a.ID)
		if err != nil {
			w.Close()
			return nil, err
		}
		if err := w.Add(model.Document{Article: a, Body: text}); err != nil {
			w.Close()
			return nil, err
		}
	}
	if err := w.Flush(); err != nil {
		w.Close()
		return nil, err
	}
	return New(c, []Part{{Bleve: w.Bleve()}}, Config{Closer: w.Close})
}

// Corpus returns the indexed corpus (decoded when first asked for, with
// Config.Articles; an empty corpus if that fails: the kept index was
// checked when opened, so only a file damaged since fails here, and the
// guard of the next search finds it).
func (ix *Index) Corpus() *model.Corpus {
	if ix.arts == nil {
		return ix.corpus
	}
	ix.corpOne.Do(func() {
		ix.corpus, _ = ix.arts.Corpus()
		if ix.corpus == nil {
			ix.corpus = model.NewCorpus("", nil, nil)
		}
	})
	return ix.corpus
}

// article returns the metadata of an article of the corpus.
func (ix *Index) article(id string) (model.Article, bool) {
	if ix.arts != nil {
		return ix.arts.Article(id)
	}
	return ix.corpus.Article(id)
}

// text returns the text of an article of the corpus.
func (ix *Index) text(id string) (string, error) {
	if ix.arts != nil {
		return ix.arts.Text(id)
	}
	return ix.corpus.Text(id)
}

// Close stops new searches, waits for those running, then releases what
// the index owns. Closing twice is harmless.
func (ix *Index) Close() error {
	if ix == nil {
		return nil
	}
	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return nil
	}
	ix.closed = true
	var wait chan struct{}
	if ix.running > 0 {
		wait = make(chan struct{})
		ix.idle = wait
	}
	ix.mu.Unlock()
	if wait != nil {
		<-wait
	}
	if ix.closer == nil {
		return nil
	}
	return ix.closer()
}
