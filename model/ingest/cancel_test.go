package ingest

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"dossier/model/ingest/pdftest"
)

// A PDF whose reading outlives its deadline is refused, and its reading has
// stopped by the time Extract returns: no goroutine of it runs on (three
// such files in one import used to run on together, in memory and time).
func TestExtractTimeoutStopsTheWork(t *testing.T) {
	var lines []string
	for i := 0; i < 40; i++ {
		lines = append(lines, "A line about lithium, graphite and the partnership, number "+strings.Repeat("x", i))
	}
	data := pdftest.IdenticalPages(3000, lines) // seconds of work
	before := runtime.NumGoroutine()
	for range 3 {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		_, err := Extract(ctx, "slow.pdf", data)
		cancel()
		if !IsRefusal(err) || !strings.Contains(err.Error(), "took longer than allowed") {
			t.Fatalf("err = %v", err)
		}
	}
	// A worker that has handed back its result may still be returning:
	// give it a moment, but one that keeps working never gets under.
	after := runtime.NumGoroutine()
	for deadline := time.Now().Add(time.Second); after > before && time.Now().Before(deadline); after = runtime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond)
	}
	if after > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines before, %d after three timed-out extractions:\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
}
