package common

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/index"
	"dossier/index/library"
)

// PaneID names a pane of the dashboard.
type PaneID int

// The panes, in tab order.
const (
	PaneTimeline PaneID = iota
	PaneRoadmap
	PaneReader
	PaneSearch
	NumPanes
)

// String is the pane's title.
func (p PaneID) String() string {
	return [...]string{"Timeline", "Roadmap", "Reader", "Search"}[p]
}

// ArticleRef is an article to open, with the byte ranges of its body to
// highlight (search matches or an evidence passage).
type ArticleRef struct {
	ID    string
	Marks []index.Span
	Label string // what the reader shows for the marks ("search: lithium")
}

// OpenArticleMsg asks the reader to open Refs[Pos]; Refs is the list it came
// from, so [ and ] can walk it.
type OpenArticleMsg struct {
	Refs []ArticleRef
	Pos  int
	From PaneID // where esc returns to
}

// FocusMsg asks the root to focus a pane.
type FocusMsg struct{ Pane PaneID }

// StatusMsg shows a short message in the footer.
type StatusMsg struct {
	Text  string
	Error bool
}

// DataMsg brings a new state of the corpus: loading progress, a (partial
// or complete) snapshot to read and search, notices.
type DataMsg struct{ State library.State }

// Pane is what the root needs of a pane: a Bubble Tea model with help, a
// size, and a say on which keys it wants before the global bindings.
type Pane interface {
	tea.Model
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	SetSize(w, h int)
	// WantsKey reports whether the pane handles this key itself, before the
	// global bindings (text inputs want every key).
	WantsKey(k tea.KeyMsg) bool
	// Dirty reports unsaved work that quitting would lose.
	Dirty() bool
}

// SearchChangedMsg says which articles the current search matches.
type SearchChangedMsg struct {
	Query string
	IDs   map[string]bool
}

// AttachRequestMsg asks the roadmap to attach a passage of an article as
// evidence to an item the user chooses.
type AttachRequestMsg struct {
	ArticleID string
	Span      index.Span
	Quote     string
}

// ReviewsChangedMsg tells every pane that the review store changed (here or
// in another process), so lists can reload.
type ReviewsChangedMsg struct{ LastChange int64 }
