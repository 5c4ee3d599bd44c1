package roadmap

import (
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/model/triage"
	"dossier/ui/common"
)

// minTextWidth is the room an item's text keeps in its row before the
// row leaves out who set its status.
const minTextWidth = 16

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
	return len(m.header(m.c.Width, m.c.Height, false))
}

// sizeList gives the list the lines its header leaves.
func (m *Model) sizeList() { m.list.SetSize(m.c.Width, max(m.c.Height-m.listTop(), 0)) }

// headerLines are the lines above the checklist: the progress (or why
// reviews cannot be changed), the filter prompt while it is open, else the
// status bars where there is room, and the filter, order and news
// column's heading when there are any.
func (m *Model) headerLines(w, h int) []string { return m.header(w, h, true) }

// header is headerLines, drawn, or unless draw with the bars and the
// progress left empty: as many lines, for the list's size.
func (m *Model) header(w, h int, draw bool) []string {
	if w <= 0 {
		return nil
	}
	lines := []string{""}
	if draw {
		lines[0] = common.Truncate(m.listHeader(), w)
	}
	info, hasInfo := m.infoLine(w)
	if m.mode == modeFilter {
		lines = append(lines, m.filterHeader(w)...)
	} else {
		room := h - len(lines)
		if hasInfo {
			room--
		}
		lines = append(lines, m.barLines(w, room, draw)...)
	}
	if hasInfo {
		lines = append(lines, info)
	}
	return lines
}

// summary counts an item group's reviews: "2/3 reviewed · 1 on track · 1 at risk".
func (m *Model) summary(items []roadmap.Item) string {
	sts := make([]review.Status, len(items))
	for i, it := range items {
		sts[i] = m.reviews[it.ID].Status
	}
	return review.Summary(sts, review.OnTrack, review.AtRisk, review.Blocked, review.Done)
}

// rows lays out the checklist: document headings, area headings with their
// progress, and items; under a filter only the items it keeps (and their
// headings), and in another order than the catalogue's a flat list.
func (m *Model) rows() []common.Row {
	if !m.filtered() {
		m.tri.shown = len(m.catItems())
		return m.groupedRows(nil)
	}
	items := m.visibleItems()
	m.tri.shown = len(items)
	if m.tri.order != triage.OrderCatalogue {
		return m.flatRows(items)
	}
	keep := make(map[string]bool, len(items))
	for _, it := range items {
		keep[it.ID] = true
	}
	return m.groupedRows(keep)
}

// groupedRows lists the catalogue's items (those in keep, when not nil)
// under their document and area headings.
func (m *Model) groupedRows(keep map[string]bool) []common.Row {
	s := m.c.Styles
	var rows []common.Row
	doc := ""
	for _, g := range m.c.Roadmap.Groups {
		if keep != nil && !slices.ContainsFunc(g.Items, func(it roadmap.Item) bool { return keep[it.ID] }) {
			continue
		}
		if g.Document != doc {
			doc = g.Document
			title := model.SanitizeLine(g.Document)
			var all []roadmap.Item
			for _, g2 := range m.c.Roadmap.Groups {
				if g2.Document == doc {
					all = append(all, g2.Items...)
				}
			}
			sum := m.summary(all)
			rows = append(rows, common.Row{Key: "d:" + doc, Render: func(w int, _ bool) string {
				return common.PadRight(s.Group.Render(title)+s.Muted.Render(" · "+sum), w)
			}})
		}
		if g.Area != "" {
			area, sum := model.SanitizeLine(g.Area), m.summary(g.Items)
			rows = append(rows, common.Row{Key: "a:" + doc + g.Area, Render: func(w int, _ bool) string {
				return common.PadRight(" "+s.Bold.Render(area)+s.Muted.Render(" · "+sum), w)
			}})
		}
		for _, it := range g.Items {
			if keep == nil || keep[it.ID] {
				rows = append(rows, common.Row{Key: it.ID, Selectable: true, Render: m.itemRenderer(it)})
			}
		}
	}
	return rows
}

// catItems are the catalogue's items, copied once for the pane (read
// only): refresh lists them after each change, and the header counts them
// at each draw.
func (m *Model) catItems() []roadmap.Item {
	if m.items == nil && m.c.Roadmap != nil {
		m.items = m.c.Roadmap.Items()
	}
	return m.items
}

// itemText is an item's text, sanitised once for the pane.
func (m *Model) itemText(it roadmap.Item) string {
	t, ok := m.texts[it.ID]
	if !ok {
		if m.texts == nil {
			m.texts = map[string]string{}
		}
		t = model.SanitizeLine(it.Text)
		m.texts[it.ID] = t
	}
	return t
}

// refresh marks the rows and the overall progress for rebuilding after a
// size or review change: they are rebuilt when next drawn or used (lst), so
// that a pane off screen (most sessions' roadmap at start, and whenever
// another session reviews) does not list every item after each message.
func (m *Model) refresh() { m.stale = true }

// lst is the list of items, its rows rebuilt first when a change made them
// stale. Every use of the list but the rebuild goes through it.
func (m *Model) lst() *common.List {
	if m.stale {
		m.stale = false
		m.list.SetRows(m.rows())
		m.overall = m.summary(m.catItems())
	}
	return m.list
}

func (m *Model) itemRenderer(it roadmap.Item) func(int, bool) string {
	s := m.c.Styles
	text := m.itemText(it)
	return func(w int, sel bool) string {
		r := m.reviews[it.ID]
		marker := "  "
		style := s.Text
		if sel {
			marker = s.Cursor.Render("› ")
			style = s.Bold
		}
		left := marker + m.statusStyle(r.Status).Render(statusMark(r.Status)) + " " + s.Accent.Render(fmt.Sprintf("%-8s", it.ID)) + " "
		right := ""
		if n := len(r.Evidence); n > 0 {
			right += s.Info.Render(fmt.Sprintf(" ⚑%d", n))
		}
		if r.Note != "" {
			right += s.Muted.Render(" ✎")
		}
		if _, ok := m.draft(it.ID); ok {
			right += s.Warning.Render(" draft")
		}
		news := ""
		if newsColumn(w) {
			news = " " + m.newsCell(it.ID)
		}
		// The name of who set the status goes where the text keeps room
		// (the detail names them too).
		if by := model.SanitizeLine(r.StatusBy); by != "" {
			if name := " " + common.Truncate(by, 12); w-common.Width(left+right+news+name) >= minTextWidth || news == "" {
				right += s.Muted.Render(name)
			}
		}
		right += news
		room := max(w-common.Width(left)-common.Width(right), 0)
		return common.PadRight(left+common.PadRight(style.Render(text), room)+right, w)
	}
}

// View draws the current mode, every line of it in the pane's box.
func (m *Model) View() string {
	w, h := m.c.Width, m.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	var out []string
	switch m.mode {
	case modeDetail:
		out = append(m.layoutDetail(), m.detail.View())
	case modeHistory:
		out = m.historyView(w, h)
	case modeEdit:
		out = m.editorView()
	case modeStatus:
		out = m.statusView(w, h)
	case modeAttach:
		s := m.c.Styles
		out = []string{
			common.PadRight(s.Bold.Render("Attach this passage as evidence to which item?"), w),
			common.PadRight(s.Muted.Render("“"+model.SanitizeLine(m.attach.Quote)+"” — enter attaches, esc cancels"), w),
			"",
			m.lst().View(),
		}
	default:
		list := m.lst().View() // first: the header counts what it lists
		out = append(m.headerLines(w, h), list)
	}
	return common.Block(strings.Split(strings.Join(out, "\n"), "\n"), w, h)
}

// listHeader is the line above the checklist: the progress, or why reviews
// cannot be changed now.
func (m *Model) listHeader() string {
	s := m.c.Styles
	switch {
	case m.c.Store == nil:
		return s.Warning.Render("read-only: no review store")
	case m.down != "":
		return s.Warning.Render(model.SanitizeLine(m.down) + " · reading still works")
	case m.loadErr != "":
		return s.Error.Render("review store: " + m.loadErr)
	}
	if ro, why := m.c.Store.ReadOnly(); ro {
		return s.Warning.Render("reviews are read-only: " + model.SanitizeLine(why))
	}
	return s.Muted.Render(m.overall + " · reviewing as " + model.SanitizeLine(m.c.Reviewer))
}

func (m *Model) editorView() []string {
	s := m.c.Styles
	w := m.c.Width
	it, _ := m.c.Roadmap.Item(m.itemID)
	head := s.Bold.Render("Note for "+it.ID) + s.Muted.Render(" — ctrl+s saves, esc closes and keeps it as a draft")
	return []string{
		common.PadRight(head, w),
		common.PadRight(s.Muted.Render(common.OneLine(model.SanitizeLine(it.Text))), w),
		"",
		m.editor.View(),
	}
}

// statusView is the status picker: the item, then the five statuses; the
// blank lines and the hint only where there is room for them.
func (m *Model) statusView(w, h int) []string {
	s := m.c.Styles
	it, _ := m.c.Roadmap.Item(m.itemID)
	r := m.reviews[m.itemID]
	var picks []string
	for i, b := range m.c.Keys.StatusPick {
		st := review.Status(i)
		marker := "  "
		if i == m.pick {
			marker = s.Cursor.Render("› ")
		}
		now := ""
		if st == r.Status {
			now = s.Muted.Render("  (now)")
		}
		picks = append(picks, marker+s.Accent.Render(b.Help().Key)+"  "+m.statusStyle(st).Render(statusMark(st)+" "+st.String())+now)
	}
	title := s.Bold.Render("Status of " + model.Escape(it.ID))
	text := common.Lines(model.SanitizeLine(it.Text), w, s.Muted)
	hint := s.Muted.Render("a letter or enter sets it; esc leaves it as it is")
	room := h - 1 - len(picks) // the title and the statuses always show
	if room >= len(text)+3 {   // the title, the text, a blank, the statuses, a blank, the hint
		lines := append(append([]string{title}, text...), "")
		lines = append(lines, picks...)
		return append(lines, "", hint)
	}
	lines := append([]string{title}, common.Clip(text, max(room, 1), w)...)
	return append(lines, picks...)
}

// Click selects the clicked item or passage (a double click opens it).
func (m *Model) Click(x, y int, double bool) tea.Cmd {
	switch m.mode {
	case modeList, modeAttach:
		if !m.lst().Click(y - m.listTop()) {
			return nil
		}
		if double && m.mode == modeList {
			return m.openDetail(m.lst().SelectedKey())
		}
		if m.mode == modeList {
			return tea.Batch(m.previewSelected(), m.fetchHistory(m.lst().SelectedKey()))
		}
	case modeDetail:
		if m.detail.Click(y-m.headerH) && double {
			return m.openPassage()
		}
	}
	return nil
}
