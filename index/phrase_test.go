package index_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"dossier/index"
	"dossier/model"
	rm "dossier/model/roadmap"
)

// hostileRepeats is how often the hostile articles repeat their words
// (about 1.2 MB of text each, under the 4 MiB a corpus file may have).
// Checking a phrase by trying every occurrence against every other, as
// bleve does, takes minutes there (3.6 s at 20,000, growing as the square).
const hostileRepeats = 150_000

// generous is the deadline of one search over the hostile articles: the
// search itself takes about a second, also on a loaded machine.
const generous = 60 * time.Second

// within runs f and fails the test if it has not returned by the deadline
// (f keeps running then: an unbounded search cannot be stopped).
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not finish within %v", what, d)
	}
}

// TestPhraseOfRepeatedWordsIsBounded: a phrase whose words an article
// repeats hundreds of thousands of times is checked in time linear in
// the repetitions, and found and highlighted in bounded fragments.
func TestPhraseOfRepeatedWordsIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes two articles of 1.2 MB")
	}
	same := strings.Repeat("lithium ", hostileRepeats)
	pairs := strings.Repeat("lithium battery ", hostileRepeats/2)
	ix := hostileIndex(t,
		doc("same", "en", same),
		doc("pairs", "en", pairs),
		doc("plain", "en", "A lithium battery plant and a lithium lithium typo."),
	)
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{`"lithium lithium"`, []string{"plain", "same"}},
		{`"lithium battery"`, []string{"pairs", "plain"}},
		{`"battery lithium battery"`, []string{"pairs"}},
	} {
		var res *index.Result
		var err error
		within(t, generous, tt.query, func() {
			ctx, cancel := context.WithTimeout(context.Background(), generous)
			defer cancel()
			res, err = ix.Search(ctx, index.Request{Query: tt.query, Limit: 10, Facets: true})
		})
		if err != nil {
			t.Fatalf("%s: %v", tt.query, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
			if len(h.Fragments) == 0 {
				t.Errorf("%s: %s has no fragment", tt.query, h.ID)
			}
			for _, f := range h.Fragments {
				if len(f.Text) > 300 {
					t.Errorf("%s: %s has a fragment of %d bytes", tt.query, h.ID, len(f.Text))
				}
			}
		}
		if strings.Join(sorted(got), " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s found %v, want %v", tt.query, got, tt.want)
		}
	}
}

// TestConcernsOfRepeatedPhraseIsBounded: the items an article concerns
// are read from its text, phrase by phrase, in linear time too.
func TestConcernsOfRepeatedPhraseIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes an article of 1.1 MB")
	}
	body := strings.Repeat("green hydrogen ", hostileRepeats/2) + "\n\nThe end."
	ix := hostileIndex(t, doc("hostile", "en", body), doc("other", "en", "Green hydrogen from Kazakhstan."))
	ctx := context.Background()
	lk, err := ix.NewLinker(ctx, []index.Topic{{ID: "h2", Terms: []rm.Term{{Text: "green hydrogen", Weight: 1, Own: true}}}})
	if err != nil {
		t.Fatal(err)
	}
	var links []index.Link
	within(t, generous, "Concerns", func() { links, err = lk.Concerns(ctx, "hostile", 0) })
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 1 || links[0].TopicID != "h2" || links[0].Passage == (model.Span{}) {
		t.Errorf("links %+v, want h2 with a passage", links)
	}
}

// hostileIndex indexes docs in memory. It is closed only when the test
// passes: Close waits for the searches running, and a search that never
// ends would hold the test binary until its timeout.
func hostileIndex(t *testing.T, docs ...model.Document) *index.Index {
	t.Helper()
	ix, err := index.Open(context.Background(), model.NewMemCorpus("t", docs), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if !t.Failed() {
			ix.Close()
		}
	})
	return ix
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
