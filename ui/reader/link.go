package reader

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/index"
	"dossier/model"
	"dossier/model/roadmap"
	"dossier/ui/common"
)

// linkPicker is l: the roadmap items to link the article to, those it
// concerns first (best first, with their score and whether the link is
// strong), then every other item; typing filters them. enter attaches, as
// evidence of the chosen item, the passage you are on, or else the item's
// best linking passage in the article.
type linkPicker struct {
	filter textinput.Model
	list   *common.List
	// at is the passage you were on when l was pressed (the current match,
	// or the paragraph at the top of the pane once scrolled); zero: each
	// item's best passage.
	at     model.Span
	atWhat string
	shown  int // items listed under the filter
}

func newLinkPicker(c common.Common) linkPicker {
	in := common.NewTextInput(c, "filter: ", "type an id or words of the item", 100)
	return linkPicker{filter: in, list: common.NewList(c.Keys)}
}

// openLink opens the picker on the article on screen.
func (m *Model) openLink() tea.Cmd {
	if m.c.Roadmap == nil {
		m.status = "no roadmap to link the article to"
		return nil
	}
	if m.raw == nil || m.raw.key.ID != m.art.ID || m.text == "" {
		m.status = "wait until the article is shown, then l links it"
		return nil
	}
	p := &m.picker
	p.at, p.atWhat = model.Span{}, ""
	switch {
	case len(m.marks) > 0:
		p.at, _ = m.passage()
		p.atWhat = "the current match"
	case m.vp.YOffset > 0:
		p.at, _ = m.passage()
		p.atWhat = "the passage at the top of the pane"
	}
	p.filter.SetValue("")
	m.mode = modeLink
	p.setRows(m)
	p.list.SelectIndex(0)
	m.sizePicker()
	return p.filter.Focus()
}

// sizePicker gives the list the lines its heading leaves.
func (m *Model) sizePicker() {
	m.picker.filter.Width = max(m.c.Width-len(m.picker.filter.Prompt)-1, 1)
	m.picker.list.SetSize(m.c.Width, max(m.c.Height-len(m.pickerHead(m.c.Width)), 0))
}

// linkOf returns the article's link to an item, if it concerns it.
func (m *Model) linkOf(id string) (index.Link, bool) {
	for _, l := range m.links {
		if l.TopicID == id {
			return l, true
		}
	}
	return index.Link{}, false
}

// matches reports whether an item passes the filter: every word of it in
// the item's id, text, document or area (case and accents ignored).
func matches(it roadmap.Item, filter string) bool {
	words := strings.Fields(fold(filter))
	if len(words) == 0 {
		return true
	}
	hay := fold(it.ID + " " + it.Text + " " + it.Document + " " + it.Area)
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

func fold(s string) string { f, _ := model.Fold(s); return f }

// setRows lists the items under the filter: those the article concerns,
// best first, then the others in catalogue order.
func (p *linkPicker) setRows(m *Model) {
	s := m.c.Styles
	filter := p.filter.Value()
	items := map[string]roadmap.Item{}
	for _, it := range m.c.Roadmap.Items() {
		items[it.ID] = it
	}
	var rows []common.Row
	heading := func(key, text string) {
		rows = append(rows, common.Row{Key: key, Render: func(w int, _ bool) string {
			return common.PadRight(s.Group.Render(common.Truncate(text, w)), w)
		}})
	}
	var concerned []common.Row
	linked := map[string]bool{}
	for _, l := range m.links {
		it, ok := items[l.TopicID]
		linked[l.TopicID] = true
		if !ok || !matches(it, filter) {
			continue
		}
		score := fmt.Sprintf("%.2f", l.Score)
		if l.Strong {
			score += " strong"
		}
		concerned = append(concerned, p.itemRow(m, it, score))
	}
	var others []common.Row
	for _, it := range m.c.Roadmap.Items() {
		if !linked[it.ID] && matches(it, filter) {
			others = append(others, p.itemRow(m, it, ""))
		}
	}
	switch {
	case m.conState == concernsFinding:
		heading("hc", "Concerns: finding the items this article concerns…")
	case m.conState == concernsFailed:
		heading("hc", "Concerns: unavailable ("+m.conErr+")")
	case len(m.links) == 0:
		heading("hc", "This article concerns no item by its words")
	default:
		heading("hc", fmt.Sprintf("Concerns (%d of %d) — best first", len(concerned), len(m.links)))
	}
	rows = append(rows, concerned...)
	heading("ho", fmt.Sprintf("Other items (%d)", len(others)))
	rows = append(rows, others...)
	if len(concerned)+len(others) == 0 {
		rows = append(rows, common.Row{Key: "none", Render: func(w int, _ bool) string {
			return common.PadRight(s.Muted.Render(common.Truncate("no item has these words: backspace widens the filter", w)), w)
		}})
	}
	p.shown = len(concerned) + len(others)
	p.list.SetRows(rows)
}

// itemRow is one item: its id and score (for those the article concerns)
// on the first line, its text under it, cut with "…".
func (p *linkPicker) itemRow(m *Model, it roadmap.Item, score string) common.Row {
	s := m.c.Styles
	id, text := model.Escape(it.ID), model.SanitizeLine(it.Text)
	return common.Row{Key: it.ID, Height: 2, Selectable: true, Render: func(w int, sel bool) string {
		marker, st := "  ", s.Text
		if sel {
			marker, st = s.Cursor.Render("› "), s.Bold
		}
		first := marker + s.Accent.Render(id)
		if score != "" {
			first += "  " + s.Info.Render(score)
		}
		return common.PadRight(first, w) + "\n" + common.PadRight("    "+st.Render(common.Truncate(text, max(w-4, 1))), w)
	}}
}

// linkSpan is what enter attaches for an item: the passage you were on,
// else the item's best passage in the article, else the first paragraph.
func (m *Model) linkSpan(id string) (sp model.Span, what string) {
	if p := &m.picker; p.at.End > p.at.Start {
		return p.at, p.atWhat
	}
	if l, ok := m.linkOf(id); ok && l.Passage.End > l.Passage.Start && l.Passage.End <= len(m.text) {
		return l.Passage, "its best passage here"
	}
	if m.raw != nil && len(m.raw.paraOffsets) > 0 {
		return model.SentenceAt(m.text, m.raw.paraOffsets[0]), "the first sentence (it has no passage of its own here)"
	}
	return model.Span{}, ""
}

// pickerHead is what the picker shows above the items, in lines of its
// own whatever the item (the list under it keeps its place): what it does,
// the filter, and the passage enter attaches for the selected item (two
// lines, one on short screens, cut with "…").
func (m *Model) pickerHead(w int) []string {
	s := m.c.Styles
	head := []string{common.Truncate(s.Bold.Render("Link this article to a roadmap item"), w), m.picker.filter.View()}
	room := 2
	if m.c.Height < 14 {
		room = 1
	}
	var quote []string
	if sp, what := m.linkSpan(m.picker.list.SelectedKey()); sp.End > sp.Start {
		text := "“" + common.OneLine(model.SanitizeLine(m.text[sp.Start:sp.End])) + "”"
		label := "attaches " + what + ": "
		if w < 60 {
			label = "attaches: " // narrow: the quote first
		}
		quote = common.Clip(common.Wrap(s.Muted.Render(label)+s.Text.Render(text), w), room, w)
	}
	for len(quote) < room {
		quote = append(quote, "")
	}
	head = append(head, quote...)
	head = append(head, "")
	for i := range head {
		head[i] = common.PadRight(head[i], w)
	}
	return head
}

// linkView draws the picker in the pane.
func (m *Model) linkView() string {
	return strings.Join(append(m.pickerHead(m.c.Width), m.picker.list.View()), "\n")
}

// updateLink handles the picker's keys: enter attaches to the selected
// item, esc closes it, the arrows move, and typing filters.
func (m *Model) updateLink(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	p := &m.picker
	switch {
	case key.Matches(msg, k.Leave):
		m.closeLink()
		return nil
	case key.Matches(msg, k.Submit):
		id := p.list.SelectedKey()
		if _, ok := m.c.Roadmap.Item(id); !ok {
			return nil
		}
		sp, _ := m.linkSpan(id)
		if sp.End <= sp.Start {
			return nil
		}
		m.closeLink()
		req := common.AttachRequestMsg{ArticleID: m.art.ID, Span: sp, Quote: m.text[sp.Start:sp.End], ItemID: id}
		return func() tea.Msg { return req }
	case msg.Type == tea.KeyUp || msg.Type == tea.KeyDown || msg.Type == tea.KeyPgUp || msg.Type == tea.KeyPgDown ||
		msg.Type == tea.KeyHome || msg.Type == tea.KeyEnd:
		p.list.Update(msg) // the arrows move; letters are typed
		return nil
	}
	before := p.filter.Value()
	var cmd tea.Cmd
	p.filter, cmd = p.filter.Update(msg)
	if p.filter.Value() != before {
		p.setRows(m)
		p.list.SelectIndex(0)
	}
	return cmd
}

// closeLink leaves the picker for the article.
func (m *Model) closeLink() {
	m.mode = modeRead
	m.picker.filter.Blur()
}
