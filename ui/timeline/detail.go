package timeline

import (
	"fmt"
	"slices"
	"strings"

	"dossier/model"
	tl "dossier/model/timeline"
	"dossier/ui/common"
)

// A piece is a run of lines of the detail: its level says how soon it
// gives way when the column is short (0: never, higher: sooner), its block
// which text it belongs to (-1: a blank line between texts).
type piece struct {
	lines []string
	level int
	block int
}

// The levels of the detail's pieces, from what always shows to what gives
// way first: the event, the count and each article's title's first line;
// the rest of the titles and the roadmap item; outlets and dates; how each
// dates the event; the sentences; the blank lines between.
const (
	levelKey = iota
	levelTitle
	levelMeta
	levelNote
	levelQuote
	levelBlank
)

// DetailView shows the selected event in full: when and what, its kind and
// period, and every source with how it dates the event. Where the column
// is too short, every article keeps its title and the rest gives way (the
// sentences first), each article cut so ends in "…"; where even the titles
// do not fit, the last line says how many articles are below ("↓ 3 more
// articles"). In the chooser, the article under its cursor is shown whole.
func (m *Model) DetailView(w, h int) string {
	s := m.c.Styles
	if id, undated := strings.CutPrefix(m.list.SelectedKey(), "undated:"); undated && m.mode == modeList && m.snap != nil {
		return m.undatedDetail(id, w, h)
	}
	ev, ok := m.selected()
	if !ok || m.snap == nil {
		text := "The event under the cursor is shown here in full: what happened, when, and who says so."
		if ok && m.kept {
			text = "The event under the cursor is shown here in full once the corpus is open: a moment."
		}
		return common.Block(common.Clip(common.Wrap(s.Muted.Render(text), w), h, w), w, h)
	}
	focus := -1
	if m.mode == modeChooser {
		focus = max(m.chooser.Cursor(), 0)
	}
	head, arts, tail := m.detailOf(ev, w)
	return common.Block(layoutDetail(head, arts, tail, focus, m.mode == modeChooser, w, h, s.Muted.Render), w, h)
}

// detailMemo is the selected event's detail as detailPieces made it, for
// the selection (mode and row) and width it was made for: a keypress that
// changes neither draws it again without wrapping every article's texts.
type detailMemo struct {
	mode       mode
	key        string
	w          int
	ok         bool
	head, tail []piece
	arts       [][]piece
}

// detailOf returns the detail pieces of ev, the selected event, made
// once per selection and width (refresh forgets them).
func (m *Model) detailOf(ev tl.Event, w int) (head []piece, arts [][]piece, tail []piece) {
	d := &m.detail
	if !d.ok || d.mode != m.mode || d.key != m.list.SelectedKey() || d.w != w {
		*d = detailMemo{mode: m.mode, key: m.list.SelectedKey(), w: w, ok: true}
		d.head, d.arts, d.tail = m.sharedDetail(ev, w)
	}
	return d.head, d.arts, d.tail
}

// sharedDetail returns the detail pieces of ev, the selected event of the
// list, as the sessions that share its entry and look made them for width
// w (each made them again); an event with an article new for this session
// is laid out for it alone.
func (m *Model) sharedDetail(ev tl.Event, w int) (head []piece, arts [][]piece, tail []piece) {
	i, ok := m.byKey[m.list.SelectedKey()]
	if m.mode != modeList || !ok || i >= len(m.entries) || m.entries[i].drawn == nil {
		return m.detailPieces(ev, w)
	}
	for _, src := range ev.Sources {
		if m.fresh[src.ID] {
			return m.detailPieces(ev, w)
		}
	}
	p := m.entries[i].drawn.detail(detailKey{look: m.c.Styles.Look, w: w}, func() detailParts {
		h, a, t := m.detailPieces(ev, w)
		return detailParts{head: h, arts: a, tail: t}
	})
	return p.head, p.arts, p.tail
}

// detailPieces lays out an event's detail in w cells: its head (date and
// kind, label, roadmap items, the count of articles), one run of pieces
// per article, and the tail (the articles a bounded timeline left out).
func (m *Model) detailPieces(ev tl.Event, w int) (head []piece, arts [][]piece, tail []piece) {
	s := m.c.Styles
	block := 0
	add := func(to *[]piece, level int, lines ...string) {
		if len(lines) > 0 {
			*to = append(*to, piece{lines: lines, level: level, block: block})
		}
	}
	blank := func(to *[]piece) { *to = append(*to, piece{lines: []string{""}, level: levelBlank, block: -1}) }
	top := s.Accent.Render(dateOf(ev)) + s.Muted.Render(" · "+kindName(ev))
	if ev.Inferred() {
		top += s.Muted.Render(" · date inferred, stated by no source")
	}
	if !ev.Period.IsZero() {
		top += s.Muted.Render(" · period " + ev.Period.String())
	}
	add(&head, levelKey, common.Wrap(top, w)...)
	add(&head, levelKey, common.Wrap(s.Bold.Render(model.SanitizeLine(ev.Label)), w)...)
	if ev.Context {
		add(&head, levelKey, common.Wrap(s.Warning.Render("context: not about the partnership itself"), w)...)
	}
	for _, src := range ev.Sources {
		if src.Basis != tl.Catalogue {
			continue
		}
		block++
		what := "item " + model.Escape(src.ID)
		if doc, ok := strings.CutPrefix(src.ID, tl.DocumentMilestonePrefix); ok {
			what = "“" + model.SanitizeLine(doc) + "”"
		}
		when := tl.Event{Start: src.DateStart, End: src.DateEnd, Precision: src.Precision}.DateString()
		blank(&head)
		add(&head, levelTitle, s.Group.Render("Roadmap catalogue"))
		add(&head, levelTitle, common.Wrap(s.Text.Render(what)+s.Info.Render(" · dated "+when), w)...)
		if src.Quote != "" {
			add(&head, levelQuote, common.Wrap(s.Muted.Render(model.SanitizeLine(src.Quote)), w)...)
		}
	}
	block++
	blank(&head)
	if n := ev.Articles(); n == 0 {
		add(&head, levelKey, common.Wrap(s.Muted.Render("No article in the corpus reports it yet."), w)...)
	} else {
		add(&head, levelKey, s.Group.Render(fmt.Sprintf("Articles (%d)", n)))
	}
	for _, src := range ev.Sources {
		if src.Basis == tl.Catalogue {
			continue
		}
		block++
		var art []piece
		a, _ := m.snap.Corpus.Article(src.ID)
		if src.Announced {
			add(&art, levelMeta, common.Wrap(s.Warning.Render(announcedMark+" announced it: published before the event, or telling a plan; not a report"), w)...)
		}
		title := s.Text.Render(model.SanitizeLine(a.Title))
		if m.fresh[src.ID] {
			title = s.New.Render(common.NewTag) + s.Muted.Render(" · ") + title
		}
		lines := common.Wrap(title, w)
		add(&art, levelKey, lines[0])
		add(&art, levelTitle, lines[1:]...)
		add(&art, levelMeta, common.Wrap(s.Muted.Render(common.Dotted(model.SanitizeLine(a.Outlet), model.HumanDate(a.Date, a.Precision))), w)...)
		if note := src.DateNote(); note != "" {
			add(&art, levelNote, common.Wrap(s.Info.Render("date: "+model.SanitizeLine(note)), w)...)
		}
		if src.Quote != "" {
			add(&art, levelQuote, common.Wrap(s.Muted.Render("“"+model.SanitizeLine(src.Quote)+"”"), w)...)
		}
		blank(&art)
		arts = append(arts, art)
	}
	if more := ev.MoreReports + ev.MoreAnnounced; more > 0 {
		block++
		add(&tail, levelKey, common.Wrap(s.Muted.Render(fmt.Sprintf("… and %d more articles: A lists every event with all its articles", more)), w)...)
	}
	return head, arts, tail
}

// layoutDetail fits the detail's pieces into h lines of w cells. Levels
// are taken whole from the first while they fit; the first that does not
// is shared out in order, every piece of it getting a line before any gets
// two (the blank lines between texts come all or none). A text (block) that loses lines ends in "…". When even the first
// level does not fit, only a window of the articles is shown, between
// lines that say how many are above and below; it holds the article in
// focus (≥ 0), which then shows whole. muted styles those lines.
func layoutDetail(head []piece, arts [][]piece, tail []piece, focus int, chooser bool, w, h int, muted func(...string) string) []string {
	if focus >= len(arts) {
		focus = -1
	}
	if focus >= 0 { // its title and sentence first, then how it dates the event
		arts = slices.Clone(arts) // the caller's pieces stay as they were
		arts[focus] = slices.Clone(arts[focus])
		for i, p := range arts[focus] {
			switch {
			case p.block < 0:
			case p.level == levelKey || p.level == levelTitle || p.level == levelQuote:
				arts[focus][i].level = levelKey
			default:
				arts[focus][i].level = levelTitle
			}
		}
	}
	below := func(n int) string {
		if chooser {
			return fmt.Sprintf("↓ %s below", moreArticles(n))
		}
		return fmt.Sprintf("↓ %s: enter lists them", moreArticles(n))
	}
	window := func(from, to int) []piece {
		n := len(head) + len(tail) + 2
		for _, a := range arts[from:to] {
			n += len(a)
		}
		out := append(make([]piece, 0, n), head...)
		if from > 0 {
			out = append(out, piece{lines: []string{muted(common.Truncate("↑ "+moreArticles(from)+" above", w))}, level: levelKey, block: -1})
		}
		for _, a := range arts[from:to] {
			out = append(out, a...)
		}
		if to < len(arts) {
			return append(out, piece{lines: []string{muted(common.Truncate(below(len(arts)-to), w))}, level: levelKey, block: -1})
		}
		return append(out, tail...)
	}
	pieces := window(detailWindow(head, arts, tail, focus, h))
	return common.Clip(fitPieces(pieces, h, w), h, w)
}

// detailWindow is the articles layoutDetail shows, arts[from:to]: all of
// them when the key lines of the head, every article and the tail
// fit in h, else the most that fit from the first, or around the article
// in focus, between a line above (when from > 0) and one below. It counts
// the key lines of each window from sums, without making the window.
func detailWindow(head []piece, arts [][]piece, tail []piece, focus, h int) (from, to int) {
	sum := make([]int, len(arts)+1) // sum[i]: the key lines of arts[:i]
	for i, a := range arts {
		sum[i+1] = sum[i] + keyLines(a)
	}
	headKeys, tailKeys := keyLines(head), keyLines(tail)
	keys := func(from, to int) int { // the key lines of window(from, to)
		n := headKeys + sum[to] - sum[from]
		if from > 0 {
			n++ // the line above
		}
		if to < len(arts) {
			return n + 1 // the line below
		}
		return n + tailKeys
	}
	if keys(0, len(arts)) <= h {
		return 0, len(arts)
	}
	// The most articles that fit from the first, or around the focus.
	for to < len(arts) && keys(from, to+1) <= h {
		to++
	}
	if focus >= to {
		from, to = focus, focus+1
		for from > 0 && keys(from-1, to) <= h {
			from--
		}
	}
	return from, max(to, min(from+1, len(arts)))
}

// keyLines counts the lines of the pieces at levelKey.
func keyLines(ps []piece) int {
	n := 0
	for _, p := range ps {
		if p.level == levelKey {
			n += len(p.lines)
		}
	}
	return n
}

// moreArticles counts the articles not shown: "1 more article", "3 more articles".
func moreArticles(n int) string {
	if n == 1 {
		return "1 more article"
	}
	return fmt.Sprintf("%d more articles", n)
}

// fitPieces takes the pieces' lines by level into h lines (see
// layoutDetail) and marks each block that lost lines with "…".
func fitPieces(pieces []piece, h, w int) []string {
	take := make([]int, len(pieces))
	room := h
	for level := levelKey; level <= levelBlank && room > 0; level++ {
		need := 0
		for _, p := range pieces {
			if p.level == level {
				need += len(p.lines)
			}
		}
		if need <= room {
			for i, p := range pieces {
				if p.level == level {
					take[i] = len(p.lines)
				}
			}
			room -= need
			continue
		}
		if level == levelBlank {
			break // the blank lines all, or none
		}
		for i, p := range pieces { // a line each, in order
			if p.level == level && room > 0 {
				take[i], room = 1, room-1
			}
		}
		for i, p := range pieces { // then the rest, in order
			if p.level == level && room > 0 && take[i] > 0 {
				more := min(len(p.lines)-take[i], room)
				take[i], room = take[i]+more, room-more
			}
		}
		break
	}
	cut := map[int]bool{}
	for i, p := range pieces {
		if p.block >= 0 && take[i] < len(p.lines) {
			cut[p.block] = true
		}
	}
	var out []string
	last := map[int]int{} // block → its last line in out
	for i, p := range pieces {
		out = append(out, p.lines[:take[i]]...)
		if take[i] > 0 && p.block >= 0 {
			last[p.block] = len(out) - 1
		}
	}
	for b := range cut {
		if at, ok := last[b]; ok {
			out[at] = common.EndCut(out[at], w)
		}
	}
	return out
}

// kindName says what kind of event it is, for people.
func kindName(ev tl.Event) string {
	switch ev.Kind {
	case tl.KindMilestone:
		return "roadmap milestone"
	case tl.KindPublished:
		return "publication"
	case tl.KindPlanned:
		return "planned: announced, no article reports it done"
	}
	return "reported event"
}
