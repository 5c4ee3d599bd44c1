package review

import (
	"context"
	"slices"
	"sync"
	"time"
)

// IDSet is a list of article ids checked once, over which the new
// articles of many people are counted again and again: a corpus's ids,
// made once per corpus snapshot and shared by every session of a server.
// Counting over it costs what the person's own state costs (the arrivals
// after their baseline, their marks), not a pass over every id.
type IDSet struct {
	ids []string
	pos func(id string) int // the index of id in ids, or -1
	err error               // why the ids cannot be asked about

	once  sync.Once
	index map[string]int // when no pos was given
}

// NewIDSet checks ids once and keeps them; ids must not change afterwards.
// pos gives the index of an id in ids or -1 (a corpus has its own lookup);
// nil makes an index here.
func NewIDSet(ids []string, pos func(id string) int) *IDSet {
	return &IDSet{ids: ids, pos: pos, err: checkIDs(ids)}
}

// IDs returns the ids, in their order (shared: not to be changed).
func (s *IDSet) IDs() []string { return s.ids }

// position is the index of id in the set, or -1.
func (s *IDSet) position(id string) int {
	if s.pos != nil {
		i := s.pos(id)
		if i < 0 || i >= len(s.ids) || s.ids[i] != id {
			return -1
		}
		return i
	}
	s.once.Do(func() {
		s.index = make(map[string]int, len(s.ids))
		for i, id := range s.ids {
			if _, ok := s.index[id]; !ok {
				s.index[id] = i
			}
		}
	})
	if i, ok := s.index[id]; ok {
		return i
	}
	return -1
}

// NewArticlesIn returns the articles of set that are new for who, in the
// set's order: the same as NewArticles(ctx, who, set.IDs()), without a
// pass over every id once the set's arrivals are recorded.
func (s *sqlStore) NewArticlesIn(ctx context.Context, who string, set *IDSet) ([]string, error) {
	if set.err != nil {
		return nil, set.err
	}
	if err := checkWho(who); err != nil {
		return nil, err // before the pass over every id, not after it
	}
	if s.roReason != "" {
		return s.NewArticles(ctx, who, set.ids) // nothing recorded: unseen ids count
	}
	if s.recorded.Load() != set {
		// One count records the set's arrivals; the sessions that ask at
		// the same moment (a server's first logins) wait for it rather
		// than each pass over every id.
		s.recording.Lock()
		defer s.recording.Unlock()
	}
	missing, err := s.unrecorded(ctx, set)
	if err != nil {
		return nil, err
	}
	var out []string
	err = s.prepareMissing(ctx, who, missing, false, func(t *txn, _ map[string]bool) error {
		r, err := loadReadState(t, who)
		if err != nil {
			return err
		}
		out = r.newIn(set)
		return nil
	})
	if err == nil {
		s.recorded.Store(set) // every id of set has its arrival now
	}
	return out, err
}

// unrecorded lists the ids of set whose arrival the store has not
// recorded: none once set is recorded, else a pass over every id. The
// caller holds s.recording when set is not recorded.
func (s *sqlStore) unrecorded(ctx context.Context, set *IDSet) ([]string, error) {
	if s.recorded.Load() == set {
		return nil, nil
	}
	if err := s.loadArrivals(ctx); err != nil {
		return nil, err
	}
	s.passes.Add(1)
	return s.seen.unknown(set.ids), nil
}

// RecordArrivals records the ids of set the store has not seen as
// arriving now, as the first count over set would, and no one's baseline.
func (s *sqlStore) RecordArrivals(ctx context.Context, set *IDSet) error {
	if set.err != nil {
		return set.err
	}
	if s.roReason != "" || s.recorded.Load() == set {
		return nil // a read-only store records nothing: unseen ids count as arriving now
	}
	s.recording.Lock()
	defer s.recording.Unlock()
	missing, err := s.unrecorded(ctx, set)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		err = s.classified(s.runTx(ctx, true, func(t *txn) error {
			return insertArrivals(t, missing, time.Now().UnixNano())
		}))
		if err != nil {
			return err
		}
		s.seen.add(missing)
	}
	s.recorded.Store(set)
	return nil
}

// newIn applies the rule to the articles of set: only the arrivals after
// the baseline and the marks can be new.
func (r readState) newIn(set *IDSet) []string {
	var at []int
	for id := range r.after {
		if _, marked := r.marks[id]; !marked && r.hasSince {
			if i := set.position(id); i >= 0 {
				at = append(at, i)
			}
		}
	}
	for id, read := range r.marks {
		if !read {
			if i := set.position(id); i >= 0 {
				at = append(at, i)
			}
		}
	}
	slices.Sort(at)
	out := make([]string, 0, len(at))
	for _, i := range at {
		out = append(out, set.ids[i])
	}
	return out
}
