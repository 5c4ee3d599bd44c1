package ui

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// TestGoldenLinkPicker: l in the reader, on the Gateway roundtable article
// opened at a search match, at 80x24 and 160x45 (ASCII): the items the
// article concerns first with their score and strength, then the others,
// the filter, and the passage enter attaches; then the same filtered.
func TestGoldenLinkPicker(t *testing.T) {
	sh := testShared(t)
	for _, size := range [][2]int{{80, 24}, {160, 45}} {
		for _, sc := range []struct{ name, keys, until string }{
			{"open", "l", "Concerns ("},
			{"filtered", "lrm25", "filter: rm25"},
		} {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				tm := teatest.NewTestModel(t, New(testCommon(t, sh)), teatest.WithInitialTermSize(size[0], size[1]))
				teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("events · oldest first")) },
					teatest.WithDuration(10*time.Second))
				// The article opened at its match, then at its top with the
				// items it concerns found, before l.
				for _, step := range []struct{ keys, until string }{{"/tailings<enter>", "search: tailings"}, {"g", "Concerns: keg-"}, {sc.keys, sc.until}} {
					for _, k := range keys(step.keys) {
						tm.Send(k)
					}
					teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(step.until)) },
						teatest.WithDuration(10*time.Second))
				}
				teatest.WaitFor(t, tm.Output(), settled(), teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
				tm.Send(tea.QuitMsg{})
				final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
				teatest.RequireEqualOutput(t, []byte(normalise(final.View())))
			})
		}
	}
}
