package timeline

import (
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

// listings keeps the last few listings of a snapshot's timeline, for
// every session: they mostly share a size, a look and the toggles.
type listings struct {
	mu   sync.Mutex
	next int
	kept [4]keptAs[listingKey, listing]
}

// sharedListing is the listing of k, made once for the sessions of the
// snapshot that ask for it while it is kept. It is made under the lock:
// sessions that log in at once wait for the first's, not make their own.
func (m *Model) sharedListing(k listingKey) listing {
	v, err := m.snap.Value(m.c.Context(), "timeline listings", func() any { return &listings{} })
	if err != nil {
		return m.listing()
	}
	ls := v.(*listings)
	ls.mu.Lock()
	defer ls.mu.Unlock()
	for _, e := range ls.kept {
		if e.ok && e.key == k {
			return e.val
		}
	}
	l := m.listing()
	ls.kept[ls.next] = keptAs[listingKey, listing]{key: k, val: l, ok: true}
	ls.next = (ls.next + 1) % len(ls.kept)
	return l
}
