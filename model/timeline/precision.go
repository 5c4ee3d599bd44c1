package timeline

import "fmt"

// Precision is how exactly a date is known.
type Precision int

const (
	// Unknown means the date is not known at all.
	Unknown Precision = iota
	// Day means the date is known to the day.
	Day
	// Month means only the month is known; the range covers the whole month.
	Month
	// Year means only the year is known; the range covers the whole year.
	Year
	// Span means a range of several days or years ("June 1-2", "2023-2024").
	Span
)

var precisionNames = [...]string{"unknown", "day", "month", "year", "span"}

// String returns the lower-case name of the precision ("day", "month", ...).
func (p Precision) String() string {
	if p >= 0 && int(p) < len(precisionNames) {
		return precisionNames[p]
	}
	return fmt.Sprintf("precision(%d)", int(p))
}

// MarshalText encodes the precision as its name, so it reads well in JSON.
func (p Precision) MarshalText() ([]byte, error) {
	if p < 0 || int(p) >= len(precisionNames) {
		return nil, fmt.Errorf("timeline: invalid precision %d", int(p))
	}
	return []byte(precisionNames[p]), nil
}

// UnmarshalText decodes a precision name written by MarshalText.
func (p *Precision) UnmarshalText(b []byte) error {
	for i, n := range precisionNames {
		if n == string(b) {
			*p = Precision(i)
			return nil
		}
	}
	return fmt.Errorf("timeline: unknown precision %q", b)
}

// rank orders precisions from most to least exact for tie-breaking.
func (p Precision) rank() int {
	switch p {
	case Day:
		return 0
	case Span:
		return 1
	case Month:
		return 2
	case Year:
		return 3
	}
	return 4
}
