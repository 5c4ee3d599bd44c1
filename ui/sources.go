package ui

import (
	"fmt"
	"slices"
	"sort"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
	"dossier/model/review"
	"dossier/ui/common"
)

// staleSource is how long after its last fetch a failing source is still
// shown: one no longer fetched (taken out of the config file) drops out.
const staleSource = 7 * 24 * time.Hour

// sourcesMsg carries the news sources that failed FailingStreak fetches in
// a row, oldest failure first.
type sourcesMsg struct{ failing []review.FeedState }

// watchSources reads the news sources' state from the review store after
// a pause (none at start), then again every 15 polls (15 s), so the header
// can say which source is failing. Without a store, or a feed log, it does
// nothing.
func (a *App) watchSources(after time.Duration) tea.Cmd {
	fl, ok := review.FeedLogOf(a.c.Store)
	if a.c.Store == nil || !ok {
		return nil
	}
	ctx := a.c.Context()
	read := func(time.Time) tea.Msg {
		states, err := fl.FeedStates(ctx)
		if err != nil || ctx.Err() != nil {
			return sourcesMsg{} // the review store says why elsewhere
		}
		var failing []review.FeedState
		for _, st := range states {
			if st.Failing() && time.Since(st.LastAt) < staleSource {
				failing = append(failing, st)
			}
		}
		sort.Slice(failing, func(i, j int) bool { return failing[i].FailingSince.Before(failing[j].FailingSince) })
		return sourcesMsg{failing: failing}
	}
	if after <= 0 {
		return func() tea.Msg { return read(time.Now()) }
	}
	return common.Tick(ctx, after, read)
}

// sourcesChanged keeps the failing sources and reads them again later
// (never when polling is off).
func (a *App) sourcesChanged(msg sourcesMsg) tea.Cmd {
	a.unchanged = slices.Equal(a.failing, msg.failing)
	a.failing = msg.failing
	if a.c.Poll <= 0 {
		return nil
	}
	return a.watchSources(15 * a.c.Poll)
}

// failingNotice is the header's word on failing sources:
// "Kazinform: failing since 6 Dec", "(+2 more)" when there are others.
func (a *App) failingNotice() string {
	if len(a.failing) == 0 {
		return ""
	}
	st := a.failing[0]
	since := st.FailingSince.Local()
	day := since.Format("2 Jan")
	if since.Year() != time.Now().Year() {
		day = since.Format("2 Jan 2006")
	}
	s := fmt.Sprintf("%s: failing since %s", model.SanitizeLine(st.Source), day)
	if n := len(a.failing) - 1; n > 0 {
		s += fmt.Sprintf(" (+%d more)", n)
	}
	return s
}
