package timeline

import (
	"time"

	"dossier/model"
)

// PerMonth counts the articles published each month, from the month of
// the oldest to that of the newest (months without any count 0): the
// corpus's span at a glance. Articles dated to the month or the day count;
// those dated only to the year, or not at all, do not (undated counts
// them). first is the first month (the 1st, UTC); counts is empty when no
// article is dated to the month.
func PerMonth(articles []model.Article) (first time.Time, counts []int, undated int) {
	lo, hi := -1, -1
	index := func(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }
	for _, a := range articles {
		if a.Precision < model.Month {
			undated++
			continue
		}
		i := index(a.Date)
		if lo < 0 || i < lo {
			lo = i
		}
		if i > hi {
			hi = i
		}
	}
	if lo < 0 {
		return time.Time{}, nil, undated
	}
	counts = make([]int, hi-lo+1)
	for _, a := range articles {
		if a.Precision >= model.Month {
			counts[index(a.Date)-lo]++
		}
	}
	return time.Date(lo/12, time.Month(lo%12+1), 1, 0, 0, 0, 0, time.UTC), counts, undated
}
