package index_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"dossier/index"
	"dossier/model"
	"dossier/seeds"
)

const (
	astana   = "000_59948b4d9c446ef9" // The Astana Times, June 2023
	cop27    = "001_23f0434f9776576a" // Commission press release, 2022-11-08
	roadmap  = "002_c9518c213fe21bc0" // The Astana Times, 2025-04-07
	keg      = "003_272ce948f6555c66" // ActiveNews, 2025-12-09
	germanRM = "004_d123cf3179b2b0cd" // German translation of 002, undated
)

var seedIndex = sync.OnceValues(func() (*index.Index, error) {
	c, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		return nil, err
	}
	syn, err := index.ParseSynonyms("synonyms.list", seeds.Synonyms)
	if err != nil {
		return nil, err
	}
	return index.Open(context.Background(), c, index.Options{Synonyms: syn})
})

func search(t *testing.T, q string) *index.Result {
	t.Helper()
	ix, err := seedIndex()
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), index.Request{Query: q, Limit: 50, Facets: true})
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return res
}

func ids(res *index.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
		for _, v := range h.Versions {
			out = append(out, v.ID)
		}
	}
	slices.Sort(out)
	return out
}

func TestSearchSeeds(t *testing.T) {
	all := []string{astana, cop27, roadmap, keg, germanRM}
	tests := []struct {
		name, query string
		want        []string
	}{
		{"folding š č", "Sefcovic", []string{astana}},
		{"folding ć", "Simkic", []string{roadmap, germanRM}},
		{"accents typed", "Šefčovič", []string{astana}},
		{"german umlaut folded", "Europaische", []string{germanRM}},
		{"english stemming plural", "batteries", all},
		{"english stemming singular", "battery", all},
		{"german stemming", "Batterie", all},
		{"german stemming of compound-free word", "gebilligt", []string{germanRM}},
		{"german inflection", "strategischer", []string{germanRM}},
		{"synonym across languages", "Kasachstan", all},
		{"synonym cyrillic", "Казахстан", all},
		{"synonym irregular plural", "memoranda", []string{astana, cop27, roadmap, keg, germanRM}},
		{"synonym acronym MoU", "MoU", []string{astana, cop27, roadmap, keg, germanRM}},
		{"multi-word synonym unquoted", "CRM Act", []string{roadmap, keg, germanRM}},
		{"multi-word synonym expanded", "Critical Raw Materials Act", []string{roadmap, keg, germanRM}},
		{"phrase", `"raw materials in exchange for technology"`, []string{astana}},
		{"phrase order matters", `"technology for exchange"`, nil},
		{"all words must match", "lithium Karabayev", []string{astana}},
		{"all words must match, none", "lithium Samarkand", nil},
		{"exclusion", "Samarkand -lang:de", []string{roadmap}},
		{"exclusion of a word", "roadmap -Samarkand", []string{astana, cop27}},
		{"only exclusion", "-Kazakhstan", nil},
		{"OR", "lithium OR tailings", []string{astana, keg}},
		{"grouping", "(lithium OR tailings) Terterov", []string{keg}},
		{"prefix", "lith*", []string{astana}},
		{"prefix folded", "šefč*", []string{astana}},
		{"title field", "title:gateway", []string{keg}},
		{"title field phrase", `title:"renewable hydrogen"`, []string{cop27}},
		{"lang filter", "lang:de", []string{germanRM}},
		{"source filter", "source:astana", []string{astana, roadmap}},
		{"source phrase", `source:"activenews"`, []string{keg}},
		{"author", "author:banks", []string{keg}},
		{"year", "year:2025", []string{roadmap, keg}},
		{"year range", "year:2022..2023", []string{cop27, astana}},
		{"date from, unquoted", "date:>=2023-01-01", []string{astana, roadmap, keg}},
		{"date before", "date:<2023", []string{cop27}},
		{"date after a year", "date:>2024", []string{roadmap, keg}},
		{"date month", "date:2025-04", []string{roadmap}},
		{"date range", "date:2023-01-01..2025-04-30", []string{astana, roadmap}},
		{"date and words", "hydrogen date:<=2023-06-30", []string{cop27, astana}},
		{"id", "id:" + keg, []string{keg}},
		{"hyphenated word is a phrase of synonyms", "EU-Kazakhstan", []string{roadmap, keg, germanRM}}, // EU-Kasachstan
		{"stop words are ignored", "the lithium und", []string{astana}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if got := ids(search(t, tt.query)); !slices.Equal(got, want) {
				t.Errorf("%q found %v, want %v", tt.query, got, want)
			}
		})
	}
}

func TestMatchesAreExactByteRanges(t *testing.T) {
	ix, _ := seedIndex()
	tests := []struct {
		query string
		want  []string // the matched text of every match, in order, per first hit
	}{
		{"Sefcovic", []string{"Šefčovič", "Šefčovič", "Šefčovič", "Šefčovič"}},
		{"Simkic lang:de", []string{"Simkić"}},
		{`"raw materials in exchange"`, []string{"raw materials", "exchange"}}, // "in" is not indexed
		{"title:gateway", []string{"Gateway"}},
	}
	for _, tt := range tests {
		res := search(t, tt.query)
		if len(res.Hits) == 0 {
			t.Fatalf("%q: no hits", tt.query)
		}
		h := res.Hits[0]
		a, _ := ix.Corpus().Article(h.ID)
		body, _ := ix.Corpus().Text(h.ID)
		var got []string
		for _, m := range h.Matches {
			text := body
			if m.Field == "title" {
				text = a.Title
			}
			got = append(got, text[m.Start:m.End])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: matches %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestHitFieldsAndFacets(t *testing.T) {
	res := search(t, "Samarkand")
	if res.Total != 2 {
		t.Fatalf("total %d", res.Total)
	}
	byID := map[string]index.Hit{}
	for _, h := range res.Hits {
		byID[h.ID] = h
	}
	h := byID[roadmap]
	if h.Title != "EU, Kazakhstan strengthen cooperation on critical raw materials" || h.Date != "2025-04-07" ||
		h.Lang != "en" || h.Source != "The Astana Times" || h.Score <= 0 {
		t.Errorf("hit %+v", h)
	}
	if len(h.Fragments) != 1 || !strings.Contains(h.Fragments[0].Marked("[", "]"), "in [Samarkand] on April 4") {
		t.Errorf("fragments %+v", h.Fragments)
	}
	if len(res.Hits) != 1 || !slices.Equal(h.Versions, []index.Version{{ID: germanRM, Lang: "de", Title: "EU und Kasachstan intensivieren Kooperation bei strategischen Rohstoffen"}}) {
		t.Errorf("the German translation is not shown beside its original: %d hits, versions %+v", len(res.Hits), h.Versions)
	}
	want := index.Facets{
		Lang:   []index.FacetCount{{Term: "de", Count: 1}, {Term: "en", Count: 1}},
		Year:   []index.FacetCount{{Term: "2025", Count: 1}},
		Source: []index.FacetCount{{Term: "The Astana Times", Count: 1}, {Term: "Turkish News World (German edition)", Count: 1}},
	}
	if !slices.Equal(res.Facets.Lang, want.Lang) || !slices.Equal(res.Facets.Year, want.Year) || !slices.Equal(res.Facets.Source, want.Source) {
		t.Errorf("facets %+v, want %+v", res.Facets, want)
	}
}

func TestQueryErrors(t *testing.T) {
	tests := []struct {
		query string
		col   int
		msg   string
	}{
		{`"raw materials`, 1, "never closed"},
		{"lithium (battery", 9, "'(' is never closed"},
		{"lithium)", 8, "unmatched ')'"},
		{"()", 2, "empty group"},
		{"OR lithium", 1, "OR needs a term before it"},
		{"lithium OR", 9, "OR needs a term after it"},
		{"lithium OR OR x", 9, "OR needs a term after it"},
		{"- lithium", 1, "a lone '-'"},
		{"--lithium", 2, "double negation"},
		{"foo:bar", 1, `unknown field "foo:"`},
		{"lang:german", 6, "not a language code"},
		{"year:twenty", 6, "is not a date"},
		{"year:2025-04", 6, "is not a year"},
		{"date:2025-13-01", 6, "is not a date"},
		{"date:2025..2024", 6, "ends before it starts"},
		{"date:", 6, "needs a value"},
		{"l*", 1, "too short"},
		{"li*um", 3, "only at the end"},
		{"   ", 1, "empty query"},
		{`title:""`, 7, "empty phrase"},
		{"Šefčovič )", 10, "unmatched ')'"},
		{"lithium is:old", 12, "is:old is not known"},
		{`is:"new"`, 4, "is not known"},
		{"lithium is:new", 9, "needs to know who is asking"},
		{"lithium NOT (is:new OR x)", 14, "needs to know who is asking"},
	}
	ix, _ := seedIndex()
	for _, tt := range tests {
		_, err := ix.Search(context.Background(), index.Request{Query: tt.query})
		var qe *index.QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%q: error %v, want a QueryError", tt.query, err)
			continue
		}
		if qe.Column() != tt.col || !strings.Contains(qe.Msg, tt.msg) {
			t.Errorf("%q: %v, want column %d and %q", tt.query, qe, tt.col, tt.msg)
		}
	}
}

func TestStopWordsOnly(t *testing.T) {
	ix, _ := seedIndex()
	_, err := ix.Search(context.Background(), index.Request{Query: "the and der"})
	if !errors.Is(err, index.ErrNothingToSearch) {
		t.Errorf("err = %v, want ErrNothingToSearch", err)
	}
}

func TestSearchWhileWriting(t *testing.T) {
	c, _, _ := model.LoadCorpus(seeds.Corpus, seeds.Name)
	w, err := index.NewMemory(index.Options{BatchSize: 1}) // no synonyms: Kazakhstan misses the German text
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.New(c, []index.Part{{Bleve: w.Bleve()}}, index.Config{Closer: w.Close, Partial: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	count := func() uint64 {
		res, err := ix.Search(context.Background(), index.Request{Query: "Kazakhstan"})
		if err != nil || !res.Partial {
			t.Fatalf("search: %v, %+v", err, res)
		}
		return res.Total
	}
	if n := count(); n != 0 {
		t.Fatalf("before any article: %d hits", n)
	}
	for i, a := range c.Articles {
		text, _ := c.Text(a.ID)
		if err := w.Add(model.Document{Article: a, Body: text}); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			w.Flush()
			if n := count(); n != 2 {
				t.Errorf("after 2 articles: %d hits, want 2", n)
			}
		}
	}
	w.Flush()
	if n := count(); n != 4 {
		t.Errorf("after all: %d hits, want 4 (not the German text)", n)
	}
}

func TestOpenCancelled(t *testing.T) {
	c, _, _ := model.LoadCorpus(seeds.Corpus, seeds.Name)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := index.Open(ctx, c, index.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}
