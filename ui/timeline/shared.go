package timeline

import (
	"slices"
	"sync"

	tl "dossier/model/timeline"
)

// listingKey is everything a listing is made from but the session: the
// timeline and its entries (by identity), the toggles, the size and the
// look. Sessions of one snapshot with the same key list the same rows.
type listingKey struct {
	events                                            *tl.Event
	entries                                           *entry
	n, undated                                        int
	bounded, all, published, context, planned, newest bool
	look                                              string
	w, h                                              int
}

// sharedKey is the key of the listing this session would make, and
// whether it can share one: not under a search filter (which is its
// own), and with the snapshot's timeline shown.
func (m *Model) sharedKey() (listingKey, bool) {
	if m.snap == nil || m.filter || len(m.t.Events) == 0 || len(m.entries) != len(m.t.Events) || len(m.keys) != len(m.t.Events) {
		return listingKey{}, false
	}
	return listingKey{events: &m.t.Events[0], entries: &m.entries[0], n: len(m.t.Events), undated: len(m.t.Undated),
		bounded: m.bounded, all: m.all, published: m.published, context: m.context, planned: m.planned, newest: m.newest,
		look: m.c.Styles.Look, w: m.c.Width, h: m.c.Height}, true
}

// keptRing keeps the last few values made for a snapshot's sessions, by
// key: they mostly share a size, a look and the toggles. A value is made
// under the lock: sessions that log in at once wait for the first's, not
// make their own.
type keptRing[K comparable, V any] struct {
	mu   sync.Mutex
	next int
	kept [4]keptAs[K, V]
}

// get returns the value kept for k, or makes and keeps it in place of the
// oldest.
func (r *keptRing[K, V]) get(k K, make func() V) V {
	r.mu.Lock()
	defer r.mu.Unlock()
	if v, ok := findKept(r.kept[:], k); ok {
		return v
	}
	v := make()
	putKept(r.kept[:], &r.next, k, v)
	return v
}

// listings are a snapshot's listings of its timeline's rows.
type listings = keptRing[listingKey, listing]

// sharedListing is the listing of k, made once for the sessions of the
// snapshot that ask for it while it is kept.
func (m *Model) sharedListing(k listingKey) listing {
	v, err := m.snap.Value(m.c.Context(), "timeline listings", func() any { return &listings{} })
	if err != nil {
		return m.listing()
	}
	return v.(*listings).get(k, m.listing)
}

// sparkKey is what a sparkline is drawn from but the session: the
// snapshot's histogram (by identity), the size and the look.
type sparkKey struct {
	counts     *int
	n, w, rows int
	look       string
}

// sparklines are a snapshot's sparklines as drawn.
type sparklines = keptRing[sparkKey, []string]

// sharedSpark is the sparkline drawSpark draws, drawn once for the
// sessions of the snapshot with the same size and look.
func (m *Model) sharedSpark(w, rows int) []string {
	// Clipped: a session appends its own lines to the sparkline's (View),
	// which must then copy it, not write in the shared one.
	draw := func() []string { return slices.Clip(m.drawSpark(w, rows)) }
	if m.snap == nil || len(m.hist.counts) == 0 {
		return draw()
	}
	v, err := m.snap.Value(m.c.Context(), "timeline sparklines", func() any { return &sparklines{} })
	if err != nil {
		return draw()
	}
	k := sparkKey{counts: &m.hist.counts[0], n: len(m.hist.counts), w: w, rows: rows, look: m.c.Styles.Look}
	return v.(*sparklines).get(k, draw)
}
