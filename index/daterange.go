package index

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"dossier/model"
)

// parseDateFilter reads the value of year: or date: into a half-open range
// [from, to), where a zero time is an open end. Accepted: D, =D, >D, >=D,
// <D, <=D and D..D, with D a year (YYYY), a month (YYYY-MM) or a day.
func parseDateFilter(field, v string) (from, to time.Time, err error) {
	if a, b, ok := strings.Cut(v, ".."); ok {
		if a == "" && b == "" {
			return from, to, errors.New("a range needs at least one end")
		}
		if a != "" {
			if from, _, err = period(field, a); err != nil {
				return
			}
		}
		if b != "" {
			if _, to, err = period(field, b); err != nil {
				return
			}
		}
		if !from.IsZero() && !to.IsZero() && !from.Before(to) {
			return from, to, fmt.Errorf("the range %s ends before it starts", v)
		}
		return from, to, nil
	}
	op := ""
	for _, o := range []string{">=", "<=", ">", "<", "="} {
		if strings.HasPrefix(v, o) {
			op, v = o, v[len(o):]
			break
		}
	}
	start, end, err := period(field, v)
	if err != nil {
		return from, to, err
	}
	switch op {
	case ">=":
		return start, time.Time{}, nil
	case ">":
		return end, time.Time{}, nil
	case "<":
		return time.Time{}, start, nil
	case "<=":
		return time.Time{}, end, nil
	}
	return start, end, nil
}

// period returns the first day of a year, month or day and the day after it.
func period(field, v string) (time.Time, time.Time, error) {
	if v == "" {
		return time.Time{}, time.Time{}, errors.New("missing date")
	}
	t, p, err := model.ParseDate(v)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("%q is not a date", v)
	}
	if field == "year" && p != model.Year {
		return time.Time{}, time.Time{}, fmt.Errorf("%q is not a year", v)
	}
	switch p {
	case model.Year:
		return t, t.AddDate(1, 0, 0), nil
	case model.Month:
		return t, t.AddDate(0, 1, 0), nil
	}
	return t, t.AddDate(0, 0, 1), nil
}
