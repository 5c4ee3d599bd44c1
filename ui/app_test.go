package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/ui/common"
)

func newApp(t testing.TB, w, h int) *App {
	t.Helper()
	a := New(testCommon(t, testShared(t)))
	drive(t, a, a.Init(), tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

func TestFocusKeys(t *testing.T) {
	a := newApp(t, 120, 35)
	steps := []struct {
		keys string
		want common.PaneID
	}{
		{"", common.PaneTimeline},
		{"<tab>", common.PaneRoadmap},
		{"<tab><tab>", common.PaneSearch},
		{"<tab>", common.PaneTimeline},
		{"<s-tab>", common.PaneSearch},
		{"<esc>", common.PaneTimeline}, // esc in the input goes back
		{"3", common.PaneReader},
		{"2", common.PaneRoadmap},
		{"/", common.PaneSearch},
	}
	for _, s := range steps {
		drive(t, a, keys(s.keys)...)
		if a.Focus() != s.want {
			t.Fatalf("after %q focus is %v, want %v", s.keys, a.Focus(), s.want)
		}
	}
	// While the search input has focus, digits are typed, not pane keys.
	drive(t, a, keys("2025")...)
	if a.Focus() != common.PaneSearch || a.search.Query() != "2025" {
		t.Fatalf("typing digits in search: focus %v query %q", a.Focus(), a.search.Query())
	}
}

func TestSearchOpensReaderAtFirstMatch(t *testing.T) {
	a := newApp(t, 120, 35)
	drive(t, a, keys("/Sefcovic<enter>")...)
	if a.Focus() != common.PaneReader {
		t.Fatalf("focus %v, want reader", a.Focus())
	}
	art, ok := a.reader.Article()
	if !ok || art.ID != "000_59948b4d9c446ef9" {
		t.Fatalf("reader shows %q", art.ID)
	}
	marks, cur := a.reader.Marks()
	if len(marks) != 4 || cur != 0 {
		t.Fatalf("marks %v current %d", marks, cur)
	}
	body, _ := a.data.Snap.Corpus.Text(art.ID)
	for _, m := range marks {
		if got := body[m.Start:m.End]; got != "Šefčovič" {
			t.Errorf("mark covers %q", got)
		}
	}
	screen := a.View()
	if !strings.Contains(screen, "1/4 search: Sefcovic") {
		t.Errorf("status line missing counter:\n%s", screen)
	}
	if !strings.Contains(screen, "\x1b[7;1;4mŠefčovič") {
		t.Errorf("current match not highlighted:\n%s", screen)
	}
	drive(t, a, keys("n")...)
	if _, cur := a.reader.Marks(); cur != 1 || !strings.Contains(a.View(), "2/4 search: Sefcovic") {
		t.Errorf("n: current %d", cur)
	}
	drive(t, a, keys("NN")...)
	if _, cur := a.reader.Marks(); cur != 3 {
		t.Errorf("N twice from 2/4 wraps to 4/4, got %d", cur+1)
	}
	// esc returns to the same result list, query kept.
	drive(t, a, keys("<esc>")...)
	if a.Focus() != common.PaneSearch || a.search.Query() != "Sefcovic" || a.search.Results() == nil {
		t.Fatalf("esc: focus %v query %q", a.Focus(), a.search.Query())
	}
}

func TestResizeKeepsPlaceAndNeverOverflows(t *testing.T) {
	a := newApp(t, 120, 35)
	// An article longer than a 200x60 reader shows at once, whatever the
	// ranking puts first: at a size that shows a whole article there is no
	// place to keep.
	drive(t, a, keys("/Kazakhstan id:003_272ce948f6555c66<enter>")...)
	drive(t, a, keys("   ")...) // three pages down
	before := a.reader.Fraction()
	if before == 0 {
		t.Fatal("did not scroll")
	}
	for _, size := range [][2]int{{80, 24}, {200, 60}, {40, 12}, {39, 11}, {121, 35}, {120, 35}} {
		drive(t, a, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(a.View(), "\n")
		if len(lines) != size[1] {
			t.Errorf("%dx%d: %d lines", size[0], size[1], len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("%dx%d: line %d is %d cells", size[0], size[1], i, w)
			}
		}
	}
	after := a.reader.Fraction()
	if d := after - before; d < -0.1 || d > 0.1 {
		t.Errorf("scroll position moved from %.2f to %.2f", before, after)
	}
	drive(t, a, tea.WindowSizeMsg{Width: 39, Height: 20})
	if !strings.Contains(a.View(), "terminal too small") {
		t.Error("no too-small message at 39 columns")
	}
}

func TestUnicodeTitlesKeepColumns(t *testing.T) {
	for _, title := range []string{"Казахстан и ЕС подписали меморандум о сотрудничестве", "哈萨克斯坦与欧盟签署关键原材料合作备忘录并启动试点项目",
		"Қазақстан мен ЕО 🤝 шикізат серіктестігі 🔋⚡ жаңа кезеңге өтті"} {
		for _, w := range []int{9, 10, 11, 30} {
			got := common.PadRight(title, w)
			if ansi.StringWidth(got) != w {
				t.Errorf("PadRight(%q, %d) is %d cells: %q", title, w, ansi.StringWidth(got), got)
			}
			if strings.ContainsRune(got, '\uFFFD') {
				t.Errorf("split a character: %q", got)
			}
		}
	}
}

func TestQuitAsksOnlyWithUnsavedWork(t *testing.T) {
	a := newApp(t, 80, 24)
	_, cmd := a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q'}})
	if cmd == nil || fmt.Sprintf("%T", cmd()) != "tea.QuitMsg" {
		t.Fatal("q with nothing unsaved should quit at once")
	}
}

func TestTimelineOpensEvidence(t *testing.T) {
	a := newApp(t, 120, 35)
	// The first event is the MoU signature, told by four articles.
	if !strings.Contains(a.View(), "7 Nov 2022") {
		t.Fatalf("timeline lacks the MoU signature:\n%s", a.View())
	}
	drive(t, a, keys("<enter>")...)
	if !strings.Contains(a.View(), "4 articles — enter opens one") {
		t.Fatalf("no source chooser:\n%s", a.View())
	}
	drive(t, a, keys("<enter>")...)
	art, ok := a.reader.Article()
	if !ok || art.ID != "001_23f0434f9776576a" || a.Focus() != common.PaneReader {
		t.Fatalf("reader shows %q, focus %v", art.ID, a.Focus())
	}
	marks, _ := a.reader.Marks()
	body, _ := a.data.Snap.Corpus.Text(art.ID)
	if len(marks) != 1 || !strings.HasPrefix(body[marks[0].Start:marks[0].End], "Attending the COP27") {
		t.Fatalf("evidence marks %v", marks)
	}
	// F filters the timeline by the current search.
	drive(t, a, keys("/Terterov<enter>")...)
	drive(t, a, keys("1F")...)
	view := a.View()
	if !strings.Contains(view, "2 events") || !strings.Contains(view, "9 Dec 2025") || strings.Contains(view, "1–2 Jun 2023") {
		t.Fatalf("F did not filter:\n%s", view)
	}
	drive(t, a, keys("o")...)
	if !strings.Contains(a.View(), "newest first") {
		t.Error("o did not reverse the order")
	}
}

func TestAttachCurrentMatchAsEvidence(t *testing.T) {
	a := newApp(t, 120, 35)
	drive(t, a, keys("/Samarkand<enter>")...)
	art, _ := a.reader.Article()
	drive(t, a, keys("a")...)
	if a.Focus() != common.PaneRoadmap || !strings.Contains(a.View(), "Attach this passage as evidence") {
		t.Fatalf("a did not ask for an item:\n%s", a.View())
	}
	drive(t, a, keys("<enter>")...) // first item
	if a.Focus() != common.PaneReader {
		t.Fatalf("focus %v after attaching", a.Focus())
	}
	got, err := a.c.Store.Get(context.Background(), "mou-1.1")
	if err != nil || len(got.Evidence) != 1 {
		t.Fatalf("evidence %+v, %v", got.Evidence, err)
	}
	ev := got.Evidence[0]
	body, _ := a.data.Snap.Corpus.Text(art.ID)
	if ev.ArticleID != art.ID || ev.By != "tester" || !strings.Contains(ev.Quote, "Samarkand") || body[ev.Start:ev.End] != ev.Quote {
		t.Errorf("evidence %+v", ev)
	}
}

func TestIdleTimeoutKeepsTheUnsavedNote(t *testing.T) {
	a := newApp(t, 100, 30)
	a.SetLimits(Limits{Idle: 20 * time.Millisecond})
	drive(t, a, keys("2e")...)
	drive(t, a, keys("half-written thought")...)
	time.Sleep(30 * time.Millisecond)
	drive(t, a, limitTickMsg{})
	if !strings.Contains(a.View(), "Closed after 20ms without a key press.") {
		t.Fatalf("no closing message:\n%s", a.View())
	}
	d, ok, err := a.c.Store.Draft(context.Background(), "mou-1.1", "tester")
	if err != nil || !ok || d.Note != "half-written thought" {
		t.Fatalf("draft %+v %v %v", d, ok, err)
	}
	// The next session offers the draft when the note is edited again.
	b := New(a.c)
	drive(t, b, b.Init(), tea.WindowSizeMsg{Width: 100, Height: 30})
	drive(t, b, keys("2e")...)
	if !strings.Contains(b.View(), "half-written thought") {
		t.Fatalf("draft not restored:\n%s", b.View())
	}
}

func TestBatchedKeysAreSeparatePresses(t *testing.T) {
	a := newApp(t, 120, 35)
	// A slow link delivers "/", "l", "i" ... in one read.
	drive(t, a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/lithium")})
	if a.Focus() != common.PaneSearch || a.search.Query() != "lithium" {
		t.Fatalf("focus %v query %q", a.Focus(), a.search.Query())
	}
}

func TestFirstFrameBeforeTheIndexIsBuilt(t *testing.T) {
	sh := testShared(t)
	loaded := sh.Feed.State().Snap
	sh.Feed = library.NewFeed() // nothing read yet
	a := New(testCommon(t, sh))
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if v := a.View(); !strings.Contains(v, "reading the corpus folder") || !strings.Contains(v, "Timeline") {
		t.Fatalf("first frame:\n%s", v)
	}
	drive(t, a, keys("/lithium")...)
	if v := a.View(); !strings.Contains(v, "search starts when ready") || a.search.Results() != nil {
		t.Fatalf("search before the index is ready:\n%s", v)
	}
	sh.Feed.Publish(loaded, true)
	drive(t, a, a.watchFeed(0))
	if a.search.Results() == nil || a.search.Results().Total != 1 || !strings.Contains(a.View(), "index ready") {
		t.Fatalf("after the build:\n%s", a.View())
	}
}

func TestScriptsKeepColumnsInTheApp(t *testing.T) {
	doc := func(id, title, body, lang string) model.Document {
		return model.Document{Article: model.Article{ID: id, Title: title, Lang: lang}, Body: body}
	}
	docs := []model.Document{
		doc("ru", "Казахстан и ЕС подписали меморандум о сырье и литии для батарей", "Казахстан литий литий.", "ru"),
		doc("kk", "Қазақстан мен ЕО литий серіктестігі жаңа кезеңге өтті", "Қазақстан литий.", "kk"),
		doc("zh", "哈萨克斯坦与欧盟签署关键原材料合作备忘录并启动锂电池试点项目", "锂 литий 电池", "zh"),
		doc("emoji", "Lithium 🔋⚡ partnership 🤝 moves to its next phase 🇪🇺🇰🇿", "литий 🔋 lithium", "en"),
	}
	sh := testShared(t)
	corpus := model.NewMemCorpus("scripts", docs)
	ix, err := index.Open(context.Background(), corpus, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	sh.Feed = library.Loaded(library.NewSnapshot(corpus, ix, nil))
	for _, w := range []int{40, 80, 133} {
		a := New(testCommon(t, sh))
		drive(t, a, a.Init(), tea.WindowSizeMsg{Width: w, Height: 24})
		drive(t, a, keys("/литий")...)
		for _, l := range strings.Split(a.View(), "\n") {
			if cw := ansi.StringWidth(l); cw != w {
				t.Errorf("width %d: a line is %d cells: %q", w, cw, l)
			}
			if strings.ContainsRune(l, '\uFFFD') {
				t.Errorf("width %d: a character was split: %q", w, l)
			}
		}
		if a.search.Results() == nil || a.search.Results().Total != 4 {
			t.Fatalf("width %d: results %+v", w, a.search.Results())
		}
	}
}

func TestQuitWithUnsavedNoteKeepsADraft(t *testing.T) {
	a := newApp(t, 100, 30)
	drive(t, a, keys("2e")...)
	drive(t, a, keys("not yet saved q")...) // q is typed: the editor is a prompt
	if !a.roadmap.Dirty() {
		t.Fatal("q left the editor")
	}
	drive(t, a, tea.KeyMsg{Type: tea.KeyCtrlC})
	d, ok, _ := a.c.Store.Draft(context.Background(), "mou-1.1", "tester")
	if !ok || d.Note != "not yet saved q" {
		t.Fatalf("draft %+v %v", d, ok)
	}
}

// TestOpenedArticleFillsItsColumn: an article opened from a list is laid
// out for the column the reader takes, not the list's (at 120 columns the
// reader is the right column, wider than the list).
func TestOpenedArticleFillsItsColumn(t *testing.T) {
	a := newApp(t, 120, 35)
	drive(t, a, keys("/lithium<enter>")...)
	if a.Focus() != common.PaneReader {
		t.Fatalf("focus %v, want reader", a.Focus())
	}
	widest := 0
	for _, line := range strings.Split(a.View(), "\n")[3:30] {
		if i := strings.Index(line, "┃"); i >= 0 {
			text := strings.TrimRight(strings.Trim(line[i:], "┃"), " ")
			widest = max(widest, lipgloss.Width(text))
		}
	}
	// The reader's column is 66 cells wide (64 inside its frame); text wrapped
	// for the list's 52-cell column would stay under 52.
	if widest < 56 {
		t.Errorf("the article's widest line is %d cells: laid out for another column\n%s", widest, a.View())
	}
}
