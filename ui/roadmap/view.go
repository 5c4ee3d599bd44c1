package roadmap

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/ui/common"
)

// statusMark is the glyph of a status, distinct without colour.
func statusMark(s review.Status) string {
	switch s {
	case review.OnTrack:
		return "●"
	case review.AtRisk:
		return "▲"
	case review.Blocked:
		return "✖"
	case review.Done:
		return "✔"
	}
	return "○"
}

func (m *Model) statusStyle(s review.Status) lipgloss.Style {
	st := m.c.Styles
	switch s {
	case review.OnTrack:
		return st.Info
	case review.AtRisk:
		return st.Warning
	case review.Blocked:
		return st.Error
	case review.Done:
		return st.Success
	}
	return st.Muted
}

// listTop is the lines above the item list.
func (m *Model) listTop() int {
	if m.mode == modeAttach {
		return 3
	}
	return 1
}

// summary counts an item group's reviews: "2/3 reviewed · 1 at risk".
func (m *Model) summary(items []roadmap.Item) string {
	sts := make([]review.Status, len(items))
	for i, it := range items {
		sts[i] = m.reviews[it.ID].Status
	}
	return review.Summary(sts, review.AtRisk, review.Blocked, review.Done)
}

// rows lays out the checklist: document headings, area headings with their
// progress, and items.
func (m *Model) rows() []common.Row {
	s := m.c.Styles
	var rows []common.Row
	doc := ""
	for _, g := range m.c.Roadmap.Groups {
		if g.Document != doc {
			doc = g.Document
			title := g.Document
			var all []roadmap.Item
			for _, g2 := range m.c.Roadmap.Groups {
				if g2.Document == title {
					all = append(all, g2.Items...)
				}
			}
			sum := m.summary(all)
			rows = append(rows, common.Row{Key: "d:" + title, Render: func(w int, _ bool) string {
				return common.PadRight(s.Group.Render(title)+s.Muted.Render(" · "+sum), w)
			}})
		}
		if g.Area != "" {
			area, sum := g.Area, m.summary(g.Items)
			rows = append(rows, common.Row{Key: "a:" + doc + area, Render: func(w int, _ bool) string {
				return common.PadRight(" "+s.Bold.Render(area)+s.Muted.Render(" · "+sum), w)
			}})
		}
		for _, it := range g.Items {
			rows = append(rows, common.Row{Key: it.ID, Selectable: true, Render: m.itemRenderer(it)})
		}
	}
	return rows
}

// refresh rebuilds the rows and the overall progress after a size or
// review change.
func (m *Model) refresh() {
	m.list.SetRows(m.rows())
	m.overall = m.summary(m.c.Roadmap.Items())
}

func (m *Model) itemRenderer(it roadmap.Item) func(int, bool) string {
	s := m.c.Styles
	return func(w int, sel bool) string {
		r := m.reviews[it.ID]
		marker := "  "
		text := s.Text
		if sel {
			marker = s.Cursor.Render("› ")
			text = s.Bold
		}
		left := marker + m.statusStyle(r.Status).Render(statusMark(r.Status)) + " " + s.Accent.Render(fmt.Sprintf("%-8s", it.ID)) + " "
		right := ""
		if n := len(r.Evidence); n > 0 {
			right += s.Info.Render(fmt.Sprintf(" ⚑%d", n))
		}
		if r.Note != "" {
			right += s.Muted.Render(" ✎")
		}
		if r.By != "" {
			right += s.Muted.Render(" " + common.Truncate(r.By, 12))
		}
		room := max(w-common.Width(left)-common.Width(right), 0)
		return common.PadRight(left+common.PadRight(text.Render(common.OneLine(it.Text)), room)+right, w)
	}
}

// detailRows lists an item's evidence and the suggested passages.
func (m *Model) detailRows() []common.Row {
	s := m.c.Styles
	r := m.reviews[m.itemID]
	var rows []common.Row
	heading := func(key, text string) {
		rows = append(rows, common.Row{Key: key, Render: func(w int, _ bool) string { return common.PadRight(s.Group.Render(text), w) }})
	}
	passage := func(key, article, quote, by string) {
		a, _ := m.article(article)
		src := a.Title + " · " + model.HumanDate(a.Date, a.Precision)
		if by != "" {
			src += " · added by " + by
		}
		rows = append(rows, common.Row{Key: key, Height: 2, Selectable: true, Render: func(w int, sel bool) string {
			marker := "  "
			if sel {
				marker = s.Cursor.Render("› ")
			}
			return common.PadRight(marker+s.Text.Render("“"+common.OneLine(quote)+"”"), w) + "\n" +
				common.PadRight("    "+s.Muted.Render(src), w)
		}})
	}
	heading("he", fmt.Sprintf("Evidence (%d)", len(r.Evidence)))
	for i, e := range r.Evidence {
		passage(fmt.Sprintf("e%d", i), e.ArticleID, e.Quote, e.By)
	}
	open := m.openSuggestions()
	heading("hs", fmt.Sprintf("Suggested passages (%d) — a accepts", len(open)))
	for i, sg := range open {
		passage(fmt.Sprintf("s%d", i), sg.ArticleID, sg.Quote, "")
	}
	return rows
}

// View draws the current mode.
func (m *Model) View() string {
	w, h := m.c.Width, m.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	var out []string
	switch m.mode {
	case modeDetail:
		out = append(m.detailHeader(), m.detail.View())
	case modeEdit, modeDiscard:
		out = m.editorView()
	case modeAttach:
		s := m.c.Styles
		out = []string{
			common.PadRight(s.Bold.Render("Attach this passage as evidence to which item?"), w),
			common.PadRight(s.Muted.Render("“"+common.OneLine(m.attach.Quote)+"” — enter attaches, esc cancels"), w),
			"",
			m.list.View(),
		}
	default:
		out = []string{m.listHeader(), m.list.View()}
	}
	lines := strings.Split(strings.Join(out, "\n"), "\n")
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i := range lines {
		lines[i] = common.PadRight(lines[i], w)
	}
	return strings.Join(lines[:h], "\n")
}

func (m *Model) listHeader() string {
	s := m.c.Styles
	switch {
	case m.c.Store == nil:
		return s.Warning.Render("read-only: no review store")
	case m.loadErr != "":
		return s.Error.Render("review store: " + m.loadErr)
	}
	return s.Muted.Render(m.overall + " · reviewing as " + m.c.Reviewer)
}

func (m *Model) detailHeader() []string {
	s := m.c.Styles
	w := m.c.Width
	it, _ := m.c.Roadmap.Item(m.itemID)
	r := m.reviews[m.itemID]
	status := m.statusStyle(r.Status).Render(statusMark(r.Status) + " " + r.Status.String())
	who := ""
	if r.By != "" {
		who = s.Muted.Render(" · " + r.By + ", " + r.At.Local().Format(time.DateTime))
	}
	text := wrap(it.Text, w, 2)
	note := s.Muted.Render("no note — e writes one")
	if r.Note != "" {
		note = s.Text.Render("Note: " + common.OneLine(r.Note))
	}
	return []string{
		common.PadRight(s.Accent.Render(it.ID)+" "+status+who, w),
		common.PadRight(s.Bold.Render(text[0]), w),
		common.PadRight(s.Bold.Render(text[1]), w),
		common.PadRight(s.Muted.Render(it.Document+" · "+it.Area), w),
		common.PadRight(note, w),
		"",
	}
}

func (m *Model) editorView() []string {
	s := m.c.Styles
	w := m.c.Width
	it, _ := m.c.Roadmap.Item(m.itemID)
	head := s.Bold.Render("Note for "+it.ID) + s.Muted.Render(" — ctrl+s saves, esc closes")
	foot := ""
	if m.mode == modeDiscard {
		foot = s.Warning.Render("Discard the changes to this note? (y/n)")
	}
	return []string{
		common.PadRight(head, w),
		common.PadRight(s.Muted.Render(common.OneLine(it.Text)), w),
		"",
		m.editor.View(),
		common.PadRight(foot, w),
	}
}

// wrap cuts text into n lines of at most w cells, the last with "…".
func wrap(text string, w, n int) []string {
	words := strings.Fields(text)
	lines := make([]string, n)
	i := 0
	for _, word := range words {
		if i >= n {
			break
		}
		switch {
		case lines[i] == "":
			lines[i] = word
		case common.Width(lines[i])+1+common.Width(word) <= w:
			lines[i] += " " + word
		default:
			i++
			if i < n {
				lines[i] = word
			}
		}
	}
	if i >= n {
		lines[n-1] = common.Truncate(lines[n-1]+" …", w)
	}
	return lines
}
