package sshd

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// limiter admits TCP connections: at most maxTotal at once, maxPerAddr per
// source address, and new ones at rate per second (with a burst).
type limiter struct {
	mu         sync.Mutex
	maxTotal   int
	maxPerAddr int
	rate       float64
	burst      float64
	tokens     float64
	last       time.Time
	total      int
	perAddr    map[string]int
}

func newLimiter(maxTotal, maxPerAddr int, rate float64) *limiter {
	burst := max(rate*2, 1)
	return &limiter{maxTotal: maxTotal, maxPerAddr: maxPerAddr, rate: rate, burst: burst, tokens: burst, perAddr: map[string]int{}}
}

// admit reserves a slot for a connection from addr, or says why not.
func (l *limiter) admit(addr string, now time.Time) (release func(), refused string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rate > 0 {
		if !l.last.IsZero() {
			l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
		}
		l.last = now
		if l.tokens < 1 {
			return nil, "too many new connections"
		}
	}
	if l.maxTotal > 0 && l.total >= l.maxTotal {
		return nil, "server full"
	}
	if l.maxPerAddr > 0 && l.perAddr[addr] >= l.maxPerAddr {
		return nil, "too many connections from this address"
	}
	if l.rate > 0 {
		l.tokens--
	}
	l.total++
	l.perAddr[addr]++
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.total--
			if l.perAddr[addr]--; l.perAddr[addr] <= 0 {
				delete(l.perAddr, addr)
			}
		})
	}, ""
}

// active returns the number of admitted connections.
func (l *limiter) active() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

// guardedConn releases its limiter slot on Close and, until the user has
// logged in, keeps a deadline that the SSH library's own deadline updates
// cannot extend: a connection that never finishes its login is dropped.
type guardedConn struct {
	net.Conn
	release  func()
	deadline time.Time // login deadline
	loggedIn atomic.Bool
}

// SetDeadline passes deadlines through, clamped to the login deadline
// until login.
func (c *guardedConn) SetDeadline(t time.Time) error {
	if !c.loggedIn.Load() && (t.IsZero() || t.After(c.deadline)) {
		t = c.deadline
	}
	return c.Conn.SetDeadline(t)
}

// loginDone lifts the login deadline.
func (c *guardedConn) loginDone() {
	if c.loggedIn.CompareAndSwap(false, true) {
		c.Conn.SetDeadline(time.Time{})
	}
}

// Close closes the connection and frees its slot.
func (c *guardedConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}

// hostOf returns the address without its port.
func hostOf(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return host
}
