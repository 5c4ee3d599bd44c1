package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"dossier/index/library"
	"dossier/model"
	"dossier/ui/common"
)

// View draws the whole screen.
func (a *App) View() string {
	if a.width == 0 {
		return ""
	}
	if a.ending != "" {
		return a.endingView()
	}
	if a.tooSmall() {
		return a.tooSmallView()
	}
	list, rd := a.bodyRects()
	var body string
	if a.wide() {
		left := a.box(a.listPane, list)
		right := a.box(common.PaneReader, rd)
		body = lipgloss.JoinHorizontal(lipgloss.Top, left, right)
	} else {
		body = a.box(a.focus, list)
	}
	return strings.Join([]string{a.headerView(), a.tabsView(), body, a.footerView()}, "\n")
}

func (a *App) tooSmallView() string {
	s := a.c.Styles
	msg := []string{
		s.Warning.Render("terminal too small"),
		s.Muted.Render(fmt.Sprintf("%dx%d, need %dx%d", a.width, a.height, MinWidth, MinHeight)),
	}
	lines := make([]string, a.height)
	top := max((a.height-len(msg))/2, 0)
	for i := range lines {
		line := ""
		if j := i - top; j >= 0 && j < len(msg) {
			pad := max((a.width-common.Width(msg[j]))/2, 0)
			line = strings.Repeat(" ", pad) + msg[j]
		}
		lines[i] = common.PadRight(line, a.width)
	}
	return strings.Join(lines, "\n")
}

// headerView shows the corpus and the index state.
func (a *App) headerView() string {
	s := a.c.Styles
	d := a.data
	left := s.HeaderTitle.Render("dossier")
	if d.Snap != nil {
		left += s.Header.Render(fmt.Sprintf(" · %s · %d articles", model.Escape(d.Snap.Corpus.Name), d.Snap.Corpus.Len()))
	}
	var right string
	switch p := d.Progress; {
	case d.Err != nil:
		right = s.Error.Render("loading failed")
	case p.Stage == library.StageScan:
		right = s.Warning.Render("loading the corpus…")
	case p.Stage == library.StageIndex:
		right = s.Warning.Render(fmt.Sprintf("indexing %s %d/%d", bar(p.Done, p.Total, 10), p.Done, p.Total))
	default:
		right = s.Success.Render("● ") + s.Header.Render("index ready")
	}
	return spread(left, right, a.width)
}

// bar draws a small progress bar.
func bar(done, total, width int) string {
	if total <= 0 {
		return strings.Repeat("█", width)
	}
	n := min(done*width/total, width)
	return strings.Repeat("█", n) + strings.Repeat("░", width-n)
}

// spread puts left and right at the two ends of a line of width w.
func spread(left, right string, w int) string {
	gap := w - common.Width(left) - common.Width(right)
	if gap < 1 {
		return common.PadRight(left, w)
	}
	return left + strings.Repeat(" ", gap) + right
}

// tabsView names the four panes with their number keys; the focused one
// stands out. On narrow screens the tabs lose their padding to stay whole.
func (a *App) tabsView() string {
	s := a.c.Styles
	render := func(pad bool) string {
		var tabs []string
		for i := common.PaneID(0); i < common.NumPanes; i++ {
			label := fmt.Sprintf("%d %s", i+1, i)
			style := s.Tab
			if i == a.focus {
				style = s.ActiveTab
				label = "▸" + label
			}
			if !pad {
				style = style.UnsetPadding()
			}
			tabs = append(tabs, style.Render(label))
		}
		if pad {
			return strings.Join(tabs, "")
		}
		return strings.Join(tabs, " ")
	}
	bar := render(true)
	if common.Width(bar) > a.width {
		bar = render(false)
	}
	return common.PadRight(bar, a.width)
}

// box draws a pane with a border whose top edge carries the title.
func (a *App) box(id common.PaneID, r rect) string {
	s := a.c.Styles
	focused := id == a.focus
	b, edge, titleStyle := s.Border, s.Edge, s.PaneTitle
	if focused {
		b, edge, titleStyle = s.FocusedBorder, s.FocusedEdge, s.FocusedTitle
	}
	innerW, innerH := r.w-frame, r.h-frame
	title := " " + id.String() + " "
	if focused {
		title = " ▸" + id.String() + " "
	}
	fill := max(innerW-1-common.Width(title), 0)
	top := edge.Render(b.TopLeft+b.Top) + titleStyle.Render(title) + edge.Render(strings.Repeat(b.Top, fill)+b.TopRight)
	content := strings.Split(a.panes[id].View(), "\n")
	lines := make([]string, 0, r.h)
	lines = append(lines, common.Truncate(top, r.w))
	for i := 0; i < innerH; i++ {
		c := ""
		if i < len(content) {
			c = content[i]
		}
		lines = append(lines, edge.Render(b.Left)+common.PadRight(c, innerW)+edge.Render(b.Right))
	}
	lines = append(lines, edge.Render(b.BottomLeft+strings.Repeat(b.Bottom, innerW)+b.BottomRight))
	return strings.Join(lines, "\n")
}

// footerHeight is one line, or the full help's height.
func (a *App) footerHeight() int {
	if a.fullHelp && !a.confirm {
		return strings.Count(a.fullHelpView(), "\n") + 1
	}
	return 1
}

// footerView shows a question, a status message, or the keys that work now.
func (a *App) footerView() string {
	s := a.c.Styles
	switch {
	case a.confirm:
		return common.PadRight(s.Warning.Render("Your note is not saved. Quit and keep it as a draft? (y/n)"), a.width)
	case a.fullHelp:
		return a.fullHelpView()
	case a.status.Text != "":
		st := s.Info
		if a.status.Error {
			st = s.Error
		}
		return common.PadRight(st.Render(a.status.Text), a.width)
	}
	k := a.c.Keys
	bindings := append(a.panes[a.focus].ShortHelp(), k.NextPane, k.Search, k.Back, k.Help, k.Quit)
	return common.PadRight(a.help.ShortHelpView(bindings), a.width)
}

// fullHelpView lists every key of the focused pane and the global ones.
func (a *App) fullHelpView() string {
	k := a.c.Keys
	global := []key.Binding{k.NextPane, k.PrevPane, k.Pane[0], k.Pane[1], k.Pane[2], k.Pane[3], k.Search, k.Back, k.Help, k.Quit, k.ForceQuit}
	groups := append(a.panes[a.focus].FullHelp(), global)
	return a.help.FullHelpView(groups)
}

// joinLines pads each line to w cells and joins them.
func joinLines(lines []string, w int) string {
	for i := range lines {
		lines[i] = common.PadRight(lines[i], w)
	}
	return strings.Join(lines, "\n")
}
