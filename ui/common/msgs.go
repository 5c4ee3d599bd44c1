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
	Query string // the search the marks come from, to apply again to another language
	Row   string // the list row it was opened from, to go back to
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

// Pane is what the root needs of a pane: a Bubble Tea model with help and
// a size, that says whether a prompt is open in it.
type Pane interface {
	tea.Model
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	SetSize(w, h int)
	// Prompt reports whether a prompt is open in the pane: a text input, a
	// question or a picker. The root then gives the pane every key (the
	// pane submits on enter and leaves the prompt on esc) and no global
	// key applies.
	Prompt() bool
	// Dirty reports unsaved work that quitting would lose.
	Dirty() bool
}

// Detailer is a list pane that shows its selected row in full, in the
// column beside it on wide screens.
type Detailer interface {
	DetailView(w, h int) string
}

// Previewer is a list pane whose selected row stands for an article, which
// the reader column previews when no article was opened.
type Previewer interface {
	Preview() (ArticleRef, bool)
}

// PreviewSelected asks the reader to preview a list's selected article
// (nil when the selection stands for none).
func PreviewSelected(p Previewer) tea.Cmd {
	ref, ok := p.Preview()
	if !ok {
		return nil
	}
	return func() tea.Msg { return PreviewMsg{Ref: ref} }
}

// Clicker is a pane that can be clicked (with --mouse): x and y are cells
// inside the pane; double is a second click on the same cell.
type Clicker interface {
	Click(x, y int, double bool) tea.Cmd
}

// Scroller is a pane whose list the mouse wheel scrolls: n rows, down when
// positive. It returns what the pane does when its selection moved.
type Scroller interface {
	Scroll(n int) tea.Cmd
}

// SelectMsg asks a list pane to put its cursor on a row (the reader walked
// to another article of the list it was opened from).
type SelectMsg struct {
	Pane PaneID
	Row  string
}

// PreviewMsg asks the reader to show an article without taking the focus
// (the selection of the list beside it changed).
type PreviewMsg struct{ Ref ArticleRef }

// SearchChangedMsg says which articles the current search matches.
type SearchChangedMsg struct {
	Query string
	IDs   map[string]bool
}

// AttachRequestMsg asks the roadmap to attach a passage of an article as
// evidence: to ItemID when it is set (the reader's link picker chose it),
// else to an item the user chooses in the roadmap.
type AttachRequestMsg struct {
	ArticleID string
	Span      index.Span
	Quote     string
	ItemID    string
}

// ReviewsChangedMsg tells every pane that the review store changed (here or
// in another process), so lists can reload.
type ReviewsChangedMsg struct{ LastChange int64 }

// NewArticlesMsg says which articles of the corpus are new for this
// session's person (opened or marked read by them since they came in: not
// new), so that lists and the reader mark them.
type NewArticlesMsg struct{ IDs map[string]bool }

// MarkReadMsg asks the root to mark articles read (Read) or unread for
// this session's person. Opened is set when the reader opened the article
// (it says nothing unless something fails).
type MarkReadMsg struct {
	IDs    []string
	Read   bool
	Opened bool
}

// Marker is a pane whose selection stands for articles that m marks read
// or unread: the reader's article, a list's selected row.
type Marker interface {
	MarkTargets() []string
}

// HasMarkTargets reports whether m's selection stands for any article:
// through its own HasMarkTargets when it has one (asked at every draw,
// for the footer; MarkTargets lists each article's versions).
func HasMarkTargets(m Marker) bool {
	if h, ok := m.(interface{ HasMarkTargets() bool }); ok {
		return h.HasMarkTargets()
	}
	return len(m.MarkTargets()) > 0
}
