package index

import (
	"context"
	"errors"
	"testing"

	"dossier/model"
)

// TestMatcherMeansWhatSearchMeans: a match query is dossier's search
// syntax, with its stemming, accent folding, synonyms and field filters.
func TestMatcherMeansWhatSearchMeans(t *testing.T) {
	doc := func(id, title, body, lang string) model.Document {
		return model.Document{Article: model.Article{ID: id, Title: title, Lang: lang, Outlet: "Kazinform"}, Body: body}
	}
	docs := []model.Document{
		doc("same", "Lithium deposits in Kazakhstan", "The EU and Kazakhstan agreed to develop lithium deposits together under the strategic partnership.", "en"),
		doc("same", "Football results", "Astana won the match on Sunday; the league table is unchanged.", "en"),
		doc("x", "Rohstoffe", "Die EU und Kasachstan vertiefen die Zusammenarbeit bei kritischen Rohstoffen und Batterien.", "de"),
	}
	m := Matcher{Synonyms: [][]string{{"kazakhstan", "kasachstan", "казахстан"}}}
	tests := []struct {
		query string
		want  []bool
	}{
		{"lithium", []bool{true, false, false}},
		{"kazakhstan", []bool{true, false, true}}, // synonyms: Kasachstan
		{"deposit", []bool{true, false, false}},   // stemmed: deposits
		{`"strategic partnership"`, []bool{true, false, false}},
		{"kazakhstan -lithium", []bool{false, false, true}},
		{"lang:de", []bool{false, false, true}},
		{"title:football OR title:rohstoffe", []bool{false, true, true}},
		{"source:kazinform astana", []bool{false, true, false}},
		{"the", []bool{false, false, false}}, // only a stop word: nothing
	}
	for _, tt := range tests {
		got, err := m.Match(context.Background(), tt.query, docs)
		if err != nil {
			t.Errorf("Match(%q): %v", tt.query, err)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Match(%q)[%d] = %v, want %v", tt.query, i, got[i], tt.want[i])
			}
		}
	}
	var qe *QueryError
	if _, err := m.Match(context.Background(), `title:"unclosed`, docs); !errors.As(err, &qe) {
		t.Errorf("a bad query: %v, want a *QueryError", err)
	}
	if _, err := m.Match(context.Background(), `(lithium`, nil); !errors.As(err, &qe) {
		t.Errorf("a bad query without documents: %v, want a *QueryError", err)
	}
}
