package roadmap

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
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

// summary counts an item group's reviews: "2/3 reviewed · 1 on track · 1 at risk".
func (m *Model) summary(items []roadmap.Item) string {
	sts := make([]review.Status, len(items))
	for i, it := range items {
		sts[i] = m.reviews[it.ID].Status
	}
	return review.Summary(sts, review.OnTrack, review.AtRisk, review.Blocked, review.Done)
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
	text := model.SanitizeLine(it.Text)
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
		if _, ok := m.drafts[it.ID]; ok {
			right += s.Warning.Render(" draft")
		}
		if r.By != "" {
			right += s.Muted.Render(" " + common.Truncate(model.SanitizeLine(r.By), 12))
		}
		room := max(w-common.Width(left)-common.Width(right), 0)
		return common.PadRight(left+common.PadRight(style.Render(text), room)+right, w)
	}
}

// sourceLine names the article a passage comes from: its title and date,
// or that the corpus has no such article (any more).
func (m *Model) sourceLine(id string) string {
	a, ok := m.article(id)
	if !ok {
		return "not in the corpus (removed?): " + model.Escape(id)
	}
	return model.SanitizeLine(a.Title) + " · " + model.HumanDate(a.Date, a.Precision)
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
		src := m.sourceLine(article)
		if by != "" {
			src += " · added by " + model.SanitizeLine(by)
		}
		quote = model.SanitizeLine(quote)
		rows = append(rows, common.Row{Key: key, Height: 2, Selectable: true, Render: func(w int, sel bool) string {
			marker := "  "
			if sel {
				marker = s.Cursor.Render("› ")
			}
			return common.PadRight(marker+s.Text.Render("“"+quote+"”"), w) + "\n" +
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
	case modeHistory:
		out = m.historyView(w)
	case modeEdit:
		out = m.editorView()
	case modeStatus:
		out = m.statusView()
	case modeAttach:
		s := m.c.Styles
		out = []string{
			common.PadRight(s.Bold.Render("Attach this passage as evidence to which item?"), w),
			common.PadRight(s.Muted.Render("“"+common.OneLine(model.SanitizeLine(m.attach.Quote))+"” — enter attaches, esc cancels"), w),
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

// itemLines describes an item: status with who and when, its text wrapped
// to w, where it comes from, and its note.
func (m *Model) itemLines(id string, w int) []string {
	s := m.c.Styles
	it, _ := m.c.Roadmap.Item(id)
	r := m.reviews[id]
	status := m.statusStyle(r.Status).Render(statusMark(r.Status) + " " + r.Status.String())
	who := ""
	if r.By != "" {
		who = s.Muted.Render(" · " + model.SanitizeLine(r.By) + ", " + r.At.Local().Format("2 Jan 2006 15:04"))
	}
	lines := []string{s.Accent.Render(it.ID) + " " + status + who}
	lines = append(lines, common.Wrap(s.Bold.Render(model.SanitizeLine(it.Text)), w)...)
	lines = append(lines, s.Muted.Render(model.SanitizeLine(it.Document)+" · "+model.SanitizeLine(it.Area)))
	switch d, ok := m.drafts[id]; {
	case ok:
		lines = append(lines, common.Wrap(s.Warning.Render("Draft (not saved): "+common.OneLine(model.SanitizeLine(d))), w)...)
	case r.Note != "":
		lines = append(lines, common.Wrap(s.Text.Render("Note: "+common.OneLine(model.SanitizeLine(r.Note))), w)...)
	default:
		lines = append(lines, s.Muted.Render("no note — e writes one"))
	}
	return lines
}

func (m *Model) detailHeader() []string {
	w := m.c.Width
	lines := m.itemLines(m.itemID, w)
	// Keep the evidence list where it is: text beyond two lines is cut.
	if len(lines) > detailTop-1 {
		lines = append(lines[:2], lines[len(lines)-(detailTop-3):]...)
	}
	for len(lines) < detailTop {
		lines = append(lines, "")
	}
	return lines[:detailTop]
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

// statusView is the status picker.
func (m *Model) statusView() []string {
	s := m.c.Styles
	w := m.c.Width
	it, _ := m.c.Roadmap.Item(m.itemID)
	r := m.reviews[m.itemID]
	lines := []string{
		s.Bold.Render("Status of " + it.ID),
		s.Muted.Render(common.Truncate(common.OneLine(model.SanitizeLine(it.Text)), w)),
		"",
	}
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
		lines = append(lines, marker+s.Accent.Render(b.Help().Key)+"  "+m.statusStyle(st).Render(statusMark(st)+" "+st.String())+now)
	}
	lines = append(lines, "", s.Muted.Render("a letter or enter sets it; esc leaves it as it is"))
	return lines
}

// historyLines describes an item's recorded changes, newest first.
func (m *Model) historyLines(id string, w int) []string {
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
		when := c.At.Local().Format("2 Jan 2006 15:04")
		what := describeChange(c)
		if c.Undoes != 0 {
			what = "undid: " + what
		}
		lines = append(lines, common.Wrap(s.Muted.Render(when+" · "+model.SanitizeLine(c.By)+" · ")+s.Text.Render(what), w)...)
	}
	return lines
}

// describeChange says what a change did, in a few words.
func describeChange(c review.Change) string {
	short := func(s string) string {
		if s == "" {
			return "∅"
		}
		return "“" + model.Truncate(common.OneLine(model.SanitizeLine(s)), 40) + "”"
	}
	switch c.Field {
	case review.FieldStatus:
		return "status " + c.Old + " → " + c.New
	case review.FieldNote:
		return "note " + short(c.Old) + " → " + short(c.New)
	case review.FieldEvidenceAdd:
		if e, err := c.Evidence(); err == nil {
			return "evidence added from " + model.Escape(e.ArticleID) + " " + short(e.Quote)
		}
	case review.FieldEvidenceRemove:
		if e, err := c.Evidence(); err == nil {
			return "evidence removed from " + model.Escape(e.ArticleID) + " " + short(e.Quote)
		}
	}
	return c.Field
}

func (m *Model) historyView(w int) []string {
	s := m.c.Styles
	lines := append(m.itemLines(m.itemID, w), "", s.Group.Render("History — newest first (esc goes back)"))
	return append(lines, m.historyLines(m.itemID, w)...)
}

// DetailView shows the selected item in full beside the list: its text,
// status, note, evidence and history.
func (m *Model) DetailView(w, h int) string {
	s := m.c.Styles
	id := m.shownItem()
	if _, ok := m.c.Roadmap.Item(id); !ok {
		return common.Block([]string{s.Muted.Render("The item under the cursor is shown here in full.")}, w, h)
	}
	lines := m.itemLines(id, w)
	r := m.reviews[id]
	lines = append(lines, "", s.Group.Render(fmt.Sprintf("Evidence (%d)", len(r.Evidence))))
	for _, e := range r.Evidence {
		title := "not in the corpus (removed?): " + model.Escape(e.ArticleID)
		if a, ok := m.article(e.ArticleID); ok {
			title = model.SanitizeLine(a.Title)
		}
		lines = append(lines, common.Wrap(s.Text.Render("“"+common.OneLine(model.SanitizeLine(e.Quote))+"”"), w)...)
		lines = append(lines, s.Muted.Render("  "+title+" · added by "+model.SanitizeLine(e.By)))
	}
	if len(r.Evidence) == 0 {
		lines = append(lines, s.Muted.Render("none yet — enter shows passages the index suggests"))
	}
	lines = append(lines, "", s.Group.Render("History"))
	lines = append(lines, m.historyLines(id, w)...)
	return common.Block(lines, w, h)
}

// Preview returns the article behind the selected item: its first
// evidence, else its first source, for the reader column.
func (m *Model) Preview() (common.ArticleRef, bool) {
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

// Click selects the clicked item or passage (a double click opens it).
func (m *Model) Click(x, y int, double bool) tea.Cmd {
	switch m.mode {
	case modeList, modeAttach:
		if !m.list.Click(y - m.listTop()) {
			return nil
		}
		if double && m.mode == modeList {
			return m.openDetail(m.list.SelectedKey())
		}
		if m.mode == modeList {
			return tea.Batch(m.previewSelected(), m.fetchHistory(m.list.SelectedKey()))
		}
	case modeDetail:
		if m.detail.Click(y-detailTop) && double {
			return m.openPassage()
		}
	}
	return nil
}
