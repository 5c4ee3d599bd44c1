package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"

	"dossier/index/library"
	"dossier/model"
	"dossier/ui/common"
)

// View draws the whole screen. Bubble Tea draws after every message: when
// none since the last draw changed the screen (a poll that found nothing,
// a preview with no reader column) the last frame is the frame.
func (a *App) View() string {
	if !a.frameOK && !a.frames.held {
		a.frame, a.frameOK = a.draw(), true
		a.frames.drawnAt = time.Now()
	}
	return a.frame
}

// draw draws the whole screen.
func (a *App) draw() string {
	if a.width == 0 {
		return ""
	}
	if a.ending != "" {
		return a.endingView()
	}
	if a.tooSmall() {
		return a.tooSmallView()
	}
	var boxes [][]string
	if a.helpView.open {
		r := rect{0, 2, a.width, max(a.height-a.chromeHeight(), frame+1)}
		boxes = [][]string{a.boxed(0, a.helpView.boxTitle(), true, r, a.helpView.view())}
	} else {
		cols := a.columns()
		boxes = make([][]string, len(cols))
		for i, c := range cols {
			boxes[i] = a.box(i, c)
		}
	}
	return joinScreen(a.headerView(), a.tabsView(), boxes, a.footerView())
}

// joinScreen is the screen, made once: the header, the tabs, the boxes
// side by side (writeColumns) and the footer, a line each but the boxes'.
func joinScreen(header, tabs string, boxes [][]string, footer string) string {
	var sb strings.Builder
	sb.Grow(len(header) + len(tabs) + len(footer) + 3 + columnsLen(boxes))
	sb.WriteString(header)
	sb.WriteByte('\n')
	sb.WriteString(tabs)
	sb.WriteByte('\n')
	writeColumns(&sb, boxes)
	sb.WriteByte('\n')
	sb.WriteString(footer)
	return sb.String()
}

// columnsLen is the length of boxes side by side (writeColumns).
func columnsLen(boxes [][]string) int {
	if len(boxes) == 0 {
		return 0
	}
	n := len(boxes[0])
	for _, b := range boxes {
		for _, l := range b {
			n += len(l)
		}
	}
	return n
}

// writeColumns writes boxes of the same height side by side to sb: each
// box's lines are as wide as the box (boxed pads them), so a screen line
// is its boxes' lines end to end.
func writeColumns(sb *strings.Builder, boxes [][]string) {
	if len(boxes) == 0 {
		return
	}
	for i := range boxes[0] {
		if i > 0 {
			sb.WriteByte('\n')
		}
		for _, b := range boxes {
			if i < len(b) {
				sb.WriteString(b[i])
			}
		}
	}
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

// chromeMemo is the header, tabs and footer as last drawn, each with what
// it was drawn from: most draws change neither, and drawing them styled
// every text again.
type chromeMemo struct {
	header     headerKey
	headerText string
	tabs       tabsKey
	tabsText   string
	footer     string // the footer's keys and width, when it lists keys
	footerText string
}

// headerKey is everything the header shows.
type headerKey struct {
	styles          *common.Styles
	width           int
	snap            *library.Snapshot
	known           bool
	fresh, warnings int
	failing         string
	waiting, failed bool
	progress        library.Progress
	ok              bool
}

// tabsKey is everything the tabs show.
type tabsKey struct {
	styles *common.Styles
	width  int
	focus  common.PaneID
	ok     bool
}

// headerView shows the corpus and how far it is loaded (drawn again only
// when any of that changed).
func (a *App) headerView() string {
	k := headerKey{styles: a.c.Styles, width: a.width, snap: a.data.Snap, known: a.unread.known, fresh: len(a.unread.ids),
		warnings: a.data.Warnings, failing: a.failingNotice(), waiting: a.waitingForArticles(), failed: a.data.Err != nil,
		progress: a.data.Progress, ok: true}
	if a.chrome.header != k {
		a.chrome.header, a.chrome.headerText = k, a.drawHeader()
	}
	return a.chrome.headerText
}

// drawHeader draws the header.
func (a *App) drawHeader() string {
	s := a.c.Styles
	d := a.data
	left := s.HeaderTitle.Render("dossier")
	if d.Snap != nil {
		n := fmt.Sprintf("%d articles", d.Snap.Corpus.Len())
		if d.Snap.Corpus.Len() == 1 {
			n = "1 article"
		}
		left += s.Header.Render(" · " + model.Escape(d.Snap.Corpus.Name) + " · " + n)
	}
	if a.unread.known {
		// The person's new articles: bold, so that it reads without colour too.
		st := s.Header
		if len(a.unread.ids) > 0 {
			st = s.Bold
		}
		left += s.Header.Render(" · ") + st.Render(fmt.Sprintf("%d new", len(a.unread.ids)))
	}
	if d.Warnings > 0 {
		left += s.Warning.Render(" · " + plural(d.Warnings, "file") + " skipped (! lists them)")
	}
	if n := a.failingNotice(); n != "" {
		left += s.Error.Render(" · " + n)
	}
	// The state, and a shorter form of it for a narrow terminal.
	var right, short string
	switch p := d.Progress; {
	case a.waitingForArticles():
		right, short = s.Warning.Render("waiting for articles"), s.Warning.Render("waiting")
	case d.Err != nil:
		right, short = s.Error.Render("loading failed"), s.Error.Render("failed")
	case p.Stage == library.StageScan:
		right, short = s.Warning.Render("reading the corpus folder…"), s.Warning.Render("reading…")
	case p.Stage == library.StageIndex:
		right = s.Warning.Render(fmt.Sprintf("indexing %s %d/%d", bar(p.Done, p.Total, 10), p.Done, p.Total))
		short = s.Warning.Render(fmt.Sprintf("%d/%d", p.Done, p.Total))
	case p.Stage == library.StageDerive:
		right = s.Warning.Render(fmt.Sprintf("timeline data %s %d/%d", bar(p.Done, p.Total, 10), p.Done, p.Total))
		short = s.Warning.Render(fmt.Sprintf("%d/%d", p.Done, p.Total))
	default:
		right, short = s.Success.Render("● ")+s.Header.Render("index ready"), s.Success.Render("●")
	}
	if common.Width(left)+common.Width(right)+1 > a.width {
		right = short
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

// minHeaderLeft is the fewest cells the header's left part keeps beside
// its right part before the right part gives way.
const minHeaderLeft = 16

// spread puts left and right at the two ends of a line of width w. Where
// they do not both fit, left is cut with "…" to leave right its room, or,
// on a line too narrow for both, left alone is shown, cut with "…".
func spread(left, right string, w int) string {
	gap := w - common.Width(left) - common.Width(right)
	switch {
	case gap >= 1:
		return left + strings.Repeat(" ", gap) + right
	case w-common.Width(right)-1 >= minHeaderLeft:
		left = common.Truncate(left, w-common.Width(right)-1)
		return common.PadRight(left, w-common.Width(right)) + right
	default:
		return common.PadRight(common.Truncate(left, w), w)
	}
}

// tabLabels are the tabs as drawn, with their widths, for drawing and clicks.
func (a *App) tabLabels() (labels []string, pad bool) {
	s := a.c.Styles
	render := func(pad bool) []string {
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
		return tabs
	}
	tabs := render(true)
	if common.Width(strings.Join(tabs, "")) > a.width {
		return render(false), false
	}
	return tabs, true
}

// tabsView names the four panes with their number keys; the focused one
// stands out. On narrow screens the tabs lose their padding to stay whole.
func (a *App) tabsView() string {
	k := tabsKey{styles: a.c.Styles, width: a.width, focus: a.focus, ok: true}
	if a.chrome.tabs == k {
		return a.chrome.tabsText
	}
	tabs, pad := a.tabLabels()
	defer func() { a.chrome.tabs = k }()
	sep := ""
	if !pad {
		sep = " "
	}
	a.chrome.tabsText = common.PadRight(strings.Join(tabs, sep), a.width)
	return a.chrome.tabsText
}

// box draws column i: a pane, or a list pane's detail.
func (a *App) box(i int, c column) []string {
	innerW, innerH := c.r.w-frame, c.r.h-frame
	if c.detail {
		title := map[common.PaneID]string{common.PaneTimeline: "Event", common.PaneRoadmap: "Item", common.PaneSearch: "Hit"}[c.pane]
		if t, ok := a.panes[c.pane].(interface{ DetailTitle() string }); ok {
			title = t.DetailTitle() // what the column shows now
		}
		content := ""
		if d, ok := a.panes[c.pane].(common.Detailer); ok {
			content = d.DetailView(innerW, innerH)
		}
		return a.boxed(i, title, false, c.r, content)
	}
	title := c.pane.String()
	focused := c.pane == a.focus
	if focused {
		title = "▸" + title
	}
	return a.boxed(i, title, focused, c.r, a.panes[c.pane].View())
}

// boxMemo is the last box drawn in one column with what it was drawn
// from: a box whose title, place and content are the same is not drawn
// again (most messages change one pane, and every draw measured every
// line of every box).
type boxMemo struct {
	title, content string
	focused        bool
	r              rect
	styles         *common.Styles
	lines          []string
	edges          boxEdges // the border, kept when only the content changed
}

// boxEdges is a box's border as last drawn, with what it was drawn from: a
// key moving the cursor changes a box's content, not its border, and
// styling the border's pieces again took more of a key's draw than the
// content.
type boxEdges struct {
	title                           string
	focused                         bool
	w                               int
	styles                          *common.Styles
	top, left, right, empty, bottom string
}

// edgesFor is the border of a box r.w cells wide with that title and focus.
func (m *boxMemo) edgesFor(s *common.Styles, title string, focused bool, w int) *boxEdges {
	e := &m.edges
	if e.styles == s && e.title == title && e.focused == focused && e.w == w && e.top != "" {
		return e
	}
	b, edge, titleStyle := s.Border, s.Edge, s.PaneTitle
	if focused {
		b, edge, titleStyle = s.FocusedBorder, s.FocusedEdge, s.FocusedTitle
	}
	innerW := w - frame
	shown := " " + common.Truncate(title, max(innerW-3, 1)) + " " // the corners stay
	fill := max(innerW-1-common.Width(shown), 0)
	left, right := edge.Render(b.Left), edge.Render(b.Right)
	*e = boxEdges{title: title, focused: focused, w: w, styles: s,
		top:    edge.Render(b.TopLeft+b.Top) + titleStyle.Render(shown) + edge.Render(strings.Repeat(b.Top, fill)+b.TopRight),
		left:   left,
		right:  right,
		empty:  left + strings.Repeat(" ", max(innerW, 0)) + right,
		bottom: edge.Render(b.BottomLeft + strings.Repeat(b.Bottom, max(innerW, 0)) + b.BottomRight),
	}
	return e
}

// boxed draws content in a border whose top edge carries the title, as
// lines of r.w cells, in column i (whose last box it keeps).
func (a *App) boxed(i int, title string, focused bool, r rect, content string) []string {
	memo := &a.boxes[min(i, len(a.boxes)-1)]
	s := a.c.Styles
	if memo.lines != nil && memo.title == title && memo.focused == focused && memo.r == r && memo.content == content && memo.styles == s {
		return memo.lines
	}
	e := memo.edgesFor(s, title, focused, r.w)
	innerW, innerH := r.w-frame, r.h-frame
	lines := make([]string, 0, max(r.h, 2))
	lines = append(lines, e.top)
	var sb strings.Builder
	for j, line := range splitN(content, innerH) {
		if j >= innerH {
			break
		}
		lines = append(lines, boxLine(&sb, e.left, line, innerW, e.right))
	}
	for len(lines) < innerH+1 {
		lines = append(lines, e.empty)
	}
	lines = append(lines, e.bottom)
	*memo = boxMemo{title: title, content: content, focused: focused, r: r, styles: s, lines: lines, edges: memo.edges}
	return lines
}

// boxLine is a line of a box: left, line cut or padded to w cells, right,
// made in one allocation.
func boxLine(sb *strings.Builder, left, line string, w int, right string) string {
	n := common.Width(line)
	if n > w {
		line = common.PadRight(line, w)
		n = w
	}
	pad := max(w-n, 0)
	sb.Reset()
	sb.Grow(len(left) + len(line) + pad + len(right))
	sb.WriteString(left)
	sb.WriteString(line)
	for range pad {
		sb.WriteByte(' ')
	}
	sb.WriteString(right)
	return sb.String()
}

// splitN is the first n lines of s (all of them when it has fewer).
func splitN(s string, n int) []string {
	if n <= 0 {
		return nil
	}
	return strings.SplitN(s, "\n", n+1)
}

// maxFooterLines is how many lines a status message may take: one on the
// smallest screens, up to three from 20 lines.
func (a *App) maxFooterLines() int { return min(max((a.height-12)/4+1, 1), 3) }

// footerLines is how many lines the footer needs now: a status message
// wraps (up to maxFooterLines), the keys take one.
func (a *App) footerLines() int {
	if a.status.Text == "" || a.width <= 0 || a.unread.asking {
		return 1
	}
	return min(len(common.Wrap(model.SanitizeLine(a.status.Text), a.width)), a.maxFooterLines())
}

// footerView shows a question, a status message, or the keys that work now.
func (a *App) footerView() string {
	s := a.c.Styles
	switch {
	case a.unread.asking:
		return common.PadRight(a.markAllQuestion(), a.width)
	case a.status.Text != "":
		st := s.Info
		if a.status.Error {
			st = s.Error
		}
		lines := common.Clip(common.Lines(model.SanitizeLine(a.status.Text), a.width, st), max(a.footerH, 1), a.width)
		return joinLines(lines, a.width)
	case a.helpView.open:
		return common.PadRight(a.fitKeys(a.helpView.footer(a.c.Keys), a.width), a.width)
	case a.panes[a.focus].Prompt():
		return common.PadRight(a.fitKeys(a.footerKeys(), a.width), a.width) // ? is typed there
	}
	// "? help" always shows: the other keys are cut before it.
	k := a.c.Keys
	var keys []key.Binding
	var sig strings.Builder
	fmt.Fprintf(&sig, "%p %d", s, a.width)
	for _, b := range a.footerKeys() {
		if b.Help().Key != k.Help.Help().Key {
			keys = append(keys, b)
			sig.WriteString("\x00" + b.Help().Key + "\x00" + b.Help().Desc)
		}
	}
	if a.chrome.footer != sig.String() {
		tail := s.HelpSep.Render(" • ") + s.HelpKey.Render(k.Help.Help().Key) + " " + s.HelpDesc.Render(k.Help.Help().Desc)
		a.chrome.footer, a.chrome.footerText = sig.String(), common.PadRight(a.fitKeys(keys, a.width-common.Width(tail))+tail, a.width)
	}
	return a.chrome.footerText
}

// fitKeys draws key bindings as the footer does, as many as fit in w
// cells, with "…" where some were left out. (The help model's own view
// overflows its width when its ellipsis does not fit.)
func (a *App) fitKeys(keys []key.Binding, w int) string {
	s := a.c.Styles
	var b strings.Builder
	used := 0
	for i, kb := range keys {
		item := s.HelpKey.Render(kb.Help().Key) + " " + s.HelpDesc.Render(kb.Help().Desc)
		if used > 0 {
			item = s.HelpSep.Render(" • ") + item
		}
		room := w
		if i < len(keys)-1 {
			room -= 2 // for " …" should the next not fit
		}
		if used+common.Width(item) > room {
			if used+2 <= w {
				b.WriteString(s.HelpSep.Render(" …"))
			}
			break
		}
		b.WriteString(item)
		used += common.Width(item)
	}
	return b.String()
}

// footerKeys are the keys that work now, each once: only the prompt's
// while one is open; else the pane's, then the global ones.
func (a *App) footerKeys() []key.Binding {
	k := a.c.Keys
	pane := a.panes[a.focus]
	keys := pane.ShortHelp()
	if !pane.Prompt() {
		if mk, ok := pane.(common.Marker); ok && a.unread.us != nil && common.HasMarkTargets(mk) {
			keys = append(keys, k.MarkRead)
		}
		if len(a.unread.ids) > 0 {
			keys = append(keys, k.MarkAllRead)
		}
		if a.canGoBack() {
			keys = append(keys, k.Back)
		}
		keys = append(keys, k.NextPane, k.Search, k.Help, k.Quit)
	}
	return dedupe(keys)
}

// dedupe drops bindings whose key was already listed.
func dedupe(keys []key.Binding) []key.Binding {
	seen := map[string]bool{}
	out := keys[:0:0]
	for _, b := range keys {
		if h := b.Help().Key; !seen[h] && b.Enabled() {
			seen[h] = true
			out = append(out, b)
		}
	}
	return out
}

// fullHelp is the help under its headings: the focused pane's keys, the
// global ones, the prompts', the search syntax and how keys work.
func (a *App) fullHelp() []helpSection {
	k := a.c.Keys
	var pane []key.Binding
	for _, g := range a.panes[a.focus].FullHelp() {
		pane = append(pane, g...)
	}
	if _, ok := a.panes[a.focus].(common.Marker); ok {
		pane = append(pane, k.MarkRead)
	}
	global := []key.Binding{k.NextPane, k.PrevPane, k.Pane[0], k.Pane[1], k.Pane[2], k.Pane[3], k.Search, k.Back, k.Undo, k.MarkAllRead, k.Help, k.Skipped, k.Quit, k.ForceQuit}
	prompt := []key.Binding{k.Submit, k.Leave, k.Save, k.Recall, k.RecallNext, k.Yes, k.No}
	sections := []helpSection{
		{title: "This pane: " + a.focus.String(), keys: dedupe(pane)},
		{title: "Everywhere (no prompt open)", keys: global},
		{title: "In a prompt (search, find, note, pickers)", keys: prompt},
		{title: "Search syntax", rows: searchSyntax},
	}
	if p, ok := a.panes[a.focus].(interface{ Syntax() (string, [][2]string) }); ok {
		title, rows := p.Syntax() // the pane's own language (the roadmap's filter)
		sections = append(sections, helpSection{title: title, rows: rows})
	}
	return append(sections, helpSection{title: "How keys work", text: howKeysWork})
}

// showSkipped lists the files the corpus could not read, and why.
func (a *App) showSkipped() {
	d := a.data
	text := []string{a.c.Styles.Muted.Render(plural(d.Warnings, "file") + " of the corpus folders could not be read, or only in part:"), ""}
	for _, w := range d.Skipped {
		text = append(text, a.c.Styles.Text.Render(w.String()))
	}
	if n := d.Warnings - len(d.Skipped); n > 0 {
		text = append(text, "", a.c.Styles.Muted.Render(fmt.Sprintf("… and %d more (dossier index lists them all)", n)))
	}
	a.helpView.showText("Skipped files", text)
}

// joinLines pads each line to w cells and joins them.
func joinLines(lines []string, w int) string {
	for i := range lines {
		lines[i] = common.PadRight(lines[i], w)
	}
	return strings.Join(lines, "\n")
}
