package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/ui/common"
)

// helpOverlay is a full-screen text over the panes: the help (every key of
// the pane and the global ones under headings, the prompts' keys, the
// search syntax and how keys work), or the list of skipped files. It
// scrolls, says when there is more below, and from 160 columns sets its
// sections in two columns.
type helpOverlay struct {
	c     common.Common
	open  bool
	title string
	vp    viewport.Model
}

func newHelpOverlay(c common.Common) helpOverlay {
	vp := viewport.New(0, 0)
	vp.MouseWheelEnabled = true
	return helpOverlay{c: c, vp: vp}
}

// setSize gives the overlay its box; its last line is kept for "more
// below", so that paging shows every line.
func (h *helpOverlay) setSize(w, ht int) {
	h.vp.Width, h.vp.Height = w, max(ht-1, 1)
}

// helpSection is one heading of the help and its lines.
type helpSection struct {
	title string
	keys  []key.Binding // drawn as "key  what it does"
	rows  [][2]string   // or these (search syntax: example, meaning)
	text  []string      // or this text
}

// twoColumnWidth is the overlay's inner width from which the help is set
// in two columns (a 160-column terminal).
const twoColumnWidth = WiderWidth - frame

// show opens the help with the given sections.
func (h *helpOverlay) show(sections []helpSection) {
	w := h.vp.Width
	if w >= twoColumnWidth {
		colW := (w - 3) / 2
		var blocks [][]string
		total := 0
		for _, s := range sections {
			b := h.section(s, colW)
			blocks = append(blocks, b)
			total += len(b)
		}
		// Fill the left column up to about half, the rest on the right.
		var left, right []string
		for _, b := range blocks {
			if len(right) == 0 && (len(left) == 0 || len(left)+len(b)/2 <= total/2) {
				left = append(left, b...)
			} else {
				right = append(right, b...)
			}
		}
		lines := make([]string, max(len(left), len(right)))
		for i := range lines {
			l, r := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			lines[i] = common.PadRight(l, colW) + "   " + r
		}
		h.setContent("Help", lines)
		return
	}
	var lines []string
	for _, s := range sections {
		lines = append(lines, h.section(s, w)...)
	}
	h.setContent("Help", lines)
}

// showText opens the overlay with a title and lines of text, each wrapped.
func (h *helpOverlay) showText(title string, text []string) {
	var lines []string
	for _, l := range text {
		lines = append(lines, common.Wrap(l, h.vp.Width)...)
	}
	h.setContent(title, lines)
}

func (h *helpOverlay) setContent(title string, lines []string) {
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	h.title = title
	h.vp.SetContent(strings.Join(lines, "\n"))
	h.vp.GotoTop()
	h.open = true
}

// section draws a heading and its lines in w cells: keys in a column, what
// they do beside them, wrapped under itself.
func (h *helpOverlay) section(sec helpSection, w int) []string {
	s := h.c.Styles
	lines := common.Wrap(s.Group.Render(sec.title), w)
	rows := sec.rows
	for _, b := range sec.keys {
		if b.Enabled() || len(b.Keys()) > 0 {
			rows = append(rows, [2]string{b.Help().Key, b.Help().Desc})
		}
	}
	keyW := 0
	for _, r := range rows {
		keyW = max(keyW, common.Width(r[0]))
	}
	keyW = min(keyW, w/2)
	for _, r := range rows {
		k := common.PadRight(r[0], keyW)
		if common.Width(r[0]) > keyW { // a long example: on its own line
			lines = append(lines, common.Wrap(s.HelpKey.Render(r[0]), w)...)
			k = strings.Repeat(" ", keyW)
		}
		desc := common.Wrap(s.HelpDesc.Render(r[1]), max(w-keyW-2, 8))
		for i, d := range desc {
			if i > 0 {
				k = strings.Repeat(" ", keyW)
			}
			lines = append(lines, s.HelpKey.Render(k)+"  "+d)
		}
	}
	for _, t := range sec.text {
		lines = append(lines, common.Wrap(s.Text.Render(t), w)...)
	}
	return append(lines, "")
}

// scroll moves the overlay by a key or the wheel; other input does nothing.
func (h *helpOverlay) scroll(msg tea.Msg) {
	h.vp, _ = h.vp.Update(msg)
}

// view draws the visible lines and, under them, whether there is more
// below (and how to see it).
func (h *helpOverlay) view() string {
	more := ""
	if !h.vp.AtBottom() {
		more = h.c.Styles.Warning.Render(common.Truncate("▼ more below: ↓ or pgdn", h.vp.Width))
	}
	return h.vp.View() + "\n" + more
}

// boxTitle is the overlay's title on its frame.
func (h *helpOverlay) boxTitle() string {
	t := h.title + " — esc closes"
	if !h.vp.AtTop() {
		t += " · ▲ more above"
	}
	return t
}

// footer lists the keys that work while the overlay is open.
func (h *helpOverlay) footer(k *common.KeyMap) []key.Binding {
	scroll := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓ pgup pgdn", "scroll"))
	closeHelp := key.NewBinding(key.WithKeys("esc", "?"), key.WithHelp("esc/?", "close"))
	return []key.Binding{scroll, closeHelp, k.ForceQuit}
}

// searchSyntax is the query language, with examples.
var searchSyntax = [][2]string{
	{"lithium battery", "all words, any language, stemmed, accents ignored"},
	{`"raw materials"`, "a phrase"},
	{"-hydrogen  NOT hydrogen", "leave out"},
	{"lithium OR graphite  ( … )", "either; grouping"},
	{"lith*", "words that start so"},
	{`title:roadmap  source:"astana times"  author:banks`, "in one field"},
	{"lang:de  id:002_c9518c213fe21bc0", "a language, an article"},
	{"year:2025  year:2023..2024", "published that year, those years"},
	{"date:>=2023-01-01  date:2025-04  date:<2024", "published from, in, before"},
	{"is:new", "your new articles: come in since you last looked, not opened or marked read (m)"},
	{"Kazakhstan = Kasachstan = Казахстан", "synonyms are found too; COP27 finds COP-27"},
	{"(your language)", "an article and its translation are one hit, shown in the language of your words, else in yours (--lang)"},
}

// howKeysWork is the rule of the keyboard, in words.
var howKeysWork = []string{
	"In a prompt (search, find, a note, a question, a picker) every key is typed or chosen there:",
	"enter submits (ctrl+s saves a note), esc leaves the prompt and keeps what you typed.",
	"Otherwise tab, 1–4, /, ?, q and esc always work, then the pane's own keys.",
	"Reviews change only with letters that never move you around: s (status), x, a, l, z (undo);",
	"your read marks with m (one article) and M (all, after asking).",
	"Every change says so in the status line, with the key that undoes it.",
}
