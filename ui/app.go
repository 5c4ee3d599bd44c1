// Package ui is the dossier dashboard: the root Bubble Tea model that lays
// out the Timeline, Roadmap, Reader and Search panes, routes keys and
// messages to them, and draws the header, tabs and help footer.
package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/index/library"
	"dossier/ui/common"
	"dossier/ui/reader"
	"dossier/ui/roadmap"
	"dossier/ui/search"
	"dossier/ui/timeline"
)

// Minimum usable terminal size.
const (
	MinWidth  = 40
	MinHeight = 12
	// WideWidth is the width from which lists and reader sit side by side.
	WideWidth = 120
)

// App is the root model.
type App struct {
	c        common.Common
	panes    [common.NumPanes]common.Pane
	reader   *reader.Model
	search   *search.Model
	roadmap  *roadmap.Model
	limits   Limits
	lastKey  time.Time
	ending   string // why the session is closing; shown full screen
	focus    common.PaneID
	listPane common.PaneID   // the list beside the reader on wide screens
	history  []common.PaneID // focus history for esc
	help     help.Model
	fullHelp bool
	confirm  bool          // asking whether to quit with unsaved work
	data     library.State // the corpus as this session knows it
	status   common.StatusMsg
	width    int
	height   int
}

// New builds the dashboard and its four panes.
func New(c common.Common) *App {
	a := &App{c: c, focus: common.PaneTimeline, listPane: common.PaneTimeline}
	a.reader = reader.New(c)
	a.search = search.New(c)
	a.roadmap = roadmap.New(c)
	a.panes = [common.NumPanes]common.Pane{timeline.New(c), a.roadmap, a.reader, a.search}
	a.lastKey = time.Now()
	a.help = help.New()
	a.help.Styles.ShortKey = c.Styles.HelpKey
	a.help.Styles.ShortDesc = c.Styles.HelpDesc
	a.help.Styles.ShortSeparator = c.Styles.HelpSep
	a.help.Styles.FullKey = c.Styles.HelpKey
	a.help.Styles.FullDesc = c.Styles.HelpDesc
	a.help.Styles.FullSeparator = c.Styles.HelpSep
	a.help.Styles.Ellipsis = c.Styles.HelpSep
	return a
}

// Focus returns the focused pane.
func (a *App) Focus() common.PaneID { return a.focus }

// Init starts the panes and, while the index builds, the progress poll.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.watchFeed(0), a.watchLimits()}
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

// Update routes a message: keys to the app or the focused pane, everything
// else to every pane (results find their owner whatever has focus).
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		return a, a.layout()
	case tea.KeyMsg:
		if a.ending != "" {
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
	case limitTickMsg:
		return a, a.checkLimits()
	case EndSessionMsg:
		return a, a.end(msg.Reason)
	case tea.MouseMsg:
		a.lastKey = time.Now() // scrolling is activity too
		if a.focus == common.PaneReader || a.wide() {
			_, cmd := a.reader.Update(msg)
			return a, cmd
		}
		return a, nil
	case common.OpenArticleMsg:
		a.setFocus(common.PaneReader)
		return a, a.reader.Open(msg)
	case common.FocusMsg:
		a.setFocus(msg.Pane)
		return a, nil
	case common.AttachRequestMsg:
		a.setFocus(common.PaneRoadmap)
		return a, a.broadcast(msg)
	case common.StatusMsg:
		a.status = msg
		return a, nil
	case common.DataMsg:
		prev := a.data
		a.data = msg.State
		cmd := a.broadcast(msg)
		if !msg.State.Final {
			cmd = tea.Batch(cmd, a.watchFeed(msg.State.Seq))
		}
		if msg.State.Err != nil && prev.Err == nil {
			a.status = common.StatusMsg{Text: "loading the corpus failed: " + msg.State.Err.Error(), Error: true}
		} else if n := len(msg.State.Notices); n > len(prev.Notices) {
			a.status = common.StatusMsg{Text: msg.State.Notices[n-1]}
		}
		return a, cmd
	}
	return a, a.broadcast(msg)
}

func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.panes))
	for _, p := range a.panes {
		_, cmd := p.Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// handleKey gives keys to the quit dialog, then to a pane that asks for
// them (text inputs), then to the global bindings, then to the focused pane.
func (a *App) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := a.c.Keys
	if a.confirm {
		switch {
		case key.Matches(msg, k.Yes), key.Matches(msg, k.ForceQuit):
			return tea.Sequence(a.roadmap.SaveDraft(), tea.Quit)
		case key.Matches(msg, k.No):
			a.confirm = false
		}
		return nil
	}
	if key.Matches(msg, k.ForceQuit) {
		return a.quit()
	}
	focused := a.panes[a.focus]
	if focused.WantsKey(msg) {
		_, cmd := focused.Update(msg)
		return cmd
	}
	a.status = common.StatusMsg{}
	switch {
	case key.Matches(msg, k.Quit):
		return a.quit()
	case key.Matches(msg, k.Help):
		a.fullHelp = !a.fullHelp
		return a.layout()
	case key.Matches(msg, k.NextPane):
		a.setFocus((a.focus + 1) % common.NumPanes)
	case key.Matches(msg, k.PrevPane):
		a.setFocus((a.focus + common.NumPanes - 1) % common.NumPanes)
	case key.Matches(msg, k.Search):
		a.setFocus(common.PaneSearch)
		return a.search.FocusInput()
	case key.Matches(msg, k.Back):
		return a.back()
	default:
		for i, b := range k.Pane {
			if key.Matches(msg, b) {
				a.setFocus(common.PaneID(i))
				return nil
			}
		}
		_, cmd := focused.Update(msg)
		return cmd
	}
	return nil
}

// back closes the full help, or returns to where the user came from.
func (a *App) back() tea.Cmd {
	if a.fullHelp {
		a.fullHelp = false
		return a.layout()
	}
	if a.focus == common.PaneReader {
		a.setFocus(a.reader.From())
		return nil
	}
	if n := len(a.history); n > 0 {
		prev := a.history[n-1]
		a.history = a.history[:n-1]
		a.focus = prev
		if prev != common.PaneReader {
			a.listPane = prev
		}
	}
	return nil
}

// quit asks first when a pane has unsaved work.
func (a *App) quit() tea.Cmd {
	for _, p := range a.panes {
		if p.Dirty() {
			a.confirm = true
			return nil
		}
	}
	return tea.Quit
}

func (a *App) setFocus(p common.PaneID) {
	if p == a.focus {
		return
	}
	a.history = append(a.history, a.focus)
	if len(a.history) > 32 {
		a.history = a.history[1:]
	}
	a.focus = p
	if p != common.PaneReader {
		a.listPane = p
	}
}
