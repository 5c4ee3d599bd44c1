package roadmap

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
	"dossier/model/review"
	"dossier/ui/common"
)

// historyEntries describe an item's recorded changes, newest first, each
// wrapped to w: when, who, and what the change did, read forwards (an undo
// says what it put back). A note keeps its lines, indented under its entry.
func (m *Model) historyEntries(id string, w int) []string {
	s := m.c.Styles
	changes, ok := m.history[id]
	if !ok {
		return []string{s.Muted.Render("reading the history…")}
	}
	if len(changes) == 0 {
		return []string{s.Muted.Render("no change recorded yet")}
	}
	var lines []string
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		what, note := m.describeChange(c)
		lines = append(lines, common.Lines(when(c.At)+" · "+model.SanitizeLine(c.By)+" · "+what, w, s.Text)...)
		if note != "" {
			for _, l := range common.Lines(model.Sanitize(note), max(w-4, 1), s.Muted) {
				lines = append(lines, "    "+l)
			}
		}
	}
	return lines
}

// describeChange says what a change did, in a few words, and gives the
// note it wrote when it wrote one (to show whole, line by line).
func (m *Model) describeChange(c review.Change) (what, note string) {
	undo := c.Undoes != 0
	evidence := func() string {
		e, err := c.Evidence()
		if err != nil {
			return "evidence"
		}
		return "“" + model.Truncate(model.SanitizeLine(e.Quote), 60) + "” from " + m.shortTitle(e.ArticleID)
	}
	switch c.Field {
	case review.FieldStatus:
		if undo {
			return "status back to " + c.New + " (undoing " + c.Old + ")", ""
		}
		return "status " + c.Old + " → " + c.New, ""
	case review.FieldNote:
		switch {
		case undo && c.New == "":
			return "note taken off again (undoing it)", ""
		case undo:
			return "note back to what it was (undoing a change):", c.New
		case c.New == "":
			return "note removed", ""
		case c.Old == "":
			return "note written:", c.New
		}
		return "note changed:", c.New
	case review.FieldEvidenceAdd:
		if undo {
			return "evidence put back (undoing its removal): " + evidence(), ""
		}
		return "evidence added: " + evidence(), ""
	case review.FieldEvidenceRemove:
		if undo {
			return "evidence taken off again (undoing its addition): " + evidence(), ""
		}
		return "evidence removed: " + evidence(), ""
	}
	return model.SanitizeLine(c.Field), ""
}

// historyPage is the item in full: its texts, its evidence with who added
// each, and its history, wrapped to w.
func (m *Model) historyPage(w int) []string {
	s := m.c.Styles
	var lines []string
	for _, b := range m.itemBlocks(m.itemID, w) {
		lines = append(lines, b...)
	}
	r := m.reviews[m.itemID]
	lines = append(lines, "", s.Group.Render(common.Truncate(fmt.Sprintf("Evidence (%d)", len(r.Evidence)), w)))
	for _, e := range r.Evidence {
		lines = append(lines, m.evidenceLines(e, w)...)
	}
	lines = append(append(lines, ""), m.newsLines(m.itemID, w)...)
	lines = append(lines, "", s.Group.Render(common.Truncate("History — newest first", w)))
	return append(lines, m.historyEntries(m.itemID, w)...)
}

// historyView shows the page from the scroll position; when it does not
// fit, its last line says how much more there is and which keys scroll.
func (m *Model) historyView(w, h int) []string {
	page := m.historyPage(w)
	if len(page) <= h {
		m.histOff = 0
		return page
	}
	view := h - 1
	m.histOff = min(max(m.histOff, 0), len(page)-view)
	lines := append([]string(nil), page[m.histOff:m.histOff+view]...)
	below := len(page) - m.histOff - view
	more := fmt.Sprintf("↓ %d more lines: j, pgdn, G", below)
	if below == 0 {
		more = fmt.Sprintf("↑ %d lines above: k, pgup, g", m.histOff)
	}
	return append(lines, m.c.Styles.Muted.Render(common.Truncate(more, w)))
}

// historyKey scrolls the item's page; the review keys work there too.
func (m *Model) historyKey(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := m.reviewKey(msg, m.itemID); ok {
		return cmd
	}
	k, page := m.c.Keys, max(m.c.Height-2, 1)
	switch {
	case key.Matches(msg, k.Up):
		m.histOff--
	case key.Matches(msg, k.Down):
		m.histOff++
	case key.Matches(msg, k.PageUp):
		m.histOff -= page
	case key.Matches(msg, k.PageDown):
		m.histOff += page
	case key.Matches(msg, k.Top):
		m.histOff = 0
	case key.Matches(msg, k.Bottom):
		m.histOff = 1 << 30 // historyView clamps it
	}
	return nil
}

// openHistory shows an item in full with its recorded changes.
func (m *Model) openHistory(id string) tea.Cmd {
	m.itemID = id
	m.mode = modeHistory
	m.histOff = 0
	return m.fetchHistory(id)
}

// DetailView shows, beside the list, the selected item in full (its texts,
// evidence and history); beside the evidence view, the selected passage;
// beside the item's history, its evidence. Whatever does not fit ends in
// "…", and h shows it all.
func (m *Model) DetailView(w, h int) string {
	s := m.c.Styles
	switch m.mode {
	case modeDetail:
		return m.passageView(w, h)
	case modeHistory:
		r := m.reviews[m.itemID]
		lines := []string{s.Group.Render(common.Truncate(fmt.Sprintf("Evidence for %s (%d)", model.Escape(m.itemID), len(r.Evidence)), w))}
		for _, e := range r.Evidence {
			lines = append(lines, m.evidenceLines(e, w)...)
			lines = append(lines, "")
		}
		if len(r.Evidence) == 0 {
			lines = append(lines, common.Lines("none yet — enter on the item shows passages the index suggests", w, s.Muted)...)
		}
		return common.Block(common.More(lines, h, w, "the history beside scrolls to it (j, pgdn)", s.Muted), w, h)
	}
	id := m.shownItem()
	if _, ok := m.c.Roadmap.Item(id); !ok {
		return common.Block(common.Lines("The item under the cursor is shown here in full.", w, s.Muted), w, h)
	}
	var lines []string
	for _, b := range m.itemBlocks(id, w) {
		lines = append(lines, b...)
	}
	r := m.reviews[id]
	lines = append(lines, "", s.Group.Render(common.Truncate(fmt.Sprintf("Evidence (%d)", len(r.Evidence)), w)))
	for _, e := range r.Evidence {
		lines = append(lines, m.evidenceLines(e, w)...)
	}
	if len(r.Evidence) == 0 {
		lines = append(lines, common.Lines("none yet — enter shows passages the index suggests", w, s.Muted)...)
	}
	lines = append(append(lines, ""), m.newsLines(id, w)...)
	lines = append(lines, "", s.Group.Render(common.Truncate("History — newest first", w)))
	lines = append(lines, m.historyEntries(id, w)...)
	return common.Block(common.More(lines, h, w, "h shows the item in full", s.Muted), w, h)
}

// DetailTitle names what DetailView shows now.
func (m *Model) DetailTitle() string {
	switch m.mode {
	case modeDetail:
		return "Passage"
	case modeHistory:
		return "Evidence"
	}
	return "Item"
}

// Preview returns the article behind the selection, for the reader column:
// in the evidence view the selected passage; else the item's first
// evidence, else its first source.
func (m *Model) Preview() (common.ArticleRef, bool) {
	if m.mode == modeDetail {
		if e, suggested, _, _, ok := m.selectedPassage(); ok {
			label := "evidence for " + m.itemID
			if suggested {
				label = "suggested for " + m.itemID
			}
			return common.ArticleRef{ID: e.ArticleID, Marks: []model.Span{{Start: e.Start, End: e.End}}, Label: label, Row: m.itemID}, true
		}
	}
	id := m.shownItem()
	r := m.reviews[id]
	if len(r.Evidence) > 0 {
		e := r.Evidence[0]
		return common.ArticleRef{ID: e.ArticleID, Marks: []model.Span{{Start: e.Start, End: e.End}}, Label: "evidence for " + id, Row: id}, true
	}
	it, ok := m.c.Roadmap.Item(id)
	if !ok {
		return common.ArticleRef{}, false
	}
	for _, src := range it.Sources {
		if _, ok := m.article(src); ok {
			return common.ArticleRef{ID: src, Label: "source of " + id, Row: id}, true
		}
	}
	return common.ArticleRef{}, false
}

func (m *Model) previewSelected() tea.Cmd { return common.PreviewSelected(m) }
