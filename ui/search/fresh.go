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
// when they changed, the saved searches' new hits are counted again. A
// query that names is:new runs again when articles joined them (they came
// in, or were marked unread), not when some were read: the list you are
// reading through stays as it is, its rows losing their new mark, so that
// esc comes back to the row you left and ] goes on.
func (m *Model) newArticles(ids map[string]bool) tea.Cmd {
	old := m.fresh
	m.fresh = ids
	if m.res != nil {
		m.list.SetRows(m.rows())
	}
	if old != nil && maps.Equal(old, ids) {
		return nil
	}
	count := m.countSaved() // read or marked elsewhere: "3 new" follows
	if !slices.Contains(index.SetsIn(m.input.Value()), index.SetNew) || old != nil && !joined(old, ids) {
		return count
	}
	m.seq++
	return tea.Batch(count, m.search())
}

// joined reports whether now holds an article that was not in before.
func joined(before, now map[string]bool) bool {
	for id := range now {
		if !before[id] {
			return true
		}
	}
	return false
}

// MarkTargets is the hit under the cursor, with its other versions: what
// m marks read or unread.
func (m *Model) MarkTargets() []string {
	if m.mode != modeList || m.res == nil || len(m.res.Hits) == 0 || m.list.Cursor() < 0 || m.data.Snap == nil {
		return nil
	}
	return common.Family(m.data.Snap.Corpus, m.list.SelectedKey())
}
