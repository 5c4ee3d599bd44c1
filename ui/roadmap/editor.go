package roadmap

import (
	"context"
	"errors"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
	"dossier/model/review"
	"dossier/ui/common"
)

// editorTop is the lines above the note editor.
const editorTop = 3

// openEditor starts editing an item's note from its stored version.
func (m *Model) openEditor(id string) tea.Cmd {
	if id == "" {
		return nil
	}
	if m.c.Store == nil {
		return sayErr("reviews are off: no review store is open")
	}
	r := m.reviews[id]
	m.itemID = id
	m.editBase = r.Note
	m.editVersion = r.Version
	m.editor.SetValue(r.Note)
	m.editor.CursorEnd()
	m.editFrom = m.mode
	m.mode = modeEdit
	return tea.Batch(m.editor.Focus(), m.loadDraft(id))
}

// draftMsg carries a draft left by an earlier session.
type draftMsg struct {
	itemID string
	draft  review.Draft
}

// loadDraft looks for a note this reviewer left unsaved on this item.
func (m *Model) loadDraft(id string) tea.Cmd {
	st, who := m.c.Store, m.c.Reviewer
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		d, ok, err := st.Draft(ctx, id, who)
		if err != nil || !ok {
			return nil
		}
		return draftMsg{itemID: id, draft: d}
	}
}

// restoreDraft puts a draft in the editor if the user has not typed yet.
func (m *Model) restoreDraft(msg draftMsg) tea.Cmd {
	if m.mode != modeEdit || m.itemID != msg.itemID || m.editor.Value() != m.editBase || msg.draft.Note == m.editBase {
		return nil
	}
	m.editor.SetValue(msg.draft.Note)
	m.editor.CursorEnd()
	return say("restored your unsaved draft of " + msg.draft.At.Local().Format("2 Jan 15:04") + ": ctrl+s saves it, esc discards it")
}

// dropDraft deletes this reviewer's draft of an item.
func (m *Model) dropDraft(id string) tea.Cmd {
	st, who := m.c.Store, m.c.Reviewer
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		st.DeleteDraft(ctx, id, who) //nolint:errcheck // a stale draft only offers itself again
		return nil
	}
}

// SaveDraft keeps an unsaved note in the store so the next session offers
// it again; it runs before a session is closed (idle, time limit, shutdown).
func (m *Model) SaveDraft() tea.Cmd {
	if !m.Dirty() || m.c.Store == nil {
		return nil
	}
	st, who, id, note := m.c.Store, m.c.Reviewer, m.itemID, model.Sanitize(m.editor.Value())
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		if err := st.SaveDraft(ctx, id, who, note); err != nil {
			return common.StatusMsg{Text: "could not keep the draft: " + err.Error(), Error: true}
		}
		return common.StatusMsg{Text: "your unsaved note on " + id + " was kept as a draft"}
	}
}

// savedMsg reports a note save; a conflict keeps the editor open.
type savedMsg struct {
	change  review.Change
	err     error
	current review.Review // on conflict: what is stored now
}

func (m *Model) editKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Save):
		return m.saveNote()
	case key.Matches(msg, k.Back):
		if m.editor.Value() == m.editBase {
			m.closeEditor()
			return nil
		}
		m.mode = modeDiscard
		return nil
	}
	var cmd tea.Cmd
	m.editor, cmd = m.editor.Update(msg)
	return cmd
}

func (m *Model) discardKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Yes):
		m.closeEditor()
		return tea.Batch(m.dropDraft(m.itemID), say("note changes discarded"))
	case key.Matches(msg, k.No):
		m.mode = modeEdit
	}
	return nil
}

func (m *Model) closeEditor() {
	m.editor.Blur()
	m.mode = m.editFrom
}

// saveNote writes the note if nobody changed the item since the editor
// opened; otherwise it keeps the editor open and says so, and a second
// ctrl+s overwrites knowingly.
func (m *Model) saveNote() tea.Cmd {
	id, version, note, who, st := m.itemID, m.editVersion, model.Sanitize(m.editor.Value()), m.c.Reviewer, m.c.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		ch, err := st.SetNoteIf(ctx, id, version, note, who)
		var ce *review.ConflictError
		if errors.As(err, &ce) {
			return savedMsg{err: err, current: ce.Current}
		}
		return savedMsg{change: ch, err: err}
	}
}

func (m *Model) saved(msg savedMsg) tea.Cmd {
	if msg.err != nil {
		if msg.current.ItemID != "" || msg.current.Version > 0 {
			m.editVersion = msg.current.Version
			by := msg.current.By
			if by == "" {
				by = "someone"
			}
			return sayErr("not saved: " + by + " changed this item meanwhile; check, then ctrl+s again to overwrite")
		}
		return sayErr("not saved: " + msg.err.Error())
	}
	m.undo = append(m.undo, msg.change)
	m.closeEditor()
	return tea.Batch(m.load(), m.dropDraft(msg.change.ItemID), say("note saved for "+msg.change.ItemID))
}
