package timeline

import (
	"regexp"
	"sort"
	"strings"
	"time"
)

// monthNames maps lower-case English and German month names and
// abbreviations to months.
var monthNames = map[string]time.Month{
	"january": time.January, "jan": time.January, "januar": time.January, "jänner": time.January, "jaenner": time.January,
	"february": time.February, "feb": time.February, "februar": time.February, "feber": time.February,
	"march": time.March, "mar": time.March, "märz": time.March, "maerz": time.March, "mär": time.March, "mrz": time.March,
	"april": time.April, "apr": time.April,
	"may": time.May, "mai": time.May,
	"june": time.June, "jun": time.June, "juni": time.June,
	"july": time.July, "jul": time.July, "juli": time.July,
	"august": time.August, "aug": time.August,
	"september": time.September, "sep": time.September, "sept": time.September,
	"october": time.October, "oct": time.October, "oktober": time.October, "okt": time.October,
	"november": time.November, "nov": time.November,
	"december": time.December, "dec": time.December, "dezember": time.December, "dez": time.December,
}

// monthAbbrev lists the month names that may carry an abbreviation dot.
var monthAbbrev = map[string]bool{
	"jan": true, "feb": true, "mar": true, "mär": true, "mrz": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "okt": true, "nov": true, "dec": true, "dez": true,
}

// ambiguousMonths are English month names that are also ordinary words;
// without a year they only count when capitalised ("May 4", not "may 4").
var ambiguousMonths = map[string]bool{"may": true, "march": true}

// weekdayNames maps lower-case English and German weekday names to weekdays.
var weekdayNames = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
	"montag": time.Monday, "dienstag": time.Tuesday, "mittwoch": time.Wednesday, "donnerstag": time.Thursday,
	"freitag": time.Friday, "samstag": time.Saturday, "sonnabend": time.Saturday, "sonntag": time.Sunday,
}

// monthAlt is a regexp alternation of all month names, longest first.
var monthAlt = nameAlternation(monthNames, monthAbbrev)

func nameAlternation[V any](names map[string]V, dotted map[string]bool) string {
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	sort.Slice(list, func(i, j int) bool {
		if len(list[i]) != len(list[j]) {
			return len(list[i]) > len(list[j])
		}
		return list[i] < list[j]
	})
	var b strings.Builder
	for i, n := range list {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(regexp.QuoteMeta(n))
		if dotted[n] {
			b.WriteString(`\.?`)
		}
	}
	return b.String()
}

// monthOf returns the month named by s (any case, optional trailing dot), or 0.
func monthOf(s string) time.Month {
	return monthNames[strings.ToLower(strings.TrimSuffix(s, "."))]
}
