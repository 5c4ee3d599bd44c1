package timeline

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/index/library"
	"dossier/model/roadmap"
	tl "dossier/model/timeline"
)

// A large corpus takes about a second to open (its files are stat'ed to
// confirm the kept index), but the timeline its published generation keeps
// is read in milliseconds: the pane lists it meanwhile, as kept, and
// replaces it with the snapshot's timeline when that comes (the same one
// when nothing changed; a change found by the scan shows then).

// keptMsg carries the timeline the published generation keeps, read
// before the corpus is confirmed.
type keptMsg struct{ early }

// readKept reads the timeline the published generation keeps, once for
// every session of the feed.
func (m *Model) readKept() tea.Cmd {
	f, ctx, ms := m.c.Feed, m.c.Context(), m.milestones
	if f == nil {
		return nil
	}
	return func() tea.Msg {
		v, err := f.Early(ctx, keptValue, keptOf(f, ms))
		if k, ok := v.(early); ok && err == nil && len(k.t.Events) > 0 {
			return keptMsg{k}
		}
		return nil
	}
}

// keptValue names the kept timeline among the feed's early values.
const keptValue = "kept timeline"

// keptOf reads the timeline the feed's published generation keeps for
// the milestones ms, with its keys and entries (none when it keeps none).
func keptOf(f *library.Feed, ms []tl.Milestone) func() any {
	return func() any {
		t, ok := f.PublishedTimeline(ms)
		if !ok {
			return early{}
		}
		return earlyFrom(t)
	}
}

// Prefetch starts reading the timeline the corpus's published generation
// keeps for the catalogue cat, as each pane does when it starts: a
// dashboard that calls it as soon as its feed starts lists it sooner. It
// returns at once.
func Prefetch(ctx context.Context, f *library.Feed, cat *roadmap.Catalogue) {
	if f == nil || cat == nil {
		return
	}
	go f.Early(ctx, keptValue, keptOf(f, tl.Milestones(cat))) //nolint:errcheck // the panes ask for it again
}

// showKept lists the kept timeline, unless the snapshot's came first.
func (m *Model) showKept(msg keptMsg) {
	if m.built {
		return // the corpus's own is listed: the kept one is older or the same
	}
	m.t, m.early, m.kept, m.keptShown = msg.t, false, true, msg.early
	m.keys, m.byKey, m.entries, m.bounded = msg.keys, msg.byKey, msg.entries, msg.t.Bounded()
	m.list.SetSize(m.c.Width, max(m.c.Height-m.headerHeight(), 0))
	m.refresh()
}

// forgetKept goes back to the catalogue's milestones: the corpus the
// kept timeline was of could not be opened.
func (m *Model) forgetKept() {
	e := earlyOf(m.c, m.milestones)
	m.t, m.early, m.kept, m.keptShown = e.t, len(e.t.Events) > 0, false, early{}
	m.keys, m.byKey, m.entries, m.bounded = e.keys, e.byKey, e.entries, false
	m.refresh()
}

// of returns the shown timeline's keys and entries when t is the same
// timeline (the snapshot took the one read early).
func (e early) of(t tl.Timeline) (early, bool) {
	if len(t.Events) == 0 || len(e.t.Events) != len(t.Events) || &e.t.Events[0] != &t.Events[0] {
		return early{}, false
	}
	return e, true
}
