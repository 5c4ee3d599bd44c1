package index_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/index"
	"dossier/model"
)

// Fragments stay a few hundred bytes around the match whatever the text:
// a paragraph of 1.6 MB of the same word (every occurrence a match, all
// merged into one long match) or one word of 100,000 letters.
var lithiumN = 200_000

func TestFragmentsAreBounded(t *testing.T) {
	const maxFragment = 300 // fragSize (220) plus the last word and the ellipses
	long := strings.TrimSpace(strings.Repeat("lithium ", lithiumN))
	word := strings.Repeat("graphite", 12_500)
	fsys := fstest.MapFS{
		"repeat.txt": {Data: []byte("Lithium everywhere\n\nThe report says: " + long + ".\n\nThe end.")},
		"word.txt":   {Data: []byte("One word\n\nThis text holds " + word + " as one word, then graphite alone.")},
	}
	c, _, err := model.LoadCorpus(fsys, "t")
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(context.Background(), c, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"lithium", "lithium OR graphite", "graphite*", "graphite"} {
		res, err := ix.Search(context.Background(), index.Request{Query: q, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Fatalf("%s: no hit", q)
		}
		for _, h := range res.Hits {
			if len(h.Fragments) == 0 {
				t.Errorf("%s: %s has no fragment", q, h.ID)
			}
			for _, f := range h.Fragments {
				if len(f.Text) > maxFragment {
					t.Errorf("%s: %s: fragment of %d bytes: %.80q…", q, h.ID, len(f.Text), f.Text)
				}
				if len(f.Marks) == 0 {
					t.Errorf("%s: %s: fragment without a mark: %q", q, h.ID, f.Text)
				}
				for _, m := range f.Marks {
					if m.Start < 0 || m.End > len(f.Text) || m.Start >= m.End {
						t.Errorf("%s: %s: mark %v outside %q", q, h.ID, m, f.Text)
					}
				}
			}
		}
		if js, err := res.MarshalJSON(); err != nil || len(js) > 8192 {
			t.Errorf("%s: --json of the result is %d bytes (%v)", q, len(js), err)
		}
	}
}
