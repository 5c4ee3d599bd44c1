package triage

import (
	"fmt"
	"time"

	"dossier/model"
	"dossier/model/review"
)

// How an item's latest news was found.
const (
	ViaEvidence = "evidence" // an article accepted as its evidence
	ViaLink     = "link"     // an article strongly linked to it (index.Link.Strong)
)

// News is the latest dated article that concerns an item.
type News struct {
	ArticleID string
	Date      time.Time // the article's date, at Precision
	Precision model.Precision
	Via       string // ViaEvidence or ViaLink
}

// Known reports whether there is any news at all.
func (n News) Known() bool { return n.Precision != model.Unknown }

// Last is the last day the article may have been published: the day
// itself, or the end of its month or year.
func (n News) Last() time.Time {
	switch n.Precision {
	case model.Month:
		return n.Date.AddDate(0, 1, -1)
	case model.Year:
		return n.Date.AddDate(1, 0, -1)
	}
	return n.Date
}

// QuietDays is how many whole days have passed since the news, counted
// from the last day it may have been published (so quiet is never
// overstated), and never below 0; ok is false when there is no news.
func (n News) QuietDays(now time.Time) (days int, ok bool) {
	if !n.Known() {
		return 0, false
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return max(int(today.Sub(n.Last()).Hours()/24), 0), true
}

// LastNews picks, per item, the newer of its latest dated evidence
// article and its latest strongly linked article (links, found by the
// index: item id → article); an item with neither has no entry.
func LastNews(reviews map[string]review.Review, corpus *model.Corpus, links map[string]model.Article) map[string]News {
	out := map[string]News{}
	better := func(id string, n News) {
		if !n.Known() {
			return
		}
		old, ok := out[id]
		if !ok || n.Last().After(old.Last()) || n.Last().Equal(old.Last()) && n.Via == ViaEvidence && old.Via != ViaEvidence {
			out[id] = n
		}
	}
	for id, r := range reviews {
		for _, e := range r.Evidence {
			if a, ok := corpus.Article(e.ArticleID); ok {
				better(id, News{ArticleID: a.ID, Date: a.Date, Precision: a.Precision, Via: ViaEvidence})
			}
		}
	}
	for id, a := range links {
		better(id, News{ArticleID: a.ID, Date: a.Date, Precision: a.Precision, Via: ViaLink})
	}
	return out
}

// QuietAfter is how long without news makes an item quiet for people:
// the roadmap says "quiet for 4 months" from then on.
const QuietAfter = 90

// QuietText says how long an item has been quiet, for people ("quiet for
// 14 months", "quiet for 2 years"), or "" when it is not (yet) quiet.
func QuietText(days int) string {
	switch {
	case days < QuietAfter:
		return ""
	case days < 730:
		return fmt.Sprintf("quiet for %d months", int(float64(days)/30.44))
	}
	return fmt.Sprintf("quiet for %d years", days/365)
}
