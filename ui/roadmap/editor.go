package roadmap

import (
	"context"
	"errors"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
	"dossier/model/review"
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
	return m.editor.Focus()
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
		return say("note changes discarded")
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
	return tea.Batch(m.load(), say("note saved for "+msg.change.ItemID))
}

// Draft returns the note being edited, if any, so it can be kept when the
// session ends (idle timeout) before it is saved.
func (m *Model) Draft() (itemID, note string, ok bool) {
	if !m.Dirty() {
		return "", "", false
	}
	return m.itemID, m.editor.Value(), true
}
