package index_test

import (
	"context"
	"fmt"
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

// TestPhraseSearch: a phrase is found where its words stand in order in
// one part of one article (title or body, never across the two), in the
// article's own language, with stop words' gaps, beside other terms and
// exclusions; its matches are the phrase's occurrences only, and every
// article that has it is counted once.
func TestPhraseSearch(t *testing.T) {
	titled := func(id, lang, title, body string) model.Document {
		d := doc(id, lang, body)
		d.Title = title
		return d
	}
	docs := []model.Document{
		titled("title", "en", "Lithium battery plant opens", "The plant is in Almaty."),
		titled("split", "en", "News on lithium", "Battery makers gather."),
		titled("body", "en", "Report", "Lithium is mined here. A battery is built there. Then a lithium battery plant."),
		titled("reverse", "en", "Report", "A battery of lithium, a battery lithium."),
		titled("earths", "en", "Report", "The rare earths of Kazakhstan."),
		titled("erden", "de", "Bericht", "Die seltenen Erden Kasachstans und eine Lithium-Batterie."),
		titled("mou", "en", "Report", "A memorandum of understanding was signed."),
		titled("mou-on", "en", "Report", "A memorandum on understanding, a memorandum understanding."),
	}
	var many []string
	for i := range 40 {
		id := fmt.Sprintf("g%02d", i)
		if i%2 == 0 {
			docs = append(docs, titled(id, "en", "Note", "A lithium battery for "+id+"."))
			many = append(many, id)
		} else {
			docs = append(docs, titled(id, "en", "Note", "A battery of lithium for "+id+"."))
		}
	}
	ix := memIndex(t, docs...)
	for _, tt := range []struct {
		query string
		want  []string
		total int
	}{
		{`"lithium battery"`, append([]string{"body", "erden", "title"}, many...), 23},
		{`Almaty "lithium battery"`, []string{"title"}, 1},
		{`"lithium battery" -plant`, append([]string{"erden"}, many...), 21},
		{`"battery lithium"`, []string{"reverse"}, 1},
		{`title:"lithium battery"`, []string{"title"}, 1},
		{`"rare earths"`, []string{"earths"}, 1},
		{`"seltene Erden"`, []string{"erden"}, 1},
		{`"Kazakhstan rare earths"`, nil, 0},
		{`"earths of Kazakhstan"`, []string{"earths"}, 1},
		{`"seltenen Erden Kazakhstan"`, []string{"erden"}, 1},
		{`"memorandum of understanding"`, []string{"mou", "mou-on"}, 2},
		{`"memorandum understanding"`, []string{"mou-on"}, 1},
		{`"understanding memorandum"`, nil, 0},
	} {
		t.Run(tt.query, func(t *testing.T) {
			res, err := ix.Search(context.Background(), index.Request{Query: tt.query, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			if g, w := strings.Join(sorted(got), " "), strings.Join(sorted(tt.want), " "); g != w {
				t.Errorf("found %v, want %v", g, w)
			}
			if int(res.Total) != tt.total {
				t.Errorf("total %d, want %d", res.Total, tt.total)
			}
		})
	}

	// The matches of a phrase are its occurrences, in the part it stands in.
	for _, tt := range []struct{ query, id, want string }{
		{`"lithium battery"`, "title", "title:Lithium battery"},
		{`"lithium battery"`, "body", "body:lithium battery"},
		{`"lithium battery"`, "erden", "body:Lithium-Batterie"},
		{`"battery lithium"`, "reverse", "body:battery lithium"},
		{`"memorandum of understanding"`, "mou-on", "body:memorandum | body:understanding"}, // a stop word is no match
		{`"seltene Erden"`, "erden", "body:seltenen Erden"},
	} {
		res, err := ix.Search(context.Background(), index.Request{Query: tt.query + " id:" + tt.id})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 {
			t.Fatalf("%s in %s: %d hits", tt.query, tt.id, len(res.Hits))
		}
		h := res.Hits[0]
		body, _ := ix.Corpus().Text(h.ID)
		var got []string
		for _, m := range h.Matches {
			text := body
			if m.Field == "title" {
				text = h.Title
			}
			got = append(got, m.Field+":"+text[m.Start:m.End])
		}
		if strings.Join(got, " | ") != tt.want {
			t.Errorf("%s in %s matches %q, want %q", tt.query, tt.id, got, tt.want)
		}
	}
}
