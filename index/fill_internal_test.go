package index

import (
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"dossier/model"
)

// fillDoc is an article of the given language whose body is word.
func fillDoc(id, lang, word string) model.Document {
	return model.Document{Article: model.Article{ID: id, Title: id, Lang: lang}, Body: word}
}

// Each language's articles fill batches of their own: with articles of two
// languages taking turns, every segment the batches make holds one
// language (one term in its lang field).
func TestBatchesHoldOneLanguage(t *testing.T) {
	w, err := NewMemory(Options{BatchSize: 4}) // in memory, scorch merges no segments

	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for i := range 40 {
		lang := []string{"en", "de"}[i%2]
		if err := w.Add(fillDoc(fmt.Sprintf("a%02d", i), lang, "lithium")); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	sz, ok := w.scorch()
	if !ok {
		t.Fatal("not a scorch index")
	}
	segs := segmentsOf(sz)
	if len(segs) < 10 {
		t.Fatalf("%d segments for 40 articles in batches of 4, want at least 10", len(segs))
	}
	for i, s := range segs {
		d, err := s.Segment().Dictionary(fieldLang)
		if err != nil {
			t.Fatal(err)
		}
		var langs []string
		for _, lang := range []string{"en", "de"} {
			if ok, err := d.Contains([]byte(lang)); err != nil {
				t.Fatal(err)
			} else if ok {
				langs = append(langs, lang)
			}
		}
		if len(langs) != 1 {
			t.Errorf("segment %d (%d articles) holds languages %v, want one", i, s.Segment().Count(), langs)
		}
	}
}

// The changes of one article keep their order when it moves between the
// batches of two languages, or is removed and added again: the last one
// made is the one that holds.
func TestChangesOfOneArticleKeepTheirOrder(t *testing.T) {
	type change struct {
		lang, word string // "" lang: a removal
	}
	cases := map[string]struct {
		changes []change
		want    string // the word the article is found by; "" for none
	}{
		"english then german":                {[]change{{"en", "cobalt"}, {"de", "nickel"}}, "nickel"},
		"german then english":                {[]change{{"de", "cobalt"}, {"en", "nickel"}}, "nickel"},
		"added then removed":                 {[]change{{"de", "cobalt"}, {"", ""}}, ""},
		"removed then added":                 {[]change{{"", ""}, {"de", "nickel"}}, "nickel"},
		"moved, removed, added in the first": {[]change{{"en", "cobalt"}, {"de", "zinc"}, {"", ""}, {"en", "nickel"}}, "nickel"},
		"moved back":                         {[]change{{"de", "cobalt"}, {"en", "zinc"}, {"de", "nickel"}}, "nickel"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			w, err := NewMemory(Options{BatchSize: 100})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			// Another article in each language, so that each has a batch
			// being filled before the changes.
			for _, lang := range []string{"en", "de"} {
				if err := w.Add(fillDoc("other-"+lang, lang, "boron")); err != nil {
					t.Fatal(err)
				}
			}
			for _, ch := range c.changes {
				if ch.lang == "" {
					err = w.Delete("x")
				} else {
					err = w.Add(fillDoc("x", ch.lang, ch.word))
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			for _, word := range []string{"cobalt", "nickel", "zinc"} {
				q := bleve.NewTermQuery(word)
				q.SetField(fieldText)
				res, err := w.Bleve().Search(bleve.NewSearchRequest(q))
				if err != nil {
					t.Fatal(err)
				}
				want := uint64(0)
				if word == c.want {
					want = 1
				}
				if res.Total != want {
					t.Errorf("%s: %d articles, want %d", word, res.Total, want)
				}
			}
			if n, _ := w.Bleve().DocCount(); n != 2+boolInt(c.want != "") {
				t.Errorf("%d articles in the index, want %d", n, 2+boolInt(c.want != ""))
			}
		})
	}
}

func boolInt(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
