package index_test

import (
	"context"
	"slices"
	"testing"

	"dossier/index"
)

// TestIsNew: is:new keeps the articles of the set the caller gives (the
// person's new articles), alone, with words, negated and in groups; an
// empty set finds nothing.
func TestIsNew(t *testing.T) {
	ix, err := seedIndex()
	if err != nil {
		t.Fatal(err)
	}
	fresh := []string{keg, germanRM}
	tests := []struct {
		query string
		set   []string
		want  []string
	}{
		{"is:new", fresh, []string{keg, germanRM}},
		{"IS:NEW", fresh, []string{keg, germanRM}},
		{"is:new Kazakhstan", fresh, []string{keg, germanRM}},
		{"is:new Sefcovic", fresh, nil},
		{"Sefcovic -is:new", fresh, []string{astana}},
		{"battery -is:new", []string{astana, keg}, []string{cop27, roadmap, germanRM}},
		{"(is:new OR Sefcovic) Kazakhstan", fresh, []string{astana, keg, germanRM}},
		{"is:new", nil, nil},
		{"-is:new", nil, []string{astana, cop27, roadmap, keg, germanRM}},
	}
	for _, tt := range tests {
		res, err := ix.Search(context.Background(), index.Request{Query: tt.query, Limit: 50,
			Sets: map[string][]string{index.SetNew: tt.set}})
		if err != nil {
			t.Errorf("%q: %v", tt.query, err)
			continue
		}
		got := ids(res)
		want := slices.Sorted(slices.Values(tt.want))
		if !slices.Equal(got, want) {
			t.Errorf("%q with new %v: %v, want %v", tt.query, tt.set, got, want)
		}
	}
}

// TestSetsIn: a caller learns which sets a query needs before computing them.
func TestSetsIn(t *testing.T) {
	for q, want := range map[string][]string{
		"lithium":                    nil,
		"lithium is:new":             {"new"},
		"-is:new OR (is:new x)":      {"new"},
		`lithium "is:new"`:           nil,
		"lithium (":                  nil,
		"title:roadmap -is:new id:x": {"new"},
	} {
		if got := index.SetsIn(q); !slices.Equal(got, want) {
			t.Errorf("SetsIn(%q) = %v, want %v", q, got, want)
		}
	}
}

// TestCountAmong: a saved search's new hits, a translation and its
// original counting once.
func TestCountAmong(t *testing.T) {
	ix, _ := seedIndex()
	for _, c := range []struct {
		query string
		ids   []string
		want  int
	}{
		{"Kazakhstan", []string{keg, germanRM}, 2},
		{"Kazakhstan", []string{roadmap, germanRM}, 1}, // one article in two languages
		{"tailings", []string{keg, germanRM}, 1},
		{"tailings", nil, 0},
		{"tailings -is:new", []string{keg}, 0},
	} {
		got, err := ix.CountAmong(context.Background(), c.query, c.ids)
		if err != nil || got != c.want {
			t.Errorf("CountAmong(%q, %v) = %d %v, want %d", c.query, c.ids, got, err, c.want)
		}
	}
	if _, err := ix.CountAmong(context.Background(), "tailings (", []string{keg}); err == nil {
		t.Error("a bad query was counted")
	}
}
