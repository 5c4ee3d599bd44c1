package timeline

import (
	"slices"
	"strings"

	tl "dossier/model/timeline"
	"dossier/ui/common"
)

// rowArticles are the articles a row stands for: an event's sources, or an
// undated article.
func (m *Model) rowArticles(key string) []string {
	if id, ok := strings.CutPrefix(key, "undated:"); ok {
		return []string{id}
	}
	ev, ok := m.eventByKey(key)
	if !ok {
		return nil
	}
	var ids []string
	for _, r := range refs(ev) {
		ids = append(ids, r.ID)
	}
	return ids
}

// eventNew reports whether an event has an article new for you (among
// the sources it holds: a bounded event's are at most a few dozen).
func (m *Model) eventNew(ev *tl.Event) bool {
	if len(m.fresh) == 0 {
		return false
	}
	for _, s := range ev.Sources {
		if s.Basis != tl.Catalogue && m.fresh[s.ID] {
			return true
		}
	}
	return false
}

// HasMarkTargets reports whether MarkTargets has any article, without
// listing them.
func (m *Model) HasMarkTargets() bool {
	if m.mode != modeList || m.snap == nil {
		return false
	}
	key := m.list.SelectedKey()
	if strings.HasPrefix(key, "undated:") {
		return true
	}
	i, ok := m.byKey[key]
	return ok && slices.ContainsFunc(m.t.Events[i].Sources, func(s tl.Source) bool { return s.Basis != tl.Catalogue })
}

// MarkTargets are the articles of the selected row, with their other
// versions: what m marks read or unread.
func (m *Model) MarkTargets() []string {
	if m.mode != modeList || m.snap == nil {
		return nil
	}
	var out []string
	for _, id := range m.rowArticles(m.list.SelectedKey()) {
		for _, v := range common.Family(m.snap.Corpus, id) {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// newLabel is a row's label with the new mark in front when it is new.
func newLabel(fresh bool, label string) string {
	if !fresh {
		return label
	}
	return common.NewTag + " · " + label
}

// styleNew draws a row's first line, whose label may start with the new
// mark: the mark bold, the rest in st.
func styleNew(s *common.Styles, fresh bool, line string, st interface{ Render(...string) string }) string {
	if rest, ok := strings.CutPrefix(line, common.NewTag+" · "); fresh && ok {
		return s.New.Render(common.NewTag) + s.Muted.Render(" · ") + st.Render(rest)
	}
	return st.Render(line)
}
