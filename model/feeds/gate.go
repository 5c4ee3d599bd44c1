package feeds

import (
	"context"
	"strings"
	"sync"
	"time"
)

// hostGate lets one request at a time go to each host, and keeps delay
// between the end of one and the start of the next.
type hostGate struct {
	delay time.Duration
	mu    sync.Mutex
	hosts map[string]*hostSlot
}

// hostSlot is one host's turn: a token in turn while nobody holds it.
type hostSlot struct {
	turn chan struct{}
	last time.Time // when the last request to the host ended
}

func newHostGate(delay time.Duration) *hostGate {
	return &hostGate{delay: delay, hosts: map[string]*hostSlot{}}
}

// acquire waits for host's turn and the delay after its last request;
// release ends the turn.
func (g *hostGate) acquire(ctx context.Context, host string) (release func(), err error) {
	host = strings.ToLower(host)
	g.mu.Lock()
	s := g.hosts[host]
	if s == nil {
		s = &hostSlot{turn: make(chan struct{}, 1)}
		s.turn <- struct{}{}
		g.hosts[host] = s
	}
	g.mu.Unlock()
	select {
	case <-s.turn:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if wait := time.Until(s.last.Add(g.delay)); wait > 0 && !s.last.IsZero() {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			s.turn <- struct{}{}
			return nil, ctx.Err()
		}
	}
	return func() {
		s.last = time.Now()
		s.turn <- struct{}{}
	}, nil
}
