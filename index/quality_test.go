package index_test

import (
	"context"
	"slices"
	"testing"

	"dossier/index"
	"dossier/model"
)

func memIndex(t *testing.T, docs ...model.Document) *index.Index {
	t.Helper()
	ix, err := index.Open(context.Background(), model.NewMemCorpus("t", docs), index.Options{Synonyms: [][]string{{"Kazakhstan", "Kasachstan"}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func doc(id, lang, body string) model.Document {
	return model.Document{Article: model.Article{ID: id, Title: id, Lang: lang}, Body: body}
}

func hitIDs(t *testing.T, ix *index.Index, q string) []string {
	t.Helper()
	res, err := ix.Search(context.Background(), index.Request{Query: q, Limit: 10})
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestFieldPhrases(t *testing.T) {
	tests := []struct{ query, want string }{
		{`source:"astana times"`, "000_59948b4d9c446ef9 002_c9518c213fe21bc0"},
		{`source:"times astana"`, ""},
		{`author:"martin banks"`, "003_272ce948f6555c66"},
		{`author:"banks martin"`, ""},
		{`source:"european commission"`, "001_23f0434f9776576a"},
	}
	for _, tt := range tests {
		got := ids(search(t, tt.query))
		want := []string{}
		if tt.want != "" {
			want = splitWords(tt.want)
		}
		if !slices.Equal(append([]string{}, got...), want) {
			t.Errorf("%s found %v, want %v", tt.query, got, want)
		}
	}
}

func splitWords(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}

func TestLetterDigitCompounds(t *testing.T) {
	ix := memIndex(t,
		doc("joined", "en", "Leaders met at COP27 in Sharm el-Sheikh."),
		doc("hyphen", "en", "Leaders met at COP-27 in Sharm el-Sheikh."),
		doc("spaced", "en", "Leaders met at COP 27 in Sharm el-Sheikh."),
		doc("other", "en", "Leaders met at COP28 in Dubai, 27 of them."),
	)
	want := []string{"hyphen", "joined", "spaced"}
	for _, q := range []string{"COP27", "COP-27", `"COP 27"`, "cop27"} {
		got := hitIDs(t, ix, q)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s found %v, want %v", q, got, want)
		}
	}
	// The highlight covers the whole compound.
	res, _ := ix.Search(context.Background(), index.Request{Query: "COP27", Limit: 10})
	for _, h := range res.Hits {
		got := bodyMatches(ix, h)
		if len(got) != 1 || (got[0] != "COP27" && got[0] != "COP-27" && got[0] != "COP 27") {
			t.Errorf("%s: matches %q", h.ID, got)
		}
	}
}

func TestTranslationRanksBelowAndBesideItsOriginal(t *testing.T) {
	en := doc("en", "en", "Kazakhstan and the European Union agreed a roadmap on critical raw materials in Samarkand.")
	de := doc("de", "de", "Kasachstan und die Europäische Union haben in Samarkand einen Fahrplan für kritische Rohstoffe vereinbart.")
	de.TranslationOf = "en"
	other := doc("x", "de", "Kasachstan baut eine neue Brücke.")
	ix := memIndex(t, en, de, other)
	for _, tt := range []struct {
		query, lead, beside string
	}{
		{"Kazakhstan", "en", "de"}, // an English query: the English article, the German beside it
		{"Kasachstan", "de", "en"}, // a German query: the German translation first
		{"Samarkand", "en", "de"},  // a neutral word: the original
	} {
		res, err := ix.Search(context.Background(), index.Request{Query: tt.query, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var family []index.Hit
		for _, h := range res.Hits {
			if h.ID == "en" || h.ID == "de" {
				family = append(family, h)
			}
		}
		if len(family) != 1 {
			t.Errorf("%s: the article and its translation are %d results, want 1", tt.query, len(family))
			continue
		}
		if h := family[0]; h.ID != tt.lead || len(h.Versions) != 1 || h.Versions[0].ID != tt.beside {
			t.Errorf("%s: shown as %s with versions %+v, want %s with %s beside", tt.query, h.ID, h.Versions, tt.lead, tt.beside)
		}
	}
	// Among the English texts, the English query's own word ranks the
	// original above a German text that matches only through a synonym.
	res, _ := ix.Search(context.Background(), index.Request{Query: "Kazakhstan", Limit: 10})
	if res.Hits[0].ID != "en" {
		t.Errorf("Kazakhstan: first hit %s, want the English article", res.Hits[0].ID)
	}
}

func TestPartsHideStaleArticles(t *testing.T) {
	old := doc("a", "en", "The alpha version of the text.")
	gone := doc("b", "en", "An alpha article that was removed.")
	now := doc("a", "en", "The beta version of the text.")
	base, err := index.NewMemory(index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base.Add(old)
	base.Add(gone)
	base.Flush()
	over, _ := index.NewMemory(index.Options{})
	over.Add(now)
	over.Flush()
	c := model.NewMemCorpus("t", []model.Document{now})
	ix, err := index.New(c, []index.Part{{Bleve: base.Bleve(), Hide: []string{"a", "b"}}, {Bleve: over.Bleve()}}, index.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(t, ix, "alpha"); len(got) != 0 {
		t.Errorf("alpha found %v in hidden articles", got)
	}
	res, _ := ix.Search(context.Background(), index.Request{Query: "version", Limit: 10, Facets: true})
	if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].ID != "a" || len(res.Hits[0].Fragments) != 1 {
		t.Errorf("version: total %d hits %+v", res.Total, res.Hits)
	}
	if len(res.Facets.Lang) != 1 || res.Facets.Lang[0].Count != 1 {
		t.Errorf("facets count hidden articles: %+v", res.Facets)
	}
}

// TestSynonymPairs: two synonyms one after the other are found in any of
// their languages and spellings, in that order only, and highlighted whole.
func TestSynonymPairs(t *testing.T) {
	ctx := context.Background()
	ix, err := index.Open(ctx, model.NewMemCorpus("t", []model.Document{
		doc("hyphen-en", "en", "The EU-Kazakhstan roadmap was agreed."),
		doc("hyphen-de", "de", "Die EU-Kasachstan Roadmap wurde vereinbart."),
		doc("spaced", "en", "A European Union Kazakhstan meeting took place."),
		doc("apart", "en", "The EU and Kazakhstan met in Astana."),
		doc("reversed", "en", "Kazakhstan EU relations are good."),
		doc("literal-only", "en", "The EU met Japan; Kazakhstan was absent."),
	}), index.Options{Synonyms: [][]string{{"Kazakhstan", "Kasachstan"}, {"European Union", "EU"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := []string{"hyphen-de", "hyphen-en", "spaced"}
	for _, q := range []string{`"EU-Kasachstan"`, "EU-Kazakhstan", `"European Union Kazakhstan"`, `"EU Kasachstan"`} {
		got := hitIDs(t, ix, q)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s found %v, want %v", q, got, want)
		}
	}
	res, _ := ix.Search(ctx, index.Request{Query: `"EU-Kasachstan"`, Limit: 10})
	for _, h := range res.Hits {
		got := bodyMatches(ix, h)
		if len(got) != 1 || !slices.Contains([]string{"EU-Kazakhstan", "EU-Kasachstan", "European Union Kazakhstan"}, got[0]) {
			t.Errorf("%s: matches %q", h.ID, got)
		}
	}
}

// bodyMatches is the text of a hit's matches in its body.
func bodyMatches(ix *index.Index, h index.Hit) []string {
	text, _ := ix.Corpus().Text(h.ID)
	var out []string
	for _, m := range h.Matches {
		if m.Field == "body" {
			out = append(out, text[m.Start:m.End])
		}
	}
	return out
}
