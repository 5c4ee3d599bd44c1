package index_test

import (
	"context"
	"slices"
	"testing"

	"dossier/index"
	"dossier/model"
)

// leadOf runs q with the reader's language lang and returns the hit of
// the family holding id, and how many results that family is.
func leadOf(t *testing.T, ix *index.Index, q, lang, id string) (index.Hit, int) {
	t.Helper()
	res, err := ix.Search(context.Background(), index.Request{Query: q, Limit: 50, Lang: lang})
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	var found []index.Hit
	for _, h := range res.Hits {
		if h.ID == id || slices.ContainsFunc(h.Versions, func(v index.Version) bool { return v.ID == id }) {
			found = append(found, h)
		}
	}
	if len(found) == 0 {
		t.Fatalf("%q: %s not found", q, id)
	}
	return found[0], len(found)
}

// TestVersionInTheLanguageOfTheQuery: on the seeds, an English query shows
// the English original even where the shorter German translation scores
// higher; a German query shows the German translation; a word that is in
// both (a name) shows the reader's language.
func TestVersionInTheLanguageOfTheQuery(t *testing.T) {
	ix, err := seedIndex()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		query, lang, want string
	}{
		{"batteries", "en", roadmap},
		{"batteries", "de", roadmap}, // the word is English: the reader's language does not matter
		{"memoranda", "en", roadmap},
		{`"CRM Act"`, "en", roadmap},
		{"CRM Act", "en", roadmap},
		{"battery production", "en", roadmap},
		{"hydrogen", "de", roadmap},
		{"Wasserstoff", "en", germanRM},
		{"Rohstoffe", "en", germanRM},
		{"kritische Rohstoffe", "en", germanRM},
		{"Kasachstan", "en", germanRM},
		{"Samarkand", "en", roadmap}, // a name: the reader's language
		{"Samarkand", "de", germanRM},
		{"Samarkand", "", roadmap}, // no reader's language: the original
		{"Samarkand", "ru", roadmap},
		{"Šefčovič OR Samarkand", "de", germanRM},
	} {
		h, n := leadOf(t, ix, tt.query, tt.lang, roadmap)
		if n != 1 {
			t.Errorf("%q: the article and its translation are %d results", tt.query, n)
		}
		if h.ID != tt.want {
			t.Errorf("%q (reader %q): shows %s, want %s", tt.query, tt.lang, h.ID, tt.want)
		}
	}
}

// TestVersionRuleOnOwnArticles: the same rule on articles written for the
// test, in English, German and Russian, whose translations are shorter
// (and so score higher) than their originals.
func TestVersionRuleOnOwnArticles(t *testing.T) {
	en := model.Document{Article: model.Article{ID: "en", Title: "Hydrogen plant planned in Mangystau", Lang: "en"},
		Body: "The government of Kazakhstan and a European consortium signed an agreement on a green hydrogen plant in Mangystau. " +
			"The electrolysers will run on wind power from the Caspian coast, and the first tonnes of hydrogen are expected in 2030. " +
			"Officials in Aktau said that the project would also build a desalination plant for the region."}
	de := model.Document{Article: model.Article{ID: "de", Title: "Wasserstoffwerk in Mangystau geplant", Lang: "de", TranslationOf: "en"},
		Body: "Kasachstan und ein europäisches Konsortium vereinbarten ein Werk für grünen Wasserstoff in Mangystau."}
	ru := model.Document{Article: model.Article{ID: "ru", Title: "В Мангистау построят водородный завод", Lang: "ru", TranslationOf: "en"},
		Body: "Казахстан и европейский консорциум подписали соглашение о заводе зелёного водорода в Мангистау."}
	ix, err := index.Open(context.Background(), model.NewMemCorpus("t", []model.Document{en, de, ru}), index.Options{Synonyms: [][]string{
		{"Kazakhstan", "Kasachstan", "Казахстан"}, {"hydrogen", "Wasserstoff", "водород"}, {"Mangystau", "Мангистау"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, tt := range []struct {
		query, lang, want string
	}{
		{"hydrogen", "de", "en"},
		{"Wasserstoff", "en", "de"},
		{"водород", "en", "ru"},
		{"Kasachstan Wasserstoff", "ru", "de"},
		{"Mangystau", "en", "en"}, // in the English and German texts, through a synonym in the Russian: the reader's
		{"Mangystau", "de", "de"},
		{"Mangystau", "ru", "en"}, // the Russian text spells it Мангистау: the words decide against it
		{"Mangystau", "fr", "en"}, // no version in the reader's language: the original
		{"Mangystau", "", "en"},
	} {
		h, n := leadOf(t, ix, tt.query, tt.lang, "en")
		if n != 1 {
			t.Errorf("%q: one article is %d results", tt.query, n)
		}
		if h.ID != tt.want {
			t.Errorf("%q (reader %q): shows %s, want %s", tt.query, tt.lang, h.ID, tt.want)
		}
	}
}

// TestArticlesCountWhatIsListed: Total counts every matching document,
// Articles the hits as listed (a translation beside its original), also
// beyond the returned page and across parts.
func TestArticlesCountWhatIsListed(t *testing.T) {
	res := search(t, "hydrogen")
	if res.Total != 5 || res.Articles != uint64(len(res.Hits)) || res.Articles != 4 {
		t.Errorf("hydrogen: total %d, articles %d, %d hits listed", res.Total, res.Articles, len(res.Hits))
	}
	ix, _ := seedIndex()
	page, err := ix.Search(context.Background(), index.Request{Query: "hydrogen", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if page.Articles != 4 || len(page.Hits) != 1 {
		t.Errorf("hydrogen, one per page: articles %d, hits %d", page.Articles, len(page.Hits))
	}
	// Many translated articles, more than a page collects.
	var docs []model.Document
	for i := range 30 {
		id := string(rune('a'+i%26)) + string(rune('0'+i/26))
		docs = append(docs, doc(id, "en", "lithium mine report number "+id))
		if i%3 == 0 {
			tr := doc(id+"-de", "de", "Lithium Bergwerk Bericht "+id)
			tr.TranslationOf = id
			docs = append(docs, tr)
		}
	}
	mem, err := index.Open(context.Background(), model.NewMemCorpus("t", docs), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	got, err := mem.Search(context.Background(), index.Request{Query: "lithium", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != 40 || got.Articles != 30 {
		t.Errorf("lithium: total %d, articles %d; want 40 and 30", got.Total, got.Articles)
	}
}

// TestWhereItMatched: a hit names the fields it matched in, with the
// outlet's and the author's matches as ranges of those texts.
func TestWhereItMatched(t *testing.T) {
	tests := []struct {
		query  string
		fields []string
		field  string // a match in this field, on this text
		text   string
	}{
		{`source:"astana times"`, []string{"source"}, "source", "Astana Times"},
		{`author:banks`, []string{"author"}, "author", "Banks"},
		{`lang:de`, []string{"lang"}, "", ""},
		{`lang:de Samarkand`, []string{"body", "lang"}, "body", "Samarkand"},
		{`title:hydrogen`, []string{"title"}, "title", "hydrogen"},
		{`year:2022 hydrogen`, []string{"title", "body", "date"}, "title", "hydrogen"},
		{`id:` + cop27, []string{"id"}, "", ""},
		{`-lang:de Samarkand`, []string{"body"}, "body", "Samarkand"},
	}
	for _, tt := range tests {
		res := search(t, tt.query)
		if len(res.Hits) == 0 {
			t.Errorf("%q: no hit", tt.query)
			continue
		}
		h := res.Hits[0]
		if !slices.Equal(h.Fields, tt.fields) {
			t.Errorf("%q: fields %v, want %v", tt.query, h.Fields, tt.fields)
		}
		if tt.field == "" {
			continue
		}
		text := map[string]string{"source": h.Source, "author": h.Author, "title": h.Title}
		found := false
		for _, m := range h.Matches {
			if m.Field == tt.field && (tt.field == "body" || text[m.Field][m.Start:m.End] == tt.text) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: no %s match on %q in %+v", tt.query, tt.field, tt.text, h.Matches)
		}
	}
}

func TestCountText(t *testing.T) {
	for _, tt := range []struct{ query, want string }{
		{"hydrogen", "4 articles · 1 also in German"},
		{"Sefcovic", "1 article"},
		{"lang:de", "1 article"},
	} {
		if got := search(t, tt.query).CountText(); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.query, got, tt.want)
		}
	}
}
