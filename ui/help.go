package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/ui/common"
)

// helpOverlay is the full help: every key of the pane and the global ones,
// how keys are routed, and the search syntax with examples, scrollable so
// it fits any screen.
type helpOverlay struct {
	c    common.Common
	open bool
	vp   viewport.Model
}

func newHelpOverlay(c common.Common) helpOverlay {
	return helpOverlay{c: c, vp: viewport.New(0, 0)}
}

func (h *helpOverlay) setSize(w, ht int) {
	h.vp.Width, h.vp.Height = w, ht
}

// show opens the help with the given key groups.
func (h *helpOverlay) show(groups [][]key.Binding) {
	s := h.c.Styles
	hm := help.New()
	hm.Styles.FullKey, hm.Styles.FullDesc, hm.Styles.FullSeparator = s.HelpKey, s.HelpDesc, s.HelpSep
	var lines []string
	section := func(title string) { lines = append(lines, "", s.Group.Render(title)) }
	section("Keys here and everywhere")
	// Groups side by side, as many as fit the width.
	var row [][]key.Binding
	flush := func() {
		if len(row) > 0 {
			lines = append(lines, strings.Split(hm.FullHelpView(row), "\n")...)
			lines = append(lines, "")
			row = nil
		}
	}
	for _, g := range groups {
		if common.Width(hm.FullHelpView(append(row, g))) > h.vp.Width {
			flush()
		}
		row = append(row, g)
	}
	flush()
	section("How keys work")
	for _, l := range []string{
		"In a prompt (search, find, a note, a question, a picker) every key is typed or chosen there:",
		"enter submits (ctrl+s saves a note), esc leaves the prompt and keeps what you typed.",
		"Otherwise tab, 1–4, /, ?, q and esc always work, then the pane's own keys.",
		"Reviews change only with letters that never move you around: s (status), x, a, z (undo).",
		"Every change says so in the status line, with the key that undoes it.",
	} {
		lines = append(lines, common.Wrap(s.Text.Render(l), h.vp.Width)...)
	}
	section("Search syntax")
	for _, row := range [][2]string{
		{"lithium battery", "all words, any language, stemmed, accents ignored"},
		{`"raw materials"`, "a phrase"},
		{"-hydrogen  NOT hydrogen", "leave out"},
		{"lithium OR graphite  ( … )", "either; grouping"},
		{"lith*", "words that start so"},
		{`title:roadmap  source:"astana times"  author:banks`, "in one field"},
		{"lang:de  id:002_c9518c213fe21bc0", "a language, an article"},
		{"year:2025  year:2023..2024", "published that year, those years"},
		{"date:>=2023-01-01  date:2025-04  date:<2024", "published from, in, before"},
		{"Kazakhstan = Kasachstan = Казахстан", "synonyms are found too; COP27 finds COP-27"},
	} {
		lines = append(lines, common.Wrap(s.HelpKey.Render(row[0])+"  "+s.HelpDesc.Render(row[1]), h.vp.Width)...)
	}
	h.vp.SetContent(strings.Join(lines[1:], "\n"))
	h.vp.GotoTop()
	h.open = true
}

// scroll moves the help by a key; other keys do nothing.
func (h *helpOverlay) scroll(msg tea.KeyMsg) {
	h.vp, _ = h.vp.Update(msg)
}

func (h *helpOverlay) view() string { return h.vp.View() }

// footer lists the keys that work while the help is open.
func (h *helpOverlay) footer(k *common.KeyMap) []key.Binding {
	scroll := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓ pgup pgdn", "scroll"))
	closeHelp := key.NewBinding(key.WithKeys("esc", "?"), key.WithHelp("esc/?", "close help"))
	return []key.Binding{scroll, closeHelp, k.ForceQuit}
}
