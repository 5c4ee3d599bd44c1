package search

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/model/review"
	"dossier/ui/common"
)

// astana is the seed article that speaks of lithium.
const astana = "000_59948b4d9c446ef9"

// sessionOf is who's search pane on the store, its saved searches read.
func sessionOf(t *testing.T, st review.Store, who string) *Model {
	t.Helper()
	m := newPane(t)
	m.c.Store, m.c.Reviewer = st, who
	feed(m, m.Init())
	return m
}

func letter(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// statusOf is the text of the status messages among msgs.
func statusOf(msgs []tea.Msg) string {
	var out []string
	for _, m := range msgs {
		if s, ok := m.(common.StatusMsg); ok {
			out = append(out, s.Text)
		}
	}
	return strings.Join(out, " | ")
}

// TestSavedSearches: w keeps the query under a name, per person; with no
// query the saved searches are listed under the prompt with their hits
// among the person's new articles; enter runs one; x twice deletes it.
func TestSavedSearches(t *testing.T) {
	st, err := review.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	us, _ := review.UserStateOf(st)
	ctx := context.Background()
	m := sessionOf(t, st, "alice")
	// alice has looked once; then the Astana article is marked unread: new for her.
	ids := m.data.Snap.Corpus.IDs()
	if _, err := us.NewArticles(ctx, "alice", ids); err != nil {
		t.Fatal(err)
	}
	if _, err := us.MarkRead(ctx, "alice", false, astana); err != nil {
		t.Fatal(err)
	}

	// In the prompt, w is typed; out of it, with no query, it says what to do.
	typeText(m, "w")
	if m.Query() != "w" || !m.Prompt() {
		t.Fatalf("w in the prompt: query %q", m.Query())
	}
	m.input.SetValue("")
	feed(m, m.leavePrompt())
	if out := statusOf(feed(m, func() tea.Msg { return letter("w") })); !strings.Contains(out, "type a search first") {
		t.Errorf("w with no query: %q", out)
	}
	m.OpenPrompt()
	typeText(m, "lithium")
	settle(t, m)
	feed(m, m.leavePrompt())
	feed(m, func() tea.Msg { return letter("w") })
	if !m.Prompt() || m.saved.name.Value() != "lithium" || !m.saved.selected {
		t.Fatalf("w: prompt %v, name %q selected %v", m.Prompt(), m.saved.name.Value(), m.saved.selected)
	}
	if v := m.View(); !strings.Contains(v, "save as: lithium") {
		t.Errorf("the name prompt is not shown:\n%s", v)
	}
	typeText(m, "metals") // replaces the selected name
	out := feed(m, func() tea.Msg { return press(tea.KeyEnter) })
	if m.Prompt() || !strings.Contains(statusOf(out), "saved “metals”") {
		t.Fatalf("enter: prompt %v, said %q", m.Prompt(), statusOf(out))
	}
	list, err := us.SavedSearches(ctx, "alice")
	if err != nil || len(list) != 1 || list[0].Name != "metals" || list[0].Query != "lithium" {
		t.Fatalf("alice's saved searches: %+v %v", list, err)
	}

	// No query: the saved searches under the prompt, with their new hits.
	m.OpenPrompt()
	feed(m, func() tea.Msg { return press(tea.KeyBackspace) }) // the selected query goes
	feed(m, func() tea.Msg { return debounceMsg{seq: m.seq} })
	v := m.View()
	if !strings.Contains(v, "Saved searches (1)") || !strings.Contains(v, "metals") || !strings.Contains(v, "1 new") {
		t.Fatalf("the saved searches are not listed with their new hits:\n%s", v)
	}
	feed(m, func() tea.Msg { return press(tea.KeyDown) }) // into the list
	feed(m, func() tea.Msg { return press(tea.KeyEnter) })
	if m.Query() != "lithium" || m.Results() == nil || len(m.Results().Hits) == 0 || m.showingSaved() {
		t.Fatalf("enter did not run the saved search: query %q, results %v", m.Query(), m.Results())
	}

	// bob has none of alice's.
	bob := sessionOf(t, st, "bob")
	if strings.Contains(bob.View(), "Saved searches") || len(bob.saved.list) != 0 {
		t.Errorf("bob sees alice's saved searches:\n%s", bob.View())
	}

	// x asks, x again deletes.
	m.OpenPrompt()
	feed(m, func() tea.Msg { return press(tea.KeyBackspace) })
	feed(m, func() tea.Msg { return debounceMsg{seq: m.seq} })
	feed(m, func() tea.Msg { return press(tea.KeyDown) })
	if out := statusOf(feed(m, func() tea.Msg { return letter("x") })); !strings.Contains(out, "x again deletes") {
		t.Fatalf("x said %q", out)
	}
	if list, _ := us.SavedSearches(ctx, "alice"); len(list) != 1 {
		t.Fatal("one x deleted the saved search")
	}
	if out := statusOf(feed(m, func() tea.Msg { return letter("x") })); !strings.Contains(out, "deleted the saved search “metals” (lithium)") {
		t.Errorf("x again said %q", out)
	}
	if list, _ := us.SavedSearches(ctx, "alice"); len(list) != 0 {
		t.Errorf("after x x: %+v", list)
	}
	if strings.Contains(m.View(), "Saved searches") {
		t.Errorf("the deleted search is still listed:\n%s", m.View())
	}
}

// TestSavedNewHitsFollowReads: a saved search's "1 new" follows the
// person's reading: when the dashboard tells the pane that the article
// was read (here, or in another session), the count drops to "0 new".
func TestSavedNewHitsFollowReads(t *testing.T) {
	st, err := review.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	us, _ := review.UserStateOf(st)
	ctx := context.Background()
	m := newPane(t)
	m.c.Store, m.c.Reviewer = st, "alice"
	if _, err := us.NewArticles(ctx, "alice", m.data.Snap.Corpus.IDs()); err != nil {
		t.Fatal(err)
	}
	if _, err := us.MarkRead(ctx, "alice", false, astana); err != nil {
		t.Fatal(err)
	}
	if err := us.SaveSearch(ctx, "alice", "metals", "lithium"); err != nil {
		t.Fatal(err)
	}
	feed(m, m.Init())
	feed(m, func() tea.Msg { return common.NewArticlesMsg{IDs: map[string]bool{astana: true}} })
	if v := m.View(); !strings.Contains(v, "metals") || !strings.Contains(v, "1 new") {
		t.Fatalf("before reading, the saved search has one new hit:\n%s", v)
	}
	if _, err := us.MarkRead(ctx, "alice", true, astana); err != nil {
		t.Fatal(err)
	}
	feed(m, func() tea.Msg { return common.NewArticlesMsg{IDs: map[string]bool{}} })
	if v := m.View(); !strings.Contains(v, "0 new") {
		t.Errorf("after reading, the saved search still counts a new hit:\n%s", v)
	}
}

// TestSaveRefusesAMistake: a query with a mistake is not saved.
func TestSaveRefusesAMistake(t *testing.T) {
	st, err := review.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m := sessionOf(t, st, "alice")
	typeText(m, `"tailings`)
	settle(t, m)
	feed(m, m.leavePrompt())
	if out := statusOf(feed(m, func() tea.Msg { return letter("w") })); m.Prompt() || !strings.Contains(out, "mistake") {
		t.Errorf("w on a bad query: prompt %v, said %q", m.Prompt(), out)
	}
}

// TestFacetBars: in a wide, tall box the facets are bars with their
// counts; in a small one, one line.
func TestFacetBars(t *testing.T) {
	m := newPane(t)
	typeText(m, "Kazakhstan")
	settle(t, m)
	m.SetSize(facetBarsWidth, facetBarsHeight)
	lines := strings.Split(m.View(), "\n")
	var bars int
	for _, l := range lines[1:8] {
		if strings.Contains(l, "█") || strings.Contains(l, "▏") || strings.Contains(l, "▌") {
			bars++
		}
		if w := len([]rune(strings.TrimRight(l, " "))); w > facetBarsWidth {
			t.Errorf("a line of %d cells: %q", w, l)
		}
	}
	if bars < 3 || !strings.HasPrefix(lines[1], "en ") {
		t.Errorf("%d bars:\n%s", bars, strings.Join(lines[:10], "\n"))
	}
	m.SetSize(facetBarsWidth-1, facetBarsHeight)
	if l := strings.Split(m.View(), "\n")[1]; !strings.Contains(l, "│") || strings.Contains(l, "█") {
		t.Errorf("narrower, the facets are not one line: %q", l)
	}
}
