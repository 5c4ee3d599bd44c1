package timeline

import (
	"slices"
	"testing"
	"time"

	"dossier/model"
)

// TestPerMonth: months from the oldest to the newest article, empty ones
// counted 0; articles dated to the year only, or not at all, left out.
func TestPerMonth(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	art := func(t time.Time, p model.Precision) model.Article { return model.Article{Date: t, Precision: p} }
	tests := []struct {
		name    string
		arts    []model.Article
		first   time.Time
		counts  []int
		undated int
	}{
		{"none", nil, time.Time{}, nil, 0},
		{"undated only", []model.Article{art(time.Time{}, model.Unknown), art(day(2024, 1, 1), model.Year)}, time.Time{}, nil, 2},
		{"one", []model.Article{art(day(2023, 6, 2), model.Day)}, day(2023, 6, 1), []int{1}, 0},
		{"across a year", []model.Article{
			art(day(2022, 11, 8), model.Day), art(day(2023, 2, 1), model.Month), art(day(2023, 2, 20), model.Day),
			art(day(2022, 12, 31), model.Day), art(day(2023, 1, 1), model.Year), art(time.Time{}, model.Unknown),
		}, day(2022, 11, 1), []int{1, 1, 0, 2}, 2},
	}
	for _, tt := range tests {
		first, counts, undated := PerMonth(tt.arts)
		if !first.Equal(tt.first) || !slices.Equal(counts, tt.counts) || undated != tt.undated {
			t.Errorf("%s: %v %v %d, want %v %v %d", tt.name, first, counts, undated, tt.first, tt.counts, tt.undated)
		}
	}
}
