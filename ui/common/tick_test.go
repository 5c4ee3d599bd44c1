package common

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// TestTickEndsWithItsContext: a tick delivers its message after its time,
// and a cancelled context ends it at once with nothing.
func TestTickEndsWithItsContext(t *testing.T) {
	type ticked struct{}
	msg := Tick(context.Background(), time.Millisecond, func(time.Time) tea.Msg { return ticked{} })()
	if _, ok := msg.(ticked); !ok {
		t.Fatalf("tick delivered %T, want ticked", msg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan tea.Msg, 1)
	go func() { done <- Tick(ctx, time.Hour, func(time.Time) tea.Msg { return ticked{} })() }()
	cancel()
	select {
	case msg := <-done:
		if msg != nil {
			t.Fatalf("a cancelled tick delivered %T", msg)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a cancelled tick is still waiting for its hour")
	}
}
