package timeline

import (
	"strings"

	"dossier/model"
	"dossier/ui/common"
)

// undatedDetail shows an article the timeline lists as undated: its title,
// outlet and author, why it has no date, and how to read it.
func (m *Model) undatedDetail(id string, w, h int) string {
	s := m.c.Styles
	a, ok := m.snap.Corpus.Article(id)
	if !ok {
		return common.Block(common.Clip(common.Wrap(s.Muted.Render("This article is no longer in the corpus."), w), h, w), w, h)
	}
	lines := common.Wrap(s.Accent.Render("undated")+s.Muted.Render(" · publication"), w)
	lines = append(lines, common.Wrap(s.Bold.Render(model.SanitizeLine(a.Title)), w)...)
	meta := []string{}
	if a.Outlet != "" {
		meta = append(meta, model.SanitizeLine(a.Outlet))
	}
	meta = append(meta, model.LangName(a.Lang))
	if a.Author != "" {
		meta = append(meta, "by "+model.SanitizeLine(a.Author))
	}
	lines = append(lines, common.Wrap(s.Muted.Render(strings.Join(meta, " · ")), w)...)
	lines = append(lines, "", s.Group.Render("Why it has no date"))
	lines = append(lines, common.Wrap(s.Text.Render("Neither its file nor the catalogue gives the day it was published, so it has no place on the timeline; the events its text dates are listed with their own dates."), w)...)
	if orig, ok := m.snap.Corpus.Article(a.TranslationOf); ok && a.TranslationOf != "" {
		when := "undated too"
		if orig.Precision != model.Unknown {
			when = "published " + model.HumanDate(orig.Date, orig.Precision)
		}
		lines = append(lines, "")
		lines = append(lines, common.Wrap(s.Text.Render("It translates “"+model.SanitizeLine(orig.Title)+"” ("+when+")."), w)...)
	}
	lines = append(lines, "", s.Muted.Render("enter opens it in the reader"))
	return common.Block(common.Clip(lines, h, w), w, h)
}
