// Package roadmap is the Roadmap pane: the partnership's commitments from
// the catalogue, grouped by document and area, reviewed item by item (status,
// note, evidence) into the shared review store.
package roadmap

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/index/library"
	"dossier/model"
	"dossier/model/review"
	"dossier/ui/common"
)

// mode is what the pane's keys do.
type mode int

const (
	modeList    mode = iota // the checklist
	modeDetail              // one item: note, evidence, suggestions
	modeEdit                // the note editor
	modeDiscard             // asking whether to drop an edited note
	modeAttach              // choosing the item for a passage from the reader
)

// Model is the Roadmap pane.
type Model struct {
	c       common.Common
	mode    mode
	list    *common.List
	detail  *common.List
	editor  textarea.Model
	snap    *library.Snapshot // the corpus as this session knows it
	reviews map[string]review.Review
	last    int64           // newest change id seen in the store
	undo    []review.Change // this session's changes, newest last
	loadErr string
	overall string // progress of the whole checklist, counted by refresh

	// detail
	itemID      string
	suggestions []suggestion
	sugSeq      int

	// editor
	editVersion int64
	editBase    string
	editFrom    mode // where esc or a save returns to

	// attach
	attach common.AttachRequestMsg
}

// New returns the pane for the catalogue and store in c.
func New(c common.Common) *Model {
	m := &Model{c: c, list: common.NewList(c.Keys), detail: common.NewList(c.Keys), reviews: map[string]review.Review{}}
	m.editor = textarea.New()
	m.editor.Placeholder = "What is the status, what is the evidence, who said so?"
	m.editor.ShowLineNumbers = false
	m.editor.CharLimit = review.MaxNoteBytes / 4
	style := textarea.Style{
		Base:        c.Styles.Text,
		Text:        c.Styles.Text,
		Placeholder: c.Styles.Placeholder,
		Prompt:      c.Styles.Accent,
		CursorLine:  c.Styles.Text,
		EndOfBuffer: c.Styles.Faint,
	}
	m.editor.FocusedStyle, m.editor.BlurredStyle = style, style
	m.editor.Cursor.Style = c.Styles.Accent
	// A steady cursor: no redraw twice a second, which matters over SSH.
	m.editor.Cursor.SetMode(cursor.CursorStatic)
	m.refresh()
	return m
}

// Init loads the reviews and starts watching the store.
func (m *Model) Init() tea.Cmd {
	if m.c.Store == nil {
		return nil
	}
	return tea.Batch(m.load(), m.poll())
}

// SetSize sets the pane's content size.
func (m *Model) SetSize(w, h int) {
	m.c = m.c.SetSize(w, h)
	m.list.SetSize(w, max(h-m.listTop(), 0))
	m.detail.SetSize(w, max(h-detailTop, 0))
	m.editor.SetWidth(max(w-2, 4))
	m.editor.SetHeight(max(h-editorTop-1, 1))
	m.refresh()
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

// Update handles store results, the poll, attach requests and keys.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.DataMsg:
		if msg.State.Snap != nil {
			m.snap = msg.State.Snap
		}
	case loadedMsg:
		return m, m.loaded(msg)
	case wroteMsg:
		return m, m.wrote(msg)
	case savedMsg:
		return m, m.saved(msg)
	case draftMsg:
		return m, m.restoreDraft(msg)
	case pollMsg:
		return m, m.checkStore()
	case suggestionsMsg:
		if msg.seq == m.sugSeq && msg.itemID == m.itemID {
			m.suggestions = msg.list
			m.detail.SetRows(m.detailRows())
		}
	case common.AttachRequestMsg:
		if m.mode == modeEdit || m.mode == modeDiscard {
			return m, sayErr("finish the note you are editing first (ctrl+s saves, esc closes), then attach")
		}
		m.attach = msg
		m.mode = modeAttach
		m.list.SetSize(m.c.Width, max(m.c.Height-m.listTop(), 0))
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	switch m.mode {
	case modeEdit:
		return m.editKey(msg)
	case modeDiscard:
		return m.discardKey(msg)
	case modeAttach:
		return m.attachKey(msg)
	case modeDetail:
		return m.detailKey(msg)
	}
	return m.listKey(msg)
}

// reviewKey handles the keys shared by the list and the detail view: status
// changes, the note editor and undo. It reports whether it used the key.
func (m *Model) reviewKey(msg tea.KeyMsg, id string) (tea.Cmd, bool) {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.CycleStatus):
		return m.setStatus(id, m.reviews[id].Status.Next()), true
	case key.Matches(msg, k.EditNote):
		return m.openEditor(id), true
	case key.Matches(msg, k.Undo):
		return m.undoLast(), true
	}
	for i, b := range k.SetStatus {
		if key.Matches(msg, b) {
			return m.setStatus(id, review.Status(i)), true
		}
	}
	return nil, false
}

func (m *Model) listKey(msg tea.KeyMsg) tea.Cmd {
	id := m.list.SelectedKey()
	if cmd, ok := m.reviewKey(msg, id); ok {
		return cmd
	}
	if key.Matches(msg, m.c.Keys.Open) && id != "" {
		return m.openDetail(id)
	}
	m.list.Update(msg)
	return nil
}

func (m *Model) attachKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		m.mode = modeList
		m.list.SetSize(m.c.Width, max(m.c.Height-m.listTop(), 0))
		return tea.Batch(focus(common.PaneReader), say("attach cancelled"))
	case key.Matches(msg, k.Open):
		id := m.list.SelectedKey()
		if id == "" {
			return nil
		}
		m.mode = modeList
		m.list.SetSize(m.c.Width, max(m.c.Height-m.listTop(), 0))
		a := m.attach
		return tea.Batch(m.addEvidence(id, a.ArticleID, a.Span.Start, a.Span.End, a.Quote), focus(common.PaneReader))
	}
	m.list.Update(msg)
	return nil
}

func focus(p common.PaneID) tea.Cmd {
	return func() tea.Msg { return common.FocusMsg{Pane: p} }
}

func say(s string) tea.Cmd { return func() tea.Msg { return common.StatusMsg{Text: s} } }

func sayErr(s string) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Text: s, Error: true} }
}

// WantsKey reports the keys the pane takes before the global ones: the editor
// and the discard question take every key; the list
// and detail take the status digits (1-5) and esc.
func (m *Model) WantsKey(msg tea.KeyMsg) bool {
	switch m.mode {
	case modeEdit, modeDiscard:
		return true
	case modeDetail, modeAttach:
		if key.Matches(msg, m.c.Keys.Back) {
			return true
		}
	}
	if m.mode == modeAttach {
		return false
	}
	for _, b := range m.c.Keys.SetStatus {
		if key.Matches(msg, b) {
			return true
		}
	}
	return false
}

// Dirty reports a note being edited with changes not saved.
func (m *Model) Dirty() bool {
	return (m.mode == modeEdit || m.mode == modeDiscard) && m.editor.Value() != m.editBase
}

// ShortHelp lists the main keys of the current mode.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch m.mode {
	case modeEdit:
		return []key.Binding{k.Save, k.Back}
	case modeDiscard:
		return []key.Binding{k.Yes, k.No}
	case modeAttach:
		return []key.Binding{k.Open, k.Back}
	case modeDetail:
		return []key.Binding{k.Open, k.Accept, k.RemoveEvidence, k.CycleStatus, k.EditNote, k.Undo, k.Back}
	}
	return []key.Binding{k.Open, k.CycleStatus, k.SetStatus[2], k.EditNote, k.Undo}
}

// FullHelp lists all keys.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown, k.Open},
		{k.CycleStatus, k.SetStatus[0], k.SetStatus[1], k.SetStatus[2], k.SetStatus[3], k.SetStatus[4]},
		{k.EditNote, k.Save, k.Accept, k.RemoveEvidence, k.Undo},
	}
}
