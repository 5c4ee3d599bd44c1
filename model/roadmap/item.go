package roadmap

import (
	"slices"
	"time"

	"dossier/model"
)

// Item is one commitment or action of the partnership, as listed in the catalogue.
type Item struct {
	ID       string   // stable identifier, e.g. "mou-1.1"
	Text     string   // the commitment, continuation lines joined with a space
	Sources  []string // article ids backing the item; nil when none
	Document string   // title of the enclosing # heading
	Area     string   // title of the enclosing ## heading; "" for items directly under a document
	Line     int      // 1-based line of the item in the catalogue file
	Date     Date     // when the action took place, from "(date: ...)"; zero when not given
}

// Date is a date of the catalogue at its precision, with an optional
// period of years it belongs to.
type Date struct {
	Time       time.Time       // UTC midnight; the first day of a month or year when less precise
	Precision  model.Precision // Day, Month or Year; Unknown when there is no date
	PeriodFrom int             // first year of "(period: 2023-2024)"; 0 when none
	PeriodTo   int             // last year of the period
}

// IsZero reports that no date was given.
func (d Date) IsZero() bool { return d.Precision == model.Unknown }

// Document is one # heading of the catalogue with what it says about itself.
type Document struct {
	Title       string // the heading, without its attributes
	Description string // the first paragraph under the heading, lines joined with a space
	Date        Date   // when the document was signed, agreed or held, from "(date: ...)"
	Line        int    // 1-based line of the heading
}

// Group is the run of items under one heading, in file order; groups without items are omitted.
type Group struct {
	Document string // title of the # heading
	Area     string // title of the ## heading; "" for items directly under the document
	Items    []Item // at least one
}

// Catalogue is a parsed checklist: its groups and documents in file order.
type Catalogue struct {
	Groups    []Group
	Documents []Document // every # heading, with or without items
}

// Items returns every item in file order; the slice and its Sources are copies.
func (c *Catalogue) Items() []Item {
	var out []Item
	for _, g := range c.Groups {
		for _, it := range g.Items {
			it.Sources = slices.Clone(it.Sources)
			out = append(out, it)
		}
	}
	return out
}

// Item returns the item with the given id, and whether it exists.
func (c *Catalogue) Item(id string) (Item, bool) {
	for _, g := range c.Groups {
		for _, it := range g.Items {
			if it.ID == id {
				it.Sources = slices.Clone(it.Sources)
				return it, true
			}
		}
	}
	return Item{}, false
}
