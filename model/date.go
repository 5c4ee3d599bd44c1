package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a date is known.
type Precision int

// Date precisions, from nothing known to the exact day.
const (
	Unknown Precision = iota
	Year
	Month
	Day
)

// String names the precision as used in files and JSON.
func (p Precision) String() string {
	switch p {
	case Year:
		return "year"
	case Month:
		return "month"
	case Day:
		return "day"
	}
	return "unknown"
}

// ParseDate reads YYYY, YYYY-MM or YYYY-MM-DD and reports its precision.
// An empty string (or "unknown") is a valid unknown date.
func ParseDate(s string) (time.Time, Precision, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "unknown") {
		return time.Time{}, Unknown, nil
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 {
		return time.Time{}, Unknown, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	nums := make([]int, len(parts))
	widths := []int{4, 2, 2}
	for i, p := range parts {
		if len(p) != widths[i] || !allDigits(p) {
			return time.Time{}, Unknown, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		nums[i], _ = strconv.Atoi(p)
	}
	year, month, day := nums[0], 1, 1
	prec := Year
	if len(nums) > 1 {
		month, prec = nums[1], Month
		if month < 1 || month > 12 {
			return time.Time{}, Unknown, fmt.Errorf("date %q: month %d out of range", s, month)
		}
	}
	if len(nums) > 2 {
		day, prec = nums[2], Day
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || int(t.Month()) != month {
		return time.Time{}, Unknown, fmt.Errorf("date %q: no such day", s)
	}
	return t, prec, nil
}

// FormatDate prints a date at its precision: "2023-06-01", "2023-06", "2023" or "".
func FormatDate(t time.Time, p Precision) string {
	switch p {
	case Day:
		return t.Format("2006-01-02")
	case Month:
		return t.Format("2006-01")
	case Year:
		return t.Format("2006")
	}
	return ""
}

// HumanDate prints a date for people: "7 Nov 2022", "Jun 2023", "2023" or "undated".
func HumanDate(t time.Time, p Precision) string {
	switch p {
	case Day:
		return t.Format("2 Jan 2006")
	case Month:
		return t.Format("Jan 2006")
	case Year:
		return t.Format("2006")
	}
	return "undated"
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
