package common

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key binding of the dashboard, in one place. Keys that
// change shared data (a review's status, its evidence, undo) are letters
// that no pane uses to move around, so a key pressed in the wrong pane
// never changes a colleague's review.
type KeyMap struct {
	// Global: work whenever no prompt is open.
	Quit, ForceQuit, Help, NextPane, PrevPane, Back, Search, Skipped key.Binding
	Pane                                                             [4]key.Binding

	// Prompts: every text input, question and picker.
	Submit, Leave, Recall, RecallNext key.Binding

	// Lists
	Up, Down, Top, Bottom, PageUp, PageDown, Open key.Binding

	// Reader
	LineDown, LineUp, HalfDown, HalfUp, ReadPageDown, ReadPageUp, ReadTop, ReadBottom key.Binding
	Find, NextMatch, PrevMatch, PrevArticle, NextArticle, Translation                 key.Binding

	// Timeline
	Order, FilterBySearch, ShowPublished, ShowContext, ShowPlanned, ShowAll key.Binding

	// Roadmap and review
	Status, EditNote, Attach, Undo, Save, Accept, RemoveEvidence, ItemHistory key.Binding
	StatusPick                                                                [5]key.Binding
	FilterItems, ItemOrder                                                    key.Binding

	// Search: saved searches
	SaveSearch, DeleteSearch key.Binding

	// The analyst's day: read marks (where an article is on screen), the
	// reader's link picker and citations, the note in your own editor, and
	// the answers of a yes/no question.
	MarkRead, MarkAllRead, Link, Cite, CopyURL, ExternalEdit key.Binding
	Yes, No                                                  key.Binding
}

// DefaultKeyMap returns the standard bindings.
func DefaultKeyMap() *KeyMap {
	k := key.NewBinding
	km := &KeyMap{
		Quit:      k(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: k(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit at once")),
		Help:      k(key.WithKeys("?"), key.WithHelp("?", "help")),
		NextPane:  k(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		PrevPane:  k(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		Back:      k(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Search:    k(key.WithKeys("/"), key.WithHelp("/", "search")),
		Skipped:   k(key.WithKeys("!"), key.WithHelp("!", "files the corpus skipped, and why")),

		Submit:     k(key.WithKeys("enter"), key.WithHelp("enter", "submit")),
		Leave:      k(key.WithKeys("esc"), key.WithHelp("esc", "leave")),
		Recall:     k(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "earlier query")),
		RecallNext: k(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "later query")),

		Up:       k(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:     k(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Top:      k(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   k(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		PageUp:   k(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: k(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Open:     k(key.WithKeys("enter"), key.WithHelp("enter", "open")),

		LineDown:     k(key.WithKeys("j", "down", "ctrl+n", "ctrl+e"), key.WithHelp("j/↓", "line down")),
		LineUp:       k(key.WithKeys("k", "up", "ctrl+p", "ctrl+y"), key.WithHelp("k/↑", "line up")),
		HalfDown:     k(key.WithKeys("d", "ctrl+d"), key.WithHelp("d", "half page down")),
		HalfUp:       k(key.WithKeys("u", "ctrl+u"), key.WithHelp("u", "half page up")),
		ReadPageDown: k(key.WithKeys(" ", "pgdown", "ctrl+f"), key.WithHelp("space", "page down")),
		ReadPageUp:   k(key.WithKeys("b", "pgup", "ctrl+b"), key.WithHelp("b", "page up")),
		ReadTop:      k(key.WithKeys("g", "home", "<"), key.WithHelp("g", "top")),
		ReadBottom:   k(key.WithKeys("G", "end", ">"), key.WithHelp("G", "bottom")),
		Find:         k(key.WithKeys("f"), key.WithHelp("f", "find in article")),
		NextMatch:    k(key.WithKeys("n"), key.WithHelp("n", "next match")),
		PrevMatch:    k(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		PrevArticle:  k(key.WithKeys("["), key.WithHelp("[", "previous article")),
		NextArticle:  k(key.WithKeys("]"), key.WithHelp("]", "next article")),
		Translation:  k(key.WithKeys("t"), key.WithHelp("t", "other language")),

		Order:          k(key.WithKeys("o"), key.WithHelp("o", "oldest/newest first")),
		FilterBySearch: k(key.WithKeys("F"), key.WithHelp("F", "only events of the search")),
		ShowPublished:  k(key.WithKeys("p"), key.WithHelp("p", "publications on/off")),
		ShowContext:    k(key.WithKeys("c"), key.WithHelp("c", "context events on/off")),
		ShowPlanned:    k(key.WithKeys("P"), key.WithHelp("P", "planned events on/off")),
		ShowAll:        k(key.WithKeys("A"), key.WithHelp("A", "all events / notable ones")),

		Status:         k(key.WithKeys("s"), key.WithHelp("s", "set status…")),
		EditNote:       k(key.WithKeys("e"), key.WithHelp("e", "edit note")),
		Attach:         k(key.WithKeys("a"), key.WithHelp("a", "attach as evidence")),
		Undo:           k(key.WithKeys("z"), key.WithHelp("z", "undo your last change")),
		Save:           k(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Accept:         k(key.WithKeys("a"), key.WithHelp("a", "accept suggestion")),
		RemoveEvidence: k(key.WithKeys("x", "delete"), key.WithHelp("x", "remove evidence")),
		ItemHistory:    k(key.WithKeys("h"), key.WithHelp("h", "item in full, history")),
		FilterItems:    k(key.WithKeys("f"), key.WithHelp("f", "filter items")),
		ItemOrder:      k(key.WithKeys("o"), key.WithHelp("o", "order: catalogue, last change, quietest")),

		SaveSearch:   k(key.WithKeys("w"), key.WithHelp("w", "save this search")),
		DeleteSearch: k(key.WithKeys("x", "delete"), key.WithHelp("x", "delete saved search")),

		MarkRead:     k(key.WithKeys("m"), key.WithHelp("m", "mark read/unread")),
		MarkAllRead:  k(key.WithKeys("M"), key.WithHelp("M", "mark all read…")),
		Link:         k(key.WithKeys("l"), key.WithHelp("l", "link to an item…")),
		Cite:         k(key.WithKeys("y"), key.WithHelp("y", "copy as citation")),
		CopyURL:      k(key.WithKeys("Y"), key.WithHelp("Y", "copy the address")),
		ExternalEdit: k(key.WithKeys("E"), key.WithHelp("E", "edit note in your editor")),
		Yes:          k(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "yes")),
		No:           k(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no")),
	}
	names := []string{"Timeline", "Roadmap", "Reader", "Search"}
	for i := range km.Pane {
		n := string(rune('1' + i))
		km.Pane[i] = k(key.WithKeys(n), key.WithHelp(n, names[i]))
	}
	// In the status picker: the first letter of each status.
	picks := []struct{ key, name string }{{"u", "unreviewed"}, {"o", "on track"}, {"r", "at risk"}, {"b", "blocked"}, {"d", "done"}}
	for i, p := range picks {
		km.StatusPick[i] = k(key.WithKeys(p.key), key.WithHelp(p.key, p.name))
	}
	return km
}
