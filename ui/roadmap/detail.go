package roadmap

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
	"dossier/model/review"
	"dossier/ui/common"
)

// maxSuggestions is how many passages are suggested per item.
const maxSuggestions = 5

// suggestion is a passage the index finds for an item's own words.
type suggestion struct {
	ArticleID string
	Span      model.Span
	Quote     string
}

// suggestionsMsg carries the suggestions for an item.
type suggestionsMsg struct {
	seq    int
	itemID string
	list   []suggestion
}

func (m *Model) openDetail(id string) tea.Cmd {
	m.itemID = id
	m.mode = modeDetail
	m.suggestions = nil
	m.sugSeq++
	m.detail.SetRows(m.detailRows())
	m.detail.SelectIndex(0)
	return tea.Batch(m.suggest(id, m.sugSeq), m.fetchHistory(id), m.previewSelected())
}

// minPassageLines is what the evidence view keeps for its list under the
// item, when the item's texts would take more: a heading and a passage.
const minPassageLines = 3

// layoutDetail lays the evidence view out in the pane's box: the item (its
// status, text, document and area, note, draft) on top, wrapped whole when
// there is room, else each text cut with "…" (h shows them in full), and
// the list of passages under it in the lines left. It returns the item's
// lines and sizes the list.
func (m *Model) layoutDetail() []string {
	w, h := m.c.Width, m.c.Height
	// The news, derived, not written by anyone: last, the first cut.
	blocks := append(m.itemBlocks(m.itemID, w), m.newsLines(m.itemID, w))
	need := 0
	for _, b := range blocks {
		need += len(b)
	}
	listNeed := 2 + 2*(len(m.reviews[m.itemID].Evidence)+len(m.openSuggestions())) // two headings, two lines a passage
	// The list keeps at least a heading and a passage, and a third of the
	// box when it has that many lines to show; the item takes the rest.
	keep := min(listNeed, max(minPassageLines, h/3))
	room := max(h-keep, 1)
	header := common.Fit(blocks, min(need, room), w)
	if len(header) < room {
		header = append(header, "") // a blank line between the item and its passages
	}
	m.headerH = len(header)
	m.detail.SetSize(w, max(h-len(header), 0))
	return header
}

// detailRows lists an item's evidence and the suggested passages.
func (m *Model) detailRows() []common.Row {
	s := m.c.Styles
	r := m.reviews[m.itemID]
	var rows []common.Row
	heading := func(key, text string) {
		rows = append(rows, common.Row{Key: key, Render: func(w int, _ bool) string { return common.Truncate(s.Group.Render(text), w) }})
	}
	passage := func(key, article, quote, by string) {
		src := m.sourceLine(article)
		if by != "" {
			src += " · added by " + model.SanitizeLine(by)
		}
		quote = model.SanitizeLine(quote)
		rows = append(rows, common.Row{Key: key, Height: 2, Selectable: true, Render: func(w int, sel bool) string {
			marker := "  "
			if sel {
				marker = s.Cursor.Render("› ")
			}
			return common.Truncate(marker+s.Text.Render("“"+quote+"”"), w) + "\n" +
				common.Truncate("    "+s.Muted.Render(src), w)
		}})
	}
	heading("he", fmt.Sprintf("Evidence (%d)", len(r.Evidence)))
	for i, e := range r.Evidence {
		passage(fmt.Sprintf("e%d", i), e.ArticleID, e.Quote, e.By)
	}
	open := m.openSuggestions()
	heading("hs", fmt.Sprintf("Suggested passages (%d) — a accepts", len(open)))
	for i, sg := range open {
		passage(fmt.Sprintf("s%d", i), sg.ArticleID, sg.Quote, "")
	}
	return rows
}

// selectedPassage is the evidence or suggestion under the cursor of the
// evidence view: which of them, its position among its kind, and whether
// there is one.
func (m *Model) selectedPassage() (e review.Evidence, suggested bool, pos, of int, ok bool) {
	var n int
	sel := m.detail.SelectedKey()
	if _, err := fmt.Sscanf(sel, "e%d", &n); err == nil {
		if ev := m.reviews[m.itemID].Evidence; n < len(ev) {
			return ev[n], false, n + 1, len(ev), true
		}
	}
	if _, err := fmt.Sscanf(sel, "s%d", &n); err == nil {
		if open := m.openSuggestions(); n < len(open) {
			sg := open[n]
			return review.Evidence{ItemID: m.itemID, ArticleID: sg.ArticleID, Start: sg.Span.Start, End: sg.Span.End, Quote: sg.Quote},
				true, n + 1, len(open), true
		}
	}
	return review.Evidence{}, false, 0, 0, false
}

// passageView shows the selected passage in full beside the evidence view:
// the quote, where it comes from, who added it, and what the keys do.
func (m *Model) passageView(w, h int) string {
	s := m.c.Styles
	e, suggested, pos, of, ok := m.selectedPassage()
	if !ok {
		return common.Block(common.Lines("No evidence yet, and no passage to suggest: a, in the reader, attaches the passage you are on.", w, s.Muted), w, h)
	}
	var head, keys string
	if suggested {
		head = fmt.Sprintf("Suggested passage %d of %d", pos, of)
		keys = "enter opens it in the reader · a accepts it as evidence"
	} else {
		head = fmt.Sprintf("Evidence %d of %d for %s", pos, of, model.Escape(m.itemID))
		keys = "enter opens it in the reader · x removes it"
	}
	lines := common.Lines(head, w, s.Group)
	lines = append(lines, common.Lines("“"+model.SanitizeLine(e.Quote)+"”", w, s.Text)...)
	lines = append(lines, "")
	if a, found := m.article(e.ArticleID); found {
		lines = append(lines, common.Lines(model.SanitizeLine(a.Title), w, s.Bold)...)
		meta := model.SanitizeLine(a.Outlet)
		if d := model.HumanDate(a.Date, a.Precision); d != "" {
			meta = strings.Trim(meta+" · "+d, " ·")
		}
		lines = append(lines, common.Lines(meta, w, s.Muted)...)
	} else {
		lines = append(lines, common.Lines("not in the corpus (removed?): "+model.Escape(e.ArticleID), w, s.Warning)...)
	}
	if !suggested {
		lines = append(lines, common.Lines("added by "+byWhen(e.By, e.At), w, s.Muted)...)
	}
	lines = append(lines, "")
	lines = append(lines, common.Lines(keys, w, s.Muted)...)
	return common.Block(common.More(lines, h, w, "enter opens it in the reader", s.Muted), w, h)
}

func (m *Model) detailKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if cmd, ok := m.reviewKey(msg, m.itemID); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Open):
		return m.openPassage()
	case key.Matches(msg, k.RemoveEvidence):
		var n int
		ev := m.reviews[m.itemID].Evidence
		if _, err := fmt.Sscanf(m.detail.SelectedKey(), "e%d", &n); err != nil || n >= len(ev) {
			return say("x removes a piece of evidence: move to one first")
		}
		return m.removeEvidence(ev[n])
	case key.Matches(msg, k.Accept):
		sel := m.detail.SelectedKey()
		var n int
		open := m.openSuggestions()
		if _, err := fmt.Sscanf(sel, "s%d", &n); err != nil || n >= len(open) {
			return say("a accepts a suggested passage: move to one first")
		}
		s := open[n]
		return m.addEvidence(m.itemID, s.ArticleID, s.Span.Start, s.Span.End, s.Quote)
	}
	if m.detail.Update(msg) {
		return m.previewSelected()
	}
	return nil
}

// openSuggestions are the suggestions not yet accepted as evidence.
func (m *Model) openSuggestions() []suggestion {
	have := map[string]bool{}
	for _, e := range m.reviews[m.itemID].Evidence {
		have[fmt.Sprintf("%s:%d-%d", e.ArticleID, e.Start, e.End)] = true
	}
	var out []suggestion
	for _, s := range m.suggestions {
		if !have[fmt.Sprintf("%s:%d-%d", s.ArticleID, s.Span.Start, s.Span.End)] {
			out = append(out, s)
		}
	}
	return out
}

// openPassage opens the selected evidence or suggestion in the reader with
// the passage highlighted; [ and ] walk the others.
func (m *Model) openPassage() tea.Cmd {
	sel := m.detail.SelectedKey()
	var refs []common.ArticleRef
	pos := -1
	for i, e := range m.reviews[m.itemID].Evidence {
		if sel == fmt.Sprintf("e%d", i) {
			pos = len(refs)
		}
		refs = append(refs, common.ArticleRef{ID: e.ArticleID, Marks: []model.Span{{Start: e.Start, End: e.End}}, Label: "evidence for " + m.itemID, Row: m.itemID})
	}
	for i, s := range m.openSuggestions() {
		if sel == fmt.Sprintf("s%d", i) {
			pos = len(refs)
		}
		refs = append(refs, common.ArticleRef{ID: s.ArticleID, Marks: []model.Span{s.Span}, Label: "suggested for " + m.itemID, Row: m.itemID})
	}
	if pos < 0 {
		return nil
	}
	return func() tea.Msg { return common.OpenArticleMsg{Refs: refs, Pos: pos, From: common.PaneRoadmap} }
}

// suggest finds, in a tea.Cmd, the passages that speak most of the item
// (index.Linker.Passages: the item's words, its area's and its accepted
// evidence, across languages and synonyms), leaving out its evidence.
func (m *Model) suggest(id string, seq int) tea.Cmd {
	if _, ok := m.c.Roadmap.Item(id); !ok || m.snap == nil {
		return nil
	}
	snap, links, ctx := m.snap, m.c.Links, m.c.Context()
	have := map[string]bool{}
	for _, e := range m.reviews[id].Evidence {
		have[fmt.Sprintf("%s:%d", e.ArticleID, e.Start)] = true
	}
	return func() tea.Msg {
		lk, err := links.Get(ctx, snap)
		if err != nil {
			return suggestionsMsg{seq: seq, itemID: id}
		}
		ps, err := lk.Passages(ctx, id, maxSuggestions+len(have))
		if err != nil {
			return suggestionsMsg{seq: seq, itemID: id}
		}
		var out []suggestion
		for _, p := range ps {
			text, err := snap.Corpus.Text(p.ArticleID)
			if err != nil || p.Span.End > len(text) || have[fmt.Sprintf("%s:%d", p.ArticleID, p.Span.Start)] {
				continue
			}
			out = append(out, suggestion{ArticleID: p.ArticleID, Span: p.Span, Quote: text[p.Span.Start:p.Span.End]})
			if len(out) == maxSuggestions {
				break
			}
		}
		return suggestionsMsg{seq: seq, itemID: id, list: out}
	}
}
