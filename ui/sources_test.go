package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/model/review"
	"dossier/ui/common"
)

// TestHeaderSaysWhichSourceIsFailing: a news source whose feed failed three
// fetches in a row is named in the header, with the day it started
// failing; two failures, or a failure followed by a good fetch, are not.
func TestHeaderSaysWhichSourceIsFailing(t *testing.T) {
	sh := testShared(t)
	fl, _ := review.FeedLogOf(sh.Store)
	ctx := context.Background()
	since := time.Now().Add(-50 * time.Hour)
	record := func(src string, errs ...string) {
		for i, e := range errs {
			if err := fl.RecordFetch(ctx, review.FeedFetch{Source: src, At: since.Add(time.Duration(i) * time.Hour), Err: e}); err != nil {
				t.Fatal(err)
			}
		}
	}
	record("Trend", "timeout", "timeout")
	record("Astana Times", "HTTP 500", "HTTP 500", "HTTP 500", "")
	a := New(testCommon(t, sh))
	drive(t, a, tea.WindowSizeMsg{Width: 120, Height: 35}, a.Init())
	if h := strings.Split(a.View(), "\n")[0]; strings.Contains(h, "failing") {
		t.Fatalf("no source fails three times in a row, yet the header says %q", h)
	}
	record("Kazinform", "HTTP 500 Internal Server Error", "timeout after 30s", "HTTP 503 Service Unavailable")
	a = New(testCommon(t, sh))
	drive(t, a, tea.WindowSizeMsg{Width: 120, Height: 35}, a.Init())
	day := since.Local().Format("2 Jan")
	if since.Year() != time.Now().Year() {
		day = since.Local().Format("2 Jan 2006")
	}
	h := strings.Split(a.View(), "\n")[0]
	if !strings.Contains(h, "Kazinform: failing since "+day) || strings.Contains(h, "Trend") || strings.Contains(h, "Astana") {
		t.Errorf("header %q", h)
	}
	if !strings.Contains(h, "index ready") || common.Width(h) != 120 {
		t.Errorf("header at 120 columns: %q (%d cells)", h, common.Width(h))
	}
	drive(t, a, tea.WindowSizeMsg{Width: 40, Height: 12})
	// At 40 columns the left part is cut with … and the state on the
	// right stays whole.
	if h := strings.Split(a.View(), "\n")[0]; !strings.Contains(h, "…") || common.Width(h) != 40 || strings.Contains(h, "Kazinform") && !strings.Contains(h, "Kazinform: failing since "+day) {
		t.Errorf("header at 40 columns: %q", h)
	}
}
