package roadmap

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
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

// wroteMsg reports a write.
type wroteMsg struct {
	change review.Change
	err    error
	what   string // the change, for the status line: "mou-1.1 → at risk"
	undo   bool
}

// noticeMsg is the store's change feed: a newer change id, or that the
// store is unavailable.
type noticeMsg struct {
	notice review.Notice
	feed   <-chan review.Notice
}

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

// watch waits for the store's next notice: changes made by other sessions,
// processes or servers arrive through it (PostgreSQL's LISTEN/NOTIFY, or
// SQLite's poll), and so does its unavailability. Poll zero turns it off.
func (m *Model) watch(feed <-chan review.Notice) tea.Cmd {
	if m.c.Poll <= 0 || m.c.Store == nil {
		return nil
	}
	if feed == nil {
		feed = m.c.Store.Watch(m.c.Context())
	}
	return func() tea.Msg {
		n, ok := <-feed
		if !ok {
			return nil // the session ended
		}
		return noticeMsg{notice: n, feed: feed}
	}
}

func (m *Model) noticed(msg noticeMsg) tea.Cmd {
	cmds := []tea.Cmd{m.watch(msg.feed)}
	m.down = msg.notice.Status()
	if msg.notice.Available() && msg.notice.LastChangeID != m.last {
		cmds = append(cmds, m.load())
	}
	return tea.Batch(cmds...)
}

func (m *Model) loaded(msg loadedMsg) tea.Cmd {
	if msg.err == nil && msg.last < m.last {
		return nil // an older snapshot that finished late: keep the newer one
	}
	if msg.err != nil {
		m.loadErr = model.SanitizeLine(msg.err.Error())
		return sayErr("review store: " + m.loadErr)
	}
	m.loadErr = ""
	news := m.othersChanges(msg.reviews)
	m.reviews, m.last = msg.reviews, max(m.last, msg.last)
	m.refresh()
	if m.mode == modeDetail {
		m.detail.SetRows(m.detailRows())
	}
	cmds := []tea.Cmd{m.fetchHistory(m.shownItem())}
	// What this session just did comes first; others' changes after it.
	if line := strings.Trim(m.told+" · "+news, " ·"); line != "" {
		cmds = append(cmds, say(line))
	}
	m.told = ""
	return tea.Batch(cmds...)
}

// othersChanges describes what other reviewers changed since the last load:
// "alice changed mou-1.1 (blocked)".
func (m *Model) othersChanges(next map[string]review.Review) string {
	if m.last == 0 {
		return "" // the first load is not news
	}
	var parts []string
	for id, r := range next {
		if old := m.reviews[id]; r.Version != old.Version && r.By != m.c.Reviewer && r.By != "" {
			parts = append(parts, fmt.Sprintf("%s changed %s (%s)", model.SanitizeLine(r.By), id, r.Status))
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
	if ro, why := m.c.Store.ReadOnly(); ro {
		return sayErr("reviews are read-only: " + model.SanitizeLine(why) + "; nothing was changed")
	}
	st := m.c.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		ch, err := fn(ctx, st)
		return wroteMsg{change: ch, err: err, what: what, undo: undo}
	}
}

// wrote says what a write did, with the key that undoes it, or why it did
// nothing.
func (m *Model) wrote(msg wroteMsg) tea.Cmd {
	ch := msg.change
	switch {
	case errors.Is(msg.err, review.ErrNothingToUndo):
		return say("nothing of yours to undo")
	case msg.err != nil:
		var ce *review.ConflictError
		if errors.As(msg.err, &ce) {
			return sayErr(model.SanitizeLine(ce.Reason))
		}
		return sayErr(model.SanitizeLine(msg.err.Error()))
	case ch.Unchanged:
		return say(msg.what + ": already so, nothing changed")
	case msg.undo:
		m.told = undoneText(ch)
	default:
		m.told = msg.what + " · " + m.c.Keys.Undo.Help().Key + " undoes"
	}
	return m.load()
}

// undoneText says what an undo put back: the value, and whose it was.
func undoneText(ch review.Change) string {
	what := ch.Field
	switch ch.Field {
	case review.FieldStatus:
		what = "status back to " + ch.New
	case review.FieldNote:
		what = "note restored"
	case review.FieldEvidenceAdd:
		what = "evidence put back"
	case review.FieldEvidenceRemove:
		what = "evidence removed again"
	}
	who := "as it was before you"
	if ch.PrevBy != "" {
		who = "as " + model.SanitizeLine(ch.PrevBy) + " had it"
		if !ch.PrevAt.IsZero() {
			who += ", " + ch.PrevAt.Local().Format("2 Jan 15:04")
		}
	}
	return fmt.Sprintf("undone: %s %s (%s)", ch.ItemID, what, who)
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
	return m.write(fmt.Sprintf("evidence from %s attached to %s", model.Escape(article), id), false, func(ctx context.Context, s review.Store) (review.Change, error) {
		return s.AddEvidence(ctx, e)
	})
}

func (m *Model) removeEvidence(e review.Evidence) tea.Cmd {
	who := m.c.Reviewer
	return m.write(fmt.Sprintf("evidence from %s removed from %s", model.Escape(e.ArticleID), e.ItemID), false, func(ctx context.Context, s review.Store) (review.Change, error) {
		return s.RemoveEvidence(ctx, e.ID, who)
	})
}

func (m *Model) undoLast() tea.Cmd {
	who := m.c.Reviewer
	return m.write("undo", true, func(ctx context.Context, s review.Store) (review.Change, error) {
		return s.UndoLast(ctx, who)
	})
}

// historyMsg carries an item's recorded changes.
type historyMsg struct {
	seq     int
	itemID  string
	changes []review.Change
	err     error
}

// fetchHistory reads an item's history in the background, for the detail
// column and the history view.
func (m *Model) fetchHistory(id string) tea.Cmd {
	if id == "" || m.c.Store == nil {
		return nil
	}
	m.histSeq++
	seq, st := m.histSeq, m.c.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		ch, err := st.History(ctx, id)
		return historyMsg{seq: seq, itemID: id, changes: ch, err: err}
	}
}

func (m *Model) gotHistory(msg historyMsg) tea.Cmd {
	if msg.err != nil {
		return nil // the detail keeps what it had; the header shows store trouble
	}
	m.history[msg.itemID] = msg.changes
	return nil
}

// shownItem is the item whose detail is on screen (the selected one in the list).
func (m *Model) shownItem() string {
	if m.mode != modeList {
		return m.itemID
	}
	return m.list.SelectedKey()
}
