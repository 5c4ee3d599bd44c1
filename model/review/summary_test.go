package review

import "testing"

func TestSummary(t *testing.T) {
	sts := []Status{Unreviewed, OnTrack, AtRisk, AtRisk, Done}
	if got := Summary(sts, AtRisk, Blocked, Done); got != "4/5 reviewed · 2 at risk · 1 done" {
		t.Errorf("Summary = %q", got)
	}
	if got := Summary(nil, OnTrack); got != "0/0 reviewed" {
		t.Errorf("empty: %q", got)
	}
}
