package reader

import (
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"dossier/index/library"
	"dossier/model"
	"dossier/seeds"
	"dossier/ui/common"
)

func seedArticle(t testing.TB, id string) (model.Article, *model.Corpus) {
	t.Helper()
	c, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := c.Article(id)
	if !ok {
		t.Fatalf("no %s", id)
	}
	return a, c
}

func seedText(t testing.TB, c *model.Corpus, id string) string {
	t.Helper()
	text, err := c.Text(id)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func TestRenderMarksEveryMatch(t *testing.T) {
	a, c := seedArticle(t, "000_59948b4d9c446ef9")
	marks := model.FindAll(seedText(t, c, a.ID), "Šefčovič")
	if len(marks) != 4 {
		t.Fatalf("found %d", len(marks))
	}
	for _, theme := range []common.Theme{common.ThemeDark, common.ThemeLight, common.ThemeMono} {
		for _, width := range []int{40, 80, 137} {
			key := renderKey{ID: a.ID, Width: width, Theme: theme, Marks: marksHash(marks)}
			r, err := renderArticle(key, a, c, marks, termenv.ANSI256)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.markLines) != len(marks) {
				t.Fatalf("%v/%d: %d mark lines, want %d", theme, width, len(r.markLines), len(marks))
			}
			painted := paint(r.lines, 1)
			for i, l := range painted {
				if strings.ContainsAny(l, "\ue000\ue001") {
					t.Fatalf("sentinel left on line %d", i)
				}
				if w := ansi.StringWidth(l); w > width {
					t.Errorf("%v/%d: line %d is %d cells wide", theme, width, i, w)
				}
			}
			// Each mark's line holds the marked word right after a mark style.
			for k, ln := range r.markLines {
				plain := ansi.Strip(painted[ln])
				if !strings.Contains(plain, "Šefčovič") {
					t.Errorf("%v/%d: mark %d on line %d %q", theme, width, k, ln, plain)
				}
				want := sgrMark
				if k == 1 {
					want = sgrCurrent
				}
				if !strings.Contains(painted[ln], want) {
					t.Errorf("%v/%d: mark %d line lacks its style: %q", theme, width, k, painted[ln])
				}
			}
		}
	}
}

func TestBodyMarkdownEscapesAndMarks(t *testing.T) {
	body := "#Reels contest\n  1. not a list *nor emphasis* <b> & co\nlithium here"
	got := bodyMarkdown(body, 0, []model.Span{{Start: strings.Index(body, "lithium"), End: strings.Index(body, "lithium") + 7}}, new([]string))
	// Each paragraph starts with a paragraph sentinel (after a mark's start).
	want := "\ue002\\#Reels contest\n\n\ue0021\\. not a list \\*nor emphasis\\* \\<b\\> &amp; co\n\n\ue000\ue002lithium\ue001 here"
	if got != want {
		t.Errorf("bodyMarkdown = %q\nwant %q", got, want)
	}
}

func newReader(t *testing.T) *Model {
	t.Helper()
	c, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m := New(common.Common{Renderer: r, Profile: termenv.Ascii, Styles: common.NewStyles(r, common.ThemeMono), Keys: common.DefaultKeyMap()})
	m.Update(common.DataMsg{State: library.State{Snap: library.NewSnapshot(c, nil, nil)}})
	m.SetSize(70, 20)
	return m
}

// renderOf runs a command (and the commands of a batch) and returns the
// rendering it made, if any.
func renderOf(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case renderedMsg:
		return msg
	case tea.BatchMsg:
		for _, c := range msg {
			if r := renderOf(c); r != nil {
				return r
			}
		}
	}
	return nil
}

func TestStaleRenderIsDropped(t *testing.T) {
	m := newReader(t)
	cmdA := m.Open(common.OpenArticleMsg{Refs: []common.ArticleRef{{ID: "000_59948b4d9c446ef9"}}})
	cmdB := m.Open(common.OpenArticleMsg{Refs: []common.ArticleRef{{ID: "003_272ce948f6555c66"}}})
	m.Update(renderOf(cmdA)) // A finished late: must not replace B
	if m.raw != nil {
		t.Fatalf("stale rendering of %s shown", m.raw.key.ID)
	}
	m.Update(renderOf(cmdB))
	if m.raw == nil || m.raw.key.ID != "003_272ce948f6555c66" {
		t.Fatal("current rendering not shown")
	}
	// A width change renders again; the old width's result is stale.
	m.SetSize(50, 20)
	cmdOld := m.Refresh()
	m.SetSize(60, 20)
	cmdNew := m.Refresh()
	m.Update(cmdOld())
	if m.raw.key.Width != 70 {
		t.Fatalf("stale width %d shown", m.raw.key.Width)
	}
	m.Update(cmdNew())
	if m.raw.key.Width != 60 {
		t.Fatalf("width %d, want 60", m.raw.key.Width)
	}
	// Opening again at a known width comes from the cache, with no rendering.
	if r := renderOf(m.Open(common.OpenArticleMsg{Refs: []common.ArticleRef{{ID: "003_272ce948f6555c66"}}})); r != nil {
		t.Error("cached rendering rendered again")
	}
}

func TestFindWalksMatches(t *testing.T) {
	m := newReader(t)
	run := func(cmd tea.Cmd) {
		if msg := renderOf(cmd); msg != nil {
			m.Update(msg)
		}
	}
	run(m.Open(common.OpenArticleMsg{Refs: []common.ArticleRef{{ID: "003_272ce948f6555c66"}}}))
	press := func(s string) {
		for _, r := range s {
			k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
			if r == '\n' {
				k = tea.KeyMsg{Type: tea.KeyEnter}
			}
			_, cmd := m.Update(k)
			if r == '\n' {
				run(cmd) // renders; other keys return only cursor blinks
			}
		}
	}
	press("fkazakhstan\n")
	marks, cur := m.Marks()
	if len(marks) != 17 || cur != 0 {
		t.Fatalf("find kazakhstan: %d marks, current %d", len(marks), cur)
	}
	if !strings.Contains(m.View(), "1/17 find: kazakhstan") {
		t.Errorf("counter missing:\n%s", m.View())
	}
	press("nnN")
	if _, cur := m.Marks(); cur != 1 {
		t.Errorf("after n n N current is %d, want 1", cur)
	}
	press("fno such words\n")
	if !strings.Contains(m.View(), `"no such words" not found`) {
		t.Errorf("no not-found message:\n%s", m.View())
	}
}

func TestTitleLineIsNotRepeated(t *testing.T) {
	a, c := seedArticle(t, "004_d123cf3179b2b0cd")
	body := seedText(t, c, a.ID)
	if end := titleLineEnd(a, body); end == 0 || body[:end] != a.Title {
		t.Fatalf("titleLineEnd = %d", end)
	}
	md := bodyMarkdown(body, titleLineEnd(a, body), nil, new([]string))
	if strings.Contains(md, "intensivieren") || !strings.HasPrefix(md, string(paraStart)+"Astana\\-Kasachstan") {
		t.Errorf("body markdown starts %q", md[:40])
	}
	if a, c := seedArticle(t, "000_59948b4d9c446ef9"); titleLineEnd(a, seedText(t, c, a.ID)) != 0 {
		t.Error("an article whose first line is not its title lost it")
	}
}
