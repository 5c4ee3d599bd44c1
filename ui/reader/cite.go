package reader

import (
	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
	"dossier/ui/common"
)

// passage is the passage under the cursor: the sentence of the current
// match (or the match itself when it is longer: an evidence passage), else
// the sentence at the top of the pane; ok is false before the article is
// drawn.
func (m *Model) passage() (at model.Span, ok bool) {
	switch {
	case len(m.marks) > 0 && m.current < len(m.marks):
		mk := m.marks[m.current]
		at = model.SentenceAt(m.text, mk.Start)
		if mk.End > at.End { // a mark longer than its sentence (an evidence passage)
			at = mk
		}
	case m.raw != nil && len(m.raw.paraOffsets) > 0:
		at = model.SentenceAt(m.text, m.raw.paraOffsets[m.raw.paragraphAt(m.vp.YOffset)])
	default:
		return model.Span{}, false
	}
	return at, at.End > at.Start && at.End <= len(m.text)
}

// cite is y: the passage under the cursor as a citation, “quote” —
// Outlet, “Title”, 7 Apr 2025, URL, put on the terminal's clipboard.
func (m *Model) cite() tea.Cmd {
	at, ok := m.passage()
	if !ok {
		m.status = "scroll to the passage first, or find it with f"
		return nil
	}
	c := model.Cite(m.art, m.text[at.Start:at.End])
	// The status line says what was copied, its long parts cut.
	said := c
	said.Quote, said.Title, said.URL = model.Truncate(c.Quote, 60), model.Truncate(c.Title, 50), model.Truncate(c.URL, 40)
	return common.Copy(m.c.Out, c.Text(), said.Text())
}

// copyURL is Y: the article's web address on the clipboard.
func (m *Model) copyURL() tea.Cmd {
	u := model.Cite(m.art, "").URL
	if u == "" {
		return func() tea.Msg {
			return common.StatusMsg{Text: "this article has no web address to copy (only http and https addresses are copied)"}
		}
	}
	return common.Copy(m.c.Out, u, u)
}
