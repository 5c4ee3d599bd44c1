package roadmap

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/model/triage"
	"dossier/ui/common"
)

// The list as a person sorts through it: a filter (f, the same prompt
// rules as search) and an order (o), kept per person in the store
// (triage.SaveView), and the news of each item (news.go).

// maxFilterRecall is how many filters ↑ brings back in a session.
const maxFilterRecall = 50

// triageState is the list's filter and order, the filter prompt, and the
// items' news.
type triageState struct {
	filter   *triage.Filter // applied; nil or empty: every item
	before   *triage.Filter // applied when the prompt opened: esc goes back to it from a mistake
	order    triage.Order
	input    textinput.Model // the filter prompt
	selected bool            // the prompt's text is selected: typing replaces it
	inputErr error           // the prompt's text does not parse: why (the last good filter stays applied)
	recall   []string        // filters applied in this session, oldest first
	recallAt int             // position while ↑/↓ walk recall; len(recall) when not walking
	draft    string          // what was typed when ↑ started walking
	touched  bool            // the person changed the view before their saved one was read
	shown    int             // items listed, counted by refresh

	news newsState
}

// viewMsg brings the person's saved filter and order.
type viewMsg struct {
	view triage.View
	bad  bool // a stored filter or order this build cannot read was dropped
	err  error
}

// newFilterInput is the filter prompt.
func newFilterInput(c common.Common) textinput.Model {
	return common.NewTextInput(c, "filter: ", "status:at-risk, reviewer:alice, has:evidence, quiet:>365d, words…", review.MaxSettingValue/4)
}

// filtered reports whether the list leaves items out or reorders them.
func (m *Model) filtered() bool {
	return m.mode != modeAttach && (!m.tri.filter.Empty() || m.tri.order != triage.OrderCatalogue)
}

// triageRows are the catalogue's items as the filter and orders see them.
func (m *Model) triageRows() []triage.Row {
	items := m.catItems()
	rows := make([]triage.Row, len(items))
	for i, it := range items {
		rows[i] = triage.Row{Item: it, Review: m.reviews[it.ID], News: m.tri.news.news[it.ID]}
	}
	return rows
}

// visibleItems are the items the filter keeps, in the chosen order.
func (m *Model) visibleItems() []roadmap.Item {
	now := m.c.Now()
	var keep []triage.Row
	for _, r := range m.triageRows() {
		if m.tri.filter.Match(r, now) {
			keep = append(keep, r)
		}
	}
	triage.Sort(keep, m.tri.order, now)
	out := make([]roadmap.Item, len(keep))
	for i, r := range keep {
		out[i] = r.Item
	}
	return out
}

// flatRows lists the items in an order other than the catalogue's: one
// row each, under a heading that says the order.
func (m *Model) flatRows(items []roadmap.Item) []common.Row {
	s := m.c.Styles
	heading := m.tri.order.Label()
	rows := []common.Row{{Key: "order", Render: func(w int, _ bool) string {
		return common.PadRight(s.Group.Render(heading), w)
	}}}
	for _, it := range items {
		rows = append(rows, common.Row{Key: it.ID, Selectable: true, Render: m.itemRenderer(it)})
	}
	return rows
}

// infoLine says how many items the filter keeps and in which order, with
// the news column's heading at its right end when the rows have one.
func (m *Model) infoLine(w int) (string, bool) {
	s := m.c.Styles
	total := len(m.catItems())
	var parts []string
	if !m.tri.filter.Empty() {
		parts = append(parts, fmt.Sprintf("%d of %d items", m.tri.shown, total), "filter "+model.SanitizeLine(m.tri.filter.String()))
	}
	// (Another order than the catalogue's is named by the list's heading.)
	column := newsColumn(w)
	if len(parts) == 0 && !column {
		return "", false
	}
	if len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%d items · f filters, o orders", total))
	}
	left := s.Muted.Render(strings.Join(parts, " · "))
	if !column {
		return common.Truncate(left, w), true
	}
	head := s.Muted.Render(newsHeading)
	if m.tri.news.news == nil {
		head = s.Faint.Render(newsHeading)
	}
	room := w - newsWidth - 1
	return common.PadRight(common.Truncate(left, room), room) + " " + common.PadRight(head, newsWidth), true
}

// openFilter opens the filter prompt with the filter selected: typing
// replaces it, the arrows or backspace edit it.
func (m *Model) openFilter() tea.Cmd {
	m.mode = modeFilter
	m.tri.before = m.tri.filter
	in := &m.tri.input
	m.tri.selected = in.Value() != ""
	m.tri.recallAt = len(m.tri.recall)
	in.CursorEnd()
	in.Width = max(m.c.Width-common.Width(in.Prompt)-1, 1)
	m.sizeList()
	return in.Focus()
}

// filterKey handles a key in the filter prompt: the prompt rules of
// search (enter applies, esc leaves and keeps what was typed, ↑/↓ walk the
// filters applied before), the list filtered live as the text parses.
func (m *Model) filterKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Submit):
		if m.tri.inputErr != nil {
			return sayErr("the filter has a mistake (shown under it): fix it, or esc keeps the last good one")
		}
		return m.leaveFilter()
	case key.Matches(msg, k.Leave):
		if m.tri.inputErr != nil { // the text stays for next time; the list as it was
			m.tri.filter = m.tri.before
			m.applyView()
		}
		return m.leaveFilter()
	case key.Matches(msg, k.Recall):
		return m.walkFilters(-1)
	case key.Matches(msg, k.RecallNext) && m.tri.recallAt < len(m.tri.recall):
		return m.walkFilters(1)
	}
	in := &m.tri.input
	before := in.Value()
	if m.tri.selected {
		m.tri.selected = false
		switch msg.Type {
		case tea.KeyRunes, tea.KeySpace, tea.KeyBackspace, tea.KeyDelete:
			in.SetValue("") // typing replaces the selected filter
			if msg.Type == tea.KeyBackspace || msg.Type == tea.KeyDelete {
				return m.typedFilter(before)
			}
		}
	}
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	return tea.Batch(cmd, m.typedFilter(before))
}

// typedFilter applies the prompt's text when it changed and parses; a
// mistake is shown under the prompt and the last good filter stays.
func (m *Model) typedFilter(before string) tea.Cmd {
	text := m.tri.input.Value()
	if text == before {
		return nil
	}
	m.tri.touched = true
	f, err := triage.ParseFilter(text)
	m.tri.inputErr = err
	if err == nil {
		m.tri.filter = f
		m.applyView()
	}
	m.sizeList()
	return nil
}

// walkFilters puts an earlier (-1) or later (+1) filter in the prompt.
func (m *Model) walkFilters(d int) tea.Cmd {
	t := &m.tri
	if len(t.recall) == 0 {
		return nil
	}
	at := min(max(t.recallAt+d, 0), len(t.recall))
	if at == t.recallAt {
		return nil
	}
	before := t.input.Value()
	if t.recallAt == len(t.recall) {
		t.draft = before
	}
	t.recallAt = at
	if at == len(t.recall) {
		t.input.SetValue(t.draft)
	} else {
		t.input.SetValue(t.recall[at])
	}
	t.input.CursorEnd()
	t.selected = false
	return m.typedFilter(before)
}

// leaveFilter closes the prompt, keeps the filter applied for next time
// and remembers it for ↑.
func (m *Model) leaveFilter() tea.Cmd {
	t := &m.tri
	m.mode = modeList
	t.selected = false
	t.input.Blur()
	if f := t.filter.String(); f != "" {
		t.recall = slices.DeleteFunc(t.recall, func(s string) bool { return s == f })
		t.recall = append(t.recall, f)
		if len(t.recall) > maxFilterRecall {
			t.recall = t.recall[len(t.recall)-maxFilterRecall:]
		}
	}
	t.recallAt = len(t.recall)
	m.sizeList()
	return m.saveView()
}

// cycleOrder lists the items in the next order: catalogue, last change,
// quietest first.
func (m *Model) cycleOrder() tea.Cmd {
	m.tri.order = m.tri.order.Next()
	m.tri.touched = true
	m.applyView()
	m.lst().SelectIndex(0)
	msg := "listed " + m.tri.order.Label()
	if m.tri.order == triage.OrderQuietest && m.tri.news.news == nil {
		msg += " (the news of each item is still being looked for)"
	}
	return tea.Batch(say(msg+" · o for the next order"), m.saveView(), m.previewSelected())
}

// applyView lists the items again under the filter and order.
func (m *Model) applyView() {
	m.refresh()
	m.sizeList()
}

// loadView reads the person's saved filter and order.
func (m *Model) loadView() tea.Cmd {
	us, ok := review.UserStateOf(m.c.Store)
	who := m.c.Reviewer
	if !ok || who == "" {
		return nil
	}
	ctx := m.c.Context()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		v, bad, err := triage.LoadView(ctx, us, who)
		return viewMsg{view: v, bad: bad, err: err}
	}
}

// gotView applies the saved view, unless the person changed it already.
func (m *Model) gotView(msg viewMsg) tea.Cmd {
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		return sayErr("your roadmap filter could not be read: " + model.SanitizeLine(msg.err.Error()))
	}
	if m.tri.touched {
		return nil
	}
	f, err := triage.ParseFilter(msg.view.Filter)
	if err != nil { // LoadView drops what does not parse: never here
		return nil
	}
	m.tri.filter, m.tri.order = f, msg.view.Order
	m.tri.input.SetValue(msg.view.Filter)
	m.applyView()
	if msg.bad {
		return say("your saved roadmap filter or order was written by a newer dossier and could not be read: the whole catalogue is listed")
	}
	return nil
}

// saveView keeps the filter and order for the person's next sessions.
func (m *Model) saveView() tea.Cmd {
	us, ok := review.UserStateOf(m.c.Store)
	who := m.c.Reviewer
	if !ok || who == "" {
		return nil
	}
	if ro, _ := m.c.Store.ReadOnly(); ro {
		return nil // kept for this session: the store says why elsewhere
	}
	v := triage.View{Filter: m.tri.filter.String(), Order: m.tri.order}
	ctx := m.c.Context()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := triage.SaveView(ctx, us, who, v); err != nil && !errors.Is(err, context.Canceled) {
			return common.StatusMsg{Text: "the roadmap filter is kept for this session only: " + model.SanitizeLine(err.Error()), Error: true}
		}
		return nil
	}
}

// filterHeader is what the filter prompt shows above the list: the prompt,
// then a mistake in the filter (a caret under it where the text fits, and
// the message wrapped whole, up to half the pane) or a line of syntax.
func (m *Model) filterHeader(w int) []string {
	s := m.c.Styles
	in := m.tri.input
	prompt := in.View()
	if m.tri.selected {
		prompt = s.Prompt.Render(in.Prompt) + s.Match.Render(model.SanitizeLine(in.Value()))
	}
	lines := []string{common.Truncate(prompt, w)}
	var se *model.SyntaxError
	if m.tri.inputErr == nil || !errors.As(m.tri.inputErr, &se) {
		hint := "status: reviewer: has: no: changed:<7d quiet:>365d words · -x leaves out · enter applies, esc leaves"
		return append(lines, common.Lines(hint, w, s.Muted)...)
	}
	if col := common.Width(in.Prompt) + se.Column() - 1; common.Width(in.Prompt+in.Value()) < w && col < w {
		lines = append(lines, s.Error.Render(strings.Repeat(" ", col)+"^"))
	}
	msg := common.Lines("✗ "+model.SanitizeLine(se.Error()), w, s.Error)
	if room := max(m.c.Height/2-1, 1); len(msg) > room {
		msg = common.Clip(msg, room, w)
	}
	return append(lines, msg...)
}

// filterHelpColumn is where the meanings start in triage.FilterHelp.
const filterHelpColumn = 23

// FilterSyntax is the filter language for the help: example, meaning.
func FilterSyntax() [][2]string {
	var rows [][2]string
	for _, l := range strings.Split(triage.FilterHelp, "\n") {
		// The examples are a column of filterHelpColumn characters.
		cut := min(filterHelpColumn, len(l))
		rows = append(rows, [2]string{strings.TrimSpace(l[:cut]), strings.TrimSpace(l[cut:])})
	}
	return rows
}

// Syntax is the roadmap filter, for the help of this pane.
func (m *Model) Syntax() (string, [][2]string) { return "Roadmap filter (f)", FilterSyntax() }
