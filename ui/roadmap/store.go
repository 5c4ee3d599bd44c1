package roadmap

import (
	"context"
	"errors"
	"fmt"
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
	drafts  map[string]review.Draft // this reviewer's, nil if they could not be read
	changes []review.Change         // the changes since the previous load, to announce others'
	last    int64
	err     error
}

// maxNews bounds the changes read to announce what others did since the
// last load (the rest are counted by the reviews themselves).
const maxNews = 50

// wroteMsg reports a write.
type wroteMsg struct {
	change review.Change
	err    error
	what   string // the change, for the status line: "mou-1.1 → at risk"
	undo   bool

	// a refused undo: the change the reviewer could undo instead by
	// passing over the refused one (next), if any (hasNext)
	next    review.Change
	hasNext bool
	skipped bool // this undo passed over a refused change, as offered
}

// noticeMsg is the store's change feed: a newer change id, or that the
// store is unavailable.
type noticeMsg struct {
	notice review.Notice
	feed   <-chan review.Notice
}

func (m *Model) load() tea.Cmd { return m.loadAfter(nil) }

// loadAfter runs first (when not nil), then loads, in one command: a draft
// deleted first cannot come back with the load.
func (m *Model) loadAfter(first func(ctx context.Context)) tea.Cmd {
	st, who, since, news := m.c.Store, m.c.Reviewer, m.last, m.loaded1
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		if first != nil {
			first(ctx)
		}
		all, last, err := review.AllWithID(ctx, st)
		if err != nil {
			return loadedMsg{err: err}
		}
		msg := loadedMsg{reviews: all, last: last}
		if who != "" {
			msg.drafts, _ = st.Drafts(ctx, who) // without them, drafts show once e opens them
		}
		if news && last > since {
			msg.changes, _ = st.ChangesSince(ctx, since, maxNews) // news only: the reviews are what counts
		}
		return msg
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
	news := m.othersChanges(msg.changes)
	m.reviews, m.last, m.loaded1 = msg.reviews, max(m.last, msg.last), true
	if msg.drafts != nil {
		m.stored = msg.drafts
	}
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

// othersChanges says what other reviewers changed since the last load,
// naming what changed: "bob changed the note of rm23-1". Each change is
// told once.
func (m *Model) othersChanges(changes []review.Change) string {
	var parts []string
	for _, c := range changes {
		if c.ID <= m.announced {
			continue
		}
		m.announced = c.ID
		if c.By == m.c.Reviewer {
			continue
		}
		parts = append(parts, m.notice(c))
	}
	switch {
	case len(parts) == 0:
		return ""
	case len(parts) > 2:
		return fmt.Sprintf("%s and %d more changes by others", parts[len(parts)-1], len(parts)-1)
	}
	return strings.Join(parts, "; ")
}

// notice tells one change by someone else: who, what, which item.
func (m *Model) notice(c review.Change) string {
	who, id := model.SanitizeLine(c.By), model.Escape(c.ItemID)
	if c.Undoes != 0 {
		what, _ := m.describeChange(c)
		return fmt.Sprintf("%s undid a change to %s: %s", who, id, strings.TrimSuffix(what, ":"))
	}
	switch c.Field {
	case review.FieldStatus:
		return fmt.Sprintf("%s set %s to %s", who, id, c.New)
	case review.FieldNote:
		switch {
		case c.New == "":
			return fmt.Sprintf("%s removed the note of %s", who, id)
		case c.Old == "":
			return fmt.Sprintf("%s wrote a note on %s", who, id)
		}
		return fmt.Sprintf("%s changed the note of %s", who, id)
	case review.FieldEvidenceAdd:
		return fmt.Sprintf("%s added evidence to %s", who, id)
	case review.FieldEvidenceRemove:
		return fmt.Sprintf("%s removed evidence from %s", who, id)
	}
	return fmt.Sprintf("%s changed %s", who, id)
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
		if len(m.skipUndo) > 0 {
			return say(fmt.Sprintf("nothing of yours left to undo (passed over: %d that others changed since)", len(m.skipUndo)))
		}
		return say("nothing of yours to undo")
	case msg.err != nil:
		var ce *review.ConflictError
		if errors.As(msg.err, &ce) && msg.undo && ce.Undo.ID != 0 {
			return sayErr(m.refusedUndo(ce, msg))
		}
		if errors.As(msg.err, &ce) {
			return sayErr(model.SanitizeLine(ce.Reason))
		}
		return sayErr(model.SanitizeLine(msg.err.Error()))
	case ch.Unchanged:
		return say(msg.what + ": already so, nothing changed")
	case msg.undo:
		m.told = m.undoneText(ch)
		if msg.skipped {
			m.told += " · passed over your change that someone else changed since"
		}
	default:
		m.told = msg.what + " · " + m.c.Keys.Undo.Help().Key + " undoes"
	}
	return m.load()
}

// refusedUndo says why an undo changed nothing, the reason first (a narrow
// status line wraps it), and how to go on: z again passes over the change
// and undoes the one before it.
func (m *Model) refusedUndo(ce *review.ConflictError, msg wroteMsg) string {
	x := ce.Undo
	who := "someone"
	if ce.By != "" {
		who = model.SanitizeLine(ce.By)
	}
	since := ""
	if !ce.At.IsZero() {
		since = " (" + ce.At.Local().Format("2 Jan 15:04") + ")"
	}
	text := fmt.Sprintf("%s changed %s since%s: your %s can't be undone", who, model.Escape(x.ItemID), since, m.yourChange(x))
	if !msg.hasNext {
		return text + "; nothing older of yours to undo"
	}
	m.offerSkip = x.ID
	k := m.c.Keys.Undo.Help().Key
	return fmt.Sprintf("%s · %s again passes over it and undoes your %s on %s", text, k, m.yourChange(msg.next), model.Escape(msg.next.ItemID))
}

// yourChange names a change of the reviewer's in a few words: "status
// change", "note", "evidence added".
func (m *Model) yourChange(c review.Change) string {
	switch c.Field {
	case review.FieldStatus:
		return "status change (" + c.New + ")"
	case review.FieldNote:
		return "note"
	case review.FieldEvidenceAdd:
		return "evidence added"
	case review.FieldEvidenceRemove:
		return "evidence removed"
	}
	return "change"
}

// undoneText says what an undo put back: the value, and whose it was.
func (m *Model) undoneText(ch review.Change) string {
	what := ch.Field
	switch ch.Field {
	case review.FieldStatus:
		what = "status back to " + ch.New
	case review.FieldNote:
		what = "note back as it was"
	case review.FieldEvidenceAdd:
		what = "evidence put back"
	case review.FieldEvidenceRemove:
		what = "evidence taken off again"
	}
	if e, err := ch.Evidence(); err == nil {
		what += " (from " + m.shortTitle(e.ArticleID) + ")"
	}
	who := "as it was before you"
	if ch.PrevBy != "" {
		who = "as " + model.SanitizeLine(ch.PrevBy) + " had it"
		if !ch.PrevAt.IsZero() {
			who += ", " + ch.PrevAt.Local().Format("2 Jan 15:04")
		}
	}
	return fmt.Sprintf("undone: %s %s (%s)", model.Escape(ch.ItemID), what, who)
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
	return m.write(fmt.Sprintf("evidence from %s attached to %s", m.shortTitle(article), model.Escape(id)), false, func(ctx context.Context, s review.Store) (review.Change, error) {
		return s.AddEvidence(ctx, e)
	})
}

func (m *Model) removeEvidence(e review.Evidence) tea.Cmd {
	who := m.c.Reviewer
	return m.write(fmt.Sprintf("evidence from %s removed from %s", m.shortTitle(e.ArticleID), model.Escape(e.ItemID)), false, func(ctx context.Context, s review.Store) (review.Change, error) {
		return s.RemoveEvidence(ctx, e.ID, who)
	})
}

// Undo undoes this reviewer's last change that can be undone (z, from any
// pane). After a refusal, the next undo passes over the refused change, as
// the refusal offered; the changes passed over stay passed over in this
// session.
func (m *Model) Undo() tea.Cmd {
	if m.c.Store == nil {
		return sayErr("reviews are off: no review store is open")
	}
	if ro, why := m.c.Store.ReadOnly(); ro {
		return sayErr("reviews are read-only: " + model.SanitizeLine(why) + "; nothing was changed")
	}
	skipped := m.offerSkip != 0
	if skipped && len(m.skipUndo) < maxSkipUndo {
		m.skipUndo = append(m.skipUndo, m.offerSkip)
	}
	m.offerSkip = 0
	st, who, skip := m.c.Store, m.c.Reviewer, append([]int64(nil), m.skipUndo...)
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		ch, err := st.UndoLastExcept(ctx, who, skip)
		msg := wroteMsg{change: ch, err: err, what: "undo", undo: true, skipped: skipped}
		var ce *review.ConflictError
		if errors.As(err, &ce) && ce.Undo.ID != 0 {
			msg.next, msg.hasNext, _ = st.NextUndoExcept(ctx, who, append(skip, ce.Undo.ID))
		}
		return msg
	}
}

// maxSkipUndo bounds the changes a session passes over (the store takes 100).
const maxSkipUndo = 90

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
	return m.lst().SelectedKey()
}
