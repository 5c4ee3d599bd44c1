package library

import (
	"context"
	"errors"

	"dossier/index"
	"dossier/model"
)

// ErrEmpty is returned when no file of the corpus could be read as an article.
var ErrEmpty = errors.New("the corpus has no readable articles (see the warnings above)")

// load reads the corpus the way the options say.
func (l *Library) load(ctx context.Context) error {
	l.loadMu.Lock()
	defer l.loadMu.Unlock()
	if l.kept != nil {
		return l.loadKept(ctx)
	}
	return l.loadMemory(ctx)
}

// loadMemory reads every article into memory and indexes it there: the
// embedded seeds (milliseconds), or any corpus with --no-cache.
func (l *Library) loadMemory(ctx context.Context) error {
	l.progress(Progress{Stage: StageScan})
	ld := model.Loader{MaxBytes: l.opts.MaxBytes}
	if len(l.opts.Dirs) == 0 {
		if err := ld.Add(l.opts.Seeds, l.opts.SeedsName); err != nil {
			return err
		}
	} else {
		for i, dir := range l.opts.Dirs {
			if err := ld.Add(model.DirFS(dir), l.labels[i]); err != nil {
				return err
			}
		}
	}
	c := ld.Finish(Name(Options{Dirs: l.labels, SeedsName: l.opts.SeedsName}))
	for _, w := range ld.Warnings() {
		l.warn(w)
	}
	if c.Len() == 0 {
		return ErrEmpty
	}
	l.progress(Progress{Stage: StageIndex, Total: c.Len()})
	ix, err := index.Open(ctx, c, index.Options{Synonyms: l.opts.Synonyms})
	if err != nil {
		return err
	}
	derived := map[string][]byte{}
	if d := l.opts.Deriver; d != nil {
		for _, a := range c.Articles {
			doc, err := c.Document(a.ID)
			if err != nil {
				ix.Close()
				return err
			}
			data, err := d.Derive(ctx, doc, refOf(c.Article, a))
			if err != nil {
				ix.Close()
				return err
			}
			derived[a.ID] = data
		}
	}
	l.progress(Progress{Stage: StageReady, Done: c.Len(), Total: c.Len()})
	l.swap(&Snapshot{Corpus: c, Index: ix, derived: &derivedSet{now: derived}}, nil)
	return nil
}

// refOf is the article whose date anchors a's relative dates: a itself
// when it is dated to the day or month, else the nearest original up its
// translation chain that is (the timeline's References agree).
func refOf(lookup func(string) (model.Article, bool), a model.Article) model.Article {
	usable := func(x model.Article) bool { return x.Precision == model.Day || x.Precision == model.Month }
	for cur, steps := a, 0; steps < 64; steps++ {
		if usable(cur) {
			return cur
		}
		next, ok := lookup(cur.TranslationOf)
		if cur.TranslationOf == "" || !ok || next.ID == cur.ID {
			break
		}
		cur = next
	}
	return a
}
