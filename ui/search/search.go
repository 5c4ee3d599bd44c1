// Package search is the search pane: a query input with live, debounced
// results, facet counts, inline query errors, and hits that open in the
// reader with their matches highlighted.
package search

import (
	"errors"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/index"
	"dossier/index/library"
	"dossier/ui/common"
)

// Debounce is how long typing must pause before a query runs.
const Debounce = 120 * time.Millisecond

// maxHits is how many hits a query shows.
const maxHits = 50

// mode says whether keys go to the query input or the result list.
type mode int

const (
	modeInput mode = iota
	modeList
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
	c       common.Common
	input   textinput.Model
	list    *common.List
	mode    mode
	seq     int           // number of the latest query typed
	shown   int           // number of the query whose results are shown
	res     *index.Result // last good results
	err     error         // the latest query's error, shown inline
	data    library.State // the corpus as this session knows it
	opening bool          // enter was pressed before the results came
}

// New returns the search pane.
func New(c common.Common) *Model {
	m := &Model{c: c, list: common.NewList(c.Keys)}
	m.input = common.NewTextInput(c, "/ ", `words, "phrases", -not, a OR b, lang:de, year:2025, date:>=2023-01-01`, 500)
	return m
}

// ready reports whether there is an index to search.
func (m *Model) ready() bool { return m.data.Snap != nil }

// Init does nothing until the user types.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize sets the pane's content size.
func (m *Model) SetSize(w, h int) {
	m.c = m.c.SetSize(w, h)
	m.input.Width = max(w-3, 1)
	m.list.SetSize(w, max(h-headerLines, 0))
	m.list.SetRows(m.rows())
}

// Query returns the current query text.
func (m *Model) Query() string { return m.input.Value() }

// Results returns the results on screen (nil before the first query).
func (m *Model) Results() *index.Result { return m.res }

// FocusInput puts the cursor in the query input.
func (m *Model) FocusInput() tea.Cmd {
	m.mode = modeInput
	return m.input.Focus()
}

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
	case common.DataMsg:
		before := m.data.Snap
		m.data = msg.State
		if m.data.Snap != before && m.input.Value() != "" {
			return m, m.search() // the corpus changed: the same query again
		}
		return m, nil
	case tea.KeyMsg:
		if m.mode == modeInput {
			return m, m.updateInput(msg)
		}
		return m, m.updateList(msg)
	}
	return m, nil
}

func (m *Model) updateInput(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Submit):
		if m.shown == m.seq && m.res != nil && m.err == nil {
			return m.openSelected()
		}
		m.opening = true
		return m.search()
	case key.Matches(msg, k.ToResults) && m.list.Cursor() >= 0:
		m.mode = modeList
		m.input.Blur()
		return nil
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() == before {
		return cmd
	}
	m.seq++
	m.opening = false
	seq := m.seq
	return tea.Batch(cmd, tea.Tick(Debounce, func(time.Time) tea.Msg { return debounceMsg{seq: seq} }))
}

func (m *Model) updateList(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Open):
		return m.openSelected()
	case key.Matches(msg, k.Back), key.Matches(msg, k.ToInput):
		return m.FocusInput()
	case key.Matches(msg, k.Up) && m.list.Cursor() == 0:
		return m.FocusInput()
	}
	m.list.Update(msg)
	return nil
}

// search runs the current query in a tea.Cmd, tagged with its number.
func (m *Model) search() tea.Cmd {
	q := m.input.Value()
	seq := m.seq
	if q == "" {
		m.res, m.err, m.shown = nil, nil, seq
		m.list.SetRows(nil)
		return m.changed()
	}
	if !m.ready() {
		return nil // runs when the index is ready
	}
	ix, ctx := m.data.Snap.Index, m.c.Context()
	return func() tea.Msg {
		res, err := ix.Search(ctx, index.Request{Query: q, Limit: maxHits, Facets: true})
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
		m.opening = false
		return nil
	}
	m.res = msg.res
	m.list.SetRows(m.rows())
	m.list.SelectIndex(0)
	changed := m.changed()
	if m.opening {
		m.opening = false
		return tea.Batch(changed, m.openSelected())
	}
	return changed
}

// changed tells the other panes which articles the search now matches.
func (m *Model) changed() tea.Cmd {
	ids := map[string]bool{}
	q := ""
	if m.res != nil {
		q = m.res.Query
		for _, h := range m.res.Hits {
			ids[h.ID] = true
		}
	}
	return func() tea.Msg { return common.SearchChangedMsg{Query: q, IDs: ids} }
}

// openSelected opens the hit under the cursor in the reader, with every hit
// of the list as the reader's [ ] sequence.
func (m *Model) openSelected() tea.Cmd {
	if m.res == nil || len(m.res.Hits) == 0 {
		return nil
	}
	pos := max(m.list.Cursor(), 0)
	refs := make([]common.ArticleRef, len(m.res.Hits))
	label := "search: " + m.res.Query
	for i, h := range m.res.Hits {
		var marks []index.Span
		for _, mt := range h.BodyMatches() {
			marks = append(marks, index.Span{Start: mt.Start, End: mt.End})
		}
		refs[i] = common.ArticleRef{ID: h.ID, Marks: marks, Label: label}
	}
	m.mode = modeList
	m.input.Blur()
	return func() tea.Msg { return common.OpenArticleMsg{Refs: refs, Pos: pos, From: common.PaneSearch} }
}

// WantsKey reports the keys the pane takes first: the input takes every key
// while focused; the list wants esc
// (back to the input).
func (m *Model) WantsKey(msg tea.KeyMsg) bool {
	return m.mode == modeInput && m.input.Focused() || (m.mode == modeList && key.Matches(msg, m.c.Keys.Back))
}

// Dirty is false: a query is not work to lose.
func (m *Model) Dirty() bool { return false }

// ShortHelp lists the main keys of the current mode.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.mode == modeInput {
		return []key.Binding{k.Submit, k.ToResults}
	}
	return []key.Binding{k.Open, k.Up, k.Down, k.ToInput}
}

// FullHelp lists all search keys.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{{k.Submit, k.ToResults, k.ToInput}, {k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown, k.Open}}
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
