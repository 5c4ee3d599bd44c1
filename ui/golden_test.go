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
		{"help", "?", "Everywhere (no prompt open)"},
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
				// What follows the scenario's text (the reader's preview, rendered
				// in the background) is drawn too: wait until the screen is
				// still, and no article is left "rendering…".
				teatest.WaitFor(t, tm.Output(), settled(), teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
				tm.Send(tea.QuitMsg{})
				final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
				teatest.RequireEqualOutput(t, []byte(normalise(final.View())))
			})
		}
	}
}

// settled is a condition that holds once the output has not grown for a
// quarter of a second and shows no article still being rendered.
func settled() func([]byte) bool {
	n, since := -1, time.Now()
	return func(b []byte) bool {
		if len(b) != n {
			n, since = len(b), time.Now()
		}
		return time.Since(since) >= 250*time.Millisecond && rendered(b) && concernsFound(b)
	}
}

// concernsFound reports whether the items the article on screen concerns,
// found in the background, have been drawn since they were asked for.
func concernsFound(b []byte) bool {
	i := bytes.LastIndex(b, []byte("Concerns: finding"))
	return i < 0 || bytes.LastIndex(b, []byte("Concerns: ")) > i
}

// rendered reports whether an article the reader shows (or previews) has
// been rendered since it was last asked for: it is rendered in the
// background, and its status line says "rendering…" until then; once it is
// rendered the status line is drawn again ("… 38%┃").
func rendered(b []byte) bool {
	i := bytes.LastIndex(b, []byte("rendering…"))
	if i < 0 {
		return true
	}
	j := bytes.IndexByte(b[i:], '\n')
	if j < 0 {
		return false
	}
	rest := b[i+j:]
	return bytes.Contains(rest, []byte("%┃")) || bytes.Contains(rest, []byte("%│"))
}
