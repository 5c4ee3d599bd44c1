package library

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"dossier/index"
	"dossier/model"
)

// sink is where an update's changes go: the next generation (with the
// write lock), or an in-memory overlay of the published one (without it).
type sink interface {
	add(d model.Document) error
	writer() *index.Writer // the index being written, searchable meanwhile
	finish(ctx context.Context, u *updating) error
	abort()
}

// updating is the state of one update.
type updating struct {
	b       *base
	plan    []*change
	removed []string           // ids gone from the folders
	fresh   map[string]Derived // derived data computed now
}

// partialEvery is how often a long build shows what it has so far (at
// most; see Options.PartialEvery).
const partialEvery = 500 * time.Millisecond

// update reads what changed, feeds it to the sink, computes missing derived
// data, and lets the sink publish the result.
func (l *Library) update(ctx context.Context, b *base, sc *scanned, plan []*change, removed []string, s sink) error {
	u := &updating{b: b, removed: removed, fresh: map[string]Derived{}}
	var todo []*change
	for _, c := range plan {
		if c.kind != same {
			todo = append(todo, c)
		}
	}
	total, done := len(todo), 0
	if total > 0 {
		l.progress(Progress{Stage: StageIndex, Total: total})
	}
	// One partial snapshot is kept at a time: each holds a corpus of every
	// article read so far, so keeping them all grew as the square of the
	// corpus (GBs at 100,000 articles). The one it replaces is closed
	// beside the build, once the searches running on it are done. A
	// partial is made at most every partialEvery, and never spending
	// more than a tenth of the build's time on them.
	var shown *index.Index
	least := cmp.Or(l.opts.PartialEvery, partialEvery)
	last, every := time.Now(), least
	err := l.readAll(ctx, todo, sc.catOf, func(r readResult) error {
		meta := r.doc.Article
		r.c.meta = &meta
		if r.doc.Body != "" {
			if r.c.kind == touched {
				r.c.kind = changed
			}
			if err := s.add(r.doc); err != nil {
				return err
			}
		}
		if r.derived != nil {
			u.fresh[meta.ID] = *r.derived
		}
		done++
		l.progress(Progress{Stage: StageIndex, Done: done, Total: total})
		if l.opts.Partial != nil && s.writer() != nil && time.Since(last) > every {
			start := time.Now()
			if p := l.partial(plan, s.writer()); p != nil {
				l.opts.Partial(p)
				if shown != nil {
					go shown.Close() // waits for the searches running on it
				}
				shown = p.Index
			}
			last = time.Now()
			every = max(least, 10*last.Sub(start))
		}
		return nil
	})
	if shown != nil {
		shown.Close() // waits for the searches running on it
	}
	if err != nil {
		return err
	}
	// Files that could not be read are out of the corpus now.
	kept := plan[:0]
	for _, c := range plan {
		if c.kind != same && c.meta == nil {
			if c.old != nil {
				u.removed = append(u.removed, c.old.Article.ID)
			}
			continue
		}
		kept = append(kept, c)
	}
	u.plan = kept
	if len(u.plan) == 0 {
		return ErrEmpty
	}
	l.link(u.plan)
	if err := l.rederive(ctx, u); err != nil {
		return err
	}
	err = s.finish(ctx, u)
	if total >= bigBuild {
		// A large build leaves its garbage (read texts, batches, derived
		// data encoded) in the heap, which the runtime hands back to the
		// system only slowly: a server would sit at its build's peak.
		debug.FreeOSMemory()
	}
	return err
}

// bigBuild is the number of articles from which a build hands its memory
// back to the system at once when it ends.
const bigBuild = 5000

// partial is a snapshot of a build in progress.
func (l *Library) partial(plan []*change, w *index.Writer) *Snapshot {
	c := l.corpusOf(plan)
	ix, err := index.New(c, []index.Part{{Bleve: w.Bleve()}}, index.Config{Partial: true})
	if err != nil {
		return nil
	}
	return &Snapshot{Corpus: c, Index: ix, Partial: true}
}

// rederive computes derived data that is missing or was computed against
// another reference date (an undated translation whose original's date is
// known only now), reading those files again, on every core, with its
// progress (StageDerive).
func (l *Library) rederive(ctx context.Context, u *updating) error {
	d := l.opts.Deriver
	if d == nil {
		return nil
	}
	l.markReref(u.b, u.plan)
	lookup := lookupIn(u.plan)
	var jobs []rederiving
	for _, c := range u.plan {
		a := c.article()
		ref := refOf(lookup, a)
		if fresh, ok := u.fresh[a.ID]; ok && fresh.RefID == ref.ID && fresh.RefDate == refDate(ref) {
			continue
		}
		if !c.reref && (c.kind == same || c.kind == touched) {
			continue
		}
		a.File = filepath.Join(l.opts.Dirs[c.stat.Dir], filepath.FromSlash(c.stat.Rel))
		jobs = append(jobs, rederiving{a: a, ref: ref})
	}
	if len(jobs) == 0 {
		return nil
	}
	l.progress(Progress{Stage: StageDerive, Total: len(jobs)})
	done := 0
	return fanOut(ctx, jobs, func(ctx context.Context, j rederiving) (*Derived, bool) {
		return derive(ctx, d, model.NewFileTexts(), j), true // nil too: it counts as done
	}, func(r *Derived) error {
		done++
		if r != nil {
			u.fresh[r.ID] = *r
		}
		l.progress(Progress{Stage: StageDerive, Done: done, Total: len(jobs)})
		return nil
	})
}

// rederiving is an article whose derived data rederive computes again.
type rederiving struct {
	a, ref model.Article
}

// derive reads the article of j and computes its derived data; nil when
// its file changed again meanwhile (the next scan sees it) or Derive failed.
func derive(ctx context.Context, d *Deriver, texts *model.FileTexts, j rederiving) *Derived {
	text, err := texts.Text(j.a)
	if err != nil {
		return nil
	}
	data, err := d.Derive(ctx, model.Document{Article: j.a, Body: text}, j.ref)
	if err != nil {
		return nil
	}
	return &Derived{ID: j.a.ID, Sum: j.a.Sum, RefID: j.ref.ID, RefDate: refDate(j.ref), Data: data}
}

// genSink writes the next generation.
type genSink struct {
	l       *Library
	tmp     string
	w       *index.Writer
	cold    bool
	vouched map[string]stamped // segments linked from the base, found whole there (cloneIndex)
}

func (l *Library) newGenSink(b *base, reading int) (*genSink, error) {
	tmp, err := os.MkdirTemp(l.kept.dir, tmpPrefix)
	if err != nil {
		return nil, err
	}
	s := &genSink{l: l, tmp: tmp, cold: b == nil, vouched: map[string]stamped{}}
	opts := index.Options{Synonyms: l.opts.Synonyms, Expected: reading}
	if b == nil {
		s.w, err = index.Create(filepath.Join(tmp, indexDir), opts)
	} else {
		err = cloneIndex(filepath.Join(l.kept.dir, b.gen, indexDir), filepath.Join(tmp, indexDir), b.checked, s.vouched)
		if err == nil {
			s.w, err = index.OpenWriter(filepath.Join(tmp, indexDir), 0)
		}
	}
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return s, nil
}

func (s *genSink) add(d model.Document) error { return s.w.Add(d) }
func (s *genSink) writer() *index.Writer      { return s.w }

func (s *genSink) abort() {
	s.w.Close()
	os.RemoveAll(s.tmp)
}

// finish removes what is gone, merges a fresh index into one segment,
// writes the manifest and derived data, publishes the generation, and
// opens it.
func (s *genSink) finish(ctx context.Context, u *updating) error {
	l := s.l
	if l.hooks.finish != nil {
		if err := l.hooks.finish(); err != nil {
			return err
		}
	}
	for _, id := range u.removed {
		if err := s.w.Delete(id); err != nil {
			return err
		}
	}
	if err := s.w.Flush(); err != nil {
		return err
	}
	if s.cold {
		s.w.Compact(ctx) //nolint:errcheck // a best effort: more segments only cost query time
	}
	if err := s.w.Close(); err != nil {
		return err
	}
	m := &Manifest{Mapping: index.MappingVersion, Synonyms: synonymsSum(l.opts.Synonyms), Dirs: l.opts.Dirs}
	for _, c := range u.plan {
		a := c.article()
		a.Path, a.File = "", ""
		m.Files = append(m.Files, Entry{Stat: c.stat, Article: a, Cat: c.cat})
	}
	m.sortOrder()
	if err := s.numberDocs(ctx, m); err != nil {
		return err
	}
	var prev []Sealed
	if u.b != nil {
		prev = u.b.v.Seal
	}
	fresh := map[string]stamped{}
	var err error
	if m.Seal, err = sealDir(filepath.Join(s.tmp, indexDir), prev, s.vouched, fresh); err != nil {
		return err
	}
	m.Deriver, err = s.writeDerived(u)
	if err != nil {
		return err
	}
	data := m.encode()
	if err := writeSynced(filepath.Join(s.tmp, manifestName), data); err != nil {
		return err
	}
	v, err := openView(data)
	if err != nil {
		return err
	}
	v.pathPrefix, v.filePrefix = l.prefixes()
	v.full.Do(func() { v.m = m })
	syncDir(s.tmp)
	gen := l.kept.nextGen()
	if err := os.Rename(s.tmp, filepath.Join(l.kept.dir, gen)); err != nil {
		return err
	}
	syncDir(l.kept.dir)
	if err := l.kept.publish(gen); err != nil {
		return err
	}
	writeAtomic(filepath.Join(l.kept.dir, dirsFile), folderList(l.opts.Dirs)) //nolint:errcheck // for people only
	// This process no longer needs the generation it replaced.
	u.b.release()
	l.kept.tidy(gen, fresh)
	nb := &base{gen: gen, dir: filepath.Join(l.kept.dir, gen), v: v, checked: fresh}
	// The files read whole just now, and those linked from the previous
	// generation where they had been found whole, need no checksum at the
	// next open.
	restamp(nb.dir, nil, fresh, m.Seal)
	return asDamage(gen, l.openGen(ctx, nb))
}

// numberDocs records which article each document number of the new
// generation's index holds (read once, from the index opened as readers
// will open it).
func (s *genSink) numberDocs(ctx context.Context, m *Manifest) error {
	idx, err := openIndex(s.tmp)
	if err != nil {
		return err
	}
	defer idx.Close()
	ids, err := index.ReadDocIDs(ctx, idx)
	if err != nil {
		return err
	}
	m.setDocs(ids)
	return nil
}

// writeDerived keeps the derived data of every article still valid: what
// was computed now, and the previous generation's for unchanged articles.
func (s *genSink) writeDerived(u *updating) (string, error) {
	version := ""
	var old map[string]Derived
	if s.l.opts.Deriver != nil {
		version = s.l.opts.Deriver.Version
	} else if u.b != nil {
		version, _, _ = u.b.derived() // kept for the next process that derives
	}
	if u.b != nil && version != "" {
		old = u.b.derivedWithData(version)
	}
	var ds []Derived
	for _, c := range u.plan {
		a := c.article()
		if d, ok := u.fresh[a.ID]; ok {
			ds = append(ds, d)
		} else if d, ok := old[a.ID]; ok && d.Sum == a.Sum {
			ds = append(ds, d)
		}
	}
	if version == "" && len(ds) == 0 {
		return "", nil
	}
	return version, writeSynced(filepath.Join(s.tmp, derivedName), encodeDerived(version, ds))
}

// writeSynced writes a new file and syncs it.
func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// overlaySink indexes the changes in memory, over the published generation
// with the changed articles hidden: for a process that found another one
// writing.
type overlaySink struct {
	l *Library
	b *base
	w *index.Writer
}

func (l *Library) newOverlaySink(b *base) (*overlaySink, error) {
	w, err := index.NewMemory(index.Options{Synonyms: l.opts.Synonyms})
	if err != nil {
		return nil, err
	}
	return &overlaySink{l: l, b: b, w: w}, nil
}

func (s *overlaySink) add(d model.Document) error { return s.w.Add(d) }
func (s *overlaySink) writer() *index.Writer      { return s.w }
func (s *overlaySink) abort()                     { s.w.Close() }

func (s *overlaySink) finish(ctx context.Context, u *updating) error {
	l := s.l
	if err := s.w.Flush(); err != nil {
		return err
	}
	var parts []index.Part
	closers := []func() error{s.w.Close}
	gen := ""
	if s.b != nil {
		idx, docs, err := l.openChecked(ctx, s.b)
		if err != nil {
			return asDamage(s.b.gen, err)
		}
		hide := append([]string(nil), u.removed...)
		for _, c := range u.plan {
			if c.kind == changed && c.old != nil {
				hide = append(hide, c.old.Article.ID)
			}
		}
		parts = append(parts, index.Part{Bleve: idx, Hide: hide, Coded: docs})
		closers = append(closers, idx.Close, s.b.release)
		gen = s.b.gen
	}
	parts = append(parts, index.Part{Bleve: s.w.Bleve()})
	c := l.corpusOf(u.plan)
	cfg := index.Config{}
	var sv *served
	if gen != "" {
		sv = newServed(s.b)
		cfg.Guard, cfg.Suspect = l.guard(sv), l.suspect(gen)
	}
	ix, err := index.New(c, parts, cfg)
	if err != nil {
		for _, cl := range closers {
			cl()
		}
		return err
	}
	l.progress(Progress{Stage: StageReady, Done: c.Len(), Total: c.Len()})
	l.swap(&Snapshot{Corpus: c, Index: ix, Gen: gen, overlay: gen != "", files: sv, derived: l.derivedData(s.b, u.fresh)}, closers)
	return nil
}
