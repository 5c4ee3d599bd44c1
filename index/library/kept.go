package library

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"dossier/index"
	"dossier/model"
)

// change is what a scan found about one article file.
type change struct {
	stat  model.FileStat
	old   *Entry         // the indexed version, if any
	meta  *model.Article // the version read now, if it was read
	kind  changeKind
	cat   uint64
	reref bool // derived data to compute again (missing, or its reference changed)
}

type changeKind int

const (
	same    changeKind = iota // stat unchanged: not read
	touched                   // stat changed, bytes the same: not indexed again
	changed                   // indexed again
	added                     // new
)

// ErrBusy is returned by Rebuild while another process writes the index.
var ErrBusy = errors.New("another dossier process is updating this corpus's index; try again when it is done")

// tryKept brings the kept index up to date with the folders and opens it,
// once. held says the caller holds write.lock already (after setting a
// damaged cache aside). The warnings of its scan are kept for a follower to
// pass on (journal.go).
func (l *Library) tryKept(ctx context.Context, held bool) error {
	l.beginScan()
	err := l.openKept(ctx, held)
	l.endScan(err == nil)
	return err
}

func (l *Library) openKept(ctx context.Context, held bool) error {
	l.progress(Progress{Stage: StageScan})
	var b *base
	if !l.cold {
		var err error
		if b, err = l.openBase(ctx); err != nil {
			return err
		}
	}
	kept := false // b is handed on to a snapshot, which releases it
	defer func() {
		if !kept {
			b.release()
		}
	}()
	// Most of the time nothing changed: open the published generation while
	// the folders are scanned, and use it if the scan agrees.
	var opened chan openedGen
	if b != nil {
		opened = make(chan openedGen, 1)
		go func() {
			g := l.openGenOf(ctx, b)
			if g.err == nil && l.opts.Tentative != nil {
				g.stop = l.opts.Tentative(g.ix)
			}
			opened <- g
		}()
	}
	// A dossier that follows the folders (the dashboard, serve) and saw no
	// change since it last scanned them vouches for the published
	// generation: nothing is stat'ed (journal.go). Otherwise the quick scan
	// decides the common case, that nothing changed, with one stat per
	// file; when it is not sure, the full scan decides.
	quick, vouched := false, false
	if b != nil {
		var warns []model.Warning
		if warns, vouched = l.askFollower(ctx, b.gen); vouched {
			quick = true
		} else {
			quick, warns = l.quickSame(b.v, b.dir)
		}
		if l.hooks.quick != nil {
			l.hooks.quick(quick)
		}
		if l.hooks.vouched != nil {
			l.hooks.vouched(vouched)
		}
		for _, w := range warns {
			l.warn(w)
		}
	}
	var sc *scanned
	var err error
	if quick {
		sc = &scanned{catOf: map[string]*model.Meta{}} // no catalogue (quick.go)
	} else {
		sc, err = l.scan()
	}
	// A generation keeping derived data for every article was made
	// consistent when it was written: unchanged, it needs no plan either.
	whole := l.opts.Deriver == nil || (b != nil && b.derivedWhole(l.opts.Deriver.Version))
	var m *Manifest // decoded whole only when a plan is needed
	if err == nil && b != nil && !(quick && whole) {
		if m, err = b.manifest(); err != nil {
			err = &damage{gen: b.gen, err: err}
		}
	}
	var plan []*change
	var removed []string
	clean, onlyDerive, reading := false, false, 0
	var early *openedGen // the generation searched as it is while its derived data is made
	switch {
	case err != nil:
	case quick && whole:
		clean = true // the common case, decided without reading the manifest whole
	case b != nil && whole && sameFiles(m, sc):
		clean = true // decided without building a plan
	default:
		if l.hooks.planned != nil {
			l.hooks.planned()
		}
		if quick {
			plan = unchangedPlan(m)
		} else {
			plan, removed = classify(m, sc)
		}
		if len(plan) == 0 {
			err = ErrEmpty
			break
		}
		for _, c := range plan {
			if c.kind != same {
				reading++
			}
		}
		clean = b != nil && reading == 0 && len(removed) == 0
		if clean {
			l.link(plan)
			clean = !l.markReref(b, plan)
			onlyDerive = !clean
		}
	}
	if opened != nil {
		g := <-opened
		if !clean && g.stop != nil {
			g.stop() // before its index is closed, or searched as Partial
		}
		switch {
		case clean && g.err != nil:
			return asDamage(b.gen, g.err)
		case clean:
			l.serve(b, g)
			kept = true
			return nil
		case onlyDerive && g.err == nil && l.opts.Partial != nil:
			// Only derived data is missing (the generation was built by a
			// one-shot search, which derives nothing): it answers searches
			// as it is while its articles are read again (minutes at
			// 100,000), and is let go once the update is served.
			l.opts.Partial(&Snapshot{Corpus: g.corpus, Index: g.ix, Partial: true})
			early = &g
			defer func() {
				if early != nil {
					early.idx.Close()
				}
			}()
		case g.idx != nil:
			g.idx.Close()
		}
	}
	if err != nil {
		return err
	}
	locked := held
	if !held {
		var unlock func()
		if unlock, locked, err = l.kept.lock(); err != nil {
			return err
		}
		if locked {
			defer unlock()
		}
	}
	if locked {
		if l.hooks.locked != nil {
			l.hooks.locked()
		}
		if gen, err := l.kept.current(); !l.cold && !held && (err != nil || (b == nil) != (gen == "") || (b != nil && gen != b.gen)) {
			return errRaced
		}
	} else if l.cold {
		return ErrBusy
	}
	var s sink
	if locked {
		s, err = l.newGenSink(b, reading)
	} else {
		s, err = l.newOverlaySink(b)
	}
	if err != nil {
		return err
	}
	if locked {
		defer keepWithin(l.opts.BuildMemory)()
	}
	if err := l.update(ctx, b, sc, plan, removed, s); err != nil {
		s.abort()
		if early != nil && ctx.Err() == nil && !errors.Is(err, errRaced) {
			// Its derived data could not be kept (a full disk …): the
			// generation searched meanwhile stays, and what it lacks is
			// made from the articles when it is needed.
			l.notice("the timeline's data could not be kept (" + model.SanitizeLine(err.Error()) + "); it is made from the articles when needed")
			l.serve(b, *early)
			early, kept = nil, true
			return nil
		}
		return err
	}
	_, kept = s.(*overlaySink) // its snapshot reads b
	return nil
}

// unchangedPlan is the plan of a generation whose files did not change.
func unchangedPlan(m *Manifest) []*change {
	plan := make([]*change, len(m.Files))
	for i := range m.Files {
		old := m.Files[i] // a copy: links may change it
		plan[i] = &change{stat: old.Stat, old: &old, cat: old.Cat, kind: same}
	}
	return plan
}

// classify compares the scan with the published generation's manifest (nil
// when there is none) by stat alone.
func classify(m *Manifest, sc *scanned) ([]*change, []string) {
	plan := make([]*change, 0, len(sc.files))
	seen := make([]bool, 0)
	var byPath map[pathKey]int
	var byID map[string]int // made when a path is new: the article may have moved
	if m != nil {
		seen = make([]bool, len(m.Files))
		byPath = make(map[pathKey]int, len(m.Files))
		for i, f := range m.Files {
			byPath[pathKey{f.Stat.Dir, f.Stat.Rel}] = i
		}
	}
	for _, f := range sc.files {
		c := &change{stat: f, cat: catSum(sc.catOf[f.ID()]), kind: added}
		if m != nil {
			i, ok := byPath[pathKey{f.Dir, f.Rel}]
			moved := false
			if !ok {
				if byID == nil {
					byID = make(map[string]int, len(m.Files))
					for i, e := range m.Files {
						byID[e.Article.ID] = i
					}
				}
				i, ok = byID[f.ID()]
				moved = ok
			}
			if ok {
				old := m.Files[i] // a copy: links may change it
				c.old = &old
				seen[i] = true
				switch {
				case moved || old.Cat != c.cat:
					c.kind = changed // an article moved to another folder is indexed again
				case old.Stat.Same(f):
					c.kind = same
				default:
					c.kind = touched // if its checksum holds
				}
			}
		}
		plan = append(plan, c)
	}
	var removed []string
	for i, ok := range seen {
		if !ok {
			removed = append(removed, m.Files[i].Article.ID)
		}
	}
	return plan, removed
}

// sameFiles reports whether the scan found exactly the files of the
// manifest, unchanged, with the same catalogue entries. Both lists are in
// folder then path order.
func sameFiles(m *Manifest, sc *scanned) bool {
	if len(m.Files) != len(sc.files) {
		return false
	}
	for i := range sc.files {
		f, e := &sc.files[i], &m.Files[i]
		if f.Dir != e.Stat.Dir || f.Rel != e.Stat.Rel || !e.Stat.Same(*f) {
			return false
		}
		if e.Cat != 0 || len(sc.catOf) > 0 {
			if catSum(sc.catOf[e.Article.ID]) != e.Cat {
				return false
			}
		}
	}
	return true
}

// article is the metadata of a planned article.
func (c *change) article() model.Article {
	if c.meta != nil {
		return *c.meta
	}
	return c.old.Article
}

func (c *change) articleRef() *model.Article {
	if c.meta != nil {
		return c.meta
	}
	return &c.old.Article
}

// link drops translation links to articles that are not there.
func (l *Library) link(plan []*change) {
	arts := make([]*model.Article, len(plan))
	for i, c := range plan {
		arts[i] = c.articleRef()
	}
	model.LinkTranslations(arts, func(a model.Article, why string) {
		l.warn(model.Warning{Path: l.display(a.ID, plan), Reason: why})
	})
}

func (l *Library) display(id string, plan []*change) string {
	for _, c := range plan {
		if c.stat.ID() == id {
			return path.Join(l.labels[c.stat.Dir], c.stat.Rel)
		}
	}
	return id
}

// markReref flags the articles whose derived data is missing or was
// computed against another reference date; it reports whether any is.
func (l *Library) markReref(b *base, plan []*change) bool {
	if l.opts.Deriver == nil {
		return false
	}
	lookup := lookupIn(plan)
	have := b.validDerived(l.opts.Deriver.Version)
	any := false
	for _, c := range plan {
		if c.kind == changed || c.kind == added {
			continue // derived when read
		}
		a := c.article()
		ref := refOf(lookup, a)
		d, ok := have[a.ID]
		if !ok || d.Sum != a.Sum || d.RefID != ref.ID || d.RefDate != refDate(ref) {
			c.reref = true
			any = true
		}
	}
	return any
}

func lookupIn(plan []*change) func(string) (model.Article, bool) {
	meta := make(map[string]model.Article, len(plan))
	for _, c := range plan {
		meta[c.article().ID] = c.article()
	}
	return func(id string) (model.Article, bool) { a, ok := meta[id]; return a, ok }
}

func refDate(a model.Article) int64 {
	if a.Precision == model.Unknown {
		return 0
	}
	return a.Date.Unix()
}

// corpusOf makes the corpus of a plan, its texts read from the files.
func (l *Library) corpusOf(plan []*change) *model.Corpus {
	paths, files := l.prefixes()
	arts := make([]model.Article, 0, len(plan))
	for _, c := range plan {
		if c.meta == nil && c.old == nil {
			continue // not read yet (a partial snapshot)
		}
		a := c.article()
		a.Path = paths[c.stat.Dir] + c.stat.Rel
		a.File = files[c.stat.Dir] + filepath.FromSlash(c.stat.Rel)
		arts = append(arts, a)
	}
	return model.NewCorpus(Name(Options{Dirs: l.labels}), arts, model.NewFileTexts())
}

// corpusOfView is the corpus a generation indexed, in corpus order, made
// of its manifest where it lies.
func (l *Library) corpusOfView(v *manifestView) (*model.Corpus, error) {
	arts, err := v.articles()
	if err != nil {
		return nil, err
	}
	if _, err := v.section(secIDSlots); err != nil {
		return nil, err
	}
	return model.NewIndexedCorpus(Name(Options{Dirs: l.labels}), arts, model.NewFileTexts(), v.findArticle), nil
}

// prefixes returns, per folder, what the Path (folder as given, slashes) and
// the File (absolute) of its articles start with: joining the clean
// relative paths of a scan costs a concatenation.
func (l *Library) prefixes() (paths, files []string) {
	paths = make([]string, len(l.labels))
	files = make([]string, len(l.opts.Dirs))
	for i, label := range l.labels {
		if p := path.Clean(label); p != "." {
			paths[i] = strings.TrimSuffix(p, "/") + "/"
		}
	}
	for i, d := range l.opts.Dirs {
		files[i] = strings.TrimSuffix(filepath.Clean(d), string(filepath.Separator)) + string(filepath.Separator)
	}
	return paths, files
}

// openedGen is a published generation opened for searching.
type openedGen struct {
	idx    bleve.Index
	corpus *model.Corpus
	ix     *index.Index
	files  *served
	err    error
	stop   func() // ends the work Options.Tentative began on ix (nil: none)
}

// openGenOf opens a published generation as its manifest describes it.
// With Options.SearchOnly its corpus is not decoded: the index reads the
// articles of its hits from the manifest (lazy.go).
func (l *Library) openGenOf(ctx context.Context, b *base) openedGen {
	var c *model.Corpus
	if !l.opts.SearchOnly {
		var err error
		if c, err = l.corpusOfView(b.v); err != nil {
			return openedGen{err: fmt.Errorf("%s/manifest: %w", b.gen, err)}
		}
	}
	idx, docs, err := l.openChecked(ctx, b)
	if err != nil {
		return openedGen{err: err}
	}
	sv := newServed(b)
	cfg := index.Config{Guard: l.guard(sv), Suspect: l.suspect(b.gen)}
	if l.opts.SearchOnly {
		_, arts, err := keptTables(b.v, func() (*model.Corpus, error) { return l.corpusOfView(b.v) })
		if err != nil {
			idx.Close()
			return openedGen{err: fmt.Errorf("%s/manifest: %w", b.gen, err)}
		}
		cfg.Articles = arts
	}
	ix, err := index.New(c, []index.Part{{Bleve: idx, Coded: docs}}, cfg)
	if err != nil {
		idx.Close()
		return openedGen{err: err}
	}
	return openedGen{idx: idx, corpus: c, ix: ix, files: sv}
}

// openChecked opens a published generation's index, runs a query on it
// and checks its document table, so that damage shows now. The table is
// nil when the manifest has none.
func (l *Library) openChecked(ctx context.Context, b *base) (bleve.Index, index.Coded, error) {
	idx, err := openIndex(filepath.Join(l.kept.dir, b.gen))
	if err != nil {
		return nil, nil, err
	}
	if b.v.docs == 0 {
		if err := probe(ctx, idx); err != nil {
			idx.Close()
			return nil, nil, err
		}
		return idx, nil, nil
	}
	docs, _, err := keptTables(b.v, nil)
	if err != nil {
		idx.Close()
		return nil, nil, fmt.Errorf("%s/manifest: %w", b.gen, err)
	}
	if err := probe(ctx, idx, probeIDs(docs)...); err != nil {
		idx.Close()
		return nil, nil, err
	}
	if err := checkDocIDs(idx, docs); err != nil {
		idx.Close()
		return nil, nil, err
	}
	return idx, docs, nil
}

// probeIDs are the ids of the first and last live documents of a table.
func probeIDs(docs index.Coded) []string {
	var ids []string
	for n := 0; n < docs.Len(); n++ {
		if id := docs.ID(n); id != "" {
			ids = append(ids, id)
			break
		}
	}
	for n := docs.Len() - 1; n >= 0; n-- {
		if id := docs.ID(n); id != "" {
			if len(ids) == 0 || ids[0] != id {
				ids = append(ids, id)
			}
			break
		}
	}
	return ids
}

// serve makes an opened generation the current snapshot.
func (l *Library) serve(b *base, g openedGen) {
	n := b.v.Len()
	l.progress(Progress{Stage: StageReady, Done: n, Total: n})
	s := &Snapshot{Corpus: g.corpus, Index: g.ix, Gen: b.gen, files: g.files, derived: l.derivedData(b, nil), keep: b.dir, early: l.opts.early.adopt(b.dir)}
	l.swap(s, []func() error{g.idx.Close, b.release})
}

// openGen serves a published generation as it is.
func (l *Library) openGen(ctx context.Context, b *base) error {
	g := l.openGenOf(ctx, b)
	if g.err != nil {
		return g.err
	}
	l.serve(b, g)
	return nil
}

// derivedData gathers the derived data of a snapshot: the generation's
// (read when first needed), overridden by what was computed now.
func (l *Library) derivedData(b *base, fresh map[string]Derived) *derivedSet {
	d := &derivedSet{now: make(map[string][]byte, len(fresh)), notice: l.notice, afterMap: l.hooks.mapped}
	if l.opts.Deriver != nil && b.validDerived(l.opts.Deriver.Version) != nil {
		d.gen = b.derivedFile
	}
	for id, f := range fresh {
		d.now[id] = f.Data
	}
	return d
}
