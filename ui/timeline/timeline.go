// Package timeline is the Timeline pane: the partnership's events, built
// from the corpus in a tea.Cmd, grouped by year, each opening its source
// article at the sentence that dates it.
package timeline

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
	tl "dossier/model/timeline"
	"dossier/ui/common"
)

// mode is what the pane's keys do.
type mode int

const (
	modeList    mode = iota // browsing events
	modeChooser             // choosing one of an event's sources
)

// builtMsg carries the extracted timeline.
type builtMsg struct {
	events  []tl.Event
	undated []string
}

// Model is the Timeline pane.
type Model struct {
	c        common.Common
	list     *common.List
	chooser  *common.List
	mode     mode
	events   []tl.Event
	undated  []string
	built    bool
	newest   bool // newest first
	filter   bool // only events whose sources match the search
	search   common.SearchChangedMsg
	choosing tl.Event
	shown    int // events listed after the filter, counted by refresh
}

// New returns the pane; the timeline is extracted by Init.
func New(c common.Common) *Model {
	return &Model{c: c, list: common.NewList(c.Keys), chooser: common.NewList(c.Keys)}
}

// Init gets the timeline (extracted once per process) in the background.
func (m *Model) Init() tea.Cmd {
	shared := m.c.Timeline
	if shared == nil {
		shared = tl.NewShared(m.c.Corpus)
	}
	return func() tea.Msg {
		ev, und := shared.Get()
		return builtMsg{events: ev, undated: und}
	}
}

// SetSize sets the pane's content size.
func (m *Model) SetSize(w, h int) {
	m.c = m.c.SetSize(w, h)
	m.list.SetSize(w, max(h-1, 0))
	m.chooser.SetSize(w, max(h-3, 0))
	m.refresh()
}

// Update handles the built timeline, search changes and keys.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case builtMsg:
		m.events, m.undated, m.built = msg.events, msg.undated, true
		m.refresh()
	case common.SearchChangedMsg:
		m.search = msg
		if m.filter {
			m.refresh()
		}
	case tea.KeyMsg:
		if m.mode == modeChooser {
			return m, m.updateChooser(msg)
		}
		return m, m.updateList(msg)
	}
	return m, nil
}

func (m *Model) updateList(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Order):
		m.newest = !m.newest
		m.refresh()
	case key.Matches(msg, k.FilterBySearch):
		if m.search.Query == "" && !m.filter {
			return status("type a search first (/), then F filters the timeline by it")
		}
		m.filter = !m.filter
		m.refresh()
		m.list.SelectIndex(0)
	case key.Matches(msg, k.Open):
		return m.openSelected()
	default:
		m.list.Update(msg)
	}
	return nil
}

func status(s string) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Text: s} }
}

// openSelected opens the event's only source, or the chooser.
func (m *Model) openSelected() tea.Cmd {
	key := m.list.SelectedKey()
	if id, ok := strings.CutPrefix(key, "undated:"); ok {
		return open([]common.ArticleRef{{ID: id}}, 0)
	}
	ev, ok := m.eventByKey(key)
	if !ok {
		return nil
	}
	if len(ev.Sources) == 1 {
		return open(refs(ev), 0)
	}
	m.choosing = ev
	m.mode = modeChooser
	m.chooser.SetRows(m.sourceRows(ev))
	m.chooser.SelectIndex(0)
	return nil
}

func (m *Model) updateChooser(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		m.mode = modeList
	case key.Matches(msg, k.Open):
		m.mode = modeList
		return open(refs(m.choosing), max(m.chooser.Cursor(), 0))
	default:
		m.chooser.Update(msg)
	}
	return nil
}

// refs lists an event's sources with the evidence sentence to highlight.
func refs(ev tl.Event) []common.ArticleRef {
	out := make([]common.ArticleRef, 0, len(ev.Sources))
	for _, s := range ev.Sources {
		if s.Basis == tl.Catalogue {
			continue // a roadmap item, not an article
		}
		r := common.ArticleRef{ID: s.ID, Label: "timeline: " + ev.DateString()}
		if s.End > s.Start {
			r.Marks = []model.Span{{Start: s.Start, End: s.End}}
		}
		out = append(out, r)
	}
	return out
}

func open(refs []common.ArticleRef, pos int) tea.Cmd {
	return func() tea.Msg { return common.OpenArticleMsg{Refs: refs, Pos: pos, From: common.PaneTimeline} }
}

// WantsKey reports whether the pane takes a key first: the chooser keeps esc.
func (m *Model) WantsKey(msg tea.KeyMsg) bool {
	return m.mode == modeChooser && key.Matches(msg, m.c.Keys.Back)
}

// Dirty is false: browsing loses nothing.
func (m *Model) Dirty() bool { return false }

// ShortHelp lists the main keys.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.mode == modeChooser {
		return []key.Binding{k.Open, k.Back}
	}
	return []key.Binding{k.Open, k.Order, k.FilterBySearch}
}

// FullHelp lists all keys.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}, {k.Open, k.Order, k.FilterBySearch}}
}
