package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
	"dossier/ui/common"
)

// safeKey removes from typed or pasted text what must not be drawn
// (escape sequences, C1 and bidi controls: model.Sanitize), before any
// prompt holds it; newlines and tabs stay for the note editor.
func safeKey(msg tea.KeyMsg) tea.KeyMsg {
	if msg.Type != tea.KeyRunes {
		return msg
	}
	if s := string(msg.Runes); model.Sanitize(s) != s {
		msg.Runes = []rune(model.Sanitize(s))
	}
	return msg
}

// handleKey routes a key press. This is the one rule of the dashboard's
// keyboard, and the only place keys are routed:
//
//  1. ctrl+c quits, always; an unsaved note is kept as a draft, which e
//     offers again next time.
//  2. The full help, when open, is on top: esc, ? or q close it; the
//     arrows and page keys scroll it; other keys do nothing.
//  3. A prompt takes every key: the dashboard's own question in the footer
//     ("mark all read?": y or enter yes, n or esc no), or one open in the
//     focused pane (the search prompt, find, the note editor, the
//     roadmap's filter, a saved search's name, the status, attach and link
//     pickers, the source chooser): enter submits (ctrl+s in the
//     multi-line note editor), esc leaves the prompt and keeps what was
//     typed. No global key applies.
//  4. Otherwise the global keys come first: tab and shift+tab, 1–4, / (the
//     search prompt, with the previous query selected), ? (help), ! (the
//     files the corpus skipped, when there are any), q (quit), esc (back:
//     out of the pane's sub-view, else to the pane you came from, at the
//     row you came from), z (undo your last review change, wherever the
//     status line offers it), m (the article under the cursor, or open in
//     the reader, read or unread), M (mark all read, after asking); then
//     the focused pane's keys.
//
// Keys that change shared data (a review's status, its evidence, undo) or
// your read marks are letters no pane uses to move around (common.KeyMap),
// so rule 4 never turns a navigation key into a change.
func (a *App) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := a.c.Keys
	if key.Matches(msg, k.ForceQuit) {
		return tea.Sequence(a.roadmap.SaveDraft(), tea.Quit)
	}
	if a.helpView.open {
		if key.Matches(msg, k.Back, k.Help, k.Quit, k.Skipped) {
			a.helpView.open = false
			return a.layout()
		}
		a.helpView.scroll(msg)
		return nil
	}
	if a.unread.asking {
		return a.answerMarkAll(msg)
	}
	focused := a.panes[a.focus]
	if focused.Prompt() {
		_, cmd := focused.Update(msg)
		return cmd
	}
	a.status = common.StatusMsg{}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Sequence(a.roadmap.SaveDraft(), tea.Quit)
	case key.Matches(msg, k.Help):
		a.helpView.show(a.fullHelp())
		return a.layout()
	case key.Matches(msg, k.Skipped) && a.data.Warnings > 0:
		a.showSkipped()
		return a.layout()
	case key.Matches(msg, k.NextPane):
		return a.focusPane((a.focus + 1) % common.NumPanes)
	case key.Matches(msg, k.PrevPane):
		return a.focusPane((a.focus + common.NumPanes - 1) % common.NumPanes)
	case key.Matches(msg, k.Search):
		cmd := a.focusPane(common.PaneSearch)
		return tea.Batch(cmd, a.search.OpenPrompt())
	case key.Matches(msg, k.Back):
		return a.back()
	case key.Matches(msg, k.Undo):
		return a.roadmap.Undo()
	case key.Matches(msg, k.MarkRead):
		return a.toggleRead()
	case key.Matches(msg, k.MarkAllRead):
		return a.askMarkAll()
	}
	for i, b := range k.Pane {
		if key.Matches(msg, b) {
			return a.focusPane(common.PaneID(i))
		}
	}
	_, cmd := focused.Update(msg)
	return cmd
}

// focusPane moves the focus, lays the screen out for it, and previews the
// new list's selection.
func (a *App) focusPane(p common.PaneID) tea.Cmd {
	return tea.Batch(a.setFocus(p), a.previewList())
}

// backer is a pane with sub-views (an item's detail or history) that esc
// leaves before leaving the pane.
type backer interface {
	Back() bool      // leave the sub-view; false when there is none
	InSubView() bool // whether a sub-view is open
}

// back leaves the focused pane's sub-view, or returns to where the user
// came from: from the reader to the list it was opened from, at the row of
// the article on screen.
func (a *App) back() tea.Cmd {
	if b, ok := a.panes[a.focus].(backer); ok && b.Back() {
		return nil
	}
	if a.focus == common.PaneReader && a.reader.Opened() {
		from, row := a.reader.From(), a.reader.Row()
		cmd := a.focusPane(from)
		if row == "" {
			return cmd
		}
		return tea.Batch(cmd, a.broadcast(common.SelectMsg{Pane: from, Row: row}))
	}
	if n := len(a.history); n > 0 {
		prev := a.history[n-1]
		a.history = a.history[:n-1]
		a.focus = prev
		if prev != common.PaneReader {
			a.listPane = prev
		}
		return a.layout()
	}
	return nil
}

// canGoBack reports whether esc does something now (for the footer).
func (a *App) canGoBack() bool {
	if b, ok := a.panes[a.focus].(backer); ok && b.InSubView() {
		return true
	}
	return len(a.history) > 0 || (a.focus == common.PaneReader && a.reader.Opened())
}
