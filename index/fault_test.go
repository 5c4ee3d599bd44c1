package index_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"dossier/index"
	"dossier/model"
	"dossier/seeds"
)

// bleveIndex embeds a bleve index (whose method Index hides the field name).
type bleveIndex = bleve.Index

// panicky is a bleve index whose searches panic, as a damaged segment's
// may (index out of range).
type panicky struct{ bleveIndex }

func (panicky) SearchInContext(context.Context, *bleve.SearchRequest) (*bleve.SearchResult, error) {
	panic("runtime error: index out of range [7] with length 3")
}

// failing is a bleve index whose searches fail, as a damaged segment's may
// (a roaring bitmap that does not decode).
type failing struct{ bleveIndex }

func (failing) SearchInContext(context.Context, *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return nil, errors.New("error unmarshalling roaring bitmap")
}

// TestFaultIsSuspected: a search that fails inside the index library, by
// an error or a panic, is a *Fault; Config.Suspect is then asked once, and
// the index it gives answers the search. A query error or a cancelled
// search asks nothing.
func TestFaultIsSuspected(t *testing.T) {
	ctx := context.Background()
	c, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	good, err := index.Open(ctx, c, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer good.Close()
	want, err := good.Search(ctx, index.Request{Query: "lithium"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := index.NewMemory(index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, broken := range []bleve.Index{panicky{w.Bleve()}, failing{w.Bleve()}} {
		var asked []error
		suspect := func(_ context.Context, fault error) *index.Index {
			asked = append(asked, fault)
			return good
		}
		plain, _ := index.New(c, []index.Part{{Bleve: broken}}, index.Config{})
		_, err := plain.Search(ctx, index.Request{Query: "lithium"})
		var f *index.Fault
		if !errors.As(err, &f) {
			t.Errorf("%T: without Suspect the search gave %v, want a *index.Fault", broken, err)
		}
		healed, _ := index.New(c, []index.Part{{Bleve: broken}}, index.Config{Suspect: suspect})
		got, err := healed.Search(ctx, index.Request{Query: "lithium"})
		if err != nil || !slices.Equal(ids(got), ids(want)) || len(asked) != 1 {
			t.Errorf("%T: with Suspect: %v, %v; Suspect asked %d times", broken, got, err, len(asked))
		}
		if _, err := healed.Search(ctx, index.Request{Query: `"unclosed`}); err == nil || len(asked) != 1 {
			t.Errorf("%T: a query error gave %v and asked Suspect (%d)", broken, err, len(asked))
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		healed.Search(cancelled, index.Request{Query: "lithium"})
		if len(asked) != 1 {
			t.Errorf("%T: a cancelled search asked Suspect", broken)
		}
	}
}

// TestGuardChoosesTheIndex: Config.Guard is asked before each search and
// the index it gives answers.
func TestGuardChoosesTheIndex(t *testing.T) {
	ctx := context.Background()
	c, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	good, err := index.Open(ctx, c, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer good.Close()
	w, err := index.NewMemory(index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	asked := 0
	ix, _ := index.New(c, []index.Part{{Bleve: panicky{w.Bleve()}}}, index.Config{Guard: func(context.Context) *index.Index { asked++; return good }})
	res, err := ix.Search(ctx, index.Request{Query: "lithium"})
	if err != nil || res.Total == 0 || asked != 1 {
		t.Errorf("guarded search: %v, %v, guard asked %d times", res, err, asked)
	}
}
