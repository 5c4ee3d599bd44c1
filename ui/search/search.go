// Package search is the search pane: a query prompt with live, debounced
// results, recall of earlier queries, facet counts, inline query errors,
// and hits that open in the reader with their matches highlighted.
package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/index"
	"dossier/index/library"
	"dossier/model/review"
	"dossier/ui/common"
)

// Debounce is how long typing must pause before a query runs.
const Debounce = 120 * time.Millisecond

// maxHits is how many hits a query shows.
const maxHits = 50

// maxRecall is how many earlier queries ↑ can bring back (the review
// store keeps as many per person, across restarts).
const maxRecall = review.MaxSearches

// mode says whether keys go to the query prompt or the result list.
type mode int

const (
	modeList   mode = iota // browsing the results
	modePrompt             // typing a query
	modeName               // naming the query to save it (a prompt)
)

// debounceMsg fires after a pause in typing; seq says which keystroke.
type debounceMsg struct{ seq int }

// resultsMsg carries the answer to query number seq.
type resultsMsg struct {
	seq int
	res *index.Result
	err error
}

// Model is the search pane.
type Model struct {
	c        common.Common
	input    textinput.Model
	selected bool // the whole query is selected: typing replaces it
	recall   []string
	recallAt int    // position in recall while ↑/↓ walk it; len(recall) when not walking
	draft    string // what was being typed when ↑ started walking, given back by ↓ at the end
	list     *common.List
	mode     mode
	seq      int             // number of the latest query typed
	shown    int             // number of the query whose results are shown
	res      *index.Result   // last good results
	err      error           // the latest query's error, shown inline
	data     library.State   // the corpus as this session knows it
	opening  bool            // enter was pressed before the results came
	fresh    map[string]bool // the articles new for you (nil until known)
	saved    savedState      // the person's saved searches (saved.go)
	facets   facetCache      // the facets drawn as bars (facets.go)
}

// New returns the search pane.
func New(c common.Common) *Model {
	m := &Model{c: c, list: common.NewList(c.Keys)}
	m.input = common.NewTextInput(c, "/ ", `words, "phrases", -not, a OR b, lang:de, year:2025, date:>=2023-01-01`, 500)
	m.saved.name = newNameInput(c)
	return m
}

// ready reports whether there is an index to search.
func (m *Model) ready() bool { return m.data.Snap != nil }

// recallMsg brings the queries the review store remembers for this person.
type recallMsg struct{ queries []string }

// Init reads the person's earlier queries and saved searches from the
// review store.
func (m *Model) Init() tea.Cmd {
	st, who, ctx := m.c.Store, m.c.Reviewer, m.c.Context()
	if st == nil || who == "" {
		return nil
	}
	return tea.Batch(m.loadSaved(), func() tea.Msg {
		qs, err := st.Searches(ctx, who)
		if err != nil {
			return nil // no earlier queries: nothing to lose
		}
		return recallMsg{queries: qs}
	})
}

// addRecall puts earlier queries before those of this session.
func (m *Model) addRecall(qs []string) {
	walking := m.recallAt < len(m.recall)
	var merged []string
	for _, q := range qs {
		if !slices.Contains(m.recall, q) {
			merged = append(merged, q)
		}
	}
	m.recall = append(merged, m.recall...)
	if len(m.recall) > maxRecall {
		m.recall = m.recall[len(m.recall)-maxRecall:]
	}
	if !walking {
		m.recallAt = len(m.recall)
	}
}

// SetSize sets the pane's content size.
func (m *Model) SetSize(w, h int) {
	m.c = m.c.SetSize(w, h)
	m.input.Width = max(w-3, 1)
	m.saved.name.Width = max(w-common.Width(m.saved.name.Prompt)-1, 1)
	m.list.SetRows(m.rows())
	m.relayout()
}

// relayout gives the list what the header leaves (the header grows with a
// query error, which is shown whole).
func (m *Model) relayout() { m.list.SetSize(m.c.Width, max(m.c.Height-m.headerHeight(), 0)) }

// Query returns the current query text.
func (m *Model) Query() string { return m.input.Value() }

// Results returns the results on screen (nil before the first query).
func (m *Model) Results() *index.Result { return m.res }

// OpenPrompt opens the query prompt with the previous query selected, so
// typing replaces it and the arrows or backspace edit it.
func (m *Model) OpenPrompt() tea.Cmd {
	m.mode = modePrompt
	m.selected = m.input.Value() != ""
	m.recallAt = len(m.recall)
	m.input.CursorEnd()
	m.relayout()
	return m.input.Focus()
}

// Prompt reports whether the query prompt (or the name prompt) is open.
func (m *Model) Prompt() bool { return m.mode == modePrompt || m.mode == modeName }

// Update handles keys, debounce ticks and results.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case debounceMsg:
		if msg.seq != m.seq {
			return m, nil // more typing since: wait for the latest
		}
		return m, m.search()
	case resultsMsg:
		return m, m.receive(msg)
	case recallMsg:
		m.addRecall(msg.queries)
		return m, nil
	case common.NewArticlesMsg:
		return m, m.newArticles(msg.IDs)
	case savedListMsg:
		return m, m.gotSaved(msg)
	case savedCountsMsg:
		m.gotCounts(msg)
		return m, nil
	case savedWroteMsg:
		return m, m.wroteSaved(msg)
	case common.DataMsg:
		before := m.data.Snap
		m.data = msg.State
		m.relayout() // the status line may take another number of lines
		var count tea.Cmd
		if m.data.Snap != before {
			count = m.countSaved() // new articles, new hits
		}
		if m.data.Snap != before && m.input.Value() != "" {
			m.seq++
			return m, tea.Batch(count, m.search()) // the corpus changed: the same query again
		}
		return m, count
	case common.SelectMsg:
		if msg.Pane == common.PaneSearch {
			m.list.Select(msg.Row)
		}
		return m, nil
	case tea.KeyMsg:
		switch m.mode {
		case modePrompt:
			return m, m.promptKey(msg)
		case modeName:
			return m, m.nameKey(msg)
		}
		return m, m.listKey(msg)
	}
	return m, nil
}

func (m *Model) promptKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Submit):
		if m.shown == m.seq && m.res != nil && m.err == nil {
			return m.openSelected()
		}
		remember := m.remember()
		m.opening = true
		return tea.Batch(remember, m.search())
	case key.Matches(msg, k.Leave):
		return m.leavePrompt()
	case key.Matches(msg, k.Recall):
		return m.walkRecall(-1)
	case key.Matches(msg, k.RecallNext) && m.recallAt < len(m.recall):
		return m.walkRecall(1)
	case key.Matches(msg, k.Down) && msg.Type == tea.KeyDown:
		// Not walking the earlier queries: ↓ goes down into the results.
		if m.list.Len() > 0 {
			return tea.Batch(m.leavePrompt(), m.previewSelected())
		}
		return nil
	}
	before := m.input.Value()
	if m.selected {
		m.selected = false
		switch {
		case msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace:
			m.input.SetValue("") // typing replaces the selected query
		case msg.Type == tea.KeyBackspace || msg.Type == tea.KeyDelete:
			m.input.SetValue("")
			return m.typed(before)
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return tea.Batch(cmd, m.typed(before))
}

// typed starts the debounce when the query changed.
func (m *Model) typed(before string) tea.Cmd {
	if m.input.Value() == before {
		return nil
	}
	m.seq++
	m.opening = false
	seq := m.seq
	return tea.Tick(Debounce, func(time.Time) tea.Msg { return debounceMsg{seq: seq} })
}

// leavePrompt closes the prompt, keeping the query and its results.
func (m *Model) leavePrompt() tea.Cmd {
	cmd := m.remember()
	m.mode = modeList
	m.selected = false
	m.input.Blur()
	m.relayout()
	return cmd
}

// remember adds the current query to the recall list, as the newest (once),
// and keeps it in the review store for this person's next sessions.
func (m *Model) remember() tea.Cmd {
	q := m.input.Value()
	m.recallAt = len(m.recall)
	if q == "" {
		return nil
	}
	if n := len(m.recall); n == 0 || m.recall[n-1] != q {
		for i, x := range m.recall {
			if x == q {
				m.recall = append(m.recall[:i:i], m.recall[i+1:]...)
				break
			}
		}
		m.recall = append(m.recall, q)
		if len(m.recall) > maxRecall {
			m.recall = m.recall[len(m.recall)-maxRecall:]
		}
		m.recallAt = len(m.recall)
	}
	st, who := m.c.Store, m.c.Reviewer
	if st == nil || who == "" {
		return nil
	}
	if ro, _ := st.ReadOnly(); ro {
		return nil
	}
	ctx := m.c.Context()
	return func() tea.Msg {
		wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_ = st.RememberSearch(wctx, who, q) // a query not kept for next time loses nothing now
		return nil
	}
}

// walkRecall puts an earlier (-1) or later (+1) query in the prompt; past
// the newest, what was being typed comes back.
func (m *Model) walkRecall(d int) tea.Cmd {
	if len(m.recall) == 0 {
		return nil
	}
	at := min(max(m.recallAt+d, 0), len(m.recall))
	if at == m.recallAt {
		return nil
	}
	before := m.input.Value()
	if m.recallAt == len(m.recall) {
		m.draft = before // leaving the query being typed: keep it
	}
	m.recallAt = at
	if at == len(m.recall) {
		m.input.SetValue(m.draft)
	} else {
		m.input.SetValue(m.recall[at])
	}
	m.input.CursorEnd()
	m.selected = false
	return m.typed(before)
}

func (m *Model) listKey(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := m.savedKey(msg); ok {
		return cmd
	}
	if key.Matches(msg, m.c.Keys.SaveSearch) {
		return m.openName()
	}
	if key.Matches(msg, m.c.Keys.Open) {
		return m.openSelected()
	}
	if m.list.Update(msg) {
		return m.previewSelected()
	}
	return nil
}

// search runs the current query in a tea.Cmd, tagged with its number.
func (m *Model) search() tea.Cmd {
	q := m.input.Value()
	seq := m.seq
	if q == "" {
		m.res, m.err, m.shown = nil, nil, seq
		m.list.SetRows(m.rows()) // the saved searches
		m.relayout()
		return tea.Batch(m.changed(), m.countSaved())
	}
	if !m.ready() {
		return nil // runs when the index is ready
	}
	ix, ctx, lang, sets := m.data.Snap.Index, m.c.Context(), m.c.Lang, m.sets()
	return func() tea.Msg {
		res, err := ix.Search(ctx, index.Request{Query: q, Limit: maxHits, Facets: true, Lang: lang, Sets: sets})
		return resultsMsg{seq: seq, res: res, err: err}
	}
}

// receive shows results unless newer ones were asked for; an error keeps
// the last good results on screen.
func (m *Model) receive(msg resultsMsg) tea.Cmd {
	if msg.seq != m.seq {
		return nil // stale
	}
	m.shown = msg.seq
	m.err = msg.err
	if msg.err != nil {
		if errors.Is(msg.err, index.ErrClosed) {
			m.err = nil // the corpus changed under the search: the new one runs it again
		}
		m.opening = false
		m.relayout()
		return nil
	}
	again := m.res != nil && m.res.Query == msg.res.Query // the same query again (the corpus or your new articles changed)
	m.res = msg.res
	m.list.SetRows(m.rows()) // keeps the cursor on the same hit when it is still there
	m.relayout()
	if !again {
		m.list.SelectIndex(0)
	}
	cmds := []tea.Cmd{m.changed(), m.previewSelected()}
	if m.opening {
		m.opening = false
		cmds = append(cmds, m.openSelected())
	}
	return tea.Batch(cmds...)
}

// changed tells the other panes which articles the search now matches.
func (m *Model) changed() tea.Cmd {
	ids := map[string]bool{}
	q := ""
	if m.res != nil {
		q = m.res.Query
		for _, h := range m.res.Hits {
			ids[h.ID] = true
			for _, v := range h.Versions {
				ids[v.ID] = true
			}
		}
	}
	return func() tea.Msg { return common.SearchChangedMsg{Query: q, IDs: ids} }
}

// refs lists the hits as articles to open, each with its matches.
func (m *Model) refs() []common.ArticleRef {
	refs := make([]common.ArticleRef, len(m.res.Hits))
	label := "search: " + m.res.Query
	for i, h := range m.res.Hits {
		var marks []index.Span
		for _, mt := range h.BodyMatches() {
			marks = append(marks, index.Span{Start: mt.Start, End: mt.End})
		}
		refs[i] = common.ArticleRef{ID: h.ID, Marks: marks, Label: label, Query: m.res.Query, Row: h.ID}
	}
	return refs
}

// openSelected opens the hit under the cursor in the reader, with every hit
// of the list as the reader's [ ] sequence.
func (m *Model) openSelected() tea.Cmd {
	if m.res == nil || len(m.res.Hits) == 0 {
		if m.mode == modePrompt && m.res != nil {
			return m.leavePrompt() // nothing to open: show the empty list, not a trap
		}
		return nil
	}
	pos := max(m.list.Cursor(), 0)
	refs := m.refs()
	remember := m.leavePrompt()
	return tea.Batch(remember, func() tea.Msg { return common.OpenArticleMsg{Refs: refs, Pos: pos, From: common.PaneSearch} })
}

// Preview returns the hit under the cursor, for the reader column.
func (m *Model) Preview() (common.ArticleRef, bool) {
	if m.res == nil || len(m.res.Hits) == 0 {
		return common.ArticleRef{}, false
	}
	return m.refs()[max(m.list.Cursor(), 0)], true
}

func (m *Model) previewSelected() tea.Cmd { return common.PreviewSelected(m) }

// Dirty is false: a query is not work to lose.
func (m *Model) Dirty() bool { return false }

// ShortHelp lists the keys that work now.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.mode == modeName {
		save := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save"))
		return []key.Binding{save, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "do not save"))}
	}
	if m.mode == modePrompt {
		submit := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open first hit"))
		leave := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave"))
		down := key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "to the results"))
		if m.recallAt < len(m.recall) {
			down = k.RecallNext
		}
		return []key.Binding{submit, down, k.Recall, leave}
	}
	if m.showingSaved() {
		run := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run saved search"))
		return []key.Binding{run, k.DeleteSearch, k.Up, k.Down}
	}
	if m.input.Value() != "" {
		return []key.Binding{k.Open, k.SaveSearch, k.Up, k.Down}
	}
	return []key.Binding{k.Open, k.Up, k.Down}
}

// FullHelp lists all search keys: the prompt's, then the result list's.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	down := key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "later query; past the last, to the results"))
	open := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open the hit (prompt: the first hit)"))
	run := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "(no query) run the saved search"))
	return [][]key.Binding{{open, k.Leave, k.Recall, down}, {k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.SaveSearch, run, k.DeleteSearch}}
}

func errorText(err error) string {
	var qe *index.QueryError
	if errors.As(err, &qe) {
		return qe.Error()
	}
	if errors.Is(err, index.ErrNothingToSearch) {
		return "every word is too common to search for"
	}
	return fmt.Sprint(err)
}
