package search

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/ui/common"
)

// TestIsNewListStaysWhileReading: a query naming is:new lists your new
// articles; when some are read the list stays (their rows lose the new
// mark), so that the list you read through does not move under you; when
// an article joins them, the query runs again and lists it.
func TestIsNewListStaysWhileReading(t *testing.T) {
	const mou, gateway = "001_23f0434f9776576a", "003_272ce948f6555c66"
	m := newPane(t)
	tell := func(ids ...string) {
		set := map[string]bool{}
		for _, id := range ids {
			set[id] = true
		}
		feed(m, func() tea.Msg { return common.NewArticlesMsg{IDs: set} })
	}
	tell(astana, mou)
	m.OpenPrompt()
	typeText(m, "is:new")
	settle(t, m)
	if r := m.Results(); r == nil || r.Total != 2 || strings.Count(m.View(), "new · ") != 2 {
		t.Fatalf("is:new before reading: %+v\n%s", r, m.View())
	}

	tell(mou) // the Astana article was read
	if r := m.Results(); r == nil || r.Total != 2 {
		t.Fatalf("reading one ran is:new again: %+v", r)
	}
	if n := strings.Count(m.View(), "new · "); n != 1 {
		t.Errorf("%d rows marked new after reading one, want 1:\n%s", n, m.View())
	}

	tell(mou, gateway) // one came in
	if r := m.Results(); r == nil || r.Total != 2 || r.Hits[0].ID != gateway && r.Hits[1].ID != gateway {
		t.Fatalf("is:new did not run again when an article came in: %+v", r)
	}
	if n := strings.Count(m.View(), "new · "); n != 2 {
		t.Errorf("%d rows marked new, want 2:\n%s", n, m.View())
	}
}
