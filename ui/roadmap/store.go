package roadmap

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/model/review"
)

// storeTimeout bounds one store operation started from the UI.
const storeTimeout = 35 * time.Second

// loadedMsg carries the store's current state; last, the newest change id
// when it was read, orders snapshots so a late, older one is dropped.
type loadedMsg struct {
	reviews map[string]review.Review
	last    int64
	err     error
}

// wroteMsg reports a write; undo marks writes that undid a change.
type wroteMsg struct {
	change review.Change
	err    error
	undo   bool
	what   string // for the status line: "mou-1.1 → at risk"
}

// pollMsg asks the pane to look for changes made elsewhere.
type pollMsg struct{}

func (m *Model) load() tea.Cmd {
	st := m.c.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		last, err := st.LastChangeID(ctx)
		if err != nil {
			return loadedMsg{err: err}
		}
		all, err := st.All(ctx)
		return loadedMsg{reviews: all, last: last, err: err}
	}
}

func (m *Model) poll() tea.Cmd {
	if m.c.Poll <= 0 {
		return nil
	}
	return tea.Tick(m.c.Poll, func(time.Time) tea.Msg { return pollMsg{} })
}

// checkStore reloads when the store has changes this pane has not seen.
func (m *Model) checkStore() tea.Cmd {
	st, seen := m.c.Store, m.last
	check := func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		last, err := st.LastChangeID(ctx)
		if err != nil || last == seen {
			return nil
		}
		all, err := st.All(ctx)
		return loadedMsg{reviews: all, last: last, err: err}
	}
	return tea.Batch(check, m.poll())
}

func (m *Model) loaded(msg loadedMsg) tea.Cmd {
	if msg.err == nil && msg.last < m.last {
		return nil // an older snapshot that finished late: keep the newer one
	}
	if msg.err != nil {
		m.loadErr = msg.err.Error()
		return sayErr("review store: " + msg.err.Error())
	}
	m.loadErr = ""
	news := m.othersChanges(msg.reviews)
	m.reviews, m.last = msg.reviews, max(m.last, msg.last)
	m.refresh()
	if m.mode == modeDetail {
		m.detail.SetRows(m.detailRows())
	}
	if news != "" {
		return say(news)
	}
	return nil
}

// othersChanges describes what other reviewers changed since the last load:
// "Alice changed mou-1.1 (blocked)".
func (m *Model) othersChanges(next map[string]review.Review) string {
	if m.last == 0 {
		return "" // the first load is not news
	}
	var parts []string
	for id, r := range next {
		if old := m.reviews[id]; r.Version != old.Version && r.By != m.c.Reviewer {
			parts = append(parts, fmt.Sprintf("%s changed %s (%s)", r.By, id, r.Status))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	sort.Strings(parts)
	if len(parts) > 2 {
		return fmt.Sprintf("%s and %d more changes by others", parts[0], len(parts)-1)
	}
	return strings.Join(parts, "; ")
}

// write runs a store change in a tea.Cmd and reports it.
func (m *Model) write(what string, undo bool, fn func(ctx context.Context, st review.Store) (review.Change, error)) tea.Cmd {
	if m.c.Store == nil {
		return sayErr("reviews are off: no review store is open")
	}
	st := m.c.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		ch, err := fn(ctx, st)
		return wroteMsg{change: ch, err: err, undo: undo, what: what}
	}
}

func (m *Model) wrote(msg wroteMsg) tea.Cmd {
	if msg.err != nil {
		var ce *review.ConflictError
		if errors.As(msg.err, &ce) {
			return sayErr("not changed: someone else changed it meanwhile (" + ce.Reason + ")")
		}
		return sayErr("not saved: " + msg.err.Error())
	}
	if msg.undo {
		if n := len(m.undo); n > 0 {
			m.undo = m.undo[:n-1]
		}
	} else {
		m.undo = append(m.undo, msg.change)
		if len(m.undo) > 100 {
			m.undo = m.undo[1:]
		}
	}
	return tea.Batch(m.load(), say(msg.what))
}

func (m *Model) setStatus(id string, st review.Status) tea.Cmd {
	if id == "" {
		return nil
	}
	who := m.c.Reviewer
	return m.write(fmt.Sprintf("%s → %s", id, st), false, func(ctx context.Context, s review.Store) (review.Change, error) {
		return s.SetStatus(ctx, id, st, who)
	})
}

func (m *Model) addEvidence(id, article string, start, end int, quote string) tea.Cmd {
	e := review.Evidence{ItemID: id, ArticleID: article, Start: start, End: end, Quote: quote, By: m.c.Reviewer}
	return m.write(fmt.Sprintf("evidence from %s attached to %s", article, id), false, func(ctx context.Context, s review.Store) (review.Change, error) {
		return s.AddEvidence(ctx, e)
	})
}

func (m *Model) removeEvidence(e review.Evidence) tea.Cmd {
	who := m.c.Reviewer
	return m.write(fmt.Sprintf("evidence from %s removed from %s (u undoes)", e.ArticleID, e.ItemID), false, func(ctx context.Context, s review.Store) (review.Change, error) {
		return s.RemoveEvidence(ctx, e.ID, who)
	})
}

func (m *Model) undoLast() tea.Cmd {
	who := m.c.Reviewer
	return m.write("undone your last change", true, func(ctx context.Context, s review.Store) (review.Change, error) {
		return s.UndoLast(ctx, who)
	})
}
