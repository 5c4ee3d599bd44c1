package review

import (
	"maps"
	"slices"
)

// Every session of a server reads every review at its start (the roadmap's
// load, the linker's accepted quotes): All is the costliest read a session
// makes, and the same for all of them until someone changes a review. In
// SQLite, every change to item_state or evidence appends a history row in
// the same transaction, and history ids only grow (AUTOINCREMENT; triggers
// refuse to update or delete a row): the newest change id, read in the
// same transaction, names the reviews' state. So All keeps its last answer
// under that id and answers from it while the id stays. PostgreSQL keeps
// nothing: `dossier store copy --replace` empties its history and restarts
// its ids, so an id could name two states.
//
// The same holds for an item's history, which a session reads for the item
// its roadmap shows first (the same item for every session): History keeps
// its last answer for one item the same way.

// allKept is All's last answer and the newest change id read with it.
type allKept struct {
	last int64
	all  map[string]Review
}

// keptAll returns a copy of the kept answer if it was read at change id
// last; ok is false otherwise.
func (s *sqlStore) keptAll(last int64) (map[string]Review, bool) {
	k := s.allKept.Load()
	if k == nil || k.last != last {
		return nil, false
	}
	return cloneReviews(k.all), true
}

// keepAll keeps all, read at change id last, unless a newer answer is kept.
func (s *sqlStore) keepAll(last int64, all map[string]Review) {
	k := &allKept{last: last, all: cloneReviews(all)}
	for {
		cur := s.allKept.Load()
		if cur != nil && cur.last >= last {
			return
		}
		if s.allKept.CompareAndSwap(cur, k) {
			return
		}
	}
}

// cloneReviews copies a map of reviews and their evidence lists, so that a
// caller may change what it gets.
func cloneReviews(all map[string]Review) map[string]Review {
	out := maps.Clone(all)
	for id, r := range out {
		if r.Evidence != nil {
			r.Evidence = slices.Clone(r.Evidence)
			out[id] = r
		}
	}
	return out
}

// historyKept is History's last answer for one item and the newest change
// id read with it.
type historyKept struct {
	last    int64
	itemID  string
	changes []Change
}

// keptHistory returns a copy of the kept history of itemID if it was read
// at change id last; ok is false otherwise.
func (s *sqlStore) keptHistory(itemID string, last int64) ([]Change, bool) {
	k := s.historyKept.Load()
	if k == nil || k.last != last || k.itemID != itemID {
		return nil, false
	}
	return slices.Clone(k.changes), true
}

// keepHistory keeps the history of itemID, read at change id last (the
// latest item asked for is kept, unless the kept answer is newer).
func (s *sqlStore) keepHistory(itemID string, last int64, changes []Change) {
	k := &historyKept{last: last, itemID: itemID, changes: slices.Clone(changes)}
	for {
		cur := s.historyKept.Load()
		if cur != nil && cur.last > last {
			return
		}
		if s.historyKept.CompareAndSwap(cur, k) {
			return
		}
	}
}
