package timeline

import (
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
	tl "dossier/model/timeline"
	"dossier/ui/common"
)

// dateWidth is the width of the date column ("≈ 30 Jun–2 Jul 2023").
const dateWidth = 19

func (m *Model) eventByKey(k string) (tl.Event, bool) {
	for _, ev := range m.t.Events {
		if ev.Key() == k {
			return ev, true
		}
	}
	return tl.Event{}, false
}

// listed reports whether an event is listed with the current toggles.
func (m *Model) listed(ev tl.Event) bool {
	if ev.Kind == tl.KindPublished && !m.published {
		return false
	}
	return !m.filter || m.matchesSearch(ev)
}

func (m *Model) matchesSearch(ev tl.Event) bool {
	for _, s := range ev.Sources {
		if m.search.IDs[s.ID] {
			return true
		}
	}
	return false
}

// visible returns the listed events in display order: the partnership's,
// then (when shown) the context ones.
func (m *Model) visible() (main, context []tl.Event) {
	m.hidden = 0
	for _, ev := range m.t.Events {
		switch {
		case !m.listed(ev):
		case ev.Context && !m.context:
			m.hidden++
		case ev.Context:
			context = append(context, ev)
		default:
			main = append(main, ev)
		}
	}
	if m.newest {
		slices.Reverse(main)
		slices.Reverse(context)
	}
	return main, context
}

// refresh rebuilds the rows: a heading per year, then its events; the
// context events and the undated articles last.
func (m *Model) refresh() {
	s := m.c.Styles
	var rows []common.Row
	heading := func(key, label string) {
		rows = append(rows, common.Row{Key: key, Render: func(w int, _ bool) string {
			return common.PadRight(s.Group.Render("── "+label+" "), w)
		}})
	}
	main, context := m.visible()
	m.shown = len(main) + len(context)
	year := -1
	for _, ev := range main {
		if y := ev.Start.Year(); y != year {
			year = y
			heading(fmt.Sprint("y", y), fmt.Sprint(y))
		}
		rows = append(rows, common.Row{Key: ev.Key(), Selectable: true, Render: m.eventRenderer(ev)})
	}
	if len(context) > 0 {
		heading("context", "Context, not about the partnership")
		for _, ev := range context {
			rows = append(rows, common.Row{Key: ev.Key(), Selectable: true, Render: m.eventRenderer(ev)})
		}
	}
	if len(m.t.Undated) > 0 && !m.filter && m.snap != nil {
		heading("undated", "Undated articles")
		for _, id := range m.t.Undated {
			a, _ := m.snap.Corpus.Article(id)
			title := model.SanitizeLine(a.Title)
			rows = append(rows, common.Row{Key: "undated:" + id, Selectable: true, Render: func(w int, sel bool) string {
				return m.line(w, sel, "undated", " ", title, 0)
			}})
		}
	}
	m.list.SetRows(rows)
}

// kindMark tells kinds apart without colour.
func kindMark(k tl.Kind) string {
	switch k {
	case tl.KindMilestone:
		return "◆"
	case tl.KindPublished:
		return "▫"
	}
	return "•"
}

// dateOf is the event's date, marked ≈ when no source states it.
func dateOf(ev tl.Event) string {
	if ev.Inferred() {
		return "≈ " + ev.DateString()
	}
	return ev.DateString()
}

func (m *Model) eventRenderer(ev tl.Event) func(int, bool) string {
	date, label, n := dateOf(ev), model.SanitizeLine(ev.Label), len(refs(ev))
	return func(w int, sel bool) string { return m.line(w, sel, date, kindMark(ev.Kind), label, n) }
}

// line draws one entry: cursor, date, kind, label and article count.
func (m *Model) line(w int, sel bool, date, mark, label string, sources int) string {
	s := m.c.Styles
	cursor := "  "
	text := s.Text
	if sel {
		cursor = s.Cursor.Render("› ")
		text = s.Bold
	}
	count := ""
	if sources > 1 {
		count = s.Info.Render(fmt.Sprintf(" %d articles", sources))
	}
	dw := min(dateWidth, max(w/3, 8))
	left := cursor + s.Accent.Render(common.PadRight(date, dw)) + " " + s.Muted.Render(mark) + " "
	room := w - common.Width(left) - common.Width(count)
	return common.PadRight(left+common.PadRight(text.Render(label), max(room, 0))+count, w)
}

// sourceRows lists an event's articles for the chooser.
func (m *Model) sourceRows(ev tl.Event) []common.Row {
	s := m.c.Styles
	var rows []common.Row
	for _, src := range ev.Sources {
		if src.Basis == tl.Catalogue {
			continue
		}
		a, _ := m.snap.Corpus.Article(src.ID)
		head := model.SanitizeLine(a.Title) + " · " + model.SanitizeLine(a.Outlet) + " · " + model.HumanDate(a.Date, a.Precision)
		quote := "“" + common.OneLine(model.SanitizeLine(src.Quote)) + "”"
		rows = append(rows, common.Row{Key: src.ID, Height: 2, Selectable: true, Render: func(w int, sel bool) string {
			marker := "  "
			if sel {
				marker = s.Cursor.Render("› ")
			}
			return common.PadRight(marker+s.Bold.Render(head), w) + "\n" + common.PadRight("    "+s.Muted.Render(quote), w)
		}})
	}
	return rows
}

// View draws the event list, or the source chooser.
func (m *Model) View() string {
	s := m.c.Styles
	w, h := m.c.Width, m.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	switch {
	case m.err != nil:
		return common.Block([]string{s.Error.Render("the timeline could not be built: " + model.SanitizeLine(m.err.Error()))}, w, h)
	case !m.built:
		return common.Block([]string{s.Muted.Render("putting the timeline together…")}, w, h)
	case m.mode == modeChooser:
		head := []string{
			common.PadRight(s.Bold.Render(dateOf(m.choosing)+" · "+model.SanitizeLine(m.choosing.Label)), w),
			common.PadRight(s.Muted.Render(fmt.Sprintf("%d articles — enter opens one at its sentence, esc goes back", m.chooser.Len())), w),
			"",
		}
		return strings.Join(append(head, m.chooser.View()), "\n")
	}
	order := "oldest first"
	if m.newest {
		order = "newest first"
	}
	info := fmt.Sprintf("%d events · %s", m.shown, order)
	if m.hidden > 0 {
		info += fmt.Sprintf(" · %d context hidden (c)", m.hidden)
	}
	if m.filter {
		info += fmt.Sprintf(" · only search %q", model.SanitizeLine(m.search.Query))
	}
	return common.PadRight(s.Muted.Render(info), w) + "\n" + m.list.View()
}

// selected returns the event under the cursor (or being chosen from).
func (m *Model) selected() (tl.Event, bool) {
	if m.mode != modeList {
		return m.choosing, true
	}
	return m.eventByKey(m.list.SelectedKey())
}

// Preview returns the selected event's first article, for the reader column.
func (m *Model) Preview() (common.ArticleRef, bool) {
	if id, ok := strings.CutPrefix(m.list.SelectedKey(), "undated:"); ok {
		return common.ArticleRef{ID: id, Row: m.list.SelectedKey()}, true
	}
	ev, ok := m.selected()
	if !ok {
		return common.ArticleRef{}, false
	}
	if rs := refs(ev); len(rs) > 0 {
		return rs[0], true
	}
	return common.ArticleRef{}, false
}

func (m *Model) previewSelected() tea.Cmd {
	ref, ok := m.Preview()
	if !ok {
		return nil
	}
	return func() tea.Msg { return common.PreviewMsg{Ref: ref} }
}

// DetailView shows the selected event in full: when and what, its kind and
// period, and every source with how it dates the event.
func (m *Model) DetailView(w, h int) string {
	s := m.c.Styles
	ev, ok := m.selected()
	if !ok || m.snap == nil {
		return common.Block([]string{s.Muted.Render("The event under the cursor is shown here in full: what happened, when, and who says so.")}, w, h)
	}
	head := s.Accent.Render(dateOf(ev)) + s.Muted.Render(" · "+kindName(ev))
	if !ev.Period.IsZero() {
		head += s.Muted.Render(" · period " + ev.Period.String())
	}
	lines := []string{head}
	lines = append(lines, common.Wrap(s.Bold.Render(model.SanitizeLine(ev.Label)), w)...)
	if ev.Context {
		lines = append(lines, s.Warning.Render("context: not about the partnership itself"))
	}
	for _, src := range ev.Sources {
		if src.Basis != tl.Catalogue {
			continue
		}
		what := "item " + model.Escape(src.ID)
		if doc, ok := strings.CutPrefix(src.ID, tl.DocumentMilestonePrefix); ok {
			what = "document “" + model.SanitizeLine(doc) + "”"
		}
		lines = append(lines, "", s.Group.Render("Roadmap catalogue"))
		lines = append(lines, common.Wrap(s.Text.Render(what), w)...)
		lines = append(lines, common.Wrap(s.Info.Render("date "+model.SanitizeLine(src.DateNote())), w)...)
		if src.Quote != "" {
			lines = append(lines, common.Wrap(s.Muted.Render(model.SanitizeLine(src.Quote)), w)...)
		}
	}
	if n := len(refs(ev)); n == 0 {
		lines = append(lines, "", s.Muted.Render("No article in the corpus reports it yet."))
	} else {
		lines = append(lines, "", s.Group.Render(fmt.Sprintf("Articles (%d)", n)))
	}
	for _, src := range ev.Sources {
		if src.Basis == tl.Catalogue {
			continue
		}
		a, _ := m.snap.Corpus.Article(src.ID)
		lines = append(lines, common.Wrap(s.Text.Render(model.SanitizeLine(a.Title)), w)...)
		lines = append(lines, common.Wrap(s.Muted.Render(model.SanitizeLine(a.Outlet)+" · "+model.HumanDate(a.Date, a.Precision)), w)...)
		if note := src.DateNote(); note != "" {
			lines = append(lines, common.Wrap(s.Info.Render("date "+model.SanitizeLine(note)), w)...)
		}
		if src.Quote != "" {
			lines = append(lines, common.Wrap(s.Muted.Render("“"+model.SanitizeLine(src.Quote)+"”"), w)...)
		}
		lines = append(lines, "")
	}
	return common.Block(lines, w, h)
}

// kindName says what kind of event it is, for people.
func kindName(ev tl.Event) string {
	switch ev.Kind {
	case tl.KindMilestone:
		return "roadmap milestone"
	case tl.KindPublished:
		return "publication"
	}
	return "reported event"
}

// Click selects the clicked event (a double click opens it).
func (m *Model) Click(x, y int, double bool) tea.Cmd {
	if m.mode == modeChooser {
		if !m.chooser.Click(y - 3) {
			return nil
		}
		if double {
			m.mode = modeList
			return open(refs(m.choosing), max(m.chooser.Cursor(), 0))
		}
		return nil
	}
	if !m.list.Click(y - 1) {
		return nil
	}
	if double {
		return m.openSelected()
	}
	return m.previewSelected()
}
