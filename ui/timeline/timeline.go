// Package timeline is the Timeline pane: the partnership's events, built
// from the corpus in a tea.Cmd, grouped by year, each opening its source
// article at the sentence that dates it.
package timeline

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/index/library"
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

// builtMsg carries the extracted timeline of a snapshot.
type builtMsg struct {
	snap    *library.Snapshot
	events  []tl.Event
	undated []string
}

// built is a snapshot's timeline, computed once for every session.
type built struct {
	events  []tl.Event
	undated []string
}

// Model is the Timeline pane.
type Model struct {
	c        common.Common
	snap     *library.Snapshot // the corpus whose timeline is shown or coming
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

// Init waits for the corpus.
func (m *Model) Init() tea.Cmd { return nil }

// extract gets the timeline of a snapshot in the background (computed once
// per snapshot, shared by every session).
func extract(snap *library.Snapshot) tea.Cmd {
	return func() tea.Msg {
		b := snap.Value("timeline", func() any {
			ev, und := tl.Build(tl.FromCorpus(snap.Corpus))
			return built{events: ev, undated: und}
		}).(built)
		return builtMsg{snap: snap, events: b.events, undated: b.undated}
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
	case common.DataMsg:
		if s := msg.State.Snap; s != nil && s != m.snap && !s.Partial {
			m.snap = s
			return m, extract(s)
		}
	case builtMsg:
		if msg.snap != m.snap {
			return m, nil // an older corpus's
		}
		m.events, m.undated, m.built = msg.events, msg.undated, true
		m.refresh()
	case common.SearchChangedMsg:
		m.search = msg
		if m.filter {
			m.refresh()
		}
	case common.SelectMsg:
		if msg.Pane == common.PaneTimeline && m.mode == modeList {
			m.list.Select(msg.Row)
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
		if m.list.Update(msg) {
			return m.previewSelected()
		}
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
	case key.Matches(msg, k.Leave):
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
	out := make([]common.ArticleRef, len(ev.Sources))
	for i, s := range ev.Sources {
		r := common.ArticleRef{ID: s.ID, Label: "timeline: " + ev.DateString(), Row: eventKey(ev)}
		if !s.Publication && s.End > s.Start {
			r.Marks = []model.Span{{Start: s.Start, End: s.End}}
		}
		out[i] = r
	}
	return out
}

func open(refs []common.ArticleRef, pos int) tea.Cmd {
	return func() tea.Msg { return common.OpenArticleMsg{Refs: refs, Pos: pos, From: common.PaneTimeline} }
}

// Prompt is true while the source chooser (a picker) is open.
func (m *Model) Prompt() bool { return m.mode == modeChooser }

// Dirty is false: browsing loses nothing.
func (m *Model) Dirty() bool { return false }

// ShortHelp lists the main keys.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.mode == modeChooser {
		return []key.Binding{k.Open, k.Leave}
	}
	return []key.Binding{k.Open, k.Order, k.FilterBySearch}
}

// FullHelp lists all keys.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}, {k.Open, k.Order, k.FilterBySearch}}
}
