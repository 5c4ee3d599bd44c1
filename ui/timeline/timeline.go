// Package timeline is the Timeline pane: the partnership's story, event by
// event — what was reported, the roadmap's dated milestones, and (on
// request) the articles' publications — each with how its date was found,
// opening its sources at the sentence that dates it.
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
	modeChooser             // choosing one of an event's sources (a picker)
)

// builtMsg carries the timeline of a snapshot.
type builtMsg struct {
	snap *library.Snapshot
	t    tl.Timeline
	hist histogram
	err  error
}

// Model is the Timeline pane.
type Model struct {
	c          common.Common
	milestones []tl.Milestone
	snap       *library.Snapshot // the corpus whose timeline is shown or coming
	list       *common.List
	chooser    *common.List
	mode       mode
	t          tl.Timeline
	err        error
	built      bool
	newest     bool // newest first
	filter     bool // only events whose sources match the search
	published  bool // publications listed among the events
	context    bool // events not about the partnership listed (after the others)
	search     common.SearchChangedMsg
	choosing   tl.Event
	shown      int        // events listed, counted by refresh
	hidden     int        // context events hidden, counted by refresh
	hist       histogram  // articles per month, for the sparkline
	spark      sparkCache // the sparkline as drawn
}

// New returns the pane; the timeline comes with the corpus.
func New(c common.Common) *Model {
	m := &Model{c: c, list: common.NewList(c.Keys), chooser: common.NewList(c.Keys)}
	if c.Roadmap != nil {
		m.milestones = tl.Milestones(c.Roadmap)
	}
	return m
}

// Init waits for the corpus.
func (m *Model) Init() tea.Cmd { return nil }

// build gets the timeline of a snapshot in the background (made once per
// snapshot for every session; this session stops waiting when it ends).
func (m *Model) build(snap *library.Snapshot) tea.Cmd {
	ctx, ms := m.c.Context(), m.milestones
	return func() tea.Msg {
		t, err := snap.Timeline(ctx, ms)
		first, counts, _ := tl.PerMonth(snap.Corpus.Articles)
		return builtMsg{snap: snap, t: t, hist: histogram{first: first, counts: counts}, err: err}
	}
}

// SetSize sets the pane's content size.
func (m *Model) SetSize(w, h int) {
	m.c = m.c.SetSize(w, h)
	m.list.SetSize(w, max(h-m.headerHeight(), 0))
	m.sizeChooser()
	m.refresh()
}

// sizeChooser gives the chooser the lines its heading leaves.
func (m *Model) sizeChooser() {
	m.chooser.SetSize(m.c.Width, max(m.c.Height-len(m.chooserHead(m.c.Width)), 0))
}

// Update handles the corpus, the built timeline, search changes and keys.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.DataMsg:
		if s := msg.State.Snap; s != nil && s != m.snap && !s.Partial {
			m.snap = s
			return m, m.build(s)
		}
	case builtMsg:
		if msg.snap != m.snap {
			return m, nil // an older corpus's
		}
		m.t, m.err, m.built = msg.t, msg.err, true
		m.hist, m.spark = msg.hist, sparkCache{}
		m.list.SetSize(m.c.Width, max(m.c.Height-m.headerHeight(), 0))
		m.refresh()
		return m, m.previewSelected()
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
	case key.Matches(msg, k.ShowPublished):
		m.published = !m.published
		m.refresh()
		return status(onOff(m.published, "publications listed", "publications hidden (they stay in each event's detail)"))
	case key.Matches(msg, k.ShowContext):
		m.context = !m.context
		m.refresh()
		return status(onOff(m.context, "context events listed after the partnership's", "context events hidden"))
	case key.Matches(msg, k.FilterBySearch):
		if m.search.Query == "" && !m.filter {
			return status("type a search first (/), then F keeps the events of its articles")
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

func onOff(on bool, yes, no string) string {
	if on {
		return yes
	}
	return no
}

func status(s string) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Text: s} }
}

// openSelected opens the event's only article, or the source chooser.
func (m *Model) openSelected() tea.Cmd {
	key := m.list.SelectedKey()
	if id, ok := strings.CutPrefix(key, "undated:"); ok {
		return open([]common.ArticleRef{{ID: id, Row: key}}, 0)
	}
	ev, ok := m.eventByKey(key)
	if !ok {
		return nil
	}
	rs := refs(ev)
	switch len(rs) {
	case 0:
		return status("this milestone comes from the roadmap catalogue: no article to open")
	case 1:
		return open(rs, 0)
	}
	m.choosing = ev
	m.mode = modeChooser
	m.chooser.SetRows(m.sourceRows(ev))
	m.sizeChooser()
	m.chooser.SelectIndex(0)
	return nil
}

func (m *Model) updateChooser(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Leave):
		m.mode = modeList
	case key.Matches(msg, k.Submit):
		m.mode = modeList
		return open(refs(m.choosing), max(m.chooser.Cursor(), 0))
	default:
		m.chooser.Update(msg)
	}
	return nil
}

// refs lists an event's articles with the sentence that dates it to
// highlight; catalogue sources are roadmap items, not articles.
func refs(ev tl.Event) []common.ArticleRef {
	out := make([]common.ArticleRef, 0, len(ev.Sources))
	for _, s := range ev.Sources {
		if s.Basis == tl.Catalogue {
			continue
		}
		r := common.ArticleRef{ID: s.ID, Label: "timeline: " + ev.DateString(), Row: ev.Key()}
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

// Prompt is true while the source chooser (a picker) is open.
func (m *Model) Prompt() bool { return m.mode == modeChooser }

// Dirty is false: browsing loses nothing.
func (m *Model) Dirty() bool { return false }

// ShortHelp lists the keys that work now.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.mode == modeChooser {
		return []key.Binding{k.Open, k.Up, k.Down, k.Leave}
	}
	return []key.Binding{k.Open, k.ShowPublished, k.ShowContext, k.Order, k.FilterBySearch}
}

// FullHelp lists all keys.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}, {k.Open, k.ShowPublished, k.ShowContext, k.Order, k.FilterBySearch}}
}
