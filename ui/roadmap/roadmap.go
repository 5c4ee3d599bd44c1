// Package roadmap is the Roadmap pane: the partnership's commitments from
// the catalogue, grouped by document and area, reviewed item by item
// (status, note, evidence) into the shared review store.
package roadmap

import (
	"fmt"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/index/library"
	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/ui/common"
)

// mode is what the pane's keys do.
type mode int

const (
	modeList    mode = iota // the checklist
	modeDetail              // one item: note, evidence, suggestions
	modeHistory             // one item's recorded changes
	modeEdit                // the note editor (a prompt)
	modeStatus              // choosing a status (a prompt)
	modeAttach              // choosing the item for a passage from the reader (a prompt)
	modeFilter              // typing the list's filter (a prompt)
)

// prompt reports whether the mode is a prompt: it takes every key.
func (md mode) prompt() bool {
	return md == modeEdit || md == modeStatus || md == modeAttach || md == modeFilter
}

// Model is the Roadmap pane.
type Model struct {
	c          common.Common
	mode       mode
	back       mode // where a prompt returns to
	list       *common.List
	detail     *common.List
	editor     textarea.Model // made by readyEditor when a note is first edited
	editorMade bool
	snap       *library.Snapshot // the corpus as this session knows it
	reviews    map[string]review.Review
	last       int64  // newest change id seen in the store
	loadErr    string // the last load failed: why
	told       string // what the last write did, told with the load that follows it
	down       string // the store is unavailable: what the change feed says
	overall    string // progress of the whole checklist, counted by refresh

	stale bool              // the rows and overall progress wait for lst to rebuild them
	items []roadmap.Item    // the catalogue's items, copied once (catItems)
	texts map[string]string // each item's text, sanitised once (itemText)

	itemID      string // the item of the detail, history, editor or status picker
	suggestions []suggestion
	sugSeq      int
	history     map[string][]review.Change // recorded changes per item, as last read
	histSeq     int
	histOff     int // the history view's scroll position, in lines
	headerH     int // the evidence view's lines above its list

	// undo: the refused changes this session chose to pass over, and the
	// one the last refusal offered to pass over (z again does)
	skipUndo  []int64
	offerSkip int64

	// what others did: announced up to this change id, once loaded once
	announced int64
	loaded1   bool

	// editor
	editVersion int64
	editBase    string                  // the stored note when the editor opened
	drafts      map[string]string       // notes left unsaved with esc in this session, by item
	stored      map[string]review.Draft // this reviewer's drafts in the store, as last loaded

	// status picker
	pick int

	// attach
	attach common.AttachRequestMsg

	// the list's filter and order, and the items' news (triage.go, news.go)
	tri triageState
}

// New returns the pane for the catalogue and store in c.
func New(c common.Common) *Model {
	m := &Model{c: c, list: common.NewList(c.Keys), detail: common.NewList(c.Keys),
		reviews: map[string]review.Review{}, history: map[string][]review.Change{}, drafts: map[string]string{}}
	m.tri.input = newFilterInput(c)
	m.refresh()
	return m
}

// Init loads the reviews and starts following the store's changes.
func (m *Model) Init() tea.Cmd {
	if m.c.Store == nil {
		return nil
	}
	return tea.Batch(m.load(), m.watch(nil), m.loadView())
}

// SetSize sets the pane's content size.
func (m *Model) SetSize(w, h int) {
	m.c = m.c.SetSize(w, h)
	m.tri.input.Width = max(w-common.Width(m.tri.input.Prompt)-1, 1)
	m.sizeList()
	m.detail.SetSize(w, h) // layoutDetail gives the item its lines when it draws
	m.sizeEditor()
	m.refresh()
}

// readyEditor makes the note editor when a note is first edited (most
// sessions never edit one, and a textarea holds its buffers), sized for
// the pane.
func (m *Model) readyEditor() {
	if m.editorMade {
		return
	}
	m.editorMade = true
	m.editor = textarea.New()
	m.editor.Placeholder = "What is the status, what is the evidence, who said so?"
	m.editor.ShowLineNumbers = false
	m.editor.CharLimit = review.MaxNoteBytes / 4
	style := textarea.Style{
		Base:        m.c.Styles.Text,
		Text:        m.c.Styles.Text,
		Placeholder: m.c.Styles.Placeholder,
		Prompt:      m.c.Styles.Accent,
		CursorLine:  m.c.Styles.Text,
		EndOfBuffer: m.c.Styles.Faint,
	}
	m.editor.FocusedStyle, m.editor.BlurredStyle = style, style
	m.editor.Cursor.Style = m.c.Styles.Accent
	// A steady cursor: no redraw twice a second, which matters over SSH.
	m.editor.Cursor.SetMode(cursor.CursorStatic)
	m.sizeEditor()
}

// sizeEditor fits the note editor, once made, to the pane.
func (m *Model) sizeEditor() {
	if m.editorMade {
		m.editor.SetWidth(max(m.c.Width-2, 4))
		m.editor.SetHeight(max(m.c.Height-editorTop-1, 1))
	}
}

// article looks an article up in the session's corpus.
func (m *Model) article(id string) (model.Article, bool) {
	if m.snap == nil {
		return model.Article{}, false
	}
	return m.snap.Corpus.Article(id)
}

// Review returns the stored review of an item (zero when none).
func (m *Model) Review(id string) review.Review { return m.reviews[id] }

// Update handles the corpus, store results, the change feed, attach
// requests and keys.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.DataMsg:
		if s := msg.State.Snap; s != nil && s != m.snap {
			m.snap = s
			news := m.refreshNews()
			if m.mode == modeDetail && !s.Partial {
				// Passages of articles added or removed since: suggest again.
				m.detail.SetRows(m.detailRows())
				m.sugSeq++
				return m, tea.Batch(news, m.suggest(m.itemID, m.sugSeq))
			}
			return m, news
		}
	case loadedMsg:
		return m, tea.Batch(m.loaded(msg), m.refreshNews())
	case newsMsg:
		return m, m.gotNews(msg)
	case viewMsg:
		return m, m.gotView(msg)
	case historyMsg:
		return m, m.gotHistory(msg)
	case wroteMsg:
		return m, m.wrote(msg)
	case savedMsg:
		return m, m.saved(msg)
	case draftMsg:
		return m, m.restoreDraft(msg)
	case externalReadyMsg:
		return m, m.runEditor(msg)
	case externalDoneMsg:
		return m, m.externalDone(msg)
	case noticeMsg:
		return m, m.noticed(msg)
	case suggestionsMsg:
		if msg.seq == m.sugSeq && msg.itemID == m.itemID {
			m.suggestions = msg.list
			m.detail.SetRows(m.detailRows())
		}
	case common.AttachRequestMsg:
		if msg.ItemID != "" { // chosen in the reader's link picker
			return m, m.addEvidence(msg.ItemID, msg.ArticleID, msg.Span.Start, msg.Span.End, msg.Quote)
		}
		if m.mode == modeEdit {
			return m, sayErr("finish the note you are editing first (ctrl+s saves, esc keeps it as a draft), then attach")
		}
		if m.mode == modeFilter {
			m.leaveFilter()
		}
		m.attach = msg
		m.back, m.mode = m.mode, modeAttach
		m.refresh() // every item, whatever the filter
		m.sizeList()
	case common.SelectMsg:
		if msg.Pane == common.PaneRoadmap && m.mode == modeList {
			m.lst().Select(msg.Row)
		}
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	switch m.mode {
	case modeEdit:
		return m.editKey(msg)
	case modeStatus:
		return m.statusKey(msg)
	case modeAttach:
		return m.attachKey(msg)
	case modeFilter:
		return m.filterKey(msg)
	case modeDetail:
		return m.detailKey(msg)
	case modeHistory:
		return m.historyKey(msg)
	}
	return m.listKey(msg)
}

// reviewKey handles the keys shared by the list, the detail and the
// history: the status picker, the note editor, undo and the history. It
// reports whether it used the key.
func (m *Model) reviewKey(msg tea.KeyMsg, id string) (tea.Cmd, bool) {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Status):
		return m.openStatus(id), true
	case key.Matches(msg, k.EditNote):
		return m.openEditor(id), true
	case key.Matches(msg, k.ExternalEdit):
		return m.editExternally(id), true
	case key.Matches(msg, k.Undo):
		return m.Undo(), true
	case key.Matches(msg, k.ItemHistory) && id != "":
		return m.openHistory(id), true
	}
	for _, p := range k.StatusPick { // a status letter alone: say how it works
		if key.Matches(msg, p) {
			return say(fmt.Sprintf("s then %s sets %s", p.Help().Key, p.Help().Desc)), true
		}
	}
	return nil, false
}

func (m *Model) listKey(msg tea.KeyMsg) tea.Cmd {
	id := m.lst().SelectedKey()
	switch {
	case key.Matches(msg, m.c.Keys.FilterItems):
		return m.openFilter()
	case key.Matches(msg, m.c.Keys.ItemOrder):
		return m.cycleOrder()
	}
	if cmd, ok := m.reviewKey(msg, id); ok {
		return cmd
	}
	if key.Matches(msg, m.c.Keys.Open) && id != "" {
		return m.openDetail(id)
	}
	if m.lst().Update(msg) {
		return tea.Batch(m.previewSelected(), m.fetchHistory(m.lst().SelectedKey()))
	}
	return nil
}

func (m *Model) attachKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Leave):
		m.mode = m.back
		m.refresh()
		m.sizeList()
		return tea.Batch(focus(common.PaneReader), say("attach cancelled"))
	case key.Matches(msg, k.Submit):
		id := m.lst().SelectedKey()
		if id == "" {
			return nil
		}
		m.mode = m.back
		m.refresh()
		m.sizeList()
		a := m.attach
		return tea.Batch(m.addEvidence(id, a.ArticleID, a.Span.Start, a.Span.End, a.Quote), focus(common.PaneReader))
	}
	m.lst().Update(msg)
	return nil
}

// Back leaves the detail or the history for the list; it reports whether
// there was one to leave (otherwise esc goes back to the previous pane).
func (m *Model) Back() bool {
	switch m.mode {
	case modeDetail, modeHistory:
		m.mode = modeList
		m.detail.SetRows(nil)
		return true
	}
	return false
}

// InSubView reports whether an item's detail or history is open.
func (m *Model) InSubView() bool { return m.mode == modeDetail || m.mode == modeHistory }

func focus(p common.PaneID) tea.Cmd {
	return func() tea.Msg { return common.FocusMsg{Pane: p} }
}

func say(s string) tea.Cmd { return func() tea.Msg { return common.StatusMsg{Text: s} } }

func sayErr(s string) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Text: s, Error: true} }
}

// Prompt is true while the note editor, the status picker or the attach
// picker is open.
func (m *Model) Prompt() bool { return m.mode.prompt() }

// Dirty reports a note being edited with changes not saved.
func (m *Model) Dirty() bool {
	return m.mode == modeEdit && m.editor.Value() != m.editBase
}

// ShortHelp lists the keys that work now.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch m.mode {
	case modeEdit:
		keep := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close, keep as draft"))
		return []key.Binding{k.Save, keep}
	case modeStatus:
		return append(k.StatusPick[:], k.Leave)
	case modeAttach:
		attach := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "attach to this item"))
		return []key.Binding{attach, k.Up, k.Down, k.Leave}
	case modeFilter:
		apply := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply"))
		leave := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave"))
		return []key.Binding{apply, leave, k.Recall}
	case modeDetail:
		return append(append([]key.Binding{k.Open, k.Accept, k.RemoveEvidence, k.Status}, m.editKeys()...), k.Undo, k.ItemHistory)
	case modeHistory:
		scroll := key.NewBinding(key.WithKeys("j", "k"), key.WithHelp("j/k pgdn", "scroll"))
		return append(append([]key.Binding{scroll, k.Status}, m.editKeys()...), k.Undo)
	}
	return append(append([]key.Binding{k.Open, k.Status}, m.editKeys()...), k.FilterItems, k.ItemOrder, k.Undo, k.ItemHistory)
}

// statusLetters say, in the help, what follows s (o alone orders the list).
func statusLetters() key.Binding {
	return key.NewBinding(key.WithKeys("s"), key.WithHelp("s then u/o/r/b/d", "unreviewed, on track, at risk, blocked, done"))
}

// FullHelp lists all keys.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown, k.Open, k.FilterItems, k.ItemOrder},
		{k.Status, statusLetters()},
		append(m.editKeys(), k.Save, k.Accept, k.RemoveEvidence, k.Undo, k.ItemHistory),
	}
}
