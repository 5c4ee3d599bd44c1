package search

import (
	"context"
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/model/review"
	"dossier/seeds"
	"dossier/ui/common"
)

func newPane(t *testing.T) *Model {
	t.Helper()
	c, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(context.Background(), c, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	cm := common.Common{Renderer: r, Styles: common.NewStyles(r, common.ThemeMono), Keys: common.DefaultKeyMap()}
	m := New(cm)
	m.Update(common.DataMsg{State: library.Loaded(library.NewSnapshot(c, ix, nil)).State()})
	m.SetSize(60, 20)
	m.OpenPrompt()
	return m
}

func typeText(m *Model, s string) (cmds []tea.Cmd) {
	for _, r := range s {
		_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		cmds = append(cmds, cmd)
	}
	return cmds
}

func TestStaleResultsAreDropped(t *testing.T) {
	m := newPane(t)
	typeText(m, "lithium")
	first := m.seq
	res1, err := m.data.Snap.Index.Search(context.Background(), index.Request{Query: "lithium", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	typeText(m, " OR graphite") // the user kept typing
	m.Update(resultsMsg{seq: first, res: res1})
	if m.Results() != nil {
		t.Fatalf("results of query %d shown while query %d is current", first, m.seq)
	}
	// A debounce tick of an older keystroke does not run a search either.
	if _, cmd := m.Update(debounceMsg{seq: first}); cmd != nil {
		t.Fatal("an old debounce tick started a search")
	}
	_, cmd := m.Update(debounceMsg{seq: m.seq})
	if cmd == nil {
		t.Fatal("the current debounce tick did not search")
	}
	msg := cmd().(resultsMsg)
	m.Update(msg)
	if m.Results() == nil || m.Results().Query != "lithium OR graphite" {
		t.Fatalf("current results not shown: %+v", m.Results())
	}
}

func TestQueryErrorKeepsLastResults(t *testing.T) {
	m := newPane(t)
	typeText(m, "hydrogen")
	_, cmd := m.Update(debounceMsg{seq: m.seq})
	m.Update(cmd())
	good := m.Results()
	if good == nil || good.Total == 0 {
		t.Fatal("no results for hydrogen")
	}
	typeText(m, ` "unclosed`)
	_, cmd = m.Update(debounceMsg{seq: m.seq})
	m.Update(cmd())
	if m.Results() != good {
		t.Error("an error replaced the last good results")
	}
	view := m.View()
	if want := `✗ column 10: this quote is never closed`; !strings.Contains(view, want) {
		t.Errorf("view lacks %q:\n%s", want, view)
	}
}

// settle runs the pane's pending search for the query typed so far.
func settle(t *testing.T, m *Model) {
	t.Helper()
	_, cmd := m.Update(debounceMsg{seq: m.seq})
	if cmd == nil {
		t.Fatal("no search ran")
	}
	m.Update(cmd())
}

func press(k tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: k} }

// TestSnippetShowsTheMatchAtEveryWidth: a result's snippet is cut around
// its first match, never before it, at every width.
func TestSnippetShowsTheMatchAtEveryWidth(t *testing.T) {
	for _, q := range []string{"lithium", "Bergbau", "Samarkand", "phosphorus"} {
		m := newPane(t)
		typeText(m, q)
		settle(t, m)
		for w := 24; w <= 200; w++ {
			m.SetSize(w, 20)
			view := m.View()
			lines := strings.Split(view, "\n")
			snippet := lines[headerLinesOf(m)+2] // the third line of the first hit
			if !strings.Contains(snippet, "«") || !strings.Contains(snippet, "»") {
				t.Fatalf("%q at width %d: the match is not in the snippet %q", q, w, snippet)
			}
		}
	}
}

func headerLinesOf(m *Model) int { return m.headerHeight() }

// TestPromptArrows: ↓ in the prompt goes down into the results; ↑ walks the
// earlier queries and ↓ past the newest gives back what was being typed.
func TestPromptArrows(t *testing.T) {
	m := newPane(t)
	typeText(m, "lithium")
	settle(t, m)
	m.Update(press(tea.KeyEnter)) // opens the first hit, remembers the query
	m.OpenPrompt()
	typeText(m, "hydrogen")
	settle(t, m)
	m.Update(press(tea.KeyEsc))
	m.OpenPrompt()
	typeText(m, "Samarkand")
	m.Update(press(tea.KeyUp))
	if got := m.Query(); got != "hydrogen" {
		t.Fatalf("↑ gives %q, want hydrogen", got)
	}
	m.Update(press(tea.KeyUp))
	if got := m.Query(); got != "lithium" {
		t.Fatalf("↑↑ gives %q, want lithium", got)
	}
	m.Update(press(tea.KeyDown))
	m.Update(press(tea.KeyDown))
	if got := m.Query(); got != "Samarkand" || !m.Prompt() {
		t.Fatalf("↓ past the newest gives %q (prompt %v), want the query being typed", got, m.Prompt())
	}
	settle(t, m)
	m.Update(press(tea.KeyDown))
	if m.Prompt() {
		t.Fatal("↓ in the prompt did not move into the results")
	}
	if m.Query() != "Samarkand" || m.list.Cursor() != 0 {
		t.Errorf("in the results: query %q, cursor %d", m.Query(), m.list.Cursor())
	}
}

// TestSearchesRememberedAcrossSessions: every submitted query is kept in
// the review store for its person, and ↑ brings them back in a new session.
func TestSearchesRememberedAcrossSessions(t *testing.T) {
	st, err := review.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	session := func(who string) *Model {
		m := newPane(t)
		m.c.Store, m.c.Reviewer = st, who
		feed(m, m.Init())
		return m
	}
	m := session("alice")
	for _, q := range []string{"lithium", "hydrogen", "Samarkand"} {
		m.OpenPrompt()
		typeText(m, q)
		settle(t, m)
		_, cmd := m.Update(press(tea.KeyEnter))
		runAll(cmd)
	}
	again := session("alice")
	again.OpenPrompt()
	var walked []string
	for range 4 {
		again.Update(press(tea.KeyUp))
		walked = append(walked, again.Query())
	}
	if want := []string{"Samarkand", "hydrogen", "lithium", "lithium"}; strings.Join(walked, ",") != strings.Join(want, ",") {
		t.Errorf("↑ in a new session walks %q, want %q", walked, want)
	}
	other := session("bob")
	other.OpenPrompt()
	other.Update(press(tea.KeyUp))
	if other.Query() != "" {
		t.Errorf("bob recalls alice's %q", other.Query())
	}
}

// run runs a command and returns its message (nil for none).
func run(c tea.Cmd) tea.Msg {
	if c == nil {
		return nil
	}
	return c()
}

// feed runs a command and gives the pane the messages it returns, and
// those of the commands that follow; it returns what the pane does not
// take (the status line's, the reader's).
func feed(m *Model, c tea.Cmd) (others []tea.Msg) {
	queue := []tea.Cmd{c}
	for len(queue) > 0 {
		c, queue = queue[0], queue[1:]
		switch msg := run(c).(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case common.StatusMsg, common.OpenArticleMsg, common.SearchChangedMsg, common.PreviewMsg:
			others = append(others, msg)
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
	return others
}

// runAll runs a command and every command of a batch it returns.
func runAll(c tea.Cmd) {
	switch msg := run(c).(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			runAll(c)
		}
	}
}

// TestQueryErrorShownWhole: a query error is wrapped, never cut, at every
// width the pane has at 120 and 160 columns and below; the results below
// it are marked as those of the last good query.
func TestQueryErrorShownWhole(t *testing.T) {
	m := newPane(t)
	typeText(m, "hydrogen")
	settle(t, m)
	typeText(m, ` "renewable hydrogen`)
	settle(t, m)
	want := strings.Fields("column 10: this quote is never closed")
	for _, w := range []int{36, 52, 60, 78, 100} {
		m.SetSize(w, 30)
		view := m.View()
		flat := strings.Join(strings.Fields(view), " ")
		if !strings.Contains(flat, strings.Join(want, " ")+`: add a closing "`) || strings.Contains(strings.Split(view, "below")[0], "…") {
			t.Errorf("width %d: the error is not whole:\n%s", w, view)
		}
		if !strings.Contains(flat, "below: the results of the last good query, “hydrogen”") {
			t.Errorf("width %d: the results under the error are not marked:\n%s", w, view)
		}
	}
}

// TestCountsSayWhatIsListed: the status line counts the rows, with the
// translations beside them.
func TestCountsSayWhatIsListed(t *testing.T) {
	m := newPane(t)
	typeText(m, "Samarkand OR lithium")
	settle(t, m)
	view := m.View()
	if !strings.Contains(view, "2 articles · 1 also in German") || m.list.Len() != 2 {
		t.Errorf("%d rows; view:\n%s", m.list.Len(), view)
	}
}

// TestWhereItMatchedForFieldQueries: a hit found through a field says
// which one, with the author shown when the author matched.
func TestWhereItMatchedForFieldQueries(t *testing.T) {
	for _, tt := range []struct{ query, want string }{
		{`source:"astana times"`, "matched in: outlet The «Astana Times»"},
		{`author:banks`, "matched in: author Martin «Banks»"},
		{`lang:de`, "matched in: language German"},
		{`year:2022`, "matched in: published 8 Nov 2022"},
	} {
		m := newPane(t)
		typeText(m, tt.query)
		settle(t, m)
		view := m.View()
		if !strings.Contains(view, tt.want) || strings.Contains(view, "the match is in the title") {
			t.Errorf("%s: want %q in\n%s", tt.query, tt.want, view)
		}
		if tt.query == "author:banks" && !strings.Contains(view, "· by Martin «Banks»") {
			t.Errorf("the author who matched is not shown:\n%s", view)
		}
	}
}

// TestReaderLanguagePicksTheVersion: the pane asks for the reader's
// language: a name in both versions shows the version in it.
func TestReaderLanguagePicksTheVersion(t *testing.T) {
	for lang, want := range map[string]string{"en": "002_c9518c213fe21bc0", "de": "004_d123cf3179b2b0cd"} {
		m := newPane(t)
		m.c.Lang = lang
		typeText(m, "Samarkand")
		settle(t, m)
		if hits := m.Results().Hits; len(hits) != 1 || hits[0].ID != want {
			t.Errorf("reader %s: hits %+v, want %s", lang, hits, want)
		}
	}
}
