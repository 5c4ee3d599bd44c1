package timeline

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/index/library"
	"dossier/model"
	tl "dossier/model/timeline"
	"dossier/ui/common"
)

// dateWidth is the width of the date column ("≈ 30 Jun–2 Jul 2023").
const dateWidth = 19

func (m *Model) eventByKey(k string) (tl.Event, bool) {
	if i, ok := m.byKey[k]; ok {
		return m.t.Events[i], true
	}
	return tl.Event{}, false
}

// listed reports whether an event is listed with the current toggles.
func (m *Model) listed(ev tl.Event) bool {
	if ev.Kind == tl.KindPublished && !m.published {
		return false
	}
	return !m.filter || m.matchesSearch(ev)
}

func (m *Model) matchesSearch(ev tl.Event) bool {
	for _, s := range ev.Sources {
		if m.search.IDs[s.ID] {
			return true
		}
	}
	return false
}

// visible returns the indexes of the listed events in display order: the
// partnership's, then (when shown) the planned ones, then the context
// ones (planned or not). A large timeline lists its notable events only,
// unless all.
func (m *Model) visible() (main, planned, context []int) {
	m.hidden, m.hiddenPlan, m.minor = 0, 0, 0
	for i := range m.t.Events {
		ev := &m.t.Events[i]
		switch {
		case !m.listed(*ev):
		case m.bounded && !m.all && ev.Kind != tl.KindPublished && !ev.Notable:
			m.minor++
		case ev.Context && !m.context:
			m.hidden++
		case ev.Context: // planned ones too, marked ◇
			context = append(context, i)
		case ev.Kind == tl.KindPlanned && !m.planned:
			m.hiddenPlan++
		case ev.Kind == tl.KindPlanned:
			planned = append(planned, i)
		default:
			main = append(main, i)
		}
	}
	if m.newest {
		slices.Reverse(main)
		slices.Reverse(planned)
		slices.Reverse(context)
	}
	return main, planned, context
}

// entry is one listed event or undated article, before layout.
type entry struct {
	key, date, mark, label string
	sources                int       // articles reporting it (announcing, for a plan), told when more than one
	announced              int       // articles that announced it before it happened
	fresh                  bool      // has an article new for you: the label starts with the new mark
	width                  int       // cells its date, or its article count, needs in the date column
	drawn                  *drawings // its rows as drawn, shared by every session; nil for a session's own entry
}

// entriesOf makes each event's entry, but its key and new mark: the same
// for every session, made once per timeline (a large one has thousands).
func entriesOf(t tl.Timeline) []entry {
	out := make([]entry, len(t.Events))
	for i := range t.Events {
		ev := &t.Events[i]
		e := entry{date: dateOf(*ev), mark: kindMark(ev.Kind), label: model.SanitizeLine(ev.Label)}
		if ev.Kind == tl.KindPlanned {
			e.sources = ev.Articles()
		} else {
			e.sources = ev.Reports()
			e.announced = ev.Articles() - e.sources
		}
		e.width = max(common.Width(e.date), common.Width(countText(e.sources, e.announced)))
		e.drawn = &drawings{}
		out[i] = e
	}
	return out
}

// refresh rebuilds the rows: a heading per year, then its events; the
// context events and the undated articles last. Labels are never cut
// where there is room: a row takes the lines its label needs.
func (m *Model) refresh() {
	m.detail = detailMemo{} // what an event shows may have changed (new marks, a new timeline)
	var l listing
	if k, ok := m.sharedKey(); ok {
		l = m.sharedListing(k)
	} else {
		l = m.listing()
	}
	m.shown, m.hidden, m.hiddenPlan, m.minor = l.shown, l.hidden, l.hiddenPlan, l.minor
	m.list.SetRows(m.freshen(l))
}

// listing is the list's rows as every session without new articles sees
// them, with what refresh counts.
type listing struct {
	rows                             []common.Row
	ref                              []int32 // of each row: its event's index, noHeading for a heading, or undatedRef(i)
	shape                            *rowShape
	shown, hidden, hiddenPlan, minor int
}

// noHeading is a heading row's ref.
const noHeading = -1

// undatedRef is the ref of the row of the i-th undated article, and
// undatedOf its inverse.
func undatedRef(i int) int32  { return int32(-2 - i) }
func undatedOf(ref int32) int { return int(-2 - ref) }

// listing lays the rows out: the events listed, under their years and
// headings, then the undated articles. Nothing in it is new for the
// person (freshen marks what is).
func (m *Model) listing() listing {
	s := m.c.Styles
	main, planned, context := m.visible()
	l := listing{shown: len(main) + len(planned) + len(context), hidden: m.hidden, hiddenPlan: m.hiddenPlan, minor: m.minor}
	type item struct {
		heading, key string // a heading row when heading is set, else the entry's key
		e            *entry // shared with every session
		ref          int32
	}
	items := make([]item, 0, l.shown+16)
	eventEntry := func(i int) item { return item{key: m.keys[i], e: &m.entries[i], ref: int32(i)} }
	year := -1
	for _, i := range main {
		if y := m.t.Events[i].Start.Year(); y != year {
			year = y
			items = append(items, item{heading: fmt.Sprint(y), key: fmt.Sprint("y", y), ref: noHeading})
		}
		items = append(items, eventEntry(i))
	}
	if len(planned) > 0 {
		items = append(items, item{heading: "Planned: announced, not reported as done", key: "planned", ref: noHeading})
		for _, i := range planned {
			items = append(items, eventEntry(i))
		}
	}
	if len(context) > 0 {
		items = append(items, item{heading: "Context, not about the partnership", key: "context", ref: noHeading})
		for _, i := range context {
			items = append(items, eventEntry(i))
		}
	}
	if len(m.t.Undated) > 0 && !m.filter && m.snap != nil {
		items = append(items, item{heading: "Undated articles", key: "undated", ref: noHeading})
		undated := m.t.Undated
		if m.bounded && !m.all && len(undated) > undatedShown {
			undated = undated[:undatedShown]
			items = append(items, item{heading: fmt.Sprintf("the first %d of %d (A lists all)", undatedShown, len(m.t.Undated)), key: "undated more", ref: noHeading})
		}
		for i, id := range undated {
			items = append(items, item{key: "undated:" + id, e: undatedEntry(m.snap, id, false), ref: undatedRef(i)})
		}
	}
	// The date column is as wide as the widest date (or article count) listed.
	dw := 0
	for _, it := range items {
		if it.heading == "" {
			dw = max(dw, it.e.width)
		}
	}
	dw = min(dw, dateWidth, max(m.c.Width/3, 8))
	l.rows, l.ref = make([]common.Row, 0, len(items)), make([]int32, 0, len(items))
	l.shape = &rowShape{s: s, w: m.c.Width, dw: dw, maxLines: m.entryLinesMax()}
	for _, it := range items {
		l.ref = append(l.ref, it.ref)
		if it.heading != "" {
			label := it.heading
			l.rows = append(l.rows, common.Row{Key: it.key, Kept: true, Render: func(w int, _ bool) string {
				return common.PadRight(s.Group.Render("── "+label+" "), w)
			}})
			continue
		}
		l.rows = append(l.rows, l.shape.row(it.key, it.e))
	}
	return l
}

// undatedEntry is the entry of an undated article's row.
func undatedEntry(snap *library.Snapshot, id string, fresh bool) *entry {
	a, _ := snap.Corpus.Article(id)
	return &entry{key: "undated:" + id, date: "undated", mark: " ", label: newLabel(fresh, model.SanitizeLine(a.Title)), fresh: fresh, width: common.Width("undated")}
}

// row is the list row of an entry. Kept: what a row shows changes only
// with what refresh reads. A session lists thousands of rows: each holds
// two pointers.
func (sh *rowShape) row(key string, e *entry) common.Row {
	r := &eventRow{shape: sh, e: e}
	return common.Row{Key: key, Selectable: true, Kept: true, Measure: r.measure, Render: r.render}
}

// freshen is l's rows with the person's new articles and events marked:
// the rows themselves when nothing listed is new, else a copy.
func (m *Model) freshen(l listing) []common.Row {
	if len(m.fresh) == 0 {
		return l.rows
	}
	rows := l.rows
	for j, ref := range l.ref {
		var own *entry
		switch {
		case ref >= 0 && m.eventNew(&m.t.Events[ref]):
			e := m.entries[ref]
			e.fresh, e.label, e.drawn = true, newLabel(true, e.label), nil
			own = &e
		case ref <= undatedRef(0):
			if id := m.t.Undated[undatedOf(ref)]; m.fresh[id] {
				own = undatedEntry(m.snap, id, true)
			}
		}
		if own == nil {
			continue
		}
		if &rows[0] == &l.rows[0] {
			rows = slices.Clone(rows)
		}
		rows[j] = l.shape.row(rows[j].Key, own)
	}
	return rows
}

// rowShape is what every event row of one refresh is laid out with.
type rowShape struct {
	s               *common.Styles
	w, dw, maxLines int
}

// eventRow is a listed event's (or undated article's) row.
type eventRow struct {
	shape *rowShape
	e     *entry
}

func (r *eventRow) measure() int {
	return entryHeight(r.shape.w, r.shape.dw, r.shape.maxLines, *r.e)
}

// render draws the row; a shared entry's row is drawn once for every
// session that shows it the same way (same look, width and selection).
func (r *eventRow) render(w int, sel bool) string {
	sh := r.shape
	draw := func() string { return strings.Join(sh.entryLines(w, sh.dw, sel, *r.e), "\n") }
	if r.e.drawn == nil {
		return draw()
	}
	return r.e.drawn.get(drawKey{look: sh.s.Look, w: w, dw: sh.dw, lines: sh.maxLines, sel: sel}, draw)
}

// drawKey is what an entry's row is drawn with, besides the entry.
type drawKey struct {
	look         string
	w, dw, lines int
	sel          bool
}

// drawings keeps the last few ways one shared entry was drawn: sessions
// of one server mostly share a size and a look, and each drew the same
// rows again.
type drawings struct {
	mu         sync.Mutex
	next       int
	kept       [4]keptAs[drawKey, string]
	nextDetail int
	details    [2]keptAs[detailKey, detailParts]
}

// keptAs is one value kept with the key it was made for.
type keptAs[K comparable, V any] struct {
	key K
	val V
	ok  bool
}

// keptOr returns the value kept in ring for k, or makes it (outside mu)
// and keeps it in place of the oldest (next).
func keptOr[K comparable, V any](mu *sync.Mutex, ring []keptAs[K, V], next *int, k K, mk func() V) V {
	mu.Lock()
	v, ok := findKept(ring, k)
	mu.Unlock()
	if ok {
		return v
	}
	v = mk()
	mu.Lock()
	putKept(ring, next, k, v)
	mu.Unlock()
	return v
}

// findKept returns the value kept in ring for k, if any.
func findKept[K comparable, V any](ring []keptAs[K, V], k K) (V, bool) {
	for _, e := range ring {
		if e.ok && e.key == k {
			return e.val, true
		}
	}
	var zero V
	return zero, false
}

// putKept keeps v for k in ring in place of the oldest (next).
func putKept[K comparable, V any](ring []keptAs[K, V], next *int, k K, v V) {
	ring[*next] = keptAs[K, V]{key: k, val: v, ok: true}
	*next = (*next + 1) % len(ring)
}

// detailKey is what an event's detail is laid out with, besides the event.
type detailKey struct {
	look string
	w    int
}

// detailParts is an event's detail laid out (see detailPieces); shared,
// so read only (layoutDetail copies what it changes).
type detailParts struct {
	head, tail []piece
	arts       [][]piece
}

// detail returns the entry's detail laid out for k, laying it out
// (outside the lock) when it is not kept.
func (d *drawings) detail(k detailKey, lay func() detailParts) detailParts {
	return keptOr(&d.mu, d.details[:], &d.nextDetail, k, lay)
}

// get returns the row drawn for k, drawing it (outside the lock) when
// it is not kept.
func (d *drawings) get(k drawKey, draw func() string) string {
	return keptOr(&d.mu, d.kept[:], &d.next, k, draw)
}

// undatedShown bounds the undated articles listed of a large timeline,
// unless all.
const undatedShown = 20

// kindMark tells kinds apart without colour.
func kindMark(k tl.Kind) string {
	switch k {
	case tl.KindMilestone:
		return "◆"
	case tl.KindPublished:
		return "▫"
	case tl.KindPlanned:
		return "◇"
	}
	return "•"
}

// announcedMark marks a source that announced the event before it
// happened: a plan, not a report.
const announcedMark = "◇"

// dateOf is the event's date, marked ≈ when no source states it.
func dateOf(ev tl.Event) string {
	if ev.Inferred() {
		return "≈ " + ev.DateString()
	}
	return ev.DateString()
}

// countText tells how many articles report an event ("" for one) and
// how many announced it ("+1 ◇").
func countText(sources, announced int) string {
	out := ""
	if sources >= 2 {
		out = fmt.Sprintf("%d articles", sources)
	}
	if announced > 0 {
		if out != "" {
			out += " "
		}
		out += fmt.Sprintf("+%d %s", announced, announcedMark)
	}
	return out
}

// entryLinesMax is how many lines an entry may take: as many as the list
// shows, so that a label or a long title wraps whole; only a label
// longer than the whole pane is cut (with "…").
func (m *Model) entryLinesMax() int { return max(m.c.Height-1, 2) }

// entryHeight is how many lines an entry takes in w cells, the date
// column dw wide, with at most maxLines lines: asked of the rows a list
// shows or scrolls past, not of every event (thousands on a large corpus).
func entryHeight(w, dw, maxLines int, e entry) int {
	room := max(w-(2+dw+3), 1)
	count := countText(e.sources, e.announced)
	lines := common.Wrap(e.label, room)
	if len(lines) == 1 && count != "" && common.Width(lines[0])+2+common.Width(count) <= room {
		return 1
	}
	n := min(len(lines), maxLines)
	if count != "" && n == 1 {
		n = 2
	}
	return max(n, 1)
}

// entryLines lays out one entry in w cells, the date column dw wide: the
// cursor, date, kind mark and label, wrapped at spaces; the article count
// after the label when all fits on one line, else under the date.
func (m *Model) entryLines(w, dw int, sel bool, e entry) []string {
	return (&rowShape{s: m.c.Styles, maxLines: m.entryLinesMax()}).entryLines(w, dw, sel, e)
}

// entryLines is Model.entryLines with the shape's styles and most lines.
func (sh *rowShape) entryLines(w, dw int, sel bool, e entry) []string {
	s := sh.s
	cursor, text := "  ", s.Text
	if sel {
		cursor, text = s.Cursor.Render("› "), s.Bold
	}
	prefix := 2 + dw + 3 // cursor, date, " ◆ "
	room := max(w-prefix, 1)
	count := countText(e.sources, e.announced)
	lines := common.Wrap(e.label, room)
	if len(lines) == 1 && count != "" && common.Width(lines[0])+2+common.Width(count) <= room {
		pad := room - common.Width(lines[0]) - common.Width(count)
		first := cursor + s.Accent.Render(common.PadRight(e.date, dw)) + " " + s.Muted.Render(e.mark) + " " +
			styleNew(s, e.fresh, lines[0], text) + strings.Repeat(" ", pad) + s.Info.Render(count)
		return []string{common.PadRight(first, w)}
	}
	lines = wrapLines(e.label, room, sh.maxLines)
	if count != "" && len(lines) == 1 {
		lines = append(lines, "")
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		left := "  " + strings.Repeat(" ", dw+3)
		switch i {
		case 0:
			left = cursor + s.Accent.Render(common.PadRight(e.date, dw)) + " " + s.Muted.Render(e.mark) + " "
		case 1:
			left = "  " + s.Info.Render(common.PadRight(count, dw)) + "   "
		}
		if i == 0 {
			out[i] = common.PadRight(left+styleNew(s, e.fresh, l, text), w)
			continue
		}
		out[i] = common.PadRight(left+text.Render(l), w)
	}
	return out
}

// sourceRows lists an event's articles for the chooser: the title; how
// it dates the event, the outlet and publication; the sentence.
func (m *Model) sourceRows(ev tl.Event) []common.Row {
	s := m.c.Styles
	var rows []common.Row
	for _, src := range ev.Sources {
		if src.Basis == tl.Catalogue {
			continue
		}
		a, _ := m.snap.Corpus.Article(src.ID)
		title := model.SanitizeLine(a.Title)
		published := model.HumanDate(a.Date, a.Precision)
		if src.Basis == tl.Relative { // a relative note tells the publication already
			published = ""
		}
		about := common.Dotted(model.SanitizeLine(src.DateNote()), model.SanitizeLine(a.Outlet), published)
		if src.Announced {
			about = announcedMark + " announced · " + about
		}
		quote := "“" + common.OneLine(model.SanitizeLine(src.Quote)) + "”"
		heads := wrapLines(title, m.c.Width-2, chooserTitleLines)
		rows = append(rows, common.Row{Key: src.ID, Height: len(heads) + 2, Selectable: true, Render: func(w int, sel bool) string {
			marker := "  "
			if sel {
				marker = s.Cursor.Render("› ")
			}
			var out []string
			for i, h := range wrapLines(title, w-2, chooserTitleLines) {
				if i > 0 {
					marker = "  "
				}
				out = append(out, common.PadRight(marker+s.Bold.Render(h), w))
			}
			return strings.Join(append(out, common.PadRight("    "+s.Info.Render(about), w),
				common.PadRight("    "+s.Muted.Render(quote), w)), "\n")
		}})
	}
	return rows
}

// chooserTitleLines bounds the lines of an article's title in the source
// chooser (the detail column shows every title whole).
const chooserTitleLines = 4

// wrapLines wraps s into at most n lines of w cells, the last cut with
// "…" when s needs more.
func wrapLines(s string, w, n int) []string {
	lines := common.Wrap(s, max(w, 1))
	if len(lines) > n {
		lines = append(lines[:n-1], common.Truncate(strings.Join(lines[n-1:], " "), w))
	}
	return lines
}

// chooserHead is what the chooser shows above the articles: the event,
// wrapped on two lines at most, and what the keys do.
func (m *Model) chooserHead(w int) []string {
	s := m.c.Styles
	head := wrapLines(dateOf(m.choosing)+" · "+model.SanitizeLine(m.choosing.Label), w, 2)
	for i := range head {
		head[i] = common.PadRight(s.Bold.Render(head[i]), w)
	}
	for _, l := range common.Wrap(fmt.Sprintf("%d articles — enter opens one, esc goes back", m.chooser.Len()), w) {
		head = append(head, common.PadRight(s.Muted.Render(l), w))
	}
	return append(head, "")
}

// infoMemo is the line above the list as last drawn, with what it was
// drawn from: a key moving the cursor changes none of it, and styling it
// again was about a third of drawing the list's pane (perf).
type infoMemo struct {
	text   string
	w      int
	styles *common.Styles
	line   string
}

// infoLine is info, muted, cut or padded to w cells.
func (m *Model) infoLine(info string, w int) string {
	if c := m.info; c.line != "" && c.text == info && c.w == w && c.styles == m.c.Styles {
		return c.line
	}
	line := common.PadRight(common.Truncate(m.c.Styles.Muted.Render(info), w), w)
	m.info = infoMemo{text: info, w: w, styles: m.c.Styles, line: line}
	return line
}

// View draws the event list, or the source chooser.
func (m *Model) View() string {
	s := m.c.Styles
	w, h := m.c.Width, m.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	switch {
	case m.err != nil:
		return common.Block([]string{s.Error.Render("the timeline could not be built: " + model.SanitizeLine(m.err.Error()))}, w, h)
	case !m.built && !m.early && !m.kept:
		return common.Block([]string{s.Muted.Render("putting the timeline together…")}, w, h)
	case m.mode == modeChooser:
		head := m.chooserHead(w)
		return strings.Join(append(head, m.chooser.View()), "\n")
	}
	order := "oldest first"
	if m.newest {
		order = "newest first"
	}
	info := fmt.Sprintf("%d events · %s", m.shown, order)
	switch {
	case m.early:
		info = fmt.Sprintf("putting the timeline together… · %d roadmap milestones meanwhile", m.shown)
	case m.kept:
		info += " · as last read, checking the corpus for changes…"
	case m.loading:
		info += " · putting every event together…"
	}
	if more := m.minor + m.t.Left; more > 0 && !m.all {
		info += fmt.Sprintf(" · %d more, told by fewer articles (A)", more)
	}
	if m.hiddenPlan > 0 {
		info += fmt.Sprintf(" · %d planned hidden (P)", m.hiddenPlan)
	}
	if m.hidden > 0 {
		info += fmt.Sprintf(" · %d context hidden (c)", m.hidden)
	}
	if m.filter {
		info += fmt.Sprintf(" · only search %q", model.SanitizeLine(m.search.Query))
	}
	head := append(m.sparkLines(w, h), m.infoLine(info, w))
	for i := range head {
		head[i] = common.PadRight(head[i], w)
	}
	return strings.Join(append(head, m.list.View()), "\n")
}

// headerHeight is the lines above the event list: the sparkline and the
// line that says what is listed.
func (m *Model) headerHeight() int { return len(m.sparkLines(m.c.Width, m.c.Height)) + 1 }

// selected returns the event under the cursor (or being chosen from).
func (m *Model) selected() (tl.Event, bool) {
	if m.mode != modeList {
		return m.choosing, true
	}
	return m.eventByKey(m.list.SelectedKey())
}

// Preview returns the selected event's first article, for the reader column.
func (m *Model) Preview() (common.ArticleRef, bool) {
	if m.snap == nil {
		return common.ArticleRef{}, false // the kept timeline is listed: no corpus to read yet
	}
	if id, ok := strings.CutPrefix(m.list.SelectedKey(), "undated:"); ok {
		return common.ArticleRef{ID: id, Row: m.list.SelectedKey()}, true
	}
	ev, ok := m.selected()
	if !ok {
		return common.ArticleRef{}, false
	}
	if rs := refs(ev); len(rs) > 0 {
		return rs[0], true
	}
	return common.ArticleRef{}, false
}

func (m *Model) previewSelected() tea.Cmd { return common.PreviewSelected(m) }

// Click selects the clicked event (a double click opens it).
func (m *Model) Click(x, y int, double bool) tea.Cmd {
	if m.mode == modeChooser {
		if !m.chooser.Click(y - len(m.chooserHead(m.c.Width))) {
			return nil
		}
		if double {
			m.mode = modeList
			return open(refs(m.choosing), max(m.chooser.Cursor(), 0))
		}
		return nil
	}
	if !m.list.Click(y - m.headerHeight()) {
		return nil
	}
	if double {
		return m.openSelected()
	}
	return m.previewSelected()
}
