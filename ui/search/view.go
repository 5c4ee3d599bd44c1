package search

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/index"
	"dossier/model"
	"dossier/ui/common"
)

// headerLines are the lines above the result list: prompt, facets, status.
const headerLines = 3

// rowHeight is the lines of one hit in the list.
const rowHeight = 3

// rows turns the hits into list rows of three lines each.
func (m *Model) rows() []common.Row {
	if m.res == nil {
		return nil
	}
	rows := make([]common.Row, len(m.res.Hits))
	for i, h := range m.res.Hits {
		rows[i] = common.Row{Key: h.ID, Height: rowHeight, Selectable: true, Render: m.hitRenderer(h)}
	}
	return rows
}

// meta is a hit's date, outlet and languages.
func meta(h index.Hit) string {
	langs := h.Lang
	for _, v := range h.Versions {
		langs += "+" + v.Lang
	}
	return strings.Join([]string{h.HumanDate(), orDash(model.SanitizeLine(h.Source)), langs}, " · ")
}

func (m *Model) hitRenderer(h index.Hit) func(int, bool) string {
	s := m.c.Styles
	return func(w int, selected bool) string {
		marker := "  "
		title := s.Text.Render(common.OneLine(h.Title))
		if selected {
			marker = s.Cursor.Render("› ")
			title = s.Bold.Render(common.OneLine(h.Title))
		}
		frag := ""
		if len(h.Fragments) > 0 {
			frag = m.marked(h.Fragments[0])
		}
		lines := []string{marker + title, "  " + s.Muted.Render(meta(h)), "  " + frag}
		for i := range lines {
			lines[i] = common.PadRight(lines[i], w)
		}
		return strings.Join(lines, "\n")
	}
}

// marked renders a fragment with its matches highlighted.
func (m *Model) marked(f index.Fragment) string {
	s := m.c.Styles
	var b strings.Builder
	last := 0
	for _, mk := range f.Marks {
		b.WriteString(s.Muted.Render(f.Text[last:mk.Start]))
		b.WriteString(s.Mark(f.Text[mk.Start:mk.End]))
		last = mk.End
	}
	b.WriteString(s.Muted.Render(f.Text[last:]))
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// promptLine draws the query prompt: the query selected (it will be
// replaced) right after /, else the text input.
func (m *Model) promptLine() string {
	s := m.c.Styles
	switch {
	case m.mode == modePrompt && m.selected:
		return s.Prompt.Render("/ ") + s.Match.Render(m.input.Value())
	case m.mode == modePrompt:
		return m.input.View()
	case m.input.Value() == "":
		return s.Muted.Render("/ to search all articles")
	}
	return s.Prompt.Render("/ ") + s.Text.Render(m.input.Value())
}

// View draws the prompt, facets, status and the result list.
func (m *Model) View() string {
	s := m.c.Styles
	w := m.c.Width
	if w <= 0 || m.c.Height <= 0 {
		return ""
	}
	lines := []string{common.PadRight(m.promptLine(), w), common.PadRight(m.facetLine(), w), common.PadRight(m.statusLine(), w)}
	lines = lines[:min(len(lines), m.c.Height)]
	if m.c.Height > headerLines {
		if m.list.Len() == 0 {
			hint := s.Muted.Render("Type to search all articles; enter opens the first hit, esc leaves the prompt.")
			if m.res != nil {
				hint = s.Muted.Render("No article matches. Try fewer words, a prefix (lith*) or OR; ? shows the syntax.")
			}
			lines = append(lines, common.PadRight(hint, w))
			for len(lines) < m.c.Height {
				lines = append(lines, strings.Repeat(" ", w))
			}
		} else {
			lines = append(lines, m.list.View())
		}
	}
	return strings.Join(lines, "\n")
}

func (m *Model) facetLine() string {
	s := m.c.Styles
	if m.res == nil || len(m.res.Hits) == 0 {
		return ""
	}
	part := func(fc []index.FacetCount) string {
		items := make([]string, len(fc))
		for i, c := range fc {
			items[i] = fmt.Sprintf("%s %d", model.SanitizeLine(c.Term), c.Count)
		}
		return strings.Join(items, " · ")
	}
	var parts []string
	for _, fc := range [][]index.FacetCount{m.res.Facets.Lang, m.res.Facets.Year, m.res.Facets.Source} {
		if len(fc) > 0 {
			parts = append(parts, part(fc))
		}
	}
	return s.Info.Render(strings.Join(parts, " │ "))
}

func (m *Model) statusLine() string {
	s := m.c.Styles
	switch {
	case !m.ready():
		p := m.data.Progress
		return s.Warning.Render(fmt.Sprintf("indexing %d/%d articles… search starts when ready", p.Done, p.Total))
	case m.err != nil:
		return s.Error.Render("✗ " + model.SanitizeLine(errorText(m.err)))
	case m.res == nil:
		return ""
	}
	n := fmt.Sprintf("%d hits", m.res.Total)
	if m.res.Total == 1 {
		n = "1 hit"
	}
	shown := len(m.res.Hits)
	for _, h := range m.res.Hits {
		shown += len(h.Versions)
	}
	if uint64(shown) < m.res.Total {
		n += fmt.Sprintf(", first %d shown", shown)
	}
	if len(m.res.Ignored) > 0 {
		n += " · ignored: " + model.SanitizeLine(strings.Join(m.res.Ignored, ", "))
	}
	if m.res.Partial {
		n += " · still indexing"
	}
	if m.shown != m.seq {
		n += " · …"
	}
	return s.Muted.Render(fmt.Sprintf("%s · %.1f ms", n, float64(m.res.Took.Microseconds())/1000))
}

// DetailView shows the selected hit in full: its metadata, the other
// languages that match, and every fragment.
func (m *Model) DetailView(w, h int) string {
	s := m.c.Styles
	if m.res == nil || len(m.res.Hits) == 0 {
		return common.Block([]string{s.Muted.Render("The hit under the cursor is shown here in full.")}, w, h)
	}
	hit := m.res.Hits[max(m.list.Cursor(), 0)]
	lines := common.Wrap(s.Bold.Render(model.SanitizeLine(hit.Title)), w)
	lines = append(lines, s.Muted.Render(meta(hit)), s.Faint.Render(model.Escape(hit.ID)), "")
	for _, v := range hit.Versions {
		lines = append(lines, s.Info.Render("also in "+model.LangName(v.Lang)+": "+model.Escape(v.ID)))
	}
	if len(hit.Versions) > 0 {
		lines = append(lines, "")
	}
	for _, f := range hit.Fragments {
		lines = append(lines, common.Wrap(m.marked(f), w)...)
		lines = append(lines, "")
	}
	if len(hit.Fragments) == 0 {
		lines = append(lines, s.Muted.Render("(the match is in the title)"))
	}
	return common.Block(lines, w, h)
}

// Click puts the cursor on the clicked hit (double click opens it), or
// opens the prompt when the query line is clicked.
func (m *Model) Click(x, y int, double bool) tea.Cmd {
	if y == 0 {
		return m.OpenPrompt()
	}
	if m.mode == modePrompt {
		m.leavePrompt()
	}
	if !m.list.Click(y - headerLines) {
		return nil
	}
	if double {
		return m.openSelected()
	}
	return m.previewSelected()
}
