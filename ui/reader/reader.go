// Package reader is the article reader pane: glamour rendering in a
// tea.Cmd, cached per article, width, theme and marks; highlighted matches
// walked with n/N; find inside the article; and paging as in less.
package reader

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"dossier/index/library"
	"dossier/model"
	"dossier/ui/common"
)

// mode is what the reader's keys do.
type mode int

const (
	modeRead mode = iota // scrolling and walking matches
	modeFind             // typing a find query
)

// cacheSize is how many renderings the reader keeps.
const cacheSize = 24

// Model is the reader pane.
type Model struct {
	c      common.Common
	vp     viewport.Model
	find   textinput.Model
	mode   mode
	cache  *cache
	seq    int // number of the latest render request
	status string

	refs []common.ArticleRef // the list the article was opened from
	pos  int
	from common.PaneID

	snap    *library.Snapshot // the corpus as this session knows it
	art     model.Article
	text    string // the open article's text, once rendered
	open    bool
	marks   []model.Span // highlighted byte ranges of the body
	label   string       // what the marks are ("search: lithium")
	current int          // index of the current mark
	raw     *rendered    // the rendering on screen
	lines   []string     // raw painted for the current mark
	// after a render: jump to the current mark, or go back to anchor
	jump bool
	// anchor is where the reader last put the top of the pane, as a
	// fraction of the article; resizes restore it even when a size in
	// between showed the whole article.
	anchor float64
}

// New returns an empty reader.
func New(c common.Common) *Model {
	m := &Model{c: c, cache: newCache(cacheSize)}
	m.vp = viewport.New(0, 0)
	m.vp.KeyMap = viewport.KeyMap{
		PageDown:     c.Keys.ReadPageDown,
		PageUp:       c.Keys.ReadPageUp,
		HalfPageDown: c.Keys.HalfDown,
		HalfPageUp:   c.Keys.HalfUp,
		Down:         c.Keys.LineDown,
		Up:           c.Keys.LineUp,
	}
	m.vp.MouseWheelEnabled = c.Mouse
	m.find = common.NewTextInput(c, "find: ", "text in this article (enter to search, esc to cancel)", 200)
	return m
}

// article looks an article up in the session's corpus.
func (m *Model) article(id string) (model.Article, bool) {
	if m.snap == nil {
		return model.Article{}, false
	}
	return m.snap.Corpus.Article(id)
}

// Init does nothing: the reader waits for an article.
func (m *Model) Init() tea.Cmd { return nil }

// Article returns the open article, if any.
func (m *Model) Article() (model.Article, bool) { return m.art, m.open }

// From returns the pane the article was opened from.
func (m *Model) From() common.PaneID { return m.from }

// Marks returns the highlighted spans and the current one.
func (m *Model) Marks() ([]model.Span, int) { return m.marks, m.current }

// SetSize sets the pane's content size; a new width needs a new rendering,
// which Refresh starts.
func (m *Model) SetSize(w, h int) {
	m.c = m.c.SetSize(w, h)
	m.vp.Width = w
	m.vp.Height = max(h-1, 1) // the last line is the status bar
	m.find.Width = max(w-len(m.find.Prompt)-1, 1)
}

// Refresh renders again if the width changed; call it after SetSize.
func (m *Model) Refresh() tea.Cmd {
	if !m.open || m.raw == nil || m.raw.key.Width == m.c.Width {
		return nil
	}
	m.jump = false
	return m.render()
}

// Fraction is how far down the article the top of the pane is, 0 to 1.
func (m *Model) Fraction() float64 {
	if len(m.lines) == 0 {
		return 0
	}
	return float64(m.vp.YOffset) / float64(len(m.lines))
}

// Open shows an article from a list, with its marks, and starts rendering.
func (m *Model) Open(msg common.OpenArticleMsg) tea.Cmd {
	if msg.Pos < 0 || msg.Pos >= len(msg.Refs) {
		return nil
	}
	ref := msg.Refs[msg.Pos]
	a, ok := m.article(ref.ID)
	if !ok {
		m.status = "no article " + ref.ID
		return nil
	}
	m.refs, m.pos, m.from = msg.Refs, msg.Pos, msg.From
	m.art, m.open = a, true
	m.marks = ref.Marks // clipped to the text when it is rendered
	m.label = ref.Label
	m.current = 0
	m.jump = len(m.marks) > 0
	m.anchor = 0
	m.mode = modeRead
	m.status = ""
	return m.render()
}

// render shows a cached rendering at once, or starts one in a tea.Cmd.
func (m *Model) render() tea.Cmd {
	key := renderKey{ID: m.art.ID, Sum: m.art.Sum, Width: m.c.Width, Theme: m.c.Styles.Theme, Marks: marksHash(m.marks)}
	m.seq++
	if r, ok := m.cache.get(key); ok {
		m.show(r)
		return nil
	}
	seq, art, marks, profile, corpus := m.seq, m.art, m.marks, m.c.Profile, m.snap.Corpus
	return func() tea.Msg {
		r, err := renderArticle(key, art, corpus, marks, profile)
		return renderedMsg{seq: seq, r: r, err: err}
	}
}

// show puts a rendering on screen and scrolls where it should.
func (m *Model) show(r *rendered) {
	m.raw = r
	m.text, m.marks = r.text, r.marks
	m.current = min(m.current, max(len(m.marks)-1, 0))
	m.repaint()
	switch {
	case m.jump && len(r.markLines) > 0:
		m.scrollToMark()
	default:
		m.vp.SetYOffset(int(m.anchor*float64(len(m.lines)) + 0.5))
	}
	m.jump = false
}

// repaint applies the mark styles for the current mark.
func (m *Model) repaint() {
	if m.raw == nil {
		return
	}
	cur := -1
	if len(m.marks) > 0 {
		cur = m.current
	}
	m.lines = paint(m.raw.lines, cur)
	m.vp.SetContent(strings.Join(m.lines, "\n"))
}

// scrollToMark puts the current mark a third of the way down the pane.
func (m *Model) scrollToMark() {
	if m.raw == nil || m.current >= len(m.raw.markLines) {
		return
	}
	m.vp.SetYOffset(max(m.raw.markLines[m.current]-m.vp.Height/3, 0))
	m.anchor = m.Fraction()
}

// Update handles rendering results and keys.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.DataMsg:
		if msg.State.Snap != nil {
			m.snap = msg.State.Snap
		}
		return m, nil
	case renderedMsg:
		if msg.seq != m.seq {
			return m, nil // stale: another article or width was asked for since
		}
		if msg.err != nil {
			m.status = "cannot render: " + msg.err.Error()
			return m, nil
		}
		m.cache.put(msg.r)
		m.show(msg.r)
		return m, nil
	case tea.KeyMsg:
		if m.mode == modeFind {
			return m, m.updateFind(msg)
		}
		before := m.vp.YOffset
		cmd := m.updateRead(msg)
		if m.vp.YOffset != before {
			m.anchor = m.Fraction()
		}
		return m, cmd
	case tea.MouseMsg:
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		m.anchor = m.Fraction()
		return m, cmd
	}
	return m, nil
}

func (m *Model) updateRead(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case !m.open:
		return nil
	case key.Matches(msg, k.ReadTop):
		m.vp.GotoTop()
	case key.Matches(msg, k.ReadBottom):
		m.vp.GotoBottom()
	case key.Matches(msg, k.NextMatch):
		m.step(1)
	case key.Matches(msg, k.PrevMatch):
		m.step(-1)
	case key.Matches(msg, k.Find):
		m.mode = modeFind
		m.find.SetValue("")
		return m.find.Focus()
	case key.Matches(msg, k.PrevArticle):
		return m.walk(-1)
	case key.Matches(msg, k.NextArticle):
		return m.walk(1)
	case key.Matches(msg, k.Translation):
		return m.translation()
	case key.Matches(msg, k.Attach):
		return m.attach()
	default:
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return cmd
	}
	return nil
}

// step moves to the next or previous mark, wrapping around.
func (m *Model) step(d int) {
	if len(m.marks) == 0 {
		m.status = "no matches: f finds text in this article"
		return
	}
	m.current = (m.current + d + len(m.marks)) % len(m.marks)
	m.status = ""
	m.repaint()
	m.scrollToMark()
}

// walk opens the previous or next article of the list it came from.
func (m *Model) walk(d int) tea.Cmd {
	p := m.pos + d
	if p < 0 || p >= len(m.refs) {
		m.status = "no more articles in this list"
		return nil
	}
	return m.Open(common.OpenArticleMsg{Refs: m.refs, Pos: p, From: m.from})
}

// translation opens the other-language version of the article.
func (m *Model) translation() tea.Cmd {
	vs := m.snap.Corpus.Versions(m.art.ID)
	if len(vs) == 0 {
		m.status = "this article has no other-language version"
		return nil
	}
	refs := make([]common.ArticleRef, len(vs))
	for i, v := range vs {
		refs[i] = common.ArticleRef{ID: v.ID}
	}
	cmd := m.Open(common.OpenArticleMsg{Refs: refs, Pos: 0, From: m.from})
	m.status = fmt.Sprintf("%s version", langName(vs[0].Lang))
	return cmd
}

func (m *Model) updateFind(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.c.Keys.Back):
		m.mode = modeRead
		m.find.Blur()
		return nil
	case msg.Type == tea.KeyEnter:
		m.mode = modeRead
		m.find.Blur()
		q := m.find.Value()
		found := model.FindAll(m.text, q)
		if len(found) == 0 {
			m.status = fmt.Sprintf("%q not found", q)
			return nil
		}
		// The first match at or below the top of the screen becomes current.
		m.marks, m.label, m.current, m.jump = found, "find: "+q, 0, true
		top := m.Fraction()
		for i, s := range found {
			if float64(s.Start)/float64(len(m.text)) >= top {
				m.current = i
				break
			}
		}
		return m.render()
	}
	var cmd tea.Cmd
	m.find, cmd = m.find.Update(msg)
	return cmd
}

// attach asks the roadmap to take the passage under the cursor as
// evidence: the sentence of the current match, or else the sentence at the
// top of the pane.
func (m *Model) attach() tea.Cmd {
	var at model.Span
	switch {
	case len(m.marks) > 0:
		mk := m.marks[m.current]
		at = model.SentenceAt(m.text, mk.Start)
		if mk.End > at.End { // a mark longer than its sentence (an evidence passage)
			at = mk
		}
	default:
		off, ok := m.topOffset()
		if !ok {
			m.status = "scroll to the passage first, or find it with f"
			return nil
		}
		at = model.SentenceAt(m.text, off)
	}
	if at.End <= at.Start {
		return nil
	}
	req := common.AttachRequestMsg{ArticleID: m.art.ID, Span: at, Quote: m.text[at.Start:at.End]}
	return func() tea.Msg { return req }
}

// topOffset finds the body offset of the first text line on screen, by
// looking up its first words in the article.
func (m *Model) topOffset() (int, bool) {
	end := min(m.vp.YOffset+m.vp.Height, len(m.lines))
	for _, l := range m.lines[min(m.vp.YOffset, end):end] {
		words := strings.Fields(ansi.Strip(l))
		if len(words) < 3 {
			continue
		}
		probe := strings.Join(words[:min(4, len(words))], " ")
		if found := model.FindAll(m.text, probe); len(found) > 0 {
			return found[0].Start, true
		}
	}
	return 0, false
}

// WantsKey is true while the find prompt is open.
func (m *Model) WantsKey(tea.KeyMsg) bool { return m.mode == modeFind }

// Dirty is always false: reading loses nothing.
func (m *Model) Dirty() bool { return false }

// ShortHelp lists the reader's main keys.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.mode == modeFind {
		return []key.Binding{k.Submit, k.Back}
	}
	return []key.Binding{k.ReadPageDown, k.Find, k.NextMatch, k.PrevMatch, k.PrevArticle, k.NextArticle, k.Translation, k.Attach}
}

// FullHelp lists all the reader's keys.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{
		{k.LineDown, k.LineUp, k.ReadPageDown, k.ReadPageUp, k.HalfDown, k.HalfUp, k.ReadTop, k.ReadBottom},
		{k.Find, k.NextMatch, k.PrevMatch, k.PrevArticle, k.NextArticle, k.Translation, k.Attach},
	}
}
