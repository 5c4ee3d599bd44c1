package search

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/index"
	"dossier/model"
	"dossier/ui/common"
)

// rowHeight is the lines of one hit in the list.
const rowHeight = 3

// rows turns the hits into list rows of three lines each.
func (m *Model) rows() []common.Row {
	if m.showingSaved() {
		return m.savedRows()
	}
	if m.res == nil {
		return nil
	}
	rows := make([]common.Row, len(m.res.Hits))
	for i, h := range m.res.Hits {
		rows[i] = common.Row{Key: h.ID, Height: rowHeight, Selectable: true, Render: m.hitRenderer(h)}
	}
	return rows
}

// meta is a hit's date, outlet and languages, and its author when the
// author matched.
func (m *Model) meta(h index.Hit) string {
	s := m.c.Styles
	langs := h.Lang
	for _, v := range h.Versions {
		langs += "+" + v.Lang
	}
	out := s.Muted.Render(h.HumanDate()+" · ") + m.field(h, "source", orDash(h.Source), s.Muted) + s.Muted.Render(" · "+langs)
	if h.MatchedIn("author") && h.Author != "" {
		out += s.Muted.Render(" · by ") + m.field(h, "author", h.Author, s.Muted)
	}
	return out
}

// field renders the outlet or the author with its matches marked.
func (m *Model) field(h index.Hit, name, text string, st interface{ Render(...string) string }) string {
	var marks []model.Span
	for _, mt := range h.FieldMatches(name) {
		marks = append(marks, model.Span{Start: mt.Start, End: mt.End})
	}
	return m.markedText(text, marks, st)
}

// markedText renders one line of untrusted text with the given byte
// ranges marked; the rest in st.
func (m *Model) markedText(text string, marks []model.Span, st interface{ Render(...string) string }) string {
	s := m.c.Styles
	var b strings.Builder
	last := 0
	for _, mk := range marks {
		if mk.Start < last || mk.End > len(text) || mk.Start >= mk.End {
			continue
		}
		b.WriteString(st.Render(flat(text[last:mk.Start])))
		b.WriteString(s.Mark(flat(text[mk.Start:mk.End])))
		last = mk.End
	}
	b.WriteString(st.Render(flat(text[last:])))
	return b.String()
}

// flat is untrusted text as part of one line: sanitised, line breaks and
// tabs made spaces (the spaces around a match stay).
func flat(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r == '\r' {
			return ' '
		}
		return r
	}, model.Sanitize(s))
}

func (m *Model) hitRenderer(h index.Hit) func(int, bool) string {
	s := m.c.Styles
	return func(w int, selected bool) string {
		marker := "  "
		title := s.Text.Render(model.SanitizeLine(h.Title))
		if selected {
			marker = s.Cursor.Render("› ")
			title = s.Bold.Render(model.SanitizeLine(h.Title))
		}
		if m.hitNew(h) {
			title = s.New.Render(common.NewTag) + s.Muted.Render(" · ") + title
		}
		third := m.where(h)
		if len(h.Fragments) > 0 {
			third = m.marked(fitFragment(h.Fragments[0], w-2, common.Width(s.MarkOpen+s.MarkClose)))
		}
		lines := []string{marker + title, "  " + m.meta(h), "  " + third}
		for i := range lines {
			lines[i] = common.PadRight(lines[i], w)
		}
		return strings.Join(lines, "\n")
	}
}

// where says where a hit matched: the title, the text, the outlet, the
// author, the language, the date or the id.
func (m *Model) where(h index.Hit) string {
	s := m.c.Styles
	var parts []string
	for _, f := range h.Fields {
		switch f {
		case "title":
			parts = append(parts, s.Muted.Render("title"))
		case "body":
			parts = append(parts, s.Muted.Render("text"))
		case "source":
			parts = append(parts, s.Muted.Render("outlet ")+m.field(h, "source", h.Source, s.Text))
		case "author":
			parts = append(parts, s.Muted.Render("author ")+m.field(h, "author", h.Author, s.Text))
		case "lang":
			parts = append(parts, s.Muted.Render("language ")+s.Text.Render(model.LangName(h.Lang)))
		case "date":
			parts = append(parts, s.Muted.Render("published ")+s.Text.Render(h.HumanDate()))
		case "id":
			parts = append(parts, s.Muted.Render("id ")+s.Text.Render(model.Escape(h.ID)))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return s.Muted.Render("matched in: ") + strings.Join(parts, s.Muted.Render(" · "))
}

// fitFragment cuts a fragment wider than w cells so that its first match
// is on screen: it starts a few words before the match (with "…"), and the
// end is cut where the line ends. Each mark takes markW cells more when
// drawn (« and » without colours).
func fitFragment(f index.Fragment, w, markW int) index.Fragment {
	if len(f.Marks) == 0 || common.Width(f.Text)+len(f.Marks)*markW <= w || w <= 0 {
		return f
	}
	first := f.Marks[0]
	if common.Width(f.Text[:first.End])+markW <= w-1 {
		return f // the match fits as the fragment is
	}
	lead := max(w/4, 1) // cells of context before the match
	start := first.Start
	for start > 0 && common.Width(f.Text[start:first.Start]) < lead {
		start--
		for start > 0 && !isRuneStart(f.Text[start]) {
			start--
		}
	}
	// Start at a word: after the first space at or after start.
	if k := strings.IndexByte(f.Text[start:first.Start], ' '); k >= 0 {
		start += k + 1
	}
	out := index.Fragment{Text: "…" + f.Text[start:], Start: f.Start}
	shift := len("…") - start
	for _, mk := range f.Marks {
		if mk.Start >= start {
			out.Marks = append(out.Marks, model.Span{Start: mk.Start + shift, End: mk.End + shift})
		}
	}
	return out
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// marked renders a fragment with its matches highlighted.
func (m *Model) marked(f index.Fragment) string {
	return m.markedText(f.Text, f.Marks, m.c.Styles.Muted)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// promptLine draws the query prompt: the query selected (it will be
// replaced) right after /, else the text input.
func (m *Model) promptLine() string {
	s := m.c.Styles
	switch {
	case m.mode == modePrompt && m.selected:
		return s.Prompt.Render("/ ") + s.Match.Render(m.input.Value())
	case m.mode == modePrompt:
		return m.input.View()
	case m.input.Value() == "":
		return s.Muted.Render("/ to search all articles")
	}
	return s.Prompt.Render("/ ") + s.Text.Render(m.input.Value())
}

// headerHeight is the lines above the result list: the prompt, the facets,
// and the status (a query error takes as many lines as it needs, and says
// whose results are still below it), or the name prompt.
func (m *Model) headerHeight() int { return len(m.headerLines(m.c.Width)) }

// headerLines are the lines above the result list.
func (m *Model) headerLines(w int) []string {
	lines := []string{m.promptLine()}
	if m.mode == modeName {
		return append(lines, m.nameLines(w)...)
	}
	if m.showingSaved() && m.res == nil && m.err == nil && m.ready() {
		return lines // no query: the saved searches right under the prompt
	}
	lines = append(lines, m.facetLines(w)...)
	return append(lines, m.statusLines(w)...)
}

// View draws the prompt, facets, status and the result list.
func (m *Model) View() string {
	s := m.c.Styles
	w := m.c.Width
	if w <= 0 || m.c.Height <= 0 {
		return ""
	}
	lines := m.headerLines(w)
	if len(lines) < m.c.Height {
		if m.list.Len() == 0 {
			hint := "Type to search all articles; enter opens the first hit, esc leaves the prompt; w then keeps a search under a name."
			if m.res != nil {
				hint = "No article matches. Try fewer words, a prefix (lith*) or OR; ? shows the syntax."
			}
			lines = append(lines, common.Wrap(s.Muted.Render(hint), w)...)
		} else {
			lines = append(lines, strings.Split(m.list.View(), "\n")...)
		}
	}
	return common.Block(lines, w, m.c.Height)
}

func (m *Model) facetLine() string {
	s := m.c.Styles
	if m.res == nil || len(m.res.Hits) == 0 || m.err != nil {
		return ""
	}
	part := func(fc []index.FacetCount) string {
		items := make([]string, len(fc))
		for i, c := range fc {
			items[i] = fmt.Sprintf("%s %d", model.SanitizeLine(c.Term), c.Count)
		}
		return strings.Join(items, " · ")
	}
	var parts []string
	for _, fc := range [][]index.FacetCount{m.res.Facets.Lang, m.res.Facets.Year, m.res.Facets.Source} {
		if len(fc) > 0 {
			parts = append(parts, part(fc))
		}
	}
	return s.Info.Render(strings.Join(parts, " │ "))
}

// statusLines are the count of hits, or a query error whole (wrapped to w,
// at most half the pane), followed, when results of an earlier query are
// still listed, by a line that says whose they are.
func (m *Model) statusLines(w int) []string {
	s := m.c.Styles
	switch {
	case !m.ready():
		p := m.data.Progress
		return common.Wrap(s.Warning.Render(fmt.Sprintf("indexing %d/%d articles… search starts when ready", p.Done, p.Total)), w)
	case m.err != nil:
		lines := common.Wrap(s.Error.Render("✗ "+model.SanitizeLine(errorText(m.err))), w)
		if room := max(m.c.Height/2-1, 1); len(lines) > room {
			lines = append(lines[:room-1:room-1], common.Truncate(strings.Join(lines[room-1:], " "), w))
		}
		if m.res != nil && len(m.res.Hits) > 0 {
			lines = append(lines, common.Wrap(s.Warning.Render("below: the results of the last good query, “"+model.SanitizeLine(m.res.Query)+"”"), w)...)
		}
		return lines
	case m.res == nil:
		return []string{""}
	}
	n := m.res.CountText()
	if uint64(len(m.res.Hits)) < m.res.Articles {
		n = strings.Replace(n, "articles", fmt.Sprintf("articles, first %d shown", len(m.res.Hits)), 1)
	}
	if len(m.res.Ignored) > 0 {
		n += " · ignored: " + model.SanitizeLine(strings.Join(m.res.Ignored, ", "))
	}
	if m.res.Partial {
		n += " · still indexing"
	}
	if m.shown != m.seq {
		n += " · …"
	}
	return []string{s.Muted.Render(fmt.Sprintf("%s · %.1f ms", n, float64(m.res.Took.Microseconds())/1000))}
}

// DetailView shows the selected hit in full: its title, metadata and
// author, where it matched, the other languages that match (by title), and
// every fragment.
func (m *Model) DetailView(w, h int) string {
	s := m.c.Styles
	if ss, ok := m.selectedSaved(); ok {
		return common.Block(m.savedDetail(ss, w), w, h)
	}
	if m.res == nil || len(m.res.Hits) == 0 {
		return common.Block(common.Wrap(s.Muted.Render("The hit under the cursor is shown here in full."), w), w, h)
	}
	hit := m.res.Hits[max(m.list.Cursor(), 0)]
	var title []model.Span
	for _, mt := range hit.FieldMatches("title") {
		title = append(title, model.Span{Start: mt.Start, End: mt.End})
	}
	lines := common.Wrap(m.markedText(hit.Title, title, s.Bold), w)
	lines = append(lines, common.Wrap(m.meta(hit), w)...)
	if hit.Author != "" && !hit.MatchedIn("author") {
		lines = append(lines, common.Wrap(s.Muted.Render("by "+model.SanitizeLine(hit.Author)), w)...)
	}
	lines = append(lines, common.Truncate(s.Faint.Render(model.Escape(hit.ID)), w), "")
	if wh := m.where(hit); wh != "" && !(len(hit.Fields) == 1 && hit.MatchedIn("body")) {
		lines = append(lines, common.Wrap(wh, w)...)
		lines = append(lines, "")
	}
	for _, v := range hit.Versions {
		lines = append(lines, common.Wrap(s.Info.Render("also in "+model.LangName(v.Lang)+": ")+s.Text.Render(model.SanitizeLine(v.Title)), w)...)
	}
	if len(hit.Versions) > 0 {
		lines = append(lines, common.Wrap(s.Muted.Render("t in the reader shows it at the same place"), w)...)
		lines = append(lines, "")
	}
	for _, f := range hit.Fragments {
		lines = append(lines, common.Wrap(m.marked(f), w)...)
		lines = append(lines, "")
	}
	return common.Block(lines, w, h)
}

// Click puts the cursor on the clicked hit (double click opens it), or
// opens the prompt when the query line is clicked.
func (m *Model) Click(x, y int, double bool) tea.Cmd {
	if y == 0 {
		return m.OpenPrompt()
	}
	var cmd tea.Cmd
	if m.mode == modePrompt {
		cmd = m.leavePrompt()
	}
	if !m.list.Click(y - m.headerHeight()) {
		return cmd
	}
	if double {
		return tea.Batch(cmd, m.openSelected())
	}
	return tea.Batch(cmd, m.previewSelected())
}
