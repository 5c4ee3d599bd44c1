package common

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Tick is tea.Tick that ends with ctx: a session that closes does not keep
// a goroutine waiting for its timer (a server runs many sessions). A tick
// cut short by ctx delivers nothing.
func Tick(ctx context.Context, d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case now := <-t.C:
			return fn(now)
		case <-ctx.Done():
			return nil
		}
	}
}
