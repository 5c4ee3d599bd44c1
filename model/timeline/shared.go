package timeline

import (
	"sync"

	"dossier/model"
)

// Shared extracts a corpus's timeline once, on first use, for every caller
// (all the sessions of a server share one).
type Shared struct {
	once    sync.Once
	corpus  *model.Corpus
	events  []Event
	undated []string
}

// NewShared prepares the timeline of a corpus; nothing is extracted yet.
func NewShared(c *model.Corpus) *Shared { return &Shared{corpus: c} }

// Get returns the events and undated article ids, extracting them on the
// first call; later and concurrent calls wait for and reuse that result.
// Callers must not modify the slices.
func (s *Shared) Get() ([]Event, []string) {
	s.once.Do(func() { s.events, s.undated = Build(FromCorpus(s.corpus)) })
	return s.events, s.undated
}
