package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"dossier/model/review"
	"dossier/ui/common"
)

// colourCommon is a session drawn in 256 colours on a dark background.
func colourCommon(t testing.TB, sh Shared) common.Common {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	c := NewCommon(r, true, sh, SessionOptions{Theme: common.ThemeDark, Reviewer: "tester"})
	c.Poll = 0
	c.Clock = func() time.Time { return testNow }
	return c
}

// chartShared is the seeds with one item of each status.
func chartShared(t *testing.T) Shared {
	sh := testShared(t)
	ctx := context.Background()
	for id, st := range map[string]review.Status{"mou-1.1": review.Done, "mou-1.2": review.OnTrack, "mou-1.3": review.AtRisk,
		"rm23-1": review.Blocked, "rm25-1": review.OnTrack, "rm25-2": review.Done} {
		if _, err := sh.Store.SetStatus(ctx, id, st, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	return sh
}

// TestChartGoldens: the Roadmap's status bars with their legend and the
// Timeline's sparkline, as the panes' headers draw them, in mono (ASCII)
// and in colour (256 colours), at 80x24 and 160x45 (go test ./ui -update
// to refresh).
func TestChartGoldens(t *testing.T) {
	sh := chartShared(t)
	scenarios := []struct {
		name, keys string
		until      string // the last line of the header
	}{
		{"roadmap", "2", "26 items"},
		{"timeline", "", "events · oldest first"},
	}
	themes := []struct {
		name   string
		common func(testing.TB, Shared) common.Common
	}{{"mono", testCommon}, {"colour", colourCommon}}
	for _, size := range [][2]int{{80, 24}, {160, 45}} {
		for _, sc := range scenarios {
			for _, th := range themes {
				t.Run(fmt.Sprintf("%s_%s_%dx%d", sc.name, th.name, size[0], size[1]), func(t *testing.T) {
					tm := teatest.NewTestModel(t, New(th.common(t, sh)), teatest.WithInitialTermSize(size[0], size[1]))
					teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("events · oldest first")) },
						teatest.WithDuration(10*time.Second))
					for _, k := range keys(sc.keys) {
						tm.Send(k)
					}
					// The items' news comes in the background: wait for it
					// (the news column says "3y" once it has come).
					teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
						return sc.name != "roadmap" || bytes.Contains(b, []byte("3y"))
					}, teatest.WithDuration(10*time.Second))
					tm.Send(tea.QuitMsg{})
					a := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
					head := paneHeader(a.panes[a.focus].View(), sc.until)
					if head == "" {
						t.Fatalf("no header ending in %q:\n%s", sc.until, a.panes[a.focus].View())
					}
					teatest.RequireEqualOutput(t, []byte(head))
				})
			}
		}
	}
}

// paneHeader is a pane's lines down to the one that holds until (read
// without styles), styles kept.
func paneHeader(view, until string) string {
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		if strings.Contains(ansi.Strip(l), until) {
			return strings.Join(lines[:i+1], "\n") + "\n"
		}
	}
	return ""
}
