package timeline

import (
	"fmt"

	"dossier/model"
)

// DateString formats the event's date at its precision: "7 Nov 2022",
// "Jun 2023", "2023", "1–2 Jun 2023", "30 Jun–2 Jul 2023", "2023–2024".
func (ev Event) DateString() string {
	s, e := ev.Start, ev.End
	switch ev.Precision {
	case Day:
		return model.HumanDate(s, model.Day)
	case Month:
		return model.HumanDate(s, model.Month)
	case Year:
		return model.HumanDate(s, model.Year)
	case Span:
		switch {
		case s.Year() != e.Year() && s.Month() == 1 && s.Day() == 1 && e.Month() == 12 && e.Day() == 31:
			return fmt.Sprintf("%d–%d", s.Year(), e.Year())
		case s.Year() != e.Year():
			return s.Format("2 Jan 2006") + "–" + e.Format("2 Jan 2006")
		case s.Month() != e.Month():
			return s.Format("2 Jan") + "–" + e.Format("2 Jan 2006")
		}
		return fmt.Sprintf("%d–%s", s.Day(), e.Format("2 Jan 2006"))
	}
	return "undated"
}

// DateNote tells how the source dates the event: `from "yesterday",
// published 8 Nov 2022`, `"7 November 2022"`, `roadmap catalogue:
// 2022-11-07`, `undated translation of ID, published 7 Apr 2025`.
func (s Source) DateNote() string {
	switch s.Basis {
	case Relative:
		if s.Expression == "" && s.AnchorID != "" { // an undated translation with its original's publication
			return fmt.Sprintf("undated translation of %s, published %s", s.AnchorID,
				model.HumanDate(s.Anchor, modelPrecision(s.AnchorPrecision)))
		}
		note := fmt.Sprintf("from %q, published %s", s.Expression, model.HumanDate(s.Anchor, modelPrecision(s.AnchorPrecision)))
		if s.AnchorID != "" {
			note += " (the date of " + s.AnchorID + ", which it translates)"
		}
		return note
	case Catalogue:
		return "roadmap catalogue: " + s.Expression
	}
	return fmt.Sprintf("%q", s.Expression)
}

// modelPrecision maps the timeline's precision to the corpus's.
func modelPrecision(p Precision) model.Precision {
	switch p {
	case Day:
		return model.Day
	case Month:
		return model.Month
	case Year:
		return model.Year
	}
	return model.Unknown
}
