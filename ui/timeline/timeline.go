// Package timeline is the Timeline pane: the partnership's story, event by
// event — what was reported, the roadmap's dated milestones, and (on
// request) the articles' publications — each with how its date was found,
// opening its sources at the sentence that dates it.
package timeline

import (
	"context"
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

// builtMsg carries the timeline of a snapshot, with each event's key
// (computed in the background: a large timeline has many).
type builtMsg struct {
	snap    *library.Snapshot
	t       tl.Timeline
	keys    []string       // of each event
	byKey   map[string]int // event index by key
	entries []entry        // of each event, but its key and new mark
	bounded bool           // large enough to show the notable events only
	full    bool           // every event (else, when bounded, the notable ones)
	hist    histogram      // articles per month, for the sparkline
	err     error
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
	keys       []string       // of each event of t
	byKey      map[string]int // index in t.Events by key
	entries    []entry        // of each event of t, but its key and new mark (shared)
	bounded    bool           // t is large: only its notable events unless all
	err        error
	built      bool
	newest     bool // newest first
	filter     bool // only events whose sources match the search
	published  bool // publications listed among the events
	context    bool // events not about the partnership listed (after the others)
	planned    bool // planned events listed (after the story)
	all        bool // every event, not only the notable ones of a large timeline
	full       bool // t holds every event (a large one is first made with its notable ones)
	loading    bool // every event is being put together
	early      bool // t holds the catalogue's milestones only, until the corpus's timeline comes

	kept      bool  // t is the timeline the published generation keeps, shown until the snapshot's comes
	keptShown early // that timeline, with its keys and entries (the snapshot's takes them when it is the same)

	search     common.SearchChangedMsg
	fresh      map[string]bool // the articles new for you
	choosing   tl.Event
	shown      int        // events listed, counted by refresh
	hidden     int        // context events hidden, counted by refresh
	hiddenPlan int        // planned events hidden, counted by refresh
	minor      int        // events left out of a large timeline for not being notable
	detail     detailMemo // the selected event's detail, laid out once per selection and width
	hist       histogram  // articles per month, for the sparkline
	spark      sparkCache // the sparkline as drawn
	info       infoMemo   // the line above the list as drawn
}

// New returns the pane; the timeline comes with the corpus. Until it
// does, the pane lists the roadmap catalogue's milestones, which need no
// article: a large corpus's timeline takes seconds to put together.
func New(c common.Common) *Model {
	m := &Model{c: c, list: common.NewList(c.Keys), chooser: common.NewList(c.Keys)}
	if c.Roadmap != nil {
		m.milestones = c.Milestones
		if m.milestones == nil {
			m.milestones = tl.Milestones(c.Roadmap)
		}
		if e := earlyOf(c, m.milestones); len(e.t.Events) > 0 {
			m.t, m.early = e.t, true
			m.keys, m.byKey, m.entries = e.keys, e.byKey, e.entries
		}
	}
	return m
}

// early is a timeline shown before the corpus's own comes (the
// catalogue's milestones, or the timeline the published generation
// keeps), with each event's key and entry.
type early struct {
	t       tl.Timeline
	entries []entry
	eventKeys
}

// earlyFrom is t with each event's key and entry.
func earlyFrom(t tl.Timeline) early {
	return early{t: t, entries: entriesOf(t), eventKeys: keysOf(t)}
}

// earlyOf puts the milestones together as a timeline: once for every
// session when the corpus is loaded already (a server's sessions), else
// for this one.
func earlyOf(c common.Common, ms []tl.Milestone) early {
	assemble := func() any {
		t, err := tl.Assemble(context.Background(), nil, nil, ms)
		if err != nil {
			return early{}
		}
		return earlyFrom(t)
	}
	if c.Feed != nil {
		if s := c.Feed.State().Snap; s != nil && !s.Partial {
			if v, err := s.Value(c.Context(), "timeline of the milestones", assemble); err == nil {
				return v.(early)
			}
		}
	}
	return assemble().(early)
}

// eventKeys are each event's key and the index of each key.
type eventKeys struct {
	keys  []string
	byKey map[string]int
}

// keysOf computes each event's key and the index of each key.
func keysOf(t tl.Timeline) eventKeys {
	k := eventKeys{keys: make([]string, len(t.Events)), byKey: make(map[string]int, len(t.Events))}
	for i, ev := range t.Events {
		k.keys[i] = ev.Key()
		k.byKey[k.keys[i]] = i
	}
	return k
}

// Init reads the timeline the corpus's published generation keeps, to
// list it while the corpus is confirmed.
func (m *Model) Init() tea.Cmd { return m.readKept() }

// build gets the timeline of a snapshot in the background (made once per
// snapshot for every session; this session stops waiting when it ends).
func (m *Model) build(snap *library.Snapshot) tea.Cmd {
	return m.assemble(snap, false)
}

// assemble gets the timeline of a snapshot: as a person reads it (the
// notable events of a large one), or whole.
func (m *Model) assemble(snap *library.Snapshot, full bool) tea.Cmd {
	ctx, ms, shown := m.c.Context(), m.milestones, m.keptShown
	return func() tea.Msg {
		get := snap.Timeline
		if full {
			get = snap.TimelineAll
		}
		t, err := get(ctx, ms)
		msg := builtMsg{snap: snap, t: t, err: err, bounded: t.Bounded(), full: full || !t.Large}
		if err != nil {
			return msg
		}
		// The events' keys are made once for every session too, or taken
		// from the kept timeline shown meanwhile when the snapshot took it.
		name := "timeline keys"
		if full {
			name = "timeline keys, all events"
		}
		v, err := snap.Value(ctx, name, func() any {
			if k, ok := shown.of(t); ok {
				return k.eventKeys
			}
			return keysOf(t)
		})
		if err != nil {
			msg.err = err
			return msg
		}
		k := v.(eventKeys)
		msg.keys, msg.byKey = k.keys, k.byKey
		if v, err = snap.Value(ctx, name+", entries", func() any {
			if k, ok := shown.of(t); ok {
				return k.entries
			}
			return entriesOf(t)
		}); err != nil {
			msg.err = err
			return msg
		}
		msg.entries = v.([]entry)
		msg.hist = histogramOf(ctx, snap)
		return msg
	}
}

// histogramOf counts the snapshot's articles per month, once for every
// session that shows it.
func histogramOf(ctx context.Context, snap *library.Snapshot) histogram {
	v, err := snap.Value(ctx, "timeline.permonth", func() any {
		first, counts, _ := tl.PerMonth(snap.Corpus.Articles)
		return histogram{first: first, counts: counts}
	})
	if h, ok := v.(histogram); ok && err == nil {
		return h
	}
	return histogram{}
}

// wantAll asks for every event of a large timeline, once.
func (m *Model) wantAll() tea.Cmd {
	if m.full || m.loading || m.snap == nil || !m.built {
		return nil
	}
	m.loading = true
	return tea.Batch(m.assemble(m.snap, true), status("putting every event together…"))
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
			m.snap, m.full, m.loading = s, false, false
			m.detail = detailMemo{} // its articles are looked up in the new corpus
			return m, m.build(s)
		}
		if m.kept && msg.State.Err != nil && m.snap == nil {
			m.forgetKept() // the corpus could not be opened: what it kept is not it
		}
	case keptMsg:
		m.showKept(msg)
	case builtMsg:
		if msg.snap != m.snap || m.full && !msg.full {
			return m, nil // an older corpus's, or fewer events than shown
		}
		m.t, m.err, m.built, m.early, m.kept = msg.t, msg.err, true, false, false
		m.keptShown = early{} // the snapshot's holds what is shown now
		m.keys, m.byKey, m.entries, m.bounded = msg.keys, msg.byKey, msg.entries, msg.bounded
		m.full = msg.full
		if msg.full {
			m.loading = false
		}
		m.hist, m.spark = msg.hist, sparkCache{}
		m.list.SetSize(m.c.Width, max(m.c.Height-m.headerHeight(), 0))
		m.refresh()
		cmds := []tea.Cmd{m.previewSelected()}
		if !m.full && (m.all || m.published) {
			cmds = append(cmds, m.wantAll()) // asked for before a new corpus came
		}
		return m, tea.Batch(cmds...)
	case common.NewArticlesMsg:
		m.fresh = msg.IDs
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
	case key.Matches(msg, k.ShowPublished):
		m.published = !m.published
		m.refresh()
		if m.published && m.bounded && !m.full {
			return m.wantAll() // a large timeline is first made without its publications
		}
		return status(onOff(m.published, "publications listed", "publications hidden (they stay in each event's detail)"))
	case key.Matches(msg, k.ShowContext):
		m.context = !m.context
		m.refresh()
		return status(onOff(m.context, "context events listed after the partnership's", "context events hidden"))
	case key.Matches(msg, k.ShowPlanned):
		m.planned = !m.planned
		m.refresh()
		return status(onOff(m.planned, "planned events listed after the story: announced, not reported as done", "planned events hidden"))
	case key.Matches(msg, k.ShowAll):
		if !m.bounded {
			return status("every event is listed already: the timeline is small")
		}
		m.all = !m.all
		m.refresh()
		if m.all && !m.full {
			return m.wantAll()
		}
		return status(onOff(m.all, "every event listed, also those one article tells in passing", "only the notable events listed"))
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
	if m.snap == nil {
		return status("the corpus is still being opened: its articles open in a moment")
	}
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
	key := ev.Key()
	out := make([]common.ArticleRef, 0, len(ev.Sources))
	for _, s := range ev.Sources {
		if s.Basis == tl.Catalogue {
			continue
		}
		r := common.ArticleRef{ID: s.ID, Label: "timeline: " + ev.DateString(), Row: key}
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
	return []key.Binding{k.Open, k.ShowPublished, k.ShowPlanned, k.ShowContext, k.ShowAll, k.Order, k.FilterBySearch}
}

// FullHelp lists all keys.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.Open, k.ShowPublished, k.ShowPlanned, k.ShowContext, k.ShowAll, k.Order, k.FilterBySearch}}
}
