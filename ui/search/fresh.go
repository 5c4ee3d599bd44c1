package search

import (
	"maps"
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/index"
	"dossier/ui/common"
)

// hitNew reports whether a hit, or one of its other-language versions, is
// new for you.
func (m *Model) hitNew(h index.Hit) bool {
	if m.fresh[h.ID] {
		return true
	}
	for _, v := range h.Versions {
		if m.fresh[v.ID] {
			return true
		}
	}
	return false
}

// sets are the is: sets a query may name: your new articles, once known
// (without them, is:new is refused with the index's own words).
func (m *Model) sets() map[string][]string {
	if m.fresh == nil {
		return nil
	}
	ids := slices.Sorted(maps.Keys(m.fresh))
	return map[string][]string{index.SetNew: ids}
}

// newArticles takes the articles new for you: the hits are marked again;
// when they changed, the saved searches' new hits are counted again and a
// query that names is:new runs again.
func (m *Model) newArticles(ids map[string]bool) tea.Cmd {
	same := m.fresh != nil && maps.Equal(m.fresh, ids)
	m.fresh = ids
	if m.res != nil {
		m.list.SetRows(m.rows())
	}
	if same {
		return nil
	}
	count := m.countSaved() // read or marked elsewhere: "3 new" follows
	if !slices.Contains(index.SetsIn(m.input.Value()), index.SetNew) {
		return count
	}
	m.seq++
	return tea.Batch(count, m.search())
}

// MarkTargets is the hit under the cursor, with its other versions: what
// m marks read or unread.
func (m *Model) MarkTargets() []string {
	if m.mode != modeList || m.res == nil || len(m.res.Hits) == 0 || m.list.Cursor() < 0 || m.data.Snap == nil {
		return nil
	}
	return common.Family(m.data.Snap.Corpus, m.list.SelectedKey())
}
