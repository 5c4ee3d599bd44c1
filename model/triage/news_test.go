package triage

import (
	"testing"
	"time"

	"dossier/model"
	"dossier/model/review"
)

// TestLastNews: per item the newer of its evidence's articles and its
// strongly linked article; undated articles are no news.
func TestLastNews(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	corpus := model.NewMemCorpus("t", []model.Document{
		{Article: model.Article{ID: "old", Date: day(2022, 11, 8), Precision: model.Day}, Body: "a"},
		{Article: model.Article{ID: "june", Date: day(2023, 6, 1), Precision: model.Month}, Body: "b"},
		{Article: model.Article{ID: "new", Date: day(2025, 12, 9), Precision: model.Day}, Body: "c"},
		{Article: model.Article{ID: "undated"}, Body: "d"},
	})
	reviews := map[string]review.Review{
		"a": {Evidence: []review.Evidence{{ArticleID: "old"}, {ArticleID: "june"}}},
		"b": {Evidence: []review.Evidence{{ArticleID: "new"}}},
		"c": {Evidence: []review.Evidence{{ArticleID: "undated"}, {ArticleID: "gone"}}},
	}
	links := map[string]model.Article{}
	for _, id := range []string{"old", "new"} {
		a, _ := corpus.Article(id)
		links[map[string]string{"old": "b", "new": "a"}[id]] = a
	}
	got := LastNews(reviews, corpus, links)
	for item, want := range map[string]struct{ article, via string }{
		"a": {"new", ViaLink},     // the link is newer than the evidence
		"b": {"new", ViaEvidence}, // the evidence is newer than the link
		"c": {"", ""},             // no dated article
		"d": {"", ""},             // nothing at all
	} {
		n, ok := got[item]
		if ok != (want.article != "") || n.ArticleID != want.article || n.Via != want.via {
			t.Errorf("%s: %+v %v, want %s via %s", item, n, ok, want.article, want.via)
		}
	}
	// Quiet days count from the last day the article may have been out.
	now := day(2024, 7, 30).Add(15 * time.Hour)
	for _, c := range []struct {
		n    News
		days int
	}{
		{News{Date: day(2024, 7, 30), Precision: model.Day}, 0},
		{News{Date: day(2024, 7, 1), Precision: model.Day}, 29},
		{News{Date: day(2023, 6, 1), Precision: model.Month}, 396}, // from 30 June 2023 (2024 is a leap year)
		{News{Date: day(2023, 1, 1), Precision: model.Year}, 212},  // from 31 Dec 2023
		{News{Date: day(2024, 8, 30), Precision: model.Day}, 0},    // dated in the future
	} {
		if d, ok := c.n.QuietDays(now); !ok || d != c.days {
			t.Errorf("QuietDays(%v) = %d %v, want %d", c.n.Date, d, ok, c.days)
		}
	}
	if _, ok := (News{}).QuietDays(now); ok {
		t.Error("no news has quiet days")
	}
	for days, want := range map[int]string{0: "", 89: "", 90: "quiet for 2 months", 426: "quiet for 13 months", 440: "quiet for 14 months", 800: "quiet for 2 years"} {
		if got := QuietText(days); got != want {
			t.Errorf("QuietText(%d) = %q, want %q", days, got, want)
		}
	}
}
