package ui

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// TestGolden runs the app in teatest at the four sizes people use (one,
// two and three columns) and compares the screen of each pane with its
// golden file (go test ./ui -update to refresh).
func TestGolden(t *testing.T) {
	scenarios := []struct {
		name  string
		keys  string
		until string // text on screen once the scenario has settled
	}{
		{"timeline", "", ""},
		{"roadmap", "2", "mou-1.1"},
		{"search", "/lithium", "1 article · "},
		{"reader", "/lithium<enter>", "1/1 search: lithium"},
		{"help", "?", "previous pane"},
		{"status", "2s", "a letter or enter sets it"},
	}
	sh := testShared(t)
	for _, size := range [][2]int{{80, 24}, {120, 35}, {160, 45}, {200, 60}} {
		for _, sc := range scenarios {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				tm := teatest.NewTestModel(t, New(testCommon(t, sh)), teatest.WithInitialTermSize(size[0], size[1]))
				// The timeline is extracted in the background: wait for it
				// on the first screen, so every golden shows it built.
				teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("events · oldest first")) },
					teatest.WithDuration(10*time.Second))
				if sc.keys != "" {
					for _, k := range keys(sc.keys) {
						tm.Send(k)
					}
					teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(sc.until)) },
						teatest.WithDuration(10*time.Second))
				}
				tm.Send(tea.QuitMsg{})
				final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
				teatest.RequireEqualOutput(t, []byte(normalise(final.View())))
			})
		}
	}
}
