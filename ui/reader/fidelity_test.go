package reader

import (
	"context"
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/seeds"
	"dossier/ui/common"
)

// plainLines renders an article of the seeds and returns its lines without styles.
func plainLines(t *testing.T, id string, width int) []string {
	t.Helper()
	a, c := seedArticle(t, id)
	r, err := renderArticle(renderKey{ID: id, Width: width, Theme: common.ThemeMono}, a, c, nil, termenv.Ascii)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(r.lines))
	for i, l := range r.lines {
		out[i] = ansi.Strip(l)
	}
	return out
}

func TestAmpersandIsShownAsItIs(t *testing.T) {
	for _, w := range []int{50, 80, 120} {
		text := strings.Join(plainLines(t, "000_59948b4d9c446ef9", w), " ")
		text = strings.Join(strings.Fields(text), " ")
		if strings.Contains(text, `\&`) || !strings.Contains(text, "Astana Mining & Metallurgy") {
			t.Errorf("width %d: & is not shown as it is", w)
		}
	}
}

func TestWrappingKeepsHyphenatedWordsAndNoLoneWords(t *testing.T) {
	docs := []model.Document{{Article: model.Article{ID: "h", Title: "Hyphens", Lang: "en"},
		Body: "Hyphens\nThe plan is aimed at retaining more value-added processing within the country, with long-term " +
			"co-operation on EU-Kazakhstan raw-material supply chains, state-of-the-art mining and after-sales services. " +
			"Smaller well-known firms take part in follow-up work on best-practice standards for the mid-2020s."}}
	c := model.NewMemCorpus("t", docs)
	for w := 30; w <= 100; w += 7 {
		r, err := renderArticle(renderKey{ID: "h", Width: w, Theme: common.ThemeMono}, c.Articles[0], c, nil, termenv.Ascii)
		if err != nil {
			t.Fatal(err)
		}
		var words []string
		var para []string
		for _, l := range r.lines {
			plain := strings.TrimSpace(ansi.Strip(l))
			if w := ansi.StringWidth(l); w > r.key.Width-2 {
				t.Errorf("width %d: a line of %d cells", r.key.Width, w)
			}
			if strings.HasSuffix(plain, "-") {
				t.Errorf("width %d: a word was cut at its hyphen: %q", r.key.Width, plain)
			}
			if plain == "" {
				if n := len(para); n > 1 && len(strings.Fields(para[n-1])) == 1 {
					t.Errorf("width %d: a lone word ends a paragraph: %q", r.key.Width, para[n-1])
				}
				para = nil
				continue
			}
			para = append(para, plain)
			words = append(words, strings.Fields(plain)...)
		}
		if got := strings.Join(words, " "); !strings.Contains(got, "value-added processing") || !strings.Contains(got, "EU-Kazakhstan raw-material") {
			t.Errorf("width %d: text changed: %s", w, got)
		}
	}
}

func TestTranslationKeepsParagraphAndSearch(t *testing.T) {
	c, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	syn, _ := index.ParseSynonyms("s", seeds.Synonyms)
	ix, err := index.Open(context.Background(), c, index.Options{Synonyms: syn})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	m := New(common.Common{Renderer: r, Profile: termenv.Ascii, Styles: common.NewStyles(r, common.ThemeMono), Keys: common.DefaultKeyMap()})
	m.Update(common.DataMsg{State: library.Loaded(library.NewSnapshot(c, ix, nil)).State()})
	m.SetSize(70, 20)
	res, err := ix.Search(context.Background(), index.Request{Query: "Kazakhstan", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	var ref common.ArticleRef
	for _, h := range res.Hits {
		if h.ID == "002_c9518c213fe21bc0" {
			for _, mt := range h.BodyMatches() {
				ref.Marks = append(ref.Marks, model.Span{Start: mt.Start, End: mt.End})
			}
		}
	}
	ref.ID, ref.Query, ref.Label = "002_c9518c213fe21bc0", "Kazakhstan", "search: Kazakhstan"
	finish(m, m.Open(common.OpenArticleMsg{Refs: []common.ArticleRef{ref}}))
	// Read on to the fourth paragraph, then switch language.
	m.vp.SetYOffset(m.raw.paraLines[3])
	finish(m, m.translation())
	if a, _ := m.Article(); a.ID != "004_d123cf3179b2b0cd" {
		t.Fatalf("t opened %s", a.ID)
	}
	if p := m.raw.paragraphAt(m.vp.YOffset); p != 3 {
		t.Errorf("the German version opened at paragraph %d, want 3 (where the reader was)", p)
	}
	marks, cur := m.Marks()
	if len(marks) == 0 {
		t.Fatal("the search was not applied to the German version")
	}
	for _, mk := range marks {
		if got := m.text[mk.Start:mk.End]; !strings.HasPrefix(got, "Kasachstan") {
			t.Errorf("a German mark covers %q", got)
		}
	}
	if marks[cur].Start < m.raw.paraOffsets[3] {
		t.Errorf("the current match is above the paragraph being read")
	}
	if v := m.View(); !strings.Contains(v, "search: Kazakhstan") || !strings.Contains(v, "German") {
		t.Errorf("status line:\n%s", v)
	}
}

// finish runs a command and feeds its messages back until none is left.
func finish(m *Model, cmd tea.Cmd) {
	for cmd != nil {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				finish(m, c)
			}
			return
		}
		if msg == nil {
			return
		}
		_, cmd = m.Update(msg)
	}
}

// TestMonoShowsNoMarkdownMarkers: in the mono theme (no colour) the title
// and the outlet read as text, with no "# " before the title and no **
// around the outlet; and the article's own punctuation (#, **, ~~) is
// shown as it is, without backslashes.
func TestMonoShowsNoMarkdownMarkers(t *testing.T) {
	docs := []model.Document{{Article: model.Article{ID: "m", Title: "The Roadmap is agreed", Outlet: "Astana Times", Lang: "en"},
		Body: "The Roadmap is agreed\n\nItem #3 of the **Roadmap 2023-2024** was agreed in Brussels ~~ not in Astana, at ~20 degrees."}}
	c := model.NewMemCorpus("t", docs)
	for _, th := range []common.Theme{common.ThemeMono, common.ThemeDark} {
		r, err := renderArticle(renderKey{ID: "m", Width: 80, Theme: th}, c.Articles[0], c, nil, termenv.Ascii)
		if err != nil {
			t.Fatal(err)
		}
		text := ansi.Strip(strings.Join(r.lines, "\n"))
		flat := strings.Join(strings.Fields(text), " ")
		for _, want := range []string{"Item #3 of the **Roadmap 2023-2024** was agreed in Brussels ~~ not in Astana, at ~20 degrees."} {
			if !strings.Contains(flat, want) {
				t.Errorf("theme %v: the text is not shown as it is, want %q:\n%s", th, want, text)
			}
		}
		if th != common.ThemeMono {
			continue
		}
		for _, marker := range []string{"# The Roadmap", "**Astana Times**"} {
			if strings.Contains(text, marker) {
				t.Errorf("mono rendering shows the marker %q:\n%s", marker, text)
			}
		}
		if !strings.Contains(text, "The Roadmap is agreed") || !strings.Contains(text, "Astana Times") {
			t.Errorf("mono rendering lost the title or the outlet:\n%s", text)
		}
	}
}
