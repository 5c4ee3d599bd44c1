package review

import (
	"context"
	"sync"
	"time"
)

// Notice is what Watch reports: the newest change id in the store, or that
// the store cannot be reached right now.
type Notice struct {
	LastChangeID int64 // newest change id (when Err is nil; the last one known otherwise)
	Err          error // non-nil while the store is unavailable; the feed keeps retrying by itself
}

// Available reports whether the store answered.
func (n Notice) Available() bool { return n.Err == nil }

// Status is the line a UI shows for the notice: "" when the store is
// available, else "review store unavailable, retrying (REASON)".
func (n Notice) Status() string {
	if n.Err == nil {
		return ""
	}
	return "review store unavailable, retrying (" + n.Err.Error() + ")"
}

// hub fans the notices of one source out to every watcher; a slow watcher
// only ever has the latest notice waiting.
type hub struct {
	mu   sync.Mutex
	subs map[chan Notice]struct{}
	last Notice
	seen bool // last holds a real notice
}

func newHub() *hub { return &hub{subs: map[chan Notice]struct{}{}} }

// publish sends n to every watcher if it differs from the last notice.
func (h *hub) publish(n Notice) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n.Err != nil {
		n.LastChangeID = h.last.LastChangeID
	}
	if h.seen && n.LastChangeID == h.last.LastChangeID && (n.Err == nil) == (h.last.Err == nil) {
		return
	}
	h.last, h.seen = n, true
	for ch := range h.subs {
		offer(ch, n)
	}
}

// offer puts n in ch, replacing a notice not read yet.
func offer(ch chan Notice, n Notice) {
	for {
		select {
		case ch <- n:
			return
		default:
		}
		select {
		case <-ch:
		default:
		}
	}
}

func (h *hub) subscribe() chan Notice {
	ch := make(chan Notice, 1)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.subs[ch] = struct{}{}
	if h.seen {
		ch <- h.last
	}
	return ch
}

func (h *hub) unsubscribe(ch chan Notice) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[ch]; ok {
		delete(h.subs, ch)
		close(ch)
	}
}

// closeAll ends every watch (the store is closing).
func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		delete(h.subs, ch)
		close(ch)
	}
}

// Watch reports changes until ctx ends (see Store). The store runs one
// feed for all watchers: SQLite polls LastChangeID every second;
// PostgreSQL listens for the notifications every commit sends.
func (s *sqlStore) Watch(ctx context.Context) <-chan Notice {
	s.hubOnce.Do(func() {
		s.hub = newHub()
		var feedCtx context.Context
		feedCtx, s.stop = context.WithCancel(context.Background())
		stop := s.stop
		s.stop = func() { stop(); s.hub.closeAll() }
		go s.source(feedCtx, s.hub)
	})
	ch := s.hub.subscribe()
	go func() {
		<-ctx.Done()
		s.hub.unsubscribe(ch)
	}()
	return ch
}

// pollSource publishes LastChangeID every interval until ctx ends.
func (s *sqlStore) pollSource(ctx context.Context, h *hub) {
	tick := time.NewTicker(s.poll)
	defer tick.Stop()
	for {
		qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		id, err := s.LastChangeID(qctx)
		cancel()
		if ctx.Err() != nil {
			return
		}
		h.publish(Notice{LastChangeID: id, Err: err})
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
