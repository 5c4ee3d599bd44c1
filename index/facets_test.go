package index_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"dossier/index"
	"dossier/model"
)

// TestNumberedFacets: facets counted through the document table of a part
// that never changes equal those bleve counts from the index, also when
// the index holds obsolete versions of changed and deleted articles.
func TestNumberedFacets(t *testing.T) {
	ctx := context.Background()
	c := generateCorpus(400, 60, 3)
	path := filepath.Join(t.TempDir(), "ix")
	w, err := index.Create(path, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range c.Articles {
		text, _ := c.Text(a.ID)
		if err := w.Add(model.Document{Article: a, Body: text}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// A second writer changes ten articles and deletes ten: the index then
	// holds numbers of documents that are no longer live.
	w, err = index.OpenWriter(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	var kept []model.Document
	for i, a := range c.Articles {
		text, _ := c.Text(a.ID)
		switch {
		case i%40 == 0:
			if err := w.Delete(a.ID); err != nil {
				t.Fatal(err)
			}
			continue
		case i%40 == 1:
			a.Outlet, a.Lang = "Changed Outlet", "en"
			if err := w.Add(model.Document{Article: a, Body: text}); err != nil {
				t.Fatal(err)
			}
		}
		if i%7 == 3 { // translations, counted with their originals
			a.TranslationOf = c.Articles[i-1].ID
		}
		kept = append(kept, model.Document{Article: a, Body: text})
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	corpus := model.NewMemCorpus("t", kept)

	b, err := bleve.OpenUsing(path, map[string]any{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ids, err := index.ReadDocIDs(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	live := 0
	for _, id := range ids {
		if id != "" {
			live++
		}
	}
	if live != len(kept) {
		t.Fatalf("%d numbered documents, %d articles", live, len(kept))
	}
	plain, err := index.New(corpus, []index.Part{{Bleve: b}}, index.Config{})
	if err != nil {
		t.Fatal(err)
	}
	numbered, err := index.New(corpus, []index.Part{{Bleve: b, IDs: ids}}, index.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"the", `source:"changed outlet"`, "Changed", "year:2021", "-lang:de", c.Articles[5].Title, `"` + c.Articles[9].Title + `"`} {
		want, err1 := plain.Search(ctx, index.Request{Query: q, Limit: 5, Facets: true})
		got, err2 := numbered.Search(ctx, index.Request{Query: q, Limit: 5, Facets: true})
		if err1 != nil || err2 != nil {
			if (err1 == nil) != (err2 == nil) {
				t.Errorf("%q: errors %v and %v", q, err1, err2)
			}
			continue
		}
		if got.Total != want.Total || !reflect.DeepEqual(got.Facets, want.Facets) {
			t.Errorf("%q: numbered %d %+v\nindex %d %+v", q, got.Total, got.Facets, want.Total, want.Facets)
		}
		all, err := plain.Search(ctx, index.Request{Query: q, Limit: len(kept)})
		if err != nil {
			t.Fatal(err)
		}
		if got.Articles != uint64(len(all.Hits)) || want.Articles != got.Articles {
			t.Errorf("%q: articles %d numbered, %d through the index, %d listed in full", q, got.Articles, want.Articles, len(all.Hits))
		}
		if len(got.Hits) != len(want.Hits) || len(got.Hits) > 0 && got.Hits[0].ID != want.Hits[0].ID {
			t.Errorf("%q: hits differ", q)
		}
	}
}
