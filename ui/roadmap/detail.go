package roadmap

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/index"
	"dossier/model"
	"dossier/ui/common"
)

// detailTop is the lines above the evidence list in the detail view.
const detailTop = 6

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
	return tea.Batch(m.suggest(id, m.sugSeq), m.fetchHistory(id))
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
	m.detail.Update(msg)
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

// suggest searches the index for the item's own words in a tea.Cmd.
func (m *Model) suggest(id string, seq int) tea.Cmd {
	it, ok := m.c.Roadmap.Item(id)
	if !ok || m.snap == nil {
		return nil
	}
	q := suggestionQuery(it.Text)
	if q == "" {
		return nil
	}
	ix, corpus, ctx := m.snap.Index, m.snap.Corpus, m.c.Context()
	have := map[string]bool{}
	for _, e := range m.reviews[id].Evidence {
		have[fmt.Sprintf("%s:%d", e.ArticleID, e.Start)] = true
	}
	return func() tea.Msg {
		res, err := ix.Search(ctx, index.Request{Query: q, Limit: 10})
		if err != nil {
			return suggestionsMsg{seq: seq, itemID: id}
		}
		var out []suggestion
		for _, h := range res.Hits {
			text, err := corpus.Text(h.ID)
			body := h.BodyMatches()
			if err != nil || len(body) == 0 {
				continue
			}
			sp := model.SentenceAt(text, body[0].Start)
			if have[fmt.Sprintf("%s:%d", h.ID, sp.Start)] {
				continue
			}
			out = append(out, suggestion{ArticleID: h.ID, Span: sp, Quote: text[sp.Start:sp.End]})
			if len(out) == maxSuggestions {
				break
			}
		}
		return suggestionsMsg{seq: seq, itemID: id, list: out}
	}
}

// suggestionQuery turns an item's text into a query of its distinctive
// words joined by OR, so passages about any of them rank by how many match.
func suggestionQuery(text string) string {
	common := map[string]bool{"with": true, "from": true, "that": true, "this": true, "their": true, "under": true,
		"into": true, "including": true, "through": true, "between": true, "more": true, "other": true, "along": true,
		"jointly": true, "identified": true, "support": true, "projects": false}
	var words []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		lw := strings.ToLower(w)
		if len([]rune(lw)) < 5 || common[lw] || seen[lw] {
			continue
		}
		seen[lw] = true
		words = append(words, lw)
		if len(words) == 8 {
			break
		}
	}
	return strings.Join(words, " OR ")
}
