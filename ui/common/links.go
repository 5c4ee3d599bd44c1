package common

import (
	"context"
	"hash/fnv"
	"io"
	"sort"
	"sync"

	"dossier/index"
	"dossier/index/library"
	"dossier/model/review"
	"dossier/model/roadmap"
)

// Links keeps a session's index.Linker, which relates the corpus to the
// roadmap's items (the items an article concerns, the passages an item's
// evidence suggestions come from). It is prepared once per snapshot and per
// set of accepted evidence quotes (a few ms at 10,000 articles), in the
// commands that ask for it, and shared by the panes. Safe for concurrent use.
type Links struct {
	cat   *roadmap.Catalogue
	store review.Store // nil: no accepted evidence to weigh

	mu     sync.Mutex
	snap   *library.Snapshot
	last   int64  // the store's newest change when quotes were read
	quotes uint64 // hash of the accepted quotes the linker was made with
	lk     *index.Linker
}

// NewLinks returns the linker cache of a catalogue over a store (nil for
// none).
func NewLinks(cat *roadmap.Catalogue, st review.Store) *Links { return &Links{cat: cat, store: st} }

// Get returns the linker of snap, with the evidence accepted now. It runs
// in a tea.Cmd: it may read the store and the index.
func (l *Links) Get(ctx context.Context, snap *library.Snapshot) (*index.Linker, error) {
	if l == nil || l.cat == nil || snap == nil || snap.Index == nil {
		return nil, ErrNoLinks
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var last int64
	if l.store != nil {
		var err error
		if last, err = l.store.LastChangeID(ctx); err != nil {
			last = -1 // the store cannot say: the items alone, as last read
		}
	}
	if l.lk != nil && l.snap == snap && (last == l.last || last < 0) {
		return l.lk, nil
	}
	quotes := map[string][]string{}
	if l.store != nil && last >= 0 {
		if all, err := l.store.All(ctx); err == nil {
			for id, r := range all {
				for _, e := range r.Evidence {
					quotes[id] = append(quotes[id], e.Quote)
				}
			}
		}
	}
	sum := hashQuotes(quotes)
	if l.lk != nil && l.snap == snap && sum == l.quotes {
		l.last = last
		return l.lk, nil
	}
	lk, err := snap.Index.NewLinker(ctx, index.RoadmapTopics(l.cat, quotes))
	if err != nil {
		return nil, err
	}
	l.snap, l.last, l.quotes, l.lk = snap, last, sum, lk
	return lk, nil
}

// ErrNoLinks is Get's answer without a catalogue or an index.
var ErrNoLinks = errorString("no roadmap or no index to relate articles to")

type errorString string

func (e errorString) Error() string { return string(e) }

// hashQuotes sums the quotes by item, in a fixed order.
func hashQuotes(quotes map[string][]string) uint64 {
	ids := make([]string, 0, len(quotes))
	for id := range quotes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	h := fnv.New64a()
	for _, id := range ids {
		io.WriteString(h, id+"\x00")
		for _, q := range quotes[id] {
			io.WriteString(h, q+"\x01")
		}
	}
	return h.Sum64()
}
