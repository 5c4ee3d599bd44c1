// Package briefing turns the roadmap checklist and its reviews into a
// briefing ready to send: per group the items with status, note, reviewer
// and date, and each piece of evidence quoted with its source.
package briefing

import (
	"time"

	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/model/triage"
)

// Evidence is one quoted passage with where it comes from.
type Evidence struct {
	ArticleID string    `json:"article_id"`
	Title     string    `json:"title"`
	Outlet    string    `json:"outlet"`
	Date      string    `json:"date"` // as precise as known; "" when undated
	Quote     string    `json:"quote"`
	Start     int       `json:"start"`
	End       int       `json:"end"`
	By        string    `json:"added_by"`
	At        time.Time `json:"added_at"`
}

// Item is one commitment with its review: who set its status, who wrote
// its note, who added each piece of evidence, and who changed it last.
type Item struct {
	ID       string     `json:"id"`
	Text     string     `json:"text"`
	Sources  []string   `json:"sources"`
	Status   string     `json:"status"`
	StatusBy string     `json:"status_by"` // "" when nobody set it
	StatusAt *time.Time `json:"status_at"`
	Note     string     `json:"note"`
	NoteBy   string     `json:"note_by"` // "" when there is no note
	NoteAt   *time.Time `json:"note_at"`
	By       string     `json:"reviewer"` // the last to change anything
	At       *time.Time `json:"reviewed_at"`
	Evidence []Evidence `json:"evidence"`
	// LastNews is the date of the latest article that concerns the item
	// (accepted evidence, or a strong link found by the index), at its
	// precision; QuietDays is how many days have passed since (see
	// triage.News.QuietDays). Both are null when no article does, or when
	// news was not looked for (AddNews).
	LastNews        *string `json:"last_news"`
	LastNewsArticle string  `json:"last_news_article,omitempty"`
	LastNewsVia     string  `json:"last_news_via,omitempty"` // evidence or link
	QuietDays       *int    `json:"quiet_days"`
}

// utc is t in UTC, or nil when t is zero (never).
func utc(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// Group is a document's area with its progress.
type Group struct {
	Document string `json:"document"`
	Area     string `json:"area"`
	Summary  string `json:"summary"`
	Items    []Item `json:"items"`
}

// Briefing is the whole checklist with its reviews.
type Briefing struct {
	Title     string    `json:"title"`
	Generated time.Time `json:"generated"`
	Summary   string    `json:"summary"`
	Groups    []Group   `json:"groups"`
}

// Build joins the catalogue, the reviews and the corpus.
func Build(cat *roadmap.Catalogue, reviews map[string]review.Review, corpus *model.Corpus, now time.Time) Briefing {
	b := Briefing{Title: "EU–Kazakhstan strategic partnership: roadmap review", Generated: now.UTC()}
	var all []review.Status
	for _, g := range cat.Groups {
		grp := Group{Document: g.Document, Area: g.Area}
		var st []review.Status
		for _, it := range g.Items {
			r := reviews[it.ID]
			item := Item{ID: it.ID, Text: it.Text, Sources: append([]string{}, it.Sources...), Status: r.Status.String(),
				StatusBy: r.StatusBy, StatusAt: utc(r.StatusAt), Note: r.Note, By: r.By, At: utc(r.At), Evidence: []Evidence{}}
			if r.Note != "" {
				item.NoteBy, item.NoteAt = r.NoteBy, utc(r.NoteAt)
			}
			for _, e := range r.Evidence {
				ev := Evidence{ArticleID: e.ArticleID, Quote: e.Quote, Start: e.Start, End: e.End, By: e.By, At: e.At.UTC()}
				if a, ok := corpus.Article(e.ArticleID); ok {
					ev.Title, ev.Outlet, ev.Date = a.Title, a.Outlet, a.DateString()
				}
				item.Evidence = append(item.Evidence, ev)
			}
			grp.Items = append(grp.Items, item)
			st = append(st, r.Status)
		}
		grp.Summary = summary(st)
		all = append(all, st...)
		b.Groups = append(b.Groups, grp)
	}
	b.Summary = summary(all)
	return b
}

// AddNews adds each item's latest news and quiet days at now.
func (b *Briefing) AddNews(news map[string]triage.News, now time.Time) {
	for gi := range b.Groups {
		for ii := range b.Groups[gi].Items {
			it := &b.Groups[gi].Items[ii]
			n, ok := news[it.ID]
			if !ok || !n.Known() {
				continue
			}
			date := model.FormatDate(n.Date, n.Precision)
			days, _ := n.QuietDays(now)
			it.LastNews, it.QuietDays, it.LastNewsArticle, it.LastNewsVia = &date, &days, n.ArticleID, n.Via
		}
	}
}

// summary counts a group's statuses, naming every reviewed status.
func summary(sts []review.Status) string {
	return review.Summary(sts, review.OnTrack, review.AtRisk, review.Blocked, review.Done)
}
