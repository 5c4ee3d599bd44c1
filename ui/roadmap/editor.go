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

// openEditor starts editing an item's note from its stored version, or
// from the draft left on it (this session's, or an earlier one's).
func (m *Model) openEditor(id string) tea.Cmd {
	if id == "" {
		return nil
	}
	if m.c.Store == nil {
		return sayErr("reviews are off: no review store is open")
	}
	if ro, why := m.c.Store.ReadOnly(); ro {
		return sayErr("reviews are read-only: " + model.SanitizeLine(why))
	}
	r := m.reviews[id]
	m.itemID = id
	m.editBase = model.Sanitize(r.Note) // what the editor may show of it
	m.editVersion = r.Version
	m.readyEditor()
	m.editor.SetValue(m.editBase)
	if d, ok := m.draft(id); ok {
		m.editor.SetValue(model.Sanitize(d))
	}
	m.editor.CursorEnd()
	m.back, m.mode = m.mode, modeEdit
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
	draft := model.Sanitize(msg.draft.Note)
	if m.mode != modeEdit || m.itemID != msg.itemID || m.editor.Value() != m.editBase || draft == m.editBase {
		return nil
	}
	m.editor.SetValue(draft)
	m.editor.CursorEnd()
	return say("your unsaved draft of " + msg.draft.At.Local().Format("2 Jan 15:04") + " is back: ctrl+s saves it")
}

// dropDraft deletes this reviewer's draft of an item.
func (m *Model) dropDraft(id string) tea.Cmd {
	delete(m.drafts, id)
	delete(m.stored, id)
	st, who := m.c.Store, m.c.Reviewer
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		st.DeleteDraft(ctx, id, who) //nolint:errcheck // a stale draft only offers itself again
		return nil
	}
}

// keepDraft stores an unsaved note so that e, this session or a later one,
// offers it again.
func (m *Model) keepDraft(id, note string) tea.Cmd {
	m.drafts[id] = note
	st, who := m.c.Store, m.c.Reviewer
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		if err := st.SaveDraft(ctx, id, who, note); err != nil {
			return common.StatusMsg{Text: "the draft is kept in this session only: " + model.SanitizeLine(err.Error()), Error: true}
		}
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
			return common.StatusMsg{Text: "could not keep the draft: " + model.SanitizeLine(err.Error()), Error: true}
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
	case key.Matches(msg, k.Leave):
		note := model.Sanitize(m.editor.Value())
		m.closeEditor()
		if note == m.editBase {
			return m.dropDraft(m.itemID)
		}
		return tea.Batch(m.keepDraft(m.itemID, note), say("note not saved, kept as a draft: e opens it again, ctrl+s saves"))
	}
	var cmd tea.Cmd
	m.editor, cmd = m.editor.Update(msg)
	return cmd
}

func (m *Model) closeEditor() {
	m.editor.Blur()
	m.mode = m.back
}

// saveNote writes the note if nobody changed the item since the editor
// opened; otherwise it keeps the editor open and says so, and a second
// ctrl+s overwrites knowingly.
func (m *Model) saveNote() tea.Cmd {
	if ro, why := m.c.Store.ReadOnly(); ro {
		return sayErr("reviews are read-only: " + model.SanitizeLine(why) + "; esc keeps your note as a draft")
	}
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
		var ce *review.ConflictError
		if errors.As(msg.err, &ce) {
			m.editVersion = msg.current.Version
			return sayErr("not saved: " + model.SanitizeLine(ce.Reason) + "; check it, then ctrl+s again to overwrite")
		}
		return sayErr("not saved: " + model.SanitizeLine(msg.err.Error()) + " (your note is still here)")
	}
	m.closeEditor()
	if msg.change.Unchanged {
		return tea.Batch(m.dropDraft(m.itemID), say("the note is as it was: nothing changed"))
	}
	m.told = "note saved for " + model.Escape(msg.change.ItemID) + " · " + m.c.Keys.Undo.Help().Key + " undoes"
	id, st, who := msg.change.ItemID, m.c.Store, m.c.Reviewer
	delete(m.drafts, id)
	delete(m.stored, id)
	return m.loadAfter(func(ctx context.Context) {
		st.DeleteDraft(ctx, id, who) //nolint:errcheck // a stale draft only offers itself again
	})
}

// openStatus opens the status picker on an item.
func (m *Model) openStatus(id string) tea.Cmd {
	if id == "" {
		return nil
	}
	if m.c.Store == nil {
		return sayErr("reviews are off: no review store is open")
	}
	if ro, why := m.c.Store.ReadOnly(); ro {
		return sayErr("reviews are read-only: " + model.SanitizeLine(why))
	}
	m.itemID = id
	m.pick = int(m.reviews[id].Status)
	m.back, m.mode = m.mode, modeStatus
	return nil
}

// statusKey handles the status picker: a status's letter, or the arrows
// and enter, sets it; esc leaves it unchanged.
func (m *Model) statusKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	for i, b := range k.StatusPick {
		if key.Matches(msg, b) {
			m.mode = m.back
			return m.setStatus(m.itemID, review.Status(i))
		}
	}
	switch {
	case key.Matches(msg, k.Leave):
		m.mode = m.back
	case key.Matches(msg, k.Submit):
		m.mode = m.back
		return m.setStatus(m.itemID, review.Status(m.pick))
	case key.Matches(msg, k.Up):
		m.pick = (m.pick + len(k.StatusPick) - 1) % len(k.StatusPick)
	case key.Matches(msg, k.Down):
		m.pick = (m.pick + 1) % len(k.StatusPick)
	}
	return nil
}
