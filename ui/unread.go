package ui

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
	"dossier/model/review"
	"dossier/ui/common"
)

// unread follows which articles are new for this session's person (see
// review.UserState): counted when the corpus changes and when their read
// marks change (here, or in another session: the store's read stamp is
// polled), and changed by m, M and opening an article.
type unread struct {
	us     review.UserState // nil: no store, or one without per-person state
	ids    map[string]bool  // the new articles, as last counted
	known  bool             // counted at least once
	seq    int              // number of the latest count asked for
	stamp  string           // the person's read stamp when it was counted
	asking bool             // "mark all read?" is open
}

// storeTimeout bounds one read-state operation.
const storeTimeout = 30 * time.Second

// newCountMsg carries a count of the new articles.
type newCountMsg struct {
	seq   int
	ids   map[string]bool
	stamp string
	err   error
}

// readPollMsg carries the person's read stamp, polled.
type readPollMsg struct {
	stamp string
	err   error
}

// markedMsg reports marks written.
type markedMsg struct {
	n      int
	read   bool
	ids    []string
	opened bool // the reader opened the article: say nothing unless it failed
	all    bool // mark all read
	err    error
}

// newUnread finds the per-person state of the session's store.
func newUnread(c common.Common) unread {
	u := unread{ids: map[string]bool{}}
	if c.Store != nil && c.Reviewer != "" {
		u.us, _ = review.UserStateOf(c.Store)
	}
	return u
}

// countNew asks which articles of the corpus are new for the person, in a
// tea.Cmd; a newer count or a mark made since drops its answer.
func (a *App) countNew() tea.Cmd {
	u := &a.unread
	snap := a.data.Snap
	if u.us == nil || snap == nil || snap.Partial {
		return nil
	}
	u.seq++
	seq, us, who, ctx := u.seq, u.us, a.c.Reviewer, a.c.Context()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		all, err := common.IDSetOf(ctx, snap)
		if err != nil {
			return newCountMsg{seq: seq, err: err}
		}
		// The stamp first: a mark made while counting shows at the next poll.
		stamp, err := us.ReadStamp(ctx, who)
		if err != nil {
			return newCountMsg{seq: seq, err: err}
		}
		fresh, err := us.NewArticlesIn(ctx, who, all)
		if err != nil {
			return newCountMsg{seq: seq, err: err}
		}
		set := make(map[string]bool, len(fresh))
		for _, id := range fresh {
			set[id] = true
		}
		return newCountMsg{seq: seq, ids: set, stamp: stamp}
	}
}

// counted takes a count, unless a newer one or a mark came since, and
// tells the panes.
func (a *App) counted(msg newCountMsg) tea.Cmd {
	u := &a.unread
	if msg.seq != u.seq || msg.err != nil {
		return nil // stale; or the store cannot say now (the header keeps the last count)
	}
	u.ids, u.stamp, u.known = msg.ids, msg.stamp, true
	return a.tellNew()
}

// tellNew gives every pane the new articles (a copy: panes keep it).
func (a *App) tellNew() tea.Cmd {
	return a.broadcast(common.NewArticlesMsg{IDs: maps.Clone(a.unread.ids)})
}

// pollReads looks at the person's read stamp after the poll interval: a
// change means they read (or marked) something in another session.
func (a *App) pollReads() tea.Cmd {
	u := a.unread
	if u.us == nil || a.c.Poll <= 0 {
		return nil
	}
	us, who, ctx, every := u.us, a.c.Reviewer, a.c.Context(), a.c.Poll
	return func() tea.Msg {
		t := time.NewTimer(every)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return nil // the session ended
		case <-t.C:
		}
		qctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		stamp, err := us.ReadStamp(qctx, who)
		return readPollMsg{stamp: stamp, err: err}
	}
}

func (a *App) polled(msg readPollMsg) tea.Cmd {
	cmd := a.pollReads()
	if msg.err == nil && a.unread.known && msg.stamp != a.unread.stamp {
		cmd = tea.Batch(cmd, a.countNew())
	}
	return cmd
}

// markRead marks articles read or unread for the person: at once on
// screen, then in the store, then counted again.
func (a *App) markRead(ids []string, read, opened bool) tea.Cmd {
	u := &a.unread
	if len(ids) == 0 {
		return nil
	}
	if u.us == nil {
		if opened {
			return nil
		}
		return sayErr("read marks need a review store that keeps each person's state; none is open")
	}
	if ro, why := a.c.Store.ReadOnly(); ro {
		if opened {
			return nil
		}
		return sayErr("read marks are read-only: " + model.SanitizeLine(why) + "; nothing was marked")
	}
	if opened && u.known && !common.AnyNew(u.ids, ids...) {
		return nil // read already
	}
	for _, id := range ids {
		if read {
			delete(u.ids, id)
		} else {
			u.ids[id] = true
		}
	}
	u.seq++ // a count under way was made before this mark
	us, who, ctx := u.us, a.c.Reviewer, a.c.Context()
	write := func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		n, err := us.MarkRead(ctx, who, read, ids...)
		return markedMsg{n: n, read: read, ids: ids, opened: opened, err: err}
	}
	return tea.Batch(a.tellNew(), write)
}

// toggleRead is m: the article under the cursor (or open in the reader),
// with its other-language versions, is marked read when it is new, else
// unread.
func (a *App) toggleRead() tea.Cmd {
	mk, ok := a.panes[a.focus].(common.Marker)
	var ids []string
	if ok {
		ids = mk.MarkTargets()
	}
	if len(ids) == 0 {
		return say(a.c.Keys.MarkRead.Help().Key + " marks the article under the cursor read or unread, in the Timeline, the Search results or the Reader")
	}
	return a.markRead(ids, common.AnyNew(a.unread.ids, ids...), false)
}

// marked says what a mark did, and counts again.
func (a *App) marked(msg markedMsg) tea.Cmd {
	count := a.countNew()
	switch {
	case msg.err != nil && msg.opened:
		return tea.Batch(count, sayErr("could not mark the article read: "+model.SanitizeLine(msg.err.Error())))
	case msg.err != nil:
		return tea.Batch(count, sayErr("nothing was marked: "+model.SanitizeLine(msg.err.Error())))
	case msg.opened:
		return count
	case msg.all:
		return tea.Batch(count, say(fmt.Sprintf("%s marked read · %s on one marks it unread", plural(msg.n, "article"), a.c.Keys.MarkRead.Help().Key)))
	}
	what := a.titles(msg.ids)
	if msg.read {
		return tea.Batch(count, say("marked read: "+what+" · "+a.c.Keys.MarkRead.Help().Key+" again marks it unread"))
	}
	return tea.Batch(count, say("marked unread: "+what+" (new again)"))
}

// titles names the articles of a mark: the first one's title, short, and
// how many others (its translations).
func (a *App) titles(ids []string) string {
	if a.data.Snap == nil || len(ids) == 0 {
		return plural(len(ids), "article")
	}
	art, ok := a.data.Snap.Corpus.Article(ids[0])
	if !ok {
		return plural(len(ids), "article")
	}
	t := "“" + model.Truncate(model.SanitizeLine(art.Title), 48) + "”"
	if n := len(ids) - 1; n > 0 {
		t += fmt.Sprintf(" and %d more", n) // its other versions, the event's other articles
	}
	return t
}

// askMarkAll is M: it asks first, in the footer.
func (a *App) askMarkAll() tea.Cmd {
	u := &a.unread
	switch {
	case u.us == nil:
		return sayErr("read marks need a review store that keeps each person's state; none is open")
	case !u.known:
		return say("still counting the new articles: try again in a moment")
	case len(u.ids) == 0:
		return say("nothing new to mark read")
	}
	if ro, why := a.c.Store.ReadOnly(); ro {
		return sayErr("read marks are read-only: " + model.SanitizeLine(why) + "; nothing was marked")
	}
	u.asking = true
	return nil
}

// answerMarkAll takes the answer to "mark all read?": yes marks every new
// article of the corpus read; no (or esc) leaves them; other keys wait.
func (a *App) answerMarkAll(msg tea.KeyMsg) tea.Cmd {
	k := a.c.Keys
	switch {
	case key.Matches(msg, k.Yes):
		a.unread.asking = false
		return a.markAll()
	case key.Matches(msg, k.No):
		a.unread.asking = false
		return say("nothing was marked")
	}
	return nil
}

// markAll marks read every article new for the person.
func (a *App) markAll() tea.Cmd {
	u := &a.unread
	ids := make([]string, 0, len(u.ids))
	for id := range u.ids {
		ids = append(ids, id)
	}
	u.ids = map[string]bool{}
	u.seq++
	us, who, ctx := u.us, a.c.Reviewer, a.c.Context()
	write := func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		n, err := us.MarkAllRead(ctx, who, ids)
		return markedMsg{n: n, read: true, ids: ids, all: true, err: err}
	}
	return tea.Batch(a.tellNew(), write)
}

// markAllQuestion is the footer while "mark all read?" is open.
func (a *App) markAllQuestion() string {
	s := a.c.Styles
	q := s.Warning.Render(fmt.Sprintf("Mark all %s read? ", plural(len(a.unread.ids), "new article")))
	keys := a.fitKeys([]key.Binding{a.c.Keys.Yes, a.c.Keys.No}, max(a.width-common.Width(q), 0))
	if strings.Contains(keys, "…") || keys == "" { // narrow: the answers before the words
		q = s.Warning.Render(fmt.Sprintf("Mark all %d new read? ", len(a.unread.ids)))
		keys = s.HelpKey.Render("y") + s.HelpDesc.Render("/") + s.HelpKey.Render("n")
	}
	return q + keys
}

func say(s string) tea.Cmd { return func() tea.Msg { return common.StatusMsg{Text: s} } }

func sayErr(s string) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Text: s, Error: true} }
}
