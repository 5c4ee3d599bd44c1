package reader

import (
	"errors"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/index"
	"dossier/model"
	"dossier/ui/common"
)

// concernState is what the reader knows of the items the article on
// screen concerns.
type concernState int

const (
	concernsNone    concernState = iota // nothing to relate it to (no roadmap or no index)
	concernsFinding                     // being found
	concernsFound                       // found (maybe none)
	concernsFailed                      // the index could not say
)

// concernsMsg carries the items an article concerns, best first.
type concernsMsg struct {
	seq   int
	id    string
	links []index.Link
	err   error
}

// findConcerns ranks, in a tea.Cmd, the roadmap items the article on
// screen concerns (index.Linker.Concerns: its words against each item's,
// across languages); a later article drops the answer.
func (m *Model) findConcerns() tea.Cmd {
	m.conSeq++
	m.links, m.conErr = nil, ""
	if m.c.Links == nil || m.c.Roadmap == nil || m.snap == nil || m.removed != nil {
		m.conState = concernsNone
		return nil
	}
	m.conState = concernsFinding
	seq, id, snap, links, ctx := m.conSeq, m.art.ID, m.snap, m.c.Links, m.c.Context()
	return func() tea.Msg {
		lk, err := links.Get(ctx, snap)
		if err != nil {
			return concernsMsg{seq: seq, id: id, err: err}
		}
		ls, err := lk.Concerns(ctx, id, 0)
		return concernsMsg{seq: seq, id: id, links: ls, err: err}
	}
}

// gotConcerns takes the answer for the article on screen.
func (m *Model) gotConcerns(msg concernsMsg) {
	if msg.seq != m.conSeq || msg.id != m.art.ID {
		return // another article since
	}
	switch {
	case errors.Is(msg.err, common.ErrNoLinks):
		m.conState = concernsNone
	case msg.err != nil:
		m.conState, m.conErr = concernsFailed, model.SanitizeLine(msg.err.Error())
	default:
		m.conState, m.links = concernsFound, msg.links
	}
	m.repaint()
	if m.mode == modeLink {
		m.picker.setRows(m)
	}
}

// isNew reports whether the article on screen, or one of its versions, is
// new for you.
func (m *Model) isNew() bool {
	if !m.open || m.snap == nil {
		return false
	}
	return common.AnyNew(m.fresh, common.Family(m.snap.Corpus, m.art.ID)...)
}

// slotLine is the line under the title: whether the article is new for
// you, and the items it concerns, best first ("Concerns: rm25-3, rm25-1 …"),
// cut with "…" to w cells.
func (m *Model) slotLine(w int) string {
	s := m.c.Styles
	var parts []string
	if m.isNew() {
		parts = append(parts, s.New.Render(common.NewTag))
	}
	switch m.conState {
	case concernsFinding:
		parts = append(parts, s.Muted.Render("Concerns: finding the roadmap items…"))
	case concernsFailed:
		parts = append(parts, s.Warning.Render("Concerns: unavailable ("+m.conErr+")"))
	case concernsFound:
		if len(m.links) == 0 {
			parts = append(parts, s.Muted.Render("Concerns: no roadmap item found · "+m.c.Keys.Link.Help().Key+" links it to one"))
			break
		}
		// The strong links (the article is news for the item) stand out;
		// the weaker ones follow, muted.
		ids := make([]string, len(m.links))
		for i, l := range m.links {
			st := s.Muted
			if l.Strong {
				st = s.Accent
			}
			ids[i] = st.Render(model.Escape(l.TopicID))
		}
		parts = append(parts, s.Muted.Render("Concerns: ")+strings.Join(ids, s.Muted.Render(", ")))
	}
	return "  " + common.Truncate(strings.Join(parts, s.Muted.Render(" · ")), max(w-2, 1))
}

// MarkTargets is the article on screen with its other versions: what m
// marks read or unread.
func (m *Model) MarkTargets() []string {
	if !m.open || m.snap == nil {
		return nil
	}
	return common.Family(m.snap.Corpus, m.art.ID)
}

// markOpened asks the root to mark an article opened (not previewed) read,
// with its other versions.
func (m *Model) markOpened() tea.Cmd {
	ids := m.MarkTargets()
	if len(ids) == 0 {
		return nil
	}
	return func() tea.Msg { return common.MarkReadMsg{IDs: ids, Read: true, Opened: true} }
}
