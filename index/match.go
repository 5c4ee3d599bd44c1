package index

import (
	"context"
	"errors"
	"strconv"

	"dossier/model"
)

// Matcher tells which of a few articles match a query, in dossier's search
// syntax and with the corpus's synonyms, by indexing them in a small
// in-memory index of their own: a news source's match query keeps exactly
// what the same query finds in dossier search. Safe for concurrent use.
type Matcher struct {
	Synonyms [][]string // the synonym groups the corpus is indexed with
}

// Match reports, for each document, whether query matches it. A query
// that cannot be parsed returns a *QueryError; one whose every word is too
// common to be indexed matches nothing.
func (m Matcher) Match(ctx context.Context, query string, docs []model.Document) ([]bool, error) {
	out := make([]bool, len(docs))
	if len(docs) == 0 {
		return out, Parse(query)
	}
	w, err := NewMemory(Options{Synonyms: m.Synonyms})
	if err != nil {
		return nil, err
	}
	own := make([]model.Document, len(docs))
	pos := make(map[string]int, len(docs))
	for i, d := range docs {
		d.ID = "m" + strconv.Itoa(i) // the candidates' own ids may collide
		d.TranslationOf = ""
		own[i], pos[d.ID] = d, i
		if err := w.Add(d); err != nil {
			w.Close()
			return nil, err
		}
	}
	if err := w.Flush(); err != nil {
		w.Close()
		return nil, err
	}
	ix, err := New(model.NewMemCorpus("match", own), []Part{{Bleve: w.Bleve()}}, Config{Closer: w.Close})
	if err != nil {
		w.Close()
		return nil, err
	}
	defer ix.Close()
	res, err := ix.Search(ctx, Request{Query: query, Limit: len(docs)})
	if errors.Is(err, ErrNothingToSearch) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		if i, ok := pos[h.ID]; ok {
			out[i] = true
		}
		for _, v := range h.Versions {
			if i, ok := pos[v.ID]; ok {
				out[i] = true
			}
		}
	}
	return out, nil
}
