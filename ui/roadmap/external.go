package roadmap

import (
	"os"
	"os/exec"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
	"dossier/model/review"
)

// E edits an item's note in the user's own editor ($VISUAL or $EDITOR),
// when dossier runs on their machine: the note (or the draft left on it)
// is written to a private temporary file, the dashboard lets the terminal
// go to the editor (tea.ExecProcess) and comes back when it exits; what
// was written is then saved as ctrl+s saves in the note editor, with the
// same check that nobody changed the item since (if someone did, the note
// editor opens on the text with the reason, and ctrl+s again overwrites).

// externalEdit is one edit in the user's editor.
type externalEdit struct {
	itemID  string
	version int64  // the item's version when E was pressed
	base    string // the stored note then, as the editor may show it
	path    string // the temporary file
}

// externalReadyMsg: the file is written, the editor can start.
type externalReadyMsg struct {
	edit externalEdit
	err  error
}

// externalDoneMsg: the editor exited; text is what the file holds.
type externalDoneMsg struct {
	edit    externalEdit
	text    string
	runErr  error
	readErr error
}

// editKeys are the keys that edit a note here: e, and E where it is offered.
func (m *Model) editKeys() []key.Binding {
	if m.c.Editor == "" {
		return []key.Binding{m.c.Keys.EditNote}
	}
	return []key.Binding{m.c.Keys.EditNote, m.c.Keys.ExternalEdit}
}

// editExternally is E on an item.
func (m *Model) editExternally(id string) tea.Cmd {
	e := m.c.Keys.EditNote.Help().Key
	switch {
	case id == "":
		return nil
	case m.c.Remote:
		return say("E edits notes in your own editor only when dossier runs on your machine, not over SSH: " + e + " edits the note here")
	case m.c.Editor == "":
		return say("E edits the note in $VISUAL or $EDITOR, and neither is set: " + e + " edits the note here")
	case m.c.Store == nil:
		return sayErr("reviews are off: no review store is open")
	}
	if ro, why := m.c.Store.ReadOnly(); ro {
		return sayErr("reviews are read-only: " + model.SanitizeLine(why))
	}
	r := m.reviews[id]
	ed := externalEdit{itemID: id, version: r.Version, base: model.Sanitize(r.Note)}
	text := ed.base
	if d, ok := m.draft(id); ok {
		text = model.Sanitize(d)
	}
	return func() tea.Msg {
		f, err := os.CreateTemp("", "dossier-note-*.md") // private: 0600
		if err != nil {
			return externalReadyMsg{edit: ed, err: err}
		}
		ed.path = f.Name()
		_, err = f.WriteString(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(ed.path)
		}
		return externalReadyMsg{edit: ed, err: err}
	}
}

// runEditor lets the terminal go to the editor on the file; the command
// line is the variable's, run by the shell as git runs it ($EDITOR may
// hold arguments: "code --wait").
func (m *Model) runEditor(msg externalReadyMsg) tea.Cmd {
	if msg.err != nil {
		return sayErr("cannot open your editor: " + model.SanitizeLine(msg.err.Error()))
	}
	ed := msg.edit
	cmd := exec.Command("/bin/sh", "-c", m.c.Editor+` "$@"`, "dossier-editor", ed.path)
	if m.c.Out != nil {
		cmd.Stdout = m.c.Out.Terminal() // the terminal itself, not the dashboard's writer
	}
	return tea.ExecProcess(cmd, func(runErr error) tea.Msg {
		data, err := os.ReadFile(ed.path)
		os.Remove(ed.path)
		return externalDoneMsg{edit: ed, text: string(data), runErr: runErr, readErr: err}
	})
}

// externalDone saves what the editor left, through the note editor's save
// (ctrl+s): the same conflict check, status line and undo.
func (m *Model) externalDone(msg externalDoneMsg) tea.Cmd {
	ed := msg.edit
	if msg.readErr != nil {
		return sayErr("the note was not saved: the file of your editor could not be read: " + model.SanitizeLine(msg.readErr.Error()))
	}
	note := model.Sanitize(strings.TrimRight(msg.text, "\n"))
	if len(note) > review.MaxNoteBytes {
		return sayErr("the note was not saved: it is over the 64 KiB a note may hold")
	}
	if msg.runErr != nil {
		if note == ed.base {
			return sayErr("your editor exited with an error (" + model.SanitizeLine(msg.runErr.Error()) + "): nothing was saved")
		}
		return tea.Batch(m.keepDraft(ed.itemID, note), sayErr("your editor exited with an error ("+model.SanitizeLine(msg.runErr.Error())+
			"): your text is kept as a draft, e opens it"))
	}
	if note == ed.base {
		if _, ok := m.draft(ed.itemID); ok {
			return tea.Batch(m.dropDraft(ed.itemID), say("the note is as it was: nothing changed, the draft is gone"))
		}
		return say("the note is as it was: nothing changed")
	}
	if m.mode.prompt() {
		// A picker opened meanwhile (an attach from the reader): keep the
		// text rather than take its place.
		return tea.Batch(m.keepDraft(ed.itemID, note), say("your edit is kept as a draft: e opens it, ctrl+s saves"))
	}
	// The note editor takes the text as if it had been typed there since E,
	// and saves it as ctrl+s does: a conflict leaves it open with the reason.
	m.itemID, m.editBase, m.editVersion = ed.itemID, ed.base, ed.version
	m.readyEditor()
	m.editor.SetValue(note)
	m.editor.CursorEnd()
	m.back, m.mode = m.mode, modeEdit
	return tea.Batch(m.editor.Focus(), m.saveNote())
}
