package roadmap

import (
	"time"

	"dossier/model"
	"dossier/model/review"
	"dossier/ui/common"
)

// when formats a review time for people, in the session's time zone.
func when(t time.Time) string { return t.Local().Format("2 Jan 2006 15:04") }

// byWhen is "alice, 2 Jan 2026 15:04", or only the name when the time is
// not known.
func byWhen(who string, at time.Time) string {
	s := model.SanitizeLine(who)
	if !at.IsZero() {
		s += ", " + when(at)
	}
	return s
}

// shortTitle names an article in a message: its title, short and safe, or
// that the corpus has no such article (any more).
func (m *Model) shortTitle(id string) string {
	a, ok := m.article(id)
	if !ok {
		return "an article no longer in the corpus (" + model.Truncate(model.Escape(id), 24) + ")"
	}
	return "“" + model.Truncate(model.SanitizeLine(a.Title), 40) + "”"
}

// draft reports whether this reviewer left an unsaved note on an item,
// in this session or an earlier one, and returns it.
func (m *Model) draft(id string) (string, bool) {
	if d, ok := m.drafts[id]; ok {
		return d, true
	}
	d, ok := m.stored[id]
	return d.Note, ok
}

// itemBlocks describe an item as blocks of lines wrapped to w: its status
// with who set it and when; its text; its document and area; its note with
// who wrote it; the reviewer's unsaved draft (its last news comes after
// its evidence: newsLines). Every line of every text is there: callers fit the blocks into their box (common.Fit), which marks
// a cut with "…".
func (m *Model) itemBlocks(id string, w int) [][]string {
	s := m.c.Styles
	it, _ := m.c.Roadmap.Item(id)
	r := m.reviews[id]
	head := s.Accent.Render(model.Escape(it.ID)) + " " + m.statusStyle(r.Status).Render(statusMark(r.Status)+" "+r.Status.String())
	status := []string{common.Truncate(head, w)}
	if r.StatusBy != "" {
		set := "set by " + byWhen(r.StatusBy, r.StatusAt)
		if common.Width(head)+3+common.Width(set) <= w {
			status[0] = head + s.Muted.Render(" · "+set)
		} else {
			status = append(status, common.Lines(set, w, s.Muted)...)
		}
	}
	blocks := [][]string{
		status,
		common.Lines(model.SanitizeLine(it.Text), w, s.Bold),
		common.Lines(model.SanitizeLine(it.Document)+" · "+model.SanitizeLine(it.Area), w, s.Muted),
	}
	switch {
	case r.Note != "":
		note := common.Lines("Note: "+model.Sanitize(r.Note), w, s.Text)
		if r.NoteBy != "" {
			note = append(note, common.Lines("— written by "+byWhen(r.NoteBy, r.NoteAt), w, s.Muted)...)
		}
		blocks = append(blocks, note)
	default:
		blocks = append(blocks, []string{s.Muted.Render(common.Truncate("no note — e writes one", w))})
	}
	if d, ok := m.draft(id); ok {
		blocks = append(blocks, common.Lines("Draft, not saved (e opens it): "+model.Sanitize(d), w, s.Warning))
	}
	return blocks
}

// evidenceLines describe one piece of evidence in full: the quote, where
// it comes from and who added it, wrapped to w.
func (m *Model) evidenceLines(e review.Evidence, w int) []string {
	s := m.c.Styles
	lines := common.Lines("“"+model.SanitizeLine(e.Quote)+"”", w, s.Text)
	return append(lines, common.Lines("— "+m.sourceLine(e.ArticleID)+" · added by "+byWhen(e.By, e.At), w, s.Muted)...)
}

// sourceLine names the article a passage comes from: its title, outlet and
// date, or that the corpus has no such article (any more).
func (m *Model) sourceLine(id string) string {
	a, ok := m.article(id)
	if !ok {
		return "not in the corpus (removed?): " + model.Escape(id)
	}
	src := model.SanitizeLine(a.Title)
	if a.Outlet != "" {
		src += " · " + model.SanitizeLine(a.Outlet)
	}
	if d := model.HumanDate(a.Date, a.Precision); d != "" {
		src += " · " + d
	}
	return src
}
