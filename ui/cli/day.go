package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/model/triage"
)

// The analyst's commands (new, concerns, cite, saved, and the news in
// roadmap and export) need the corpus with its index, the catalogue and
// the store together.

// dayEnv is the corpus, its index, the catalogue and the store, open.
type dayEnv struct {
	cat  *roadmap.Catalogue
	lib  *library.Library
	snap *library.Snapshot
	st   review.Store // nil when not opened
	who  string
}

// openDay opens the catalogue, the corpus with its index and, when
// withStore is set, the review store.
func (e ReviewEnv) openDay(ctx context.Context, withStore bool, errOut io.Writer) (*dayEnv, error) {
	cat, err := LoadRoadmap(e.RoadmapFile)
	if err != nil {
		return nil, err
	}
	lib, err := OpenLibrary(ctx, e.Sources, nil, errOut)
	if err != nil {
		return nil, err
	}
	d := &dayEnv{cat: cat, lib: lib, snap: lib.Snapshot(), who: Reviewer(e.As)}
	if withStore {
		if d.st, err = OpenStore(e.DataOptions); err != nil {
			lib.Close()
			return nil, err
		}
	}
	return d, nil
}

// Close closes what openDay opened.
func (d *dayEnv) Close() {
	if d.st != nil {
		d.st.Close()
	}
	d.lib.Close()
}

func (d *dayEnv) corpus() *model.Corpus { return d.snap.Corpus }

// userState is the store's per-person state.
func (d *dayEnv) userState() (review.UserState, error) {
	us, ok := review.UserStateOf(d.st)
	if !ok {
		return nil, errors.New("this review store keeps no per-person state")
	}
	return us, nil
}

// linker relates the corpus to the catalogue's items, their accepted
// evidence included (reviews may be nil).
func (d *dayEnv) linker(ctx context.Context, reviews map[string]review.Review) (*index.Linker, error) {
	return d.snap.Index.NewLinker(ctx, index.RoadmapTopics(d.cat, EvidenceQuotes(reviews)))
}

// EvidenceQuotes lists the quotes accepted as evidence, by item.
func EvidenceQuotes(reviews map[string]review.Review) map[string][]string {
	out := map[string][]string{}
	for id, r := range reviews {
		for _, e := range r.Evidence {
			out[id] = append(out[id], e.Quote)
		}
	}
	return out
}

// news finds each item's latest news: its newest evidence, or the newest
// article strongly linked to it.
func (d *dayEnv) news(ctx context.Context, lk *index.Linker, reviews map[string]review.Review) (map[string]triage.News, error) {
	links, err := lk.LatestAll(ctx)
	if err != nil {
		return nil, fmt.Errorf("news of the roadmap's items: %w", err)
	}
	return triage.LastNews(reviews, d.corpus(), links), nil
}

// newArticles returns the ids of the corpus's articles that are new for
// the person, in corpus order.
func (d *dayEnv) newArticles(ctx context.Context) ([]string, error) {
	us, err := d.userState()
	if err != nil {
		return nil, err
	}
	return us.NewArticles(ctx, d.who, d.corpus().IDs())
}
