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

// dateWidth is the width of the date column.
const dateWidth = 17

func eventKey(ev tl.Event) string {
	return ev.Start.Format("20060102") + ev.End.Format("20060102") + ev.Label
}

func (m *Model) eventByKey(k string) (tl.Event, bool) {
	for _, ev := range m.events {
		if eventKey(ev) == k {
			return ev, true
		}
	}
	return tl.Event{}, false
}

// visible returns the events after the search filter, in display order.
func (m *Model) visible() []tl.Event {
	var out []tl.Event
	for _, ev := range m.events {
		if m.filter && !m.matchesSearch(ev) {
			continue
		}
		out = append(out, ev)
	}
	if m.newest {
		slices.Reverse(out)
	}
	return out
}

func (m *Model) matchesSearch(ev tl.Event) bool {
	for _, s := range ev.Sources {
		if m.search.IDs[s.ID] {
			return true
		}
	}
	return false
}

// refresh rebuilds the rows: a heading per year, then its events; undated
// articles last.
func (m *Model) refresh() {
	s := m.c.Styles
	var rows []common.Row
	year := -1
	events := m.visible()
	m.shown = len(events)
	for _, ev := range events {
		if y := ev.Start.Year(); y != year {
			year = y
			label := fmt.Sprint(y)
			rows = append(rows, common.Row{Key: "y" + label, Render: func(w int, _ bool) string {
				return common.PadRight(s.Group.Render("── "+label+" "), w)
			}})
		}
		rows = append(rows, common.Row{Key: eventKey(ev), Selectable: true, Render: m.eventRenderer(ev)})
	}
	if len(m.undated) > 0 && !m.filter {
		rows = append(rows, common.Row{Key: "undated", Render: func(w int, _ bool) string {
			return common.PadRight(s.Group.Render("── Undated articles "), w)
		}})
		for _, id := range m.undated {
			a, _ := m.snap.Corpus.Article(id)
			title := a.Title
			rows = append(rows, common.Row{Key: "undated:" + id, Selectable: true, Render: func(w int, sel bool) string {
				return m.line(w, sel, "undated", title, 1)
			}})
		}
	}
	m.list.SetRows(rows)
}

func (m *Model) eventRenderer(ev tl.Event) func(int, bool) string {
	date := ev.DateString()
	return func(w int, sel bool) string { return m.line(w, sel, date, ev.Label, len(ev.Sources)) }
}

// line draws one entry: cursor, date, label and source count.
func (m *Model) line(w int, sel bool, date, label string, sources int) string {
	s := m.c.Styles
	marker := "  "
	text := s.Text
	if sel {
		marker = s.Cursor.Render("› ")
		text = s.Bold
	}
	count := ""
	if sources > 1 {
		count = s.Info.Render(fmt.Sprintf(" %d sources", sources))
	}
	dw := min(dateWidth, max(w/3, 8))
	left := marker + s.Accent.Render(common.PadRight(date, dw)) + " "
	room := w - common.Width(left) - common.Width(count)
	return common.PadRight(left+common.PadRight(text.Render(common.OneLine(label)), max(room, 0))+count, w)
}

// sourceRows lists an event's sources for the chooser.
func (m *Model) sourceRows(ev tl.Event) []common.Row {
	s := m.c.Styles
	rows := make([]common.Row, len(ev.Sources))
	for i, src := range ev.Sources {
		a, _ := m.snap.Corpus.Article(src.ID)
		quote := src.Quote
		rows[i] = common.Row{Key: src.ID, Height: 2, Selectable: true, Render: func(w int, sel bool) string {
			marker := "  "
			if sel {
				marker = s.Cursor.Render("› ")
			}
			head := marker + s.Bold.Render(a.Title) + s.Muted.Render(" · "+a.Outlet+" · "+a.DateString())
			return common.PadRight(head, w) + "\n" + common.PadRight("    "+s.Muted.Render("“"+common.OneLine(quote)+"”"), w)
		}}
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
	if !m.built {
		return common.PadRight(s.Muted.Render("extracting the timeline…"), w)
	}
	if m.mode == modeChooser {
		head := []string{
			common.PadRight(s.Bold.Render(m.choosing.DateString()+" · "+m.choosing.Label), w),
			common.PadRight(s.Muted.Render(fmt.Sprintf("%d sources — enter opens one at the quoted sentence, esc goes back", len(m.choosing.Sources))), w),
			"",
		}
		return strings.Join(append(head, m.chooser.View()), "\n")
	}
	order := "oldest first"
	if m.newest {
		order = "newest first"
	}
	info := fmt.Sprintf("%d events · %s", m.shown, order)
	if m.filter {
		info += fmt.Sprintf(" · only search %q", m.search.Query)
	}
	return common.PadRight(s.Muted.Render(info), w) + "\n" + m.list.View()
}

// selected returns the event under the cursor.
func (m *Model) selected() (tl.Event, bool) {
	if m.mode != modeList {
		return m.choosing, true
	}
	return m.eventByKey(m.list.SelectedKey())
}

// Preview returns the first source of the selected event, for the reader
// column.
func (m *Model) Preview() (common.ArticleRef, bool) {
	if id, ok := strings.CutPrefix(m.list.SelectedKey(), "undated:"); ok {
		return common.ArticleRef{ID: id, Row: m.list.SelectedKey()}, true
	}
	ev, ok := m.selected()
	if !ok || len(ev.Sources) == 0 {
		return common.ArticleRef{}, false
	}
	return refs(ev)[0], true
}

func (m *Model) previewSelected() tea.Cmd {
	ref, ok := m.Preview()
	if !ok {
		return nil
	}
	return func() tea.Msg { return common.PreviewMsg{Ref: ref} }
}

// DetailView shows the selected event in full: its date, label and every
// source with the sentence that dates it.
func (m *Model) DetailView(w, h int) string {
	s := m.c.Styles
	ev, ok := m.selected()
	if !ok || m.snap == nil {
		return common.Block([]string{s.Muted.Render("The event under the cursor is shown here in full.")}, w, h)
	}
	lines := []string{s.Accent.Render(ev.DateString())}
	lines = append(lines, common.Wrap(s.Bold.Render(model.SanitizeLine(ev.Label)), w)...)
	lines = append(lines, "", s.Group.Render(fmt.Sprintf("Sources (%d)", len(ev.Sources))))
	for _, src := range ev.Sources {
		a, _ := m.snap.Corpus.Article(src.ID)
		lines = append(lines, common.Wrap(s.Text.Render(model.SanitizeLine(a.Title)), w)...)
		lines = append(lines, s.Muted.Render(model.SanitizeLine(a.Outlet)+" · "+model.HumanDate(a.Date, a.Precision)))
		if !src.Publication {
			lines = append(lines, common.Wrap(s.Muted.Render("“"+model.SanitizeLine(src.Quote)+"”"), w)...)
		}
		lines = append(lines, "")
	}
	return common.Block(lines, w, h)
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
