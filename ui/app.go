// Package ui is the dossier dashboard: the root Bubble Tea model that lays
// out the Timeline, Roadmap, Reader and Search panes (one, two or three
// columns by width), routes keys by one rule (keys.go), and draws the
// header, tabs, help and footer.
package ui

import (
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/index/library"
	"dossier/model/review"
	"dossier/ui/common"
	"dossier/ui/reader"
	"dossier/ui/roadmap"
	"dossier/ui/search"
	"dossier/ui/timeline"
)

// App is the root model.
type App struct {
	c         common.Common
	panes     [common.NumPanes]common.Pane
	reader    *reader.Model
	search    *search.Model
	roadmap   *roadmap.Model
	limits    Limits
	lastKey   time.Time
	ending    string // why the session is closing; shown full screen
	focus     common.PaneID
	listPane  common.PaneID   // the list beside the reader and the detail
	history   []common.PaneID // focus history for esc
	helpView  helpOverlay     // the full help, when open
	data      library.State
	failing   []review.FeedState // news sources failing, for the header
	unread    unread             // the articles new for this session's person
	status    common.StatusMsg
	footerH   int // lines the footer had at the last layout (a status message wraps)
	clicks    clickTracker
	boxes     [3]boxMemo // the last box drawn in each column
	chrome    chromeMemo // the header, tabs and footer as last drawn
	frame     string     // the last screen drawn
	frameOK   bool       // no message since frame changed the screen
	frames    frameHold  // results held for one draw (frames.go)
	unchanged bool       // the message being handled changes nothing on screen
	width     int
	height    int
}

// New builds the dashboard and its four panes.
func New(c common.Common) *App {
	a := &App{c: c, focus: common.PaneTimeline, listPane: common.PaneTimeline}
	a.reader = reader.New(c)
	a.search = search.New(c)
	a.roadmap = roadmap.New(c)
	a.panes = [common.NumPanes]common.Pane{timeline.New(c), a.roadmap, a.reader, a.search}
	a.lastKey = time.Now()
	a.helpView = newHelpOverlay(c)
	a.unread = newUnread(c)
	return a
}

// Focus returns the focused pane.
func (a *App) Focus() common.PaneID { return a.focus }

// Init starts the panes, the corpus feed and the session limits.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.watchFeed(0), a.watchLimits(), a.watchSources(0), a.pollReads()}
	for _, p := range a.panes {
		cmds = append(cmds, p.Init())
	}
	return tea.Batch(cmds...)
}

// watchFeed waits for the corpus to change after state seq: loading
// progress, new snapshots, notices.
func (a *App) watchFeed(seq int) tea.Cmd {
	f, ctx := a.c.Feed, a.c.Context()
	if f == nil {
		return nil
	}
	return func() tea.Msg {
		st := f.Wait(ctx, seq)
		if st.Seq <= seq {
			return nil // the session ended
		}
		return common.DataMsg{State: st}
	}
}

// Update handles a message, then lays the screen out again if the status
// line now needs another number of lines.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	a.unchanged = false // a handler that changes nothing on screen says so
	_, cmd := a.update(msg)
	if a.footerLines() != a.footerH && !a.tooSmall() && a.width > 0 {
		a.unchanged = false
		cmd = tea.Batch(cmd, a.layout())
	}
	a.frameOK = a.frameOK && a.unchanged
	if hold := a.hold(msg); hold != nil {
		cmd = tea.Batch(cmd, hold)
	}
	return a, cmd
}

// update routes a message: keys by the grammar of keys.go, mouse events by
// where they land, everything else to every pane (results find their owner
// whatever has focus).
func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		return a, a.layout()
	case tea.KeyMsg:
		if msg = safeKey(msg); a.ending != "" || msg.Type == tea.KeyRunes && len(msg.Runes) == 0 {
			return a, nil
		}
		a.lastKey = time.Now()
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			// Keys typed quickly (or batched by a slow link) arrive as one
			// message; each is its own key press ("/l" is / then l).
			cmds := make([]tea.Cmd, 0, len(msg.Runes))
			for _, r := range msg.Runes {
				cmds = append(cmds, a.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
			}
			return a, tea.Batch(cmds...)
		}
		return a, a.handleKey(msg)
	case tea.MouseMsg:
		a.lastKey = time.Now() // scrolling and clicking are activity too
		return a, a.mouse(msg)
	case frameDueMsg:
		a.unchanged = !a.frames.held // drawn now, unless input drew it already
		return a, nil
	case limitTickMsg:
		cmd := a.checkLimits()
		a.unchanged = a.ending == "" // the session goes on: nothing to show
		return a, cmd
	case EndSessionMsg:
		return a, a.end(msg.Reason)
	case common.OpenArticleMsg:
		layout := a.setFocus(common.PaneReader) // the reader takes its column before it renders
		return a, tea.Batch(layout, a.reader.Open(msg))
	case common.PreviewMsg:
		if !a.previewing() {
			a.unchanged = true // no reader column to show it in
			return a, nil
		}
		return a, a.preview(msg.Ref)
	case common.FocusMsg:
		return a, a.setFocus(msg.Pane)
	case common.AttachRequestMsg:
		if msg.ItemID != "" { // chosen in the reader: attached from there
			return a, a.broadcast(msg)
		}
		layout := a.setFocus(common.PaneRoadmap)
		return a, tea.Batch(a.broadcast(msg), layout)
	case common.MarkReadMsg:
		return a, a.markRead(msg.IDs, msg.Read, msg.Opened)
	case newCountMsg:
		return a, a.counted(msg)
	case readPollMsg:
		a.unchanged = true // a change found is counted, and shown with the count
		return a, a.polled(msg)
	case markedMsg:
		return a, a.marked(msg)
	case common.StatusMsg:
		a.status = msg
		return a, nil
	case common.DataMsg:
		return a, a.dataChanged(msg)
	case sourcesMsg:
		return a, a.sourcesChanged(msg)
	}
	return a, a.broadcast(msg)
}

// dataChanged follows the corpus feed: panes get the new state, the footer
// its notices.
func (a *App) dataChanged(msg common.DataMsg) tea.Cmd {
	prev := a.data
	a.data = msg.State
	cmd := a.broadcast(msg)
	if !msg.State.Final {
		cmd = tea.Batch(cmd, a.watchFeed(msg.State.Seq))
	}
	switch {
	case msg.State.Err != nil && prev.Err == nil && a.waitingForArticles():
		a.status = common.StatusMsg{Text: "the corpus folder has no articles yet: files added to it (dossier import --into DIR FILE…) appear here"}
	case msg.State.Err != nil && prev.Err == nil:
		a.status = common.StatusMsg{Text: "loading the corpus failed: " + msg.State.Err.Error(), Error: true}
	case msg.State.NoticeCount > prev.NoticeCount && len(msg.State.Notices) > 0:
		// The count, not the list (it keeps only the latest notices).
		a.status = common.StatusMsg{Text: msg.State.Notices[len(msg.State.Notices)-1]}
	}
	if prev.Snap == nil && msg.State.Snap != nil {
		cmd = tea.Batch(cmd, a.previewList())
	}
	if msg.State.Snap != prev.Snap {
		cmd = tea.Batch(cmd, a.countNew()) // articles came in (or went)
	}
	return cmd
}

// waitingForArticles reports whether the corpus folders are followed and
// have no article yet: not a failure, they fill in as files come.
func (a *App) waitingForArticles() bool {
	return a.data.Snap == nil && errors.Is(a.data.Err, library.ErrEmpty) && a.c.Feed != nil && a.c.Feed.Following()
}

func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.panes))
	for _, p := range a.panes {
		_, cmd := p.Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// preview shows the article behind a list's selection in the reader
// column, when that column is on screen and the reader is not in use.
func (a *App) preview(ref common.ArticleRef) tea.Cmd {
	if !a.previewing() {
		return nil
	}
	return a.reader.Preview(ref, a.listPane)
}

// previewing reports whether the reader column shows a list's selection:
// it is on screen and the reader is not in use.
func (a *App) previewing() bool {
	return a.layoutMode() == layoutThree && a.focus != common.PaneReader
}

// previewList previews the selection of the list beside the reader.
func (a *App) previewList() tea.Cmd {
	if p, ok := a.panes[a.listPane].(common.Previewer); ok {
		if ref, ok := p.Preview(); ok {
			return a.preview(ref)
		}
	}
	return nil
}

// setFocus moves the focus and lays the screen out for it: which pane
// takes which column depends on the focus, so every pane is sized for its
// place before it draws.
func (a *App) setFocus(p common.PaneID) tea.Cmd {
	if p == a.focus {
		return nil
	}
	a.history = append(a.history, a.focus)
	if len(a.history) > 32 {
		a.history = a.history[1:]
	}
	a.focus = p
	if p != common.PaneReader {
		a.listPane = p
	}
	return a.layout()
}
