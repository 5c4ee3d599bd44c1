// Package reader is the article reader pane: glamour rendering in a
// tea.Cmd, cached per article, width, theme and marks; highlighted matches
// walked with n/N; find inside the article; the other language at the same
// paragraph with the same search; and paging as in less.
package reader

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/ui/common"
)

// mode is what the reader's keys do.
type mode int

const (
	modeRead mode = iota // scrolling and walking matches
	modeFind             // typing a find query (a prompt)
	modeLink             // choosing the item to link the article to (a prompt)
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

	refs    []common.ArticleRef // the list the article was opened from
	pos     int
	from    common.PaneID
	preview bool // shown as a preview of a list's selection, not opened

	snap    *library.Snapshot // the corpus as this session knows it
	art     model.Article
	removed *model.Corpus // the open article's last text, once its file is gone
	text    string        // the open article's text, once rendered
	open    bool
	marks   []model.Span // highlighted byte ranges of the body
	label   string       // what the marks are ("search: lithium")
	query   string       // the search the marks come from, if any
	current int          // index of the current mark
	raw     *rendered    // the rendering on screen
	lines   []string     // raw painted for the current mark
	// after a render: jump to the current mark, to a paragraph, or back
	// to anchor
	jump      bool
	paragraph int // paragraph to show at the top after the render; -1 for none
	// anchor is where the reader last put the top of the pane, as a
	// fraction of the article; resizes restore it even when a size in
	// between showed the whole article.
	anchor float64
	// follow: the current mark was in view before the last resize, so it
	// stays in view after it.
	follow bool

	fresh    map[string]bool // the articles new for you
	links    []index.Link    // the items the article concerns, best first
	conState concernState
	conErr   string
	conSeq   int // number of the latest concerns asked for
	picker   linkPicker
}

// New returns an empty reader.
func New(c common.Common) *Model {
	m := &Model{c: c, cache: newCache(cacheSize), paragraph: -1}
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
	m.find = common.NewTextInput(c, "find: ", "text in this article (enter finds, esc closes)", 200)
	m.picker = newLinkPicker(c)
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

// Opened reports whether an article was opened (not just previewed).
func (m *Model) Opened() bool { return m.open && !m.preview }

// From returns the pane the article was opened from.
func (m *Model) From() common.PaneID { return m.from }

// Row returns the list row of the article on screen, for going back to it.
func (m *Model) Row() string {
	if m.pos < len(m.refs) {
		return m.refs[m.pos].Row
	}
	return ""
}

// Marks returns the highlighted spans and the current one.
func (m *Model) Marks() ([]model.Span, int) { return m.marks, m.current }

// SetSize sets the pane's content size; a new width needs a new rendering,
// which Refresh starts.
func (m *Model) SetSize(w, h int) {
	follow := m.markInView() // before the size changes
	m.c = m.c.SetSize(w, h)
	m.vp.Width = w
	m.vp.Height = max(h-1, 1) // the last line is the status bar
	m.find.Width = max(w-len(m.find.Prompt)-1, 1)
	m.sizePicker()
	m.follow = follow
	if follow && m.raw != nil && m.raw.key.Width == w {
		m.keepMarkInView() // same width, other height: no new rendering
	}
}

// Refresh renders again if the width changed; call it after SetSize.
func (m *Model) Refresh() tea.Cmd {
	if !m.open || m.raw == nil || m.raw.key.Width == m.c.Width {
		return nil
	}
	m.jump = m.follow // the current mark stays in view if it was
	return m.render()
}

// Fraction is how far down the article the top of the pane is, 0 to 1.
func (m *Model) Fraction() float64 {
	if len(m.lines) == 0 {
		return 0
	}
	return float64(m.vp.YOffset) / float64(len(m.lines))
}

// Open shows an article from a list, with its marks, and starts rendering;
// the article is marked read (with its other versions).
func (m *Model) Open(msg common.OpenArticleMsg) tea.Cmd {
	m.preview = false
	cmd := m.show(msg, -1)
	if msg.Pos < 0 || msg.Pos >= len(msg.Refs) || !m.open || m.art.ID != msg.Refs[msg.Pos].ID {
		return cmd // not opened
	}
	return tea.Batch(cmd, m.markOpened())
}

// show opens Refs[Pos] of msg, with the top of the pane at paragraph para
// (-1: at the first mark, or the top).
func (m *Model) show(msg common.OpenArticleMsg, para int) tea.Cmd {
	if msg.Pos < 0 || msg.Pos >= len(msg.Refs) {
		return nil
	}
	ref := msg.Refs[msg.Pos]
	a, ok := m.article(ref.ID)
	if !ok {
		m.status = "no article " + model.Escape(ref.ID)
		return nil
	}
	m.refs, m.pos, m.from = msg.Refs, msg.Pos, msg.From
	m.art, m.open, m.removed = a, true, nil
	m.marks = ref.Marks // clipped to the text when it is rendered
	m.label, m.query = ref.Label, ref.Query
	m.current = 0
	m.paragraph = para
	m.jump = len(m.marks) > 0 && para < 0
	m.anchor = 0
	m.mode = modeRead
	m.status = ""
	render := m.render()
	return tea.Batch(render, m.findConcerns())
}

// Preview shows an article without taking the focus, for the reader column
// beside a list; an article opened on purpose is not replaced.
func (m *Model) Preview(ref common.ArticleRef, from common.PaneID) tea.Cmd {
	if m.open && !m.preview {
		return nil
	}
	if m.open && m.art.ID == ref.ID && marksHash(m.marks) == marksHash(ref.Marks) {
		return nil
	}
	m.preview = true
	return m.show(common.OpenArticleMsg{Refs: []common.ArticleRef{ref}, From: from}, -1)
}

// render shows a cached rendering at once, or starts one in a tea.Cmd.
func (m *Model) render() tea.Cmd {
	key := renderKey{ID: m.art.ID, Sum: m.art.Sum, Width: m.c.Width, Theme: m.c.Styles.Theme, Marks: marksHash(m.marks), Links: m.c.Hyperlinks}
	m.seq++
	if r, ok := m.cache.get(key); ok {
		m.showRendering(r)
		return nil
	}
	seq, art, marks, profile, corpus := m.seq, m.art, m.marks, m.c.Profile, m.snap.Corpus
	if m.removed != nil {
		corpus = m.removed // drawn again (a new width) from the text last read
	}
	return func() tea.Msg {
		r, err := renderArticle(key, art, corpus, marks, profile)
		return renderedMsg{seq: seq, r: r, err: err}
	}
}

// showRendering puts a rendering on screen and scrolls where it should.
func (m *Model) showRendering(r *rendered) {
	m.raw = r
	m.text, m.marks = r.text, r.marks
	m.current = min(m.current, max(len(m.marks)-1, 0))
	m.repaint()
	switch {
	case m.paragraph >= 0 && m.paragraph < len(r.paraLines):
		m.vp.SetYOffset(r.paraLines[m.paragraph])
		m.anchor = m.Fraction()
		// The mark on or after that paragraph is the current one.
		if off := r.paraOffsets[m.paragraph]; len(m.marks) > 0 {
			m.current = len(m.marks) - 1
			for i, mk := range m.marks {
				if mk.Start >= off {
					m.current = i
					break
				}
			}
			m.repaint()
		}
	case m.jump && len(r.markLines) > 0:
		m.scrollToMark()
	default:
		m.vp.SetYOffset(int(m.anchor*float64(len(m.lines)) + 0.5))
	}
	m.jump, m.paragraph = false, -1
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
	if r := m.raw; r.slot >= 0 && r.slot < len(m.lines) && r.key.ID == m.art.ID {
		m.lines[r.slot] = m.slotLine(r.key.Width)
	}
	m.vp.SetContent(strings.Join(m.lines, "\n"))
}

// scrollToMark shows the article from its top (title first) when the
// current mark's sentence fits on the first screen; else it puts the mark a
// third of the way down the pane, moved as little as needed for the whole
// sentence to show when it fits in the pane.
func (m *Model) scrollToMark() {
	if m.raw == nil || m.current >= len(m.raw.markLines) {
		return
	}
	y := m.raw.markLines[m.current]
	top, end := m.sentenceLines()
	h := m.vp.Height
	switch {
	case end <= h:
		m.vp.SetYOffset(0)
	case end-top <= h: // the sentence fits: all of it, the mark near a third
		m.vp.SetYOffset(min(max(y-h/3, end-h), top))
	default: // it does not: from the mark's line
		m.vp.SetYOffset(max(y-h/3, top))
	}
	m.anchor = m.Fraction()
}

// keepMarkInView scrolls to the current mark when its sentence is no longer
// wholly in view.
func (m *Model) keepMarkInView() {
	top, end := m.sentenceLines()
	if top < m.vp.YOffset || end > m.vp.YOffset+m.vp.Height {
		m.scrollToMark()
	}
}

// markInView reports whether the current mark's line is on screen.
func (m *Model) markInView() bool {
	if m.raw == nil || m.current >= len(m.raw.markLines) {
		return false
	}
	y := m.raw.markLines[m.current]
	return y >= m.vp.YOffset && y < m.vp.YOffset+m.vp.Height
}

// sentenceLines gives the rendered lines the current mark's sentence spans,
// top inclusive and end exclusive: the nearest lines around the mark's that
// hold the sentence's first and last words (the mark's line alone when
// they cannot be found).
func (m *Model) sentenceLines() (top, end int) {
	y := m.raw.markLines[m.current]
	top, end = y, y+1
	if m.current >= len(m.marks) || m.text == "" {
		return top, end
	}
	mk := m.marks[m.current]
	sent := model.SentenceAt(m.text, mk.Start)
	if sent.Start > mk.Start || sent.End <= sent.Start || sent.End > len(m.text) {
		return top, end
	}
	const reach = 40 // lines looked through each way: a sentence is shorter
	if words := strings.Fields(m.text[sent.Start:mk.Start]); len(words) > 0 {
		for i := y; i >= max(y-reach, 0); i-- {
			if strings.Contains(ansi.Strip(m.raw.lines[i]), words[0]) {
				top = i
				break
			}
		}
	}
	if words := strings.Fields(m.text[mk.End:sent.End]); len(words) > 0 {
		last := words[len(words)-1]
		for i := y; i < min(y+reach, len(m.raw.lines)); i++ {
			if strings.Contains(ansi.Strip(m.raw.lines[i]), last) {
				end = i + 1
				break
			}
		}
	}
	return top, end
}

// Update handles the corpus, rendering results and keys.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.DataMsg:
		return m, m.corpusChanged(msg.State.Snap)
	case renderedMsg:
		if msg.seq != m.seq {
			return m, nil // stale: another article or width was asked for since
		}
		if msg.err != nil {
			m.status = "cannot show it: " + model.SanitizeLine(msg.err.Error())
			return m, nil
		}
		m.cache.put(msg.r)
		m.showRendering(msg.r)
		return m, nil
	case concernsMsg:
		m.gotConcerns(msg)
		return m, nil
	case common.NewArticlesMsg:
		m.fresh = msg.IDs
		m.repaint()
		return m, nil
	case translatedMsg:
		return m, m.translated(msg)
	case tea.KeyMsg:
		if m.mode == modeFind {
			return m, m.updateFind(msg)
		}
		if m.mode == modeLink {
			return m, m.updateLink(msg)
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

// corpusChanged follows a new snapshot: an open article that was changed
// is shown again, one that was removed says so.
func (m *Model) corpusChanged(snap *library.Snapshot) tea.Cmd {
	if snap == nil || snap == m.snap {
		return nil
	}
	m.snap = snap
	if !m.open {
		return nil
	}
	a, ok := snap.Corpus.Article(m.art.ID)
	switch {
	case !ok && m.removed != nil:
		return nil // told already
	case !ok:
		m.status = RemovedStatus
		if m.text != "" {
			m.removed = model.NewMemCorpus(snap.Corpus.Name, []model.Document{{Article: m.art, Body: m.text}})
		}
		m.findConcerns() // none: it is not in the index any more
		m.repaint()
		return nil
	case m.removed != nil || a.Sum != m.art.Sum:
		m.art, m.removed = a, nil
		m.status = "this article changed on disk: showing the new version"
		return tea.Batch(m.render(), m.findConcerns())
	}
	m.art = a
	return m.findConcerns() // against the new corpus (its rarity of words changed)
}

// RemovedStatus is what the reader says when the open article's file is
// removed from the corpus folder: it keeps showing the text it read.
const RemovedStatus = "this article was removed from the corpus folder"

// Removed reports whether the open article's file was removed from the
// corpus folder (its last text is still shown).
func (m *Model) Removed() bool { return m.open && m.removed != nil }

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
	case key.Matches(msg, k.Link):
		return m.openLink()
	case key.Matches(msg, k.Cite):
		return m.cite()
	case key.Matches(msg, k.CopyURL):
		return m.copyURL()
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

// walk opens the previous or next article of the list it came from, and
// moves that list's cursor along, so esc goes back to the same row.
func (m *Model) walk(d int) tea.Cmd {
	p := m.pos + d
	if p < 0 || p >= len(m.refs) {
		m.status = "no more articles in this list"
		return nil
	}
	cmd := m.Open(common.OpenArticleMsg{Refs: m.refs, Pos: p, From: m.from})
	sel := common.SelectMsg{Pane: m.from, Row: m.refs[p].Row}
	return tea.Batch(cmd, func() tea.Msg { return sel })
}

// translatedMsg brings the other-language version to open, with the marks
// of the same search there.
type translatedMsg struct {
	seq   int
	ref   common.ArticleRef
	para  int
	label string
}

// translation opens the other-language version of the article at the
// paragraph being read, with the same search applied to it.
func (m *Model) translation() tea.Cmd {
	vs := m.snap.Corpus.Versions(m.art.ID)
	if len(vs) == 0 {
		m.status = "this article has no other-language version"
		return nil
	}
	other := vs[0]
	para := 0
	if m.raw != nil {
		para = m.raw.paragraphAt(m.vp.YOffset)
	}
	ref := common.ArticleRef{ID: other.ID, Row: m.Row(), Query: m.query}
	label := model.LangName(other.Lang) + " version"
	m.seq++
	seq, q, ix, ctx := m.seq, m.query, m.snap.Index, m.c.Context()
	return func() tea.Msg {
		if q != "" && ix != nil {
			// The same search, in the other text: its own words, found by
			// its own language's analysis and the synonyms.
			res, err := ix.Search(ctx, index.Request{Query: "(" + q + ") id:" + quoteID(other.ID), Limit: 1})
			if err == nil && len(res.Hits) == 1 {
				for _, mt := range res.Hits[0].BodyMatches() {
					ref.Marks = append(ref.Marks, model.Span{Start: mt.Start, End: mt.End})
				}
				ref.Label = "search: " + q + " · " + label
				label = ""
			} else {
				label += " (the search does not find it)"
			}
		}
		return translatedMsg{seq: seq, ref: ref, para: para, label: label}
	}
}

// quoteID writes an id for the query language's id: field.
func quoteID(id string) string {
	if strings.ContainsAny(id, " \t()\"") {
		return `"` + strings.ReplaceAll(id, `"`, "") + `"`
	}
	return id
}

// translated shows the other-language version in the place of the article
// in the list it came from: [ and ] go on from there, the counter stays,
// and coming back to this place shows that version again.
func (m *Model) translated(msg translatedMsg) tea.Cmd {
	if msg.seq != m.seq {
		return nil
	}
	refs, pos := []common.ArticleRef{msg.ref}, 0
	if m.pos < len(m.refs) {
		refs = append([]common.ArticleRef(nil), m.refs...)
		pos = m.pos
		msg.ref.Row = refs[pos].Row
		if msg.ref.Label == "" {
			msg.ref.Label = refs[pos].Label
		}
		refs[pos] = msg.ref
	}
	preview := m.preview
	cmd := m.show(common.OpenArticleMsg{Refs: refs, Pos: pos, From: m.from}, msg.para)
	m.preview = preview
	m.status = msg.label
	return cmd
}

func (m *Model) updateFind(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.c.Keys.Leave):
		m.mode = modeRead
		m.find.Blur()
		return nil
	case key.Matches(msg, m.c.Keys.Submit):
		m.mode = modeRead
		m.find.Blur()
		q := m.find.Value()
		found := model.FindAll(m.text, q)
		if len(found) == 0 {
			m.status = fmt.Sprintf("%q not found", q)
			return nil
		}
		// The first match at or below the top of the screen becomes current.
		m.marks, m.label, m.query, m.current, m.jump = found, "find: "+q, "", 0, true
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
	at, ok := m.passage()
	if !ok {
		m.status = "scroll to the passage first, or find it with f"
		return nil
	}
	req := common.AttachRequestMsg{ArticleID: m.art.ID, Span: at, Quote: m.text[at.Start:at.End]}
	return func() tea.Msg { return req }
}

// Prompt is true while the find prompt or the link picker is open.
func (m *Model) Prompt() bool { return m.mode == modeFind || m.mode == modeLink }

// Dirty is always false: reading loses nothing.
func (m *Model) Dirty() bool { return false }

// ShortHelp lists the reader's keys that work now.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	if m.mode == modeFind {
		find := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "find"))
		return []key.Binding{find, k.Leave}
	}
	if m.mode == modeLink {
		attach := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "attach to this item"))
		move := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move"))
		typing := key.NewBinding(key.WithKeys(""), key.WithHelp("type", "filter"))
		return []key.Binding{attach, move, typing, k.Leave}
	}
	if !m.open {
		return nil
	}
	out := []key.Binding{k.ReadPageDown, k.Find}
	if len(m.marks) > 0 {
		out = append(out, k.NextMatch, k.PrevMatch)
	}
	if len(m.refs) > 1 {
		out = append(out, k.PrevArticle, k.NextArticle)
	}
	if len(m.snap.Corpus.Versions(m.art.ID)) > 0 {
		out = append(out, k.Translation)
	}
	return append(out, k.Attach, k.Link, k.Cite, k.CopyURL)
}

// FullHelp lists all the reader's keys.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{
		{k.LineDown, k.LineUp, k.ReadPageDown, k.ReadPageUp, k.HalfDown, k.HalfUp, k.ReadTop, k.ReadBottom},
		{k.Find, k.NextMatch, k.PrevMatch, k.PrevArticle, k.NextArticle, k.Translation, k.Attach, k.Link, k.Cite, k.CopyURL},
	}
}
