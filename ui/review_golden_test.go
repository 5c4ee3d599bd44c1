package ui

import (
	"context"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"dossier/model/review"
)

// goldenTime is the time every review shows in goldens.
var goldenTime = time.Date(2026, 3, 4, 10, 30, 0, 0, time.Local)

// fixedTimes is a real store whose reads show every time as goldenTime, so
// goldens do not change with the clock.
type fixedTimes struct{ review.Store }

func (f fixedTimes) fix(r review.Review) review.Review {
	for _, t := range []*time.Time{&r.At, &r.StatusAt, &r.NoteAt} {
		if !t.IsZero() {
			*t = goldenTime
		}
	}
	ev := append([]review.Evidence(nil), r.Evidence...)
	for i := range ev {
		ev[i].At = goldenTime
	}
	r.Evidence = ev
	return r
}

func (f fixedTimes) fixAll(chs []review.Change, err error) ([]review.Change, error) {
	for i := range chs {
		chs[i].At = goldenTime
	}
	return chs, err
}

func (f fixedTimes) Get(ctx context.Context, id string) (review.Review, error) {
	r, err := f.Store.Get(ctx, id)
	return f.fix(r), err
}

func (f fixedTimes) All(ctx context.Context) (map[string]review.Review, error) {
	all, err := f.Store.All(ctx)
	for id, r := range all {
		all[id] = f.fix(r)
	}
	return all, err
}

func (f fixedTimes) History(ctx context.Context, id string) ([]review.Change, error) {
	return f.fixAll(f.Store.History(ctx, id))
}

func (f fixedTimes) ChangesSince(ctx context.Context, after int64, limit int) ([]review.Change, error) {
	return f.fixAll(f.Store.ChangesSince(ctx, after, limit))
}

// goldenItem is the catalogue's longest item; goldenNote a note of lines.
const (
	goldenItem = "mou-2.1"
	goldenNote = "Transparency reporting agreed at the 2025 platform meeting.\nSecond line: the EITI data portal goes live in spring; follow up with DG GROW.\n\nAfter a blank line: ask alice for the minutes."
)

// reviewedShared is the seeds with goldenItem reviewed by three people: a
// status by alice, a note of several lines by bob, evidence by carol, and
// an undone change.
func reviewedShared(t *testing.T) Shared {
	t.Helper()
	sh := testShared(t)
	ctx := context.Background()
	st := sh.Store
	for _, err := range []error{
		second(st.SetStatus(ctx, goldenItem, review.Blocked, "alice")),
		second(st.SetStatus(ctx, goldenItem, review.AtRisk, "alice")),
		second(st.SetNote(ctx, goldenItem, goldenNote, "bob")),
		second(st.AddEvidence(ctx, review.Evidence{ItemID: goldenItem, ArticleID: "000_59948b4d9c446ef9", Start: 582, End: 758, By: "carol",
			Quote: "Karabayev informed that one of the major joint projects the EU has launched is the investment of the German company HMS Bergbau AG in developing lithium deposits in Kazakhstan."})),
		second(st.SetStatus(ctx, goldenItem, review.Done, "dave")),
		second(st.UndoLast(ctx, "dave")),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	sh.Store = fixedTimes{st}
	return sh
}

func second(_ review.Change, err error) error { return err }

// TestEvidenceAndHistoryGolden draws the evidence view and the history view
// of a long item with a note of several lines at the five sizes people
// use, from one column to three (go test ./ui -run EvidenceAndHistory -update
// refreshes them).
func TestEvidenceAndHistoryGolden(t *testing.T) {
	sh := reviewedShared(t)
	for _, size := range [][2]int{{40, 12}, {80, 24}, {120, 35}, {160, 45}, {200, 60}} {
		for _, sc := range []struct{ name, keys string }{
			{"evidence", "2jjj<enter>"},
			{"history", "2jjjh"},
		} {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				a := newAppOn(t, sh, size[0], size[1])
				drive(t, a, keys(sc.keys)...)
				teatest.RequireEqualOutput(t, []byte(normalise(a.View())))
			})
		}
	}
}

// newAppOn opens the dashboard on sh at a size, with everything loaded.
func newAppOn(t testing.TB, sh Shared, w, h int) *App {
	t.Helper()
	a := New(testCommon(t, sh))
	drive(t, a, a.Init(), tea.WindowSizeMsg{Width: w, Height: h})
	return a
}
