package search

import (
	"fmt"
	"strings"

	"dossier/index"
	"dossier/ui/common"
)

// headerLines are the lines above the result list: input, facets, status.
const headerLines = 3

// rows turns the hits into list rows of three lines each.
func (m *Model) rows() []common.Row {
	if m.res == nil {
		return nil
	}
	rows := make([]common.Row, len(m.res.Hits))
	for i, h := range m.res.Hits {
		rows[i] = common.Row{Key: h.ID, Height: 3, Selectable: true, Render: m.hitRenderer(h)}
	}
	return rows
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
		meta := s.Muted.Render(strings.Join([]string{h.HumanDate(), orDash(h.Source), h.Lang}, " · "))
		frag := ""
		if len(h.Fragments) > 0 {
			f := h.Fragments[0]
			var b strings.Builder
			last := 0
			for _, mk := range f.Marks {
				b.WriteString(s.Muted.Render(f.Text[last:mk.Start]))
				b.WriteString(s.Mark(f.Text[mk.Start:mk.End]))
				last = mk.End
			}
			b.WriteString(s.Muted.Render(f.Text[last:]))
			frag = b.String()
		}
		lines := []string{marker + title, "  " + meta, "  " + frag}
		for i := range lines {
			lines[i] = common.PadRight(lines[i], w)
		}
		return strings.Join(lines, "\n")
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// View draws the input, facets, status and the result list.
func (m *Model) View() string {
	s := m.c.Styles
	w := m.c.Width
	if w <= 0 || m.c.Height <= 0 {
		return ""
	}
	lines := []string{common.PadRight(m.input.View(), w), common.PadRight(m.facetLine(), w), common.PadRight(m.statusLine(), w)}
	lines = lines[:min(len(lines), m.c.Height)]
	if m.c.Height > headerLines {
		if m.list.Len() == 0 {
			hint := s.Muted.Render("Type to search all articles; enter opens the first hit.")
			if m.res != nil {
				hint = s.Muted.Render("No article matches. Try fewer words, a prefix (lith*) or OR.")
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
			items[i] = fmt.Sprintf("%s %d", c.Term, c.Count)
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
		return s.Error.Render("✗ " + errorText(m.err))
	case m.res == nil:
		return ""
	}
	n := fmt.Sprintf("%d hits", m.res.Total)
	if m.res.Total == 1 {
		n = "1 hit"
	}
	if uint64(len(m.res.Hits)) < m.res.Total {
		n += fmt.Sprintf(", first %d shown", len(m.res.Hits))
	}
	if len(m.res.Ignored) > 0 {
		n += " · ignored: " + strings.Join(m.res.Ignored, ", ")
	}
	if m.shown != m.seq {
		n += " · …"
	}
	return s.Muted.Render(fmt.Sprintf("%s · %.1f ms", n, float64(m.res.Took.Microseconds())/1000))
}
