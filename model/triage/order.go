package triage

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Order is how the roadmap's items are listed.
type Order int

// The orders, in the order a key cycles through them.
const (
	OrderCatalogue  Order = iota // as the catalogue lists them
	OrderLastChange              // the most recently changed first; never changed last
	OrderQuietest                // the longest without news first; never in the news first of all
	numOrders
)

// Orders returns every order, in cycling order.
func Orders() []Order { return []Order{OrderCatalogue, OrderLastChange, OrderQuietest} }

// String names the order as the command line takes it.
func (o Order) String() string {
	switch o {
	case OrderCatalogue:
		return "catalogue"
	case OrderLastChange:
		return "changed"
	case OrderQuietest:
		return "quiet"
	}
	return fmt.Sprintf("Order(%d)", int(o))
}

// Label names the order for people ("last change first").
func (o Order) Label() string {
	switch o {
	case OrderLastChange:
		return "last change first"
	case OrderQuietest:
		return "quietest first"
	}
	return "catalogue order"
}

// Next is the order after o, wrapping around.
func (o Order) Next() Order { return (o + 1) % numOrders }

// ParseOrder reads an order: catalogue, changed (or last-change) or quiet (or quietest).
func ParseOrder(s string) (Order, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "catalogue", "catalog":
		return OrderCatalogue, nil
	case "changed", "last-change", "change", "recent":
		return OrderLastChange, nil
	case "quiet", "quietest":
		return OrderQuietest, nil
	}
	return OrderCatalogue, fmt.Errorf("unknown order %q: use catalogue, changed or quiet", s)
}

// Sort orders rows in place; ties keep the catalogue's order.
func Sort(rows []Row, o Order, now time.Time) {
	switch o {
	case OrderLastChange:
		slices.SortStableFunc(rows, func(a, b Row) int { return b.Review.At.Compare(a.Review.At) })
	case OrderQuietest:
		quiet := func(r Row) int {
			if d, ok := r.News.QuietDays(now); ok {
				return d
			}
			return int(^uint(0) >> 1) // never in the news
		}
		slices.SortStableFunc(rows, func(a, b Row) int { return cmp.Compare(quiet(b), quiet(a)) })
	}
}
