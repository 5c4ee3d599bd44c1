package roadmap

import "slices"

// Item is one commitment or action of the partnership, as listed in the catalogue.
type Item struct {
	ID       string   // stable identifier, e.g. "mou-1.1"
	Text     string   // the commitment, continuation lines joined with a space
	Sources  []string // article ids backing the item; nil when none
	Document string   // title of the enclosing # heading
	Area     string   // title of the enclosing ## heading; "" for items directly under a document
	Line     int      // 1-based line of the item in the catalogue file
}

// Group is the run of items under one heading, in file order; groups without items are omitted.
type Group struct {
	Document string // title of the # heading
	Area     string // title of the ## heading; "" for items directly under the document
	Items    []Item // at least one
}

// Catalogue is a parsed checklist: its groups in file order.
type Catalogue struct {
	Groups []Group
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
