package search

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/index"
	"dossier/model"
	"dossier/model/review"
	"dossier/ui/common"
)

// Saved searches: w keeps the query on screen under a name, per person in
// the review store; with no query, the pane lists them under the prompt,
// each with its hits among the person's new articles ("3 new", counted in
// a tea.Cmd); enter runs one, x twice deletes it.

// savedTimeout bounds one store operation for saved searches.
const savedTimeout = 10 * time.Second

// savedPrefix starts the list keys of saved searches.
const savedPrefix = "saved:"

// savedState is the person's saved searches as the pane knows them.
type savedState struct {
	list     []review.SavedSearch
	counts   map[string]int    // name → hits among the person's new articles, once counted
	errs     map[string]string // name → why its query could not be counted
	seq      int               // of the latest count
	name     textinput.Model   // the name prompt
	selected bool              // the name is selected: typing replaces it
	deleting string            // x was pressed once on this saved search: x again deletes it
}

// savedListMsg brings the person's saved searches.
type savedListMsg struct {
	list []review.SavedSearch
	err  error
}

// savedCountsMsg brings the new hits of each saved search.
type savedCountsMsg struct {
	seq    int
	counts map[string]int
	errs   map[string]string
	err    error
}

// savedWroteMsg reports a save or a delete.
type savedWroteMsg struct {
	text string // for the status line
	err  error
}

// newNameInput is the name prompt.
func newNameInput(c common.Common) textinput.Model {
	return common.NewTextInput(c, "save as: ", "a name for this search", review.MaxSearchName)
}

// userState is the store's per-person part, with who; ok is false when
// there is none (no store, or no name to keep things under).
func (m *Model) userState() (review.UserState, string, bool) {
	us, ok := review.UserStateOf(m.c.Store)
	return us, m.c.Reviewer, ok && m.c.Reviewer != ""
}

// loadSaved reads the person's saved searches.
func (m *Model) loadSaved() tea.Cmd {
	us, who, ok := m.userState()
	if !ok {
		return nil
	}
	ctx := m.c.Context()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, savedTimeout)
		defer cancel()
		list, err := us.SavedSearches(ctx, who)
		return savedListMsg{list: list, err: err}
	}
}

// gotSaved shows the saved searches and counts their new hits.
func (m *Model) gotSaved(msg savedListMsg) tea.Cmd {
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		return status("your saved searches could not be read: "+model.SanitizeLine(msg.err.Error()), true)
	}
	m.saved.list = msg.list
	m.refreshRows()
	return m.countSaved()
}

// countSaved counts each saved search's hits among the person's new
// articles, in a tea.Cmd: one read of the store, one search per saved
// search.
func (m *Model) countSaved() tea.Cmd {
	us, who, ok := m.userState()
	if !ok || len(m.saved.list) == 0 || !m.ready() || m.data.Snap.Partial {
		return nil
	}
	m.saved.seq++
	seq, snap, list, ctx := m.saved.seq, m.data.Snap, append([]review.SavedSearch(nil), m.saved.list...), m.c.Context()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, savedTimeout)
		defer cancel()
		set, err := common.IDSetOf(ctx, snap)
		if err != nil {
			return savedCountsMsg{seq: seq, err: err}
		}
		ids, err := us.NewArticlesIn(ctx, who, set)
		if err != nil {
			return savedCountsMsg{seq: seq, err: err}
		}
		counts, errs := map[string]int{}, map[string]string{}
		for _, s := range list {
			n, err := snap.Index.CountAmong(ctx, s.Query, ids)
			if err != nil {
				if ctx.Err() != nil || errors.Is(err, index.ErrClosed) {
					return savedCountsMsg{seq: seq, err: err}
				}
				errs[s.Name] = errorText(err)
				continue
			}
			counts[s.Name] = n
		}
		return savedCountsMsg{seq: seq, counts: counts, errs: errs}
	}
}

// gotCounts shows the latest counts.
func (m *Model) gotCounts(msg savedCountsMsg) {
	if msg.seq != m.saved.seq || msg.err != nil {
		return // stale, or the corpus changed under it: the next count follows
	}
	m.saved.counts, m.saved.errs = msg.counts, msg.errs
	m.refreshRows()
}

// showingSaved reports whether the list holds the saved searches: there
// is no query, and some are saved.
func (m *Model) showingSaved() bool { return m.input.Value() == "" && len(m.saved.list) > 0 }

// refreshRows lists the hits, or the saved searches, again.
func (m *Model) refreshRows() {
	m.list.SetRows(m.rows())
	m.relayout()
}

// savedRows lists the saved searches under a heading: the name, the
// query, the new hits.
func (m *Model) savedRows() []common.Row {
	s := m.c.Styles
	n := len(m.saved.list)
	rows := []common.Row{{Key: "saved", Render: func(w int, _ bool) string {
		return common.PadRight(s.Group.Render(fmt.Sprintf("Saved searches (%d)", n))+s.Muted.Render(" — enter runs one, x deletes"), w)
	}}}
	nameW := 0
	for _, ss := range m.saved.list {
		nameW = max(nameW, common.Width(model.SanitizeLine(ss.Name)))
	}
	for _, ss := range m.saved.list {
		name, query := model.SanitizeLine(ss.Name), model.SanitizeLine(ss.Query)
		rows = append(rows, common.Row{Key: savedPrefix + ss.Name, Selectable: true, Render: func(w int, sel bool) string {
			marker, nameStyle := "  ", s.Text
			if sel {
				marker, nameStyle = s.Cursor.Render("› "), s.Bold
			}
			count := m.savedCount(ss.Name)
			nw := min(nameW, max(w/3, 8))
			left := marker + common.PadRight(nameStyle.Render(name), nw) + " "
			room := max(w-common.Width(left)-common.Width(count)-1, 0)
			return common.PadRight(left+common.PadRight(s.Muted.Render(query), room)+" "+count, w)
		}})
	}
	return rows
}

// savedCount is a saved search's "3 new", or why it has none.
func (m *Model) savedCount(name string) string {
	s := m.c.Styles
	if _, bad := m.saved.errs[name]; bad {
		return s.Error.Render("mistake")
	}
	n, ok := m.saved.counts[name]
	switch {
	case !ok:
		return s.Faint.Render("…")
	case n == 0:
		return s.Muted.Render("0 new")
	}
	return s.Info.Render(fmt.Sprintf("%d new", n))
}

// selectedSaved is the saved search under the cursor.
func (m *Model) selectedSaved() (review.SavedSearch, bool) {
	name, ok := strings.CutPrefix(m.list.SelectedKey(), savedPrefix)
	if !ok || !m.showingSaved() {
		return review.SavedSearch{}, false
	}
	for _, ss := range m.saved.list {
		if ss.Name == name {
			return ss, true
		}
	}
	return review.SavedSearch{}, false
}

// savedKey handles the keys of the saved searches' list: enter runs one,
// x asks, then x again deletes it. It reports whether it used the key.
func (m *Model) savedKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	ss, ok := m.selectedSaved()
	deleting := m.saved.deleting
	m.saved.deleting = ""
	if !ok {
		return nil, false
	}
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Open):
		return m.runSaved(ss), true
	case key.Matches(msg, k.DeleteSearch) && deleting == ss.Name:
		return m.deleteSaved(ss), true
	case key.Matches(msg, k.DeleteSearch):
		m.saved.deleting = ss.Name
		return status(fmt.Sprintf("x again deletes your saved search “%s” (%s); any other key keeps it",
			model.SanitizeLine(ss.Name), model.SanitizeLine(ss.Query)), false), true
	}
	return nil, false
}

// runSaved puts a saved search's query in the prompt and runs it.
func (m *Model) runSaved(ss review.SavedSearch) tea.Cmd {
	m.input.SetValue(ss.Query)
	m.input.CursorEnd()
	m.seq++
	m.list.SetRows(nil) // its results replace the saved searches
	return tea.Batch(m.remember(), m.search(), status("saved search “"+model.SanitizeLine(ss.Name)+"”", false))
}

// openName asks for the name to save the query under: the name of the
// saved search with this query, if any, else the query, selected.
func (m *Model) openName() tea.Cmd {
	q := m.input.Value()
	switch {
	case q == "":
		return status("type a search first (/), then w keeps it under a name", false)
	case m.err != nil:
		return status("this search has a mistake: fix it before saving it", true)
	}
	if _, _, ok := m.userState(); !ok {
		return status("searches cannot be saved: no review store keeps them for you", true)
	}
	if ro, why := m.c.Store.ReadOnly(); ro {
		return status("searches cannot be saved: "+model.SanitizeLine(why), true)
	}
	name := q
	for _, ss := range m.saved.list {
		if ss.Query == q {
			name = ss.Name
		}
	}
	if len(name) > review.MaxSearchName {
		name = model.Truncate(name, review.MaxSearchName/4)
	}
	m.saved.name.SetValue(name)
	m.saved.name.CursorEnd()
	m.saved.selected = true
	m.mode = modeName
	m.relayout()
	return m.saved.name.Focus()
}

// nameKey handles a key in the name prompt: enter saves, esc leaves
// without saving.
func (m *Model) nameKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	in := &m.saved.name
	switch {
	case key.Matches(msg, k.Submit):
		name := strings.TrimSpace(model.SanitizeLine(in.Value()))
		if name == "" {
			return status("a saved search needs a name", true)
		}
		m.closeName()
		return m.saveSearch(name, m.input.Value())
	case key.Matches(msg, k.Leave):
		m.closeName()
		return status("not saved", false)
	}
	if m.saved.selected {
		m.saved.selected = false
		if msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace || msg.Type == tea.KeyBackspace || msg.Type == tea.KeyDelete {
			in.SetValue("")
			if msg.Type != tea.KeyRunes && msg.Type != tea.KeySpace {
				return nil
			}
		}
	}
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	return cmd
}

func (m *Model) closeName() {
	m.mode = modeList
	m.saved.selected = false
	m.saved.name.Blur()
	m.relayout()
}

// saveSearch keeps query under name for the person.
func (m *Model) saveSearch(name, query string) tea.Cmd {
	us, who, _ := m.userState()
	replaced := false
	for _, ss := range m.saved.list {
		replaced = replaced || ss.Name == name
	}
	ctx := m.c.Context()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, savedTimeout)
		defer cancel()
		if err := us.SaveSearch(ctx, who, name, query); err != nil {
			return savedWroteMsg{err: fmt.Errorf("not saved: %w", err)}
		}
		what := "saved"
		if replaced {
			what = "saved (it replaces the one of that name)"
		}
		return savedWroteMsg{text: fmt.Sprintf("%s “%s”: clear the query to see your saved searches", what, name)}
	}
}

// deleteSaved drops a saved search.
func (m *Model) deleteSaved(ss review.SavedSearch) tea.Cmd {
	us, who, _ := m.userState()
	ctx := m.c.Context()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, savedTimeout)
		defer cancel()
		if _, err := us.DeleteSearch(ctx, who, ss.Name); err != nil {
			return savedWroteMsg{err: fmt.Errorf("not deleted: %w", err)}
		}
		return savedWroteMsg{text: fmt.Sprintf("deleted the saved search “%s” (%s)", ss.Name, ss.Query)}
	}
}

// wroteSaved says what was saved or deleted and reads the list again.
func (m *Model) wroteSaved(msg savedWroteMsg) tea.Cmd {
	if msg.err != nil {
		return status(model.SanitizeLine(msg.err.Error()), true)
	}
	return tea.Batch(status(model.SanitizeLine(msg.text), false), m.loadSaved())
}

// nameLines are the name prompt's lines under the query.
func (m *Model) nameLines(w int) []string {
	s := m.c.Styles
	in := m.saved.name
	line := in.View()
	if m.saved.selected {
		line = s.Prompt.Render(in.Prompt) + s.Match.Render(model.SanitizeLine(in.Value()))
	}
	hint := "enter keeps this search for you under the name; esc leaves it unsaved"
	return append([]string{common.Truncate(line, w)}, common.Lines(hint, w, s.Muted)...)
}

func status(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Text: text, Error: isErr} }
}

// savedDetail shows a saved search in full beside the list: its name,
// query, when it was saved and its new hits.
func (m *Model) savedDetail(ss review.SavedSearch, w int) []string {
	s := m.c.Styles
	lines := common.Lines(model.SanitizeLine(ss.Name), w, s.Bold)
	lines = append(lines, common.Lines("/ "+model.SanitizeLine(ss.Query), w, s.Text)...)
	if !ss.At.IsZero() {
		lines = append(lines, common.Lines("saved "+ss.At.Local().Format("2 Jan 2006 15:04"), w, s.Muted)...)
	}
	if why, bad := m.saved.errs[ss.Name]; bad {
		lines = append(lines, common.Lines("✗ "+model.SanitizeLine(why), w, s.Error)...)
	} else if n, ok := m.saved.counts[ss.Name]; ok {
		lines = append(lines, common.Lines(fmt.Sprintf("%d new: hits among the articles new for you", n), w, s.Info)...)
	}
	return append(append(lines, ""), common.Lines("enter runs it · x twice deletes it", w, s.Muted)...)
}
