package timeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"dossier/index/library"
	"dossier/model"
	"dossier/model/roadmap"
	tl "dossier/model/timeline"
	"dossier/seeds"
	"dossier/ui/common"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// pane builds the Timeline pane on the seeds and the embedded catalogue,
// w×h cells, with the timeline built.
func pane(t *testing.T, w, h int) *Model {
	t.Helper()
	corpus, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := roadmap.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	c := common.Common{Renderer: r, Styles: common.NewStyles(r, common.ThemeMono), Keys: common.DefaultKeyMap(), Roadmap: cat}
	m := New(c)
	m.SetSize(w, h)
	if v := m.View(); !strings.Contains(v, "putting the timeline together") {
		t.Errorf("before the corpus comes the pane says so:\n%s", v)
	}
	_, cmd := m.Update(common.DataMsg{State: library.Loaded(library.NewSnapshot(corpus, nil, nil)).State()})
	run(t, m, cmd)
	if !m.built || m.err != nil {
		t.Fatalf("timeline not built: %v", m.err)
	}
	return m
}

// run executes a command and feeds its messages back to the pane; the
// messages meant for the root (status, preview, open) are returned.
func run(t *testing.T, m *Model, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case common.StatusMsg, common.PreviewMsg, common.OpenArticleMsg:
			out = append(out, msg)
		case nil:
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
	return out
}

func press(t *testing.T, m *Model, keys ...tea.KeyMsg) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		_, cmd := m.Update(k)
		out = append(out, run(t, m, cmd)...)
	}
	return out
}

func r(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

var (
	enter = tea.KeyMsg{Type: tea.KeyEnter}
	esc   = tea.KeyMsg{Type: tea.KeyEscape}
)

func statusOf(t *testing.T, msgs []tea.Msg) string {
	t.Helper()
	for _, msg := range msgs {
		if s, ok := msg.(common.StatusMsg); ok {
			return s.Text
		}
	}
	return ""
}

// rowLabels returns the labels of the listed events, in order.
func rowLabels(m *Model) []string {
	main, planned, context := m.visible()
	var out []string
	for _, i := range append(append(main, planned...), context...) {
		out = append(out, m.t.Events[i].Label)
	}
	return out
}

// flat is the view with its lines and runs of spaces made one space.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// selectEvent moves the cursor to the event whose label contains s.
func selectEvent(t *testing.T, m *Model, s string) tl.Event {
	t.Helper()
	for _, ev := range m.t.Events {
		if strings.Contains(ev.Label, s) && m.list.Select(ev.Key()) {
			return ev
		}
	}
	t.Fatalf("no listed event labelled %q in %q", s, rowLabels(m))
	return tl.Event{}
}

func TestPaneListsTheStory(t *testing.T) {
	m := pane(t, 52, 60)
	v := m.View()
	if info := strings.Split(v, "\n")[m.headerHeight()-1]; flat(info) != "13 events · oldest first · 1 context hidden (c)" {
		t.Errorf("info line %q", info)
	}
	// Whole labels: no "…" anywhere, and each label's words in order once
	// the date column and the article counts are taken out.
	if strings.Contains(v, "…") {
		t.Errorf("a label is cut:\n%s", v)
	}
	text := regexp.MustCompile(`\d+ articles|\+\d+ ◇`).ReplaceAllString(v, "")
	for _, l := range rowLabels(m) {
		if !strings.Contains(flat(text), flat(l)) {
			t.Errorf("label %q is not shown whole:\n%s", l, v)
		}
	}
	for _, want := range []string{
		"── 2022", "› 7 Nov 2022 ◆ von der Leyen and Smailov sign", "4 articles",
		"19 May 2023 ◆ EU and Kazakhstan agree Roadmap",
		"≈ 1–2 Jun 2023 • Kazakhstan and EU agree",
		// the press release of 8 Nov 2022 announced the roadmap of 19 May 2023: not a report
		"19 May 2023 ◆ EU and Kazakhstan agree Roadmap 2 articles +1 ◇",
	} {
		if !strings.Contains(flat(v), want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	// 004 is dated through 002, which it translates: not undated.
	if strings.Contains(v, "Undated") {
		t.Errorf("an article dated through its original is listed as undated:\n%s", v)
	}
	// Neither publications nor context events by default.
	if strings.Contains(v, "▫") || strings.Contains(v, "Namibia") || strings.Contains(v, "Context") {
		t.Errorf("publications or context listed by default:\n%s", v)
	}
	for _, line := range strings.Split(v, "\n") {
		if w := common.Width(line); w != 52 && strings.TrimSpace(line) != "" {
			t.Errorf("line of %d cells, want 52: %q", w, line)
		}
	}
}

// TestEntryLayout: at every width an entry's lines are exactly the width,
// the date and mark come first, and the label's words follow whole and in
// order (cut with "…" only when it needs more than m.entryLinesMax()).
func TestEntryLayout(t *testing.T) {
	m := pane(t, 80, 30)
	e := entry{key: "k", date: "≈ 1–2 Jun 2023", mark: "◆", sources: 4,
		label: "von der Leyen and Smailov sign MoU on raw materials, batteries and renewable hydrogen"}
	for w := 30; w <= 140; w++ {
		lines := m.entryLines(w, 14, w%2 == 0, e)
		for i, l := range lines {
			if common.Width(l) != w {
				t.Fatalf("width %d: line %d has %d cells: %q", w, i, common.Width(l), l)
			}
		}
		got := flat(strings.Join(lines, " "))
		if !strings.HasPrefix(strings.TrimPrefix(got, "› "), "≈ 1–2 Jun 2023 ◆ von") {
			t.Errorf("width %d: %q", w, got)
		}
		label := flat(strings.ReplaceAll(strings.Replace(strings.TrimPrefix(got, "› "), "≈ 1–2 Jun 2023 ◆ ", "", 1), "4 articles", ""))
		cut := len(lines) == m.entryLinesMax() && strings.HasSuffix(label, "…")
		if label != e.label && !(cut && strings.HasPrefix(e.label, strings.TrimSuffix(label, "…"))) {
			t.Errorf("width %d: label %q", w, label)
		}
		if cut && w >= 44 {
			t.Errorf("width %d: label cut though it fits in %d lines", w, m.entryLinesMax())
		}
		if !strings.Contains(got, "4 articles") {
			t.Errorf("width %d: no article count: %q", w, got)
		}
		if w >= 120 && len(lines) != 1 {
			t.Errorf("width %d: %d lines for a label that fits one", w, len(lines))
		}
	}
}

func TestPaneTogglesPublicationsAndContext(t *testing.T) {
	m := pane(t, 80, 80)
	before := rowLabels(m)
	msgs := press(t, m, r("p"))
	if got := statusOf(t, msgs); got != "publications listed" {
		t.Errorf("p says %q", got)
	}
	v := m.View()
	if !strings.Contains(v, "17 events") || !strings.Contains(flat(v), "8 Nov 2022 ▫ COP27: European Union concludes") {
		t.Errorf("p lists no publications:\n%s", v)
	}
	if got := statusOf(t, press(t, m, r("p"))); !strings.HasPrefix(got, "publications hidden") {
		t.Errorf("p again says %q", got)
	}
	if strings.Contains(m.View(), "▫") || len(rowLabels(m)) != len(before) {
		t.Errorf("p again still lists publications:\n%s", m.View())
	}

	if got := statusOf(t, press(t, m, r("c"))); got != "context events listed after the partnership's" {
		t.Errorf("c says %q", got)
	}
	v = m.View()
	ctx := strings.Index(v, "── Context, not about the partnership")
	nam := strings.Index(v, "≈ 9 Nov 2022")
	last := strings.Index(v, "9 Dec 2025")
	if ctx < 0 || nam < ctx || last > ctx || strings.Contains(v, "context hidden") {
		t.Errorf("c does not list the context events after the others:\n%s", v)
	}
	press(t, m, r("c"))
	if v := m.View(); strings.Contains(v, "Namibia") || !strings.Contains(v, "1 context hidden (c)") {
		t.Errorf("c again still lists the context:\n%s", v)
	}
}

func TestPaneOrder(t *testing.T) {
	m := pane(t, 80, 80)
	oldest := rowLabels(m)
	press(t, m, r("o"))
	newest := rowLabels(m)
	if len(newest) != len(oldest) || newest[0] != oldest[len(oldest)-1] || newest[len(newest)-1] != oldest[0] {
		t.Errorf("o does not reverse the order:\n%q\n%q", oldest, newest)
	}
	v := m.View()
	if !strings.Contains(v, "newest first") || strings.Index(v, "── 2025") > strings.Index(v, "── 2022") {
		t.Errorf("newest first view:\n%s", v)
	}
	press(t, m, r("o"))
	if got := rowLabels(m); got[0] != oldest[0] || !strings.Contains(m.View(), "oldest first") {
		t.Errorf("o again: %q", got)
	}
}

func TestPaneChooser(t *testing.T) {
	m := pane(t, 52, 30)
	mou := selectEvent(t, m, "sign MoU")
	if m.Prompt() {
		t.Fatal("a prompt before enter")
	}
	if msgs := press(t, m, enter); len(msgs) != 0 || !m.Prompt() {
		t.Fatalf("enter on an event of four articles: prompt %v, messages %v", m.Prompt(), msgs)
	}
	v := m.View()
	for _, want := range []string{
		"7 Nov 2022 · von der Leyen and Smailov sign MoU on raw materials, batteries and renewable hydrogen",
		"4 articles — enter opens one, esc goes back",
		`› COP27: European Union concludes`, `from "yesterday", published 8 Nov 2022 ·`,
		`"November 2022" · The Astana Times · 7 Apr 2025`,
	} {
		if !strings.Contains(flat(v), want) {
			t.Errorf("chooser lacks %q:\n%s", want, v)
		}
	}
	// esc leaves the chooser, the cursor on the same event.
	press(t, m, esc)
	if m.Prompt() || m.list.SelectedKey() != mou.Key() || !strings.Contains(m.View(), "13 events") {
		t.Fatalf("esc: prompt %v, selected %q", m.Prompt(), m.list.SelectedKey())
	}
	// enter, down, enter opens the second article at its sentence.
	msgs := press(t, m, enter, r("j"), enter)
	var open common.OpenArticleMsg
	for _, msg := range msgs {
		if o, ok := msg.(common.OpenArticleMsg); ok {
			open = o
		}
	}
	if m.Prompt() || len(open.Refs) != 4 || open.Pos != 1 || open.From != common.PaneTimeline {
		t.Fatalf("enter in the chooser: prompt %v, %+v", m.Prompt(), open)
	}
	ref := open.Refs[1]
	src, _ := func() (tl.Source, bool) {
		for _, s := range mou.Sources {
			if s.ID == ref.ID {
				return s, true
			}
		}
		return tl.Source{}, false
	}()
	if ref.ID != "002_c9518c213fe21bc0" || len(ref.Marks) != 1 || ref.Marks[0].Start != src.Start || ref.Marks[0].End != src.End ||
		ref.Label != "timeline: 7 Nov 2022" {
		t.Errorf("opened %+v", ref)
	}
	// A milestone only the catalogue knows opens nothing and says why.
	selectEvent(t, m, "Sarytogan")
	msgs = press(t, m, enter)
	if m.Prompt() || !strings.Contains(statusOf(t, msgs), "no article to open") {
		t.Errorf("enter on a catalogue-only milestone: prompt %v, %v", m.Prompt(), msgs)
	}
	// An event of one article opens it without a chooser.
	selectEvent(t, m, "Šefčovič awards")
	msgs = press(t, m, enter)
	if m.Prompt() || len(msgs) != 1 {
		t.Fatalf("enter on a one-article event: prompt %v, %v", m.Prompt(), msgs)
	}
	if o, ok := msgs[0].(common.OpenArticleMsg); !ok || len(o.Refs) != 1 || o.Refs[0].ID != "000_59948b4d9c446ef9" {
		t.Errorf("opened %+v", msgs[0])
	}
}

func TestPaneFilterBySearch(t *testing.T) {
	m := pane(t, 80, 60)
	msgs := press(t, m, r("F"))
	if !strings.Contains(statusOf(t, msgs), "type a search first") || strings.Contains(m.View(), "only search") {
		t.Errorf("F without a search: %v", msgs)
	}
	// A search that found 003 only (the KEG roundtable article).
	m.Update(common.SearchChangedMsg{Query: "roundtable", IDs: map[string]bool{"003_272ce948f6555c66": true}})
	press(t, m, r("F"))
	got := rowLabels(m)
	if len(got) != 2 || !strings.Contains(got[0], "sign MoU") || !strings.Contains(got[1], "Gateway") {
		t.Errorf("F keeps %q, want the MoU and the KEG roundtable", got)
	}
	v := m.View()
	if !strings.Contains(v, `2 events · oldest first · only search "roundtable"`) || strings.Contains(v, "Undated") {
		t.Errorf("filtered view:\n%s", v)
	}
	// A new search applies at once while F is on.
	m.Update(common.SearchChangedMsg{Query: "Namibia", IDs: map[string]bool{"000_59948b4d9c446ef9": true}})
	if got := rowLabels(m); len(got) != 2 || !strings.Contains(got[0], "Kazakhstan and EU agree") {
		t.Errorf("after a new search F keeps %q", got)
	}
	press(t, m, r("F"))
	if got := rowLabels(m); len(got) != 13 {
		t.Errorf("F again: %d events", len(got))
	}
}

func TestPaneInferredMark(t *testing.T) {
	m := pane(t, 80, 60)
	press(t, m, r("c"))
	v := flat(m.View())
	for _, want := range []string{"≈ 9 Nov 2022 ◇ von der Leyen to meet with Geingob", "≈ 1–2 Jun 2023 • ", "› 7 Nov 2022 ◆", " 4 Apr 2025 ◆"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, m.View())
		}
	}
	if strings.Contains(v, "≈ 7 Nov 2022") || strings.Contains(v, "≈ 4 Apr 2025") {
		t.Errorf("a stated date is marked inferred:\n%s", m.View())
	}
}

func TestDetailView(t *testing.T) {
	m := pane(t, 52, 30)
	selectEvent(t, m, "sign MoU")
	d := m.DetailView(64, 60)
	for _, want := range []string{
		"7 Nov 2022 · roadmap milestone",
		"von der Leyen and Smailov sign MoU on raw materials, batteries and renewable hydrogen",
		"Roadmap catalogue", "“MoU 2022: raw materials, batteries and renewable hydrogen” · dated 7 Nov 2022",
		"Articles (4)",
		"WiredGov (European Commission press release) · 8 Nov 2022",
		`date: from "yesterday", published 8 Nov 2022`,
		"“Attending the COP27 in Egypt,",
		`date: "November 2022"`,
		"Turkish News World (German edition) · undated",
	} {
		if !strings.Contains(flat(d), want) {
			t.Errorf("detail lacks %q:\n%s", want, d)
		}
	}
	if strings.Contains(d, "inferred") || strings.Contains(d, "context:") {
		t.Errorf("the MoU is neither inferred nor context:\n%s", d)
	}
	lines := strings.Split(d, "\n")
	if len(lines) != 60 || common.Width(lines[0]) != 64 {
		t.Errorf("detail is %d lines of %d cells, want 60 of 64", len(lines), common.Width(lines[0]))
	}

	press(t, m, r("c"))
	selectEvent(t, m, "Namibia")
	d = flat(m.DetailView(64, 30))
	for _, want := range []string{"≈ 9 Nov 2022 · planned: announced, no article reports it done · date inferred, stated by no source",
		"context: not about the partnership itself", `date: from "Tomorrow", published 8 Nov 2022`,
		"◇ announced it: published before the event, or telling a plan; not a report"} {
		if !strings.Contains(d, want) {
			t.Errorf("Namibia detail lacks %q:\n%s", want, d)
		}
	}
	selectEvent(t, m, "agree Roadmap 2023-2024")
	if d := flat(m.DetailView(64, 40)); !strings.Contains(d, "19 May 2023 · roadmap milestone · period 2023–2024") {
		t.Errorf("Roadmap 2023-2024 detail:\n%s", d)
	}
}

func TestPaneGolden(t *testing.T) {
	for _, c := range []struct {
		name string
		w, h int
		keys []tea.KeyMsg
		view func(m *Model) string
	}{
		{"list-52x30", 52, 30, nil, (*Model).View},
		{"list-62x56-p-c", 62, 56, []tea.KeyMsg{r("p"), r("c")}, (*Model).View},
		{"chooser-52x30", 52, 30, []tea.KeyMsg{enter}, (*Model).View},
		{"detail-64x30", 52, 30, nil, func(m *Model) string { return m.DetailView(64, 30) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := pane(t, c.w, c.h)
			press(t, m, c.keys...)
			teatest.RequireEqualOutput(t, []byte(c.view(m)))
		})
	}
}

// bigCorpus is 2,000 dated articles in memory, whose timeline takes a
// while to build.
func bigCorpus() *model.Corpus {
	docs := make([]model.Document, 2000)
	for i := range docs {
		var b strings.Builder
		for k := range 12 {
			fmt.Fprintf(&b, "The EU and Kazakhstan signed memorandum %d-%d on lithium in Astana on %d May %d, said minister %d. ", i, k, 1+(i+k)%28, 2000+(i*7+k)%25, k)
		}
		docs[i] = model.Document{Article: model.Article{ID: fmt.Sprintf("a%04d", i), Title: fmt.Sprintf("Memorandum %d", i), Lang: "en",
			Date: time.Date(2025, 1, 1+i%28, 0, 0, 0, 0, time.UTC), Precision: model.Day}, Body: b.String()}
	}
	return model.NewMemCorpus("big", docs)
}

// TestSessionsShareOneBuild: the panes of several sessions on one corpus
// share one timeline build. A session that ends stops waiting at once and
// leaves the build to the others; a pane drops the timeline of a corpus
// it no longer shows.
func TestSessionsShareOneBuild(t *testing.T) {
	snap := library.NewSnapshot(bigCorpus(), nil, nil)
	newPane := func(ctx context.Context) *Model {
		r := lipgloss.NewRenderer(io.Discard)
		c := common.Common{Ctx: ctx, Renderer: r, Styles: common.NewStyles(r, common.ThemeMono), Keys: common.DefaultKeyMap()}
		m := New(c)
		m.SetSize(80, 20)
		return m
	}
	data := common.DataMsg{State: library.Loaded(snap).State()}
	ended, end := context.WithCancel(context.Background())
	gone := newPane(ended)
	_, goneCmd := gone.Update(data)
	end() // the session closes before the timeline is built
	msg := goneCmd()
	if b, ok := msg.(builtMsg); !ok || !errors.Is(b.err, context.Canceled) {
		t.Fatalf("a closed session's wait: %#v", msg)
	}
	var panes [3]*Model
	var msgs [3]tea.Msg
	var wg sync.WaitGroup
	for i := range panes {
		panes[i] = newPane(context.Background())
		_, cmd := panes[i].Update(data)
		wg.Add(1)
		go func() { defer wg.Done(); msgs[i] = cmd() }()
	}
	wg.Wait()
	for i, p := range panes {
		p.Update(msgs[i])
		if !p.built || p.err != nil || len(p.t.Events) == 0 {
			t.Fatalf("session %d: built %v, err %v, %d events", i, p.built, p.err, len(p.t.Events))
		}
		if &p.t.Events[0] != &panes[0].t.Events[0] {
			t.Error("the timeline was built more than once")
		}
		if &p.keys[0] != &panes[0].keys[0] {
			t.Error("the events' keys were made for each session")
		}
	}
	// A newer corpus replaces the snapshot: the older build's result is dropped.
	p := panes[0]
	seeds, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	newer := library.NewSnapshot(seeds, nil, nil)
	_, cmd := p.Update(common.DataMsg{State: library.Loaded(newer).State()})
	p.Update(builtMsg{snap: snap, err: errors.New("the older corpus's build")})
	if p.snap != newer || p.err != nil {
		t.Errorf("the older corpus's build was taken: %v", p.err)
	}
	run(t, p, cmd)
	if !p.built || p.snap != newer || !strings.Contains(p.View(), "von der Leyen") {
		t.Errorf("the newer corpus's timeline:\n%s", p.View())
	}
}

// TestUndatedArticleDetail: an undated article on the timeline is shown in
// the detail column: title, outlet, why it has no date (and, for a
// translation of an undated original, that the original is undated too).
func TestUndatedArticleDetail(t *testing.T) {
	m := pane(t, 80, 40)
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	docs := []model.Document{
		{Article: model.Article{ID: "dated", Title: "Officials open a plant", Lang: "en", Date: day, Precision: model.Day},
			Body: "Officials in Astana opened the plant in Karaganda on 1 March 2025."},
		{Article: model.Article{ID: "note", Title: "A note on tailings in Karaganda", Lang: "en", Outlet: "Example Wire", Author: "A. Writer"},
			Body: "Tailings are reprocessed in Karaganda."},
		{Article: model.Article{ID: "notiz", Title: "Eine Notiz über Abraum", Lang: "de", TranslationOf: "note"},
			Body: "Abraum wird in Karaganda aufbereitet."},
	}
	_, cmd := m.Update(common.DataMsg{State: library.Loaded(library.NewSnapshot(model.NewMemCorpus("undated", docs), nil, nil)).State()})
	run(t, m, cmd)
	if !m.list.Select("undated:note") {
		t.Fatalf("the undated article is not listed:\n%s", m.View())
	}
	d := strings.Join(strings.Fields(m.DetailView(50, 30)), " ")
	for _, want := range []string{"A note on tailings in Karaganda", "Example Wire", "by A. Writer",
		"Why it has no date", "gives the day it was published"} {
		if !strings.Contains(d, want) {
			t.Errorf("the detail lacks %q:\n%s", want, m.DetailView(50, 30))
		}
	}
	if !m.list.Select("undated:notiz") {
		t.Fatalf("the undated translation is not listed:\n%s", m.View())
	}
	if d := strings.Join(strings.Fields(m.DetailView(50, 30)), " "); !strings.Contains(d, "It translates “A note on tailings in Karaganda” (undated too)") {
		t.Errorf("the translation's detail does not name its undated original:\n%s", m.DetailView(50, 30))
	}
}

// TestPaneMilestonesFirst: before the corpus's timeline comes (seconds on
// a large corpus), the pane lists the roadmap's milestones, which need no
// article, and says the rest is coming.
func TestPaneMilestonesFirst(t *testing.T) {
	cat, err := roadmap.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m := New(common.Common{Renderer: r, Styles: common.NewStyles(r, common.ThemeMono), Keys: common.DefaultKeyMap(), Roadmap: cat})
	m.SetSize(100, 40)
	v := flat(m.View())
	for _, want := range []string{"putting the timeline together… · 11 roadmap milestones meanwhile",
		"── 2022", "7 Nov 2022 ◆ von der Leyen and Smailov sign MoU", "19 May 2023 ◆ EU and Kazakhstan agree Roadmap"} {
		if !strings.Contains(v, want) {
			t.Errorf("early view lacks %q:\n%s", want, m.View())
		}
	}
	if strings.Contains(v, "articles") {
		t.Errorf("early milestones claim articles:\n%s", m.View())
	}
}

// largeSnapshot is a corpus of 1,200 articles, each telling its own event
// of 2024, and 20 more telling the first 20 again: a large timeline, whose
// notable events are those 20 (told by two articles) and the milestones.
func largeSnapshot(t *testing.T) *library.Snapshot {
	t.Helper()
	var docs []model.Document
	add := func(id string, i int) {
		text := fmt.Sprintf("Officials in Astana opened the Plant%d in Karaganda in 2024.", i)
		docs = append(docs, model.Document{Article: model.Article{ID: id, Title: "Plant " + id, Lang: "en",
			Date: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), Precision: model.Day}, Body: text})
	}
	for i := range 1200 {
		add(fmt.Sprintf("a%04d", i), i)
	}
	for i := range 20 {
		add(fmt.Sprintf("b%04d", i), i)
	}
	return library.NewSnapshot(model.NewMemCorpus("large", docs), nil, nil)
}

// TestPaneLargeTimelineIsBounded: a large timeline lists its notable
// events, says how many more there are; A puts every event together in
// the background and lists them, A again the notable ones.
func TestPaneLargeTimelineIsBounded(t *testing.T) {
	m := pane(t, 100, 40)
	snap := largeSnapshot(t)
	_, cmd := m.Update(common.DataMsg{State: library.Loaded(snap).State()})
	run(t, m, cmd)
	if !m.bounded || m.full || m.t.Left == 0 {
		t.Fatalf("bounded %v, full %v, left %d", m.bounded, m.full, m.t.Left)
	}
	v := flat(m.View())
	if !strings.Contains(v, "31 events · oldest first · 1180 more, told by fewer articles (A)") {
		t.Errorf("bounded view:\n%s", m.View())
	}
	msgs := press(t, m, r("A"))
	if !m.full || m.loading || len(rowLabels(m)) != 1211 {
		t.Errorf("A: full %v, loading %v, %d rows (messages %v)", m.full, m.loading, len(rowLabels(m)), msgs)
	}
	if v := flat(m.View()); !strings.Contains(v, "1211 events · oldest first") || strings.Contains(v, "more, told") {
		t.Errorf("all events:\n%s", m.View())
	}
	press(t, m, r("A"))
	if n := len(rowLabels(m)); n != 31 || !strings.Contains(flat(m.View()), "1180 more, told by fewer articles (A)") {
		t.Errorf("A again: %d rows\n%s", n, m.View())
	}
}

// TestDetailMarksNewArticles: in the detail of an event, the articles new
// for you carry the new mark before their title, the others not.
func TestDetailMarksNewArticles(t *testing.T) {
	m := pane(t, 52, 30)
	ev := selectEvent(t, m, "sign MoU")
	var fresh, old string
	for _, src := range ev.Sources {
		if src.Basis == tl.Catalogue {
			continue
		}
		a, _ := m.snap.Corpus.Article(src.ID)
		if fresh == "" {
			fresh = a.Title
			m.Update(common.NewArticlesMsg{IDs: map[string]bool{src.ID: true}})
		} else if old == "" {
			old = a.Title
		}
	}
	if fresh == "" || old == "" {
		t.Fatalf("the MoU needs two articles: %+v", ev.Sources)
	}
	d := flat(m.DetailView(120, 60))
	if !strings.Contains(d, common.NewTag+" · "+flat(fresh)) {
		t.Errorf("the new article %q is not marked:\n%s", fresh, d)
	}
	if strings.Contains(d, common.NewTag+" · "+flat(old)) || strings.Count(d, common.NewTag+" · ") != 1 {
		t.Errorf("only %q is new:\n%s", fresh, d)
	}
}
