package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"dossier/model"
)

// monthNumbers maps the month names and abbreviations of English, German
// and Russian (genitive and nominative), lower-cased, to their number.
var monthNumbers = sync.OnceValue(func() map[string]int {
	m := map[string]int{}
	for i, names := range []string{
		"january jan januar jän jänner январь января янв",
		"february feb februar февраль февраля фев",
		"march mar märz maerz mrz март марта мар",
		"april apr апрель апреля апр",
		"may mai май мая",
		"june jun juni июнь июня",
		"july jul juli июль июля",
		"august aug август августа авг",
		"september sep sept сентябрь сентября сен",
		"october oct oktober okt октябрь октября окт",
		"november nov ноябрь ноября ноя",
		"december dec dezember dez декабрь декабря дек",
	} {
		for _, n := range strings.Fields(names) {
			m[n] = i + 1
		}
	}
	return m
})

var (
	// 4 April 2025, 4. April 2025, 4 апреля 2025 г.
	dayMonthYear = model.LazyRegexp(`(?i)\b(\d{1,2})\.?\s+(\p{L}{3,9})\.?,?\s+(\d{4})\b`)
	// April 4, 2025
	monthDayYear = model.LazyRegexp(`(?i)\b(\p{L}{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b`)
	// 04.04.2025 (day first, as in German and Russian)
	numericDMY = model.LazyRegexp(`\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b`)
	// 2025-04-04
	isoDate = model.LazyRegexp(`\b(\d{4})-(\d{2})-(\d{2})(?:\D|$)`)
)

// statedDay finds the first full date written in s, in English, German or
// Russian, and returns it as YYYY-MM-DD with its byte range in s; "" when s
// states no valid day.
func statedDay(s string) (date string, start, end int) {
	best := -1
	num := func(x string) int {
		n, err := strconv.Atoi(x)
		if err != nil {
			return -1
		}
		return n
	}
	try := func(at, to, y, month, d int) {
		if best >= 0 && at >= best || month < 1 || month > 12 || d < 1 {
			return
		}
		iso := fmt.Sprintf("%04d-%02d-%02d", y, month, d)
		if t, p, err := model.ParseDate(iso); err != nil || p != model.Day || t.Year() < 1900 {
			return
		}
		date, start, end, best = iso, at, to, at
	}
	const most = 8 // candidates looked at per form
	for _, m := range dayMonthYear().FindAllStringSubmatchIndex(s, most) {
		try(m[0], m[1], num(s[m[6]:m[7]]), monthNumbers()[strings.ToLower(s[m[4]:m[5]])], num(s[m[2]:m[3]]))
	}
	for _, m := range monthDayYear().FindAllStringSubmatchIndex(s, most) {
		try(m[0], m[1], num(s[m[6]:m[7]]), monthNumbers()[strings.ToLower(s[m[2]:m[3]])], num(s[m[4]:m[5]]))
	}
	for _, m := range numericDMY().FindAllStringSubmatchIndex(s, most) {
		try(m[0], m[1], num(s[m[6]:m[7]]), num(s[m[4]:m[5]]), num(s[m[2]:m[3]]))
	}
	for _, m := range isoDate().FindAllStringSubmatchIndex(s, most) {
		try(m[0], m[7], num(s[m[2]:m[3]]), num(s[m[4]:m[5]]), num(s[m[6]:m[7]]))
	}
	return date, start, end
}
