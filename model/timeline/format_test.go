package timeline

import (
	"testing"
	"time"
)

func TestDateString(t *testing.T) {
	d := func(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		ev   Event
		want string
	}{
		{Event{Start: d(2022, 11, 7), End: d(2022, 11, 7), Precision: Day}, "7 Nov 2022"},
		{Event{Start: d(2023, 6, 1), End: d(2023, 6, 30), Precision: Month}, "Jun 2023"},
		{Event{Start: d(2023, 1, 1), End: d(2023, 12, 31), Precision: Year}, "2023"},
		{Event{Start: d(2023, 6, 1), End: d(2023, 6, 2), Precision: Span}, "1–2 Jun 2023"},
		{Event{Start: d(2023, 6, 30), End: d(2023, 7, 2), Precision: Span}, "30 Jun–2 Jul 2023"},
		{Event{Start: d(2023, 1, 1), End: d(2024, 12, 31), Precision: Span}, "2023–2024"},
		{Event{Start: d(2023, 12, 30), End: d(2024, 1, 2), Precision: Span}, "30 Dec 2023–2 Jan 2024"},
		{Event{}, "undated"},
	}
	for _, tt := range tests {
		if got := tt.ev.DateString(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.ev, got, tt.want)
		}
	}
}
