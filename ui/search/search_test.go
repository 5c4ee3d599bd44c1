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
