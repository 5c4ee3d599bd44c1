package index_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"dossier/index"
	"dossier/model"
)

// words returns n distinct words of letters that start with prefix.
func words(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		w := []byte(prefix)
		for k := i; ; k /= 26 {
			w = append(w, byte('a'+k%26))
			if k < 26 {
				break
			}
		}
		out[i] = string(w)
	}
	return out
}

// TestQueryBounds: a query that would look up the whole dictionary, or
// that is too long, too wordy or nested too deep, is refused with a
// query error at the place it goes too far; one just within the bounds runs.
func TestQueryBounds(t *testing.T) {
	var docs []model.Document
	for _, p := range []string{"qa", "qb", "qc", "qd", "qe"} {
		docs = append(docs, doc("d"+p, "xx", strings.Join(words(p, 900), " ")))
	}
	docs = append(docs, doc("wide", "xx", strings.Join(words("qx", 1001), " ")))
	ix := memIndex(t, docs...)
	deep := strings.Repeat("(", 17) + "lithium" + strings.Repeat(")", 17)
	tests := []struct {
		query string
		col   int
		msg   string
	}{
		{"lithium qx*", 9, "qx* stands for more than 1000 words: give more letters"},
		{"qa* qb* qc* qd* qe*", 1, "too broad: it looks up more than 4096 words"},
		{strings.Repeat("w ", 100) + "lithium", 201, "too many words: a query has at most 100"},
		{`lithium "` + strings.Repeat("w ", 100) + `"`, 9, "too many words"},
		{deep, 17, "groups nested too deep: at most 16"},
		{strings.Repeat("lithium ", 130), 1001, "the query is too long (1040 bytes): at most 1000"},
	}
	for _, tt := range tests {
		_, err := ix.Search(context.Background(), index.Request{Query: tt.query, Limit: 10})
		var qe *index.QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%.40q: error %v, want a QueryError", tt.query, err)
			continue
		}
		if qe.Column() != tt.col || !strings.Contains(qe.Msg, tt.msg) {
			t.Errorf("%.40q: %v, want column %d and %q", tt.query, qe, tt.col, tt.msg)
		}
		if len(qe.Query) > 1100 {
			t.Errorf("%.40q: the error holds %d bytes of query", tt.query, len(qe.Query))
		}
	}
	for _, q := range []string{
		"qxa*",            // 676 words
		"qa* qb* qc* qd*", // 3600
		strings.Repeat("w ", 99) + "qab",
		strings.Repeat("(", 16) + "qab" + strings.Repeat(")", 16),
		"qab" + strings.Repeat(" ", 997),
	} {
		if _, err := ix.Search(context.Background(), index.Request{Query: q, Limit: 10}); err != nil {
			t.Errorf("%.40q: %v", q, err)
		}
	}
	if err := index.Parse(strings.Repeat("x", 5<<20)); err == nil || len(fmt.Sprint(err)) > 1100 {
		t.Errorf("a 5 MB query: %.80v", err)
	}
}
