package sshd

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// guardedConn is one connection's account. It holds the connection's
// limiter slot, released on Close, and keeps a deadline that the SSH
// library's own deadline updates cannot extend while no dashboard runs on
// it: from connecting until the first dashboard starts (the login
// deadline), and again from when its last dashboard ends. A connection
// that never gets as far as a dashboard, or keeps none, is dropped.
//
// Sessions, not connections, count against --max-sessions and
// --max-per-addr: the connection's own slot, taken at login, is the place
// of one dashboard; each further dashboard on the same connection takes a
// slot of its own from the limiter while it runs.
type guardedConn struct {
	net.Conn
	lim      *limiter
	slot     *slot         // pre-auth, then the place of one dashboard
	linger   time.Duration // how long the connection may stay without a dashboard
	refused  atomic.Pointer[refusal]
	channels atomic.Int32 // session channels open

	mu       sync.Mutex
	deadline time.Time // while running == 0
	running  int       // dashboards running
	ownUsed  bool      // a dashboard holds the connection's own slot
}

// SetDeadline passes deadlines through, clamped to the connection's
// deadline while no dashboard runs on it.
func (c *guardedConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running == 0 && (t.IsZero() || t.After(c.deadline)) {
		t = c.deadline
	}
	return c.Conn.SetDeadline(t)
}

// openChannel counts a new session channel, or says there are already max.
func (c *guardedConn) openChannel(max int) bool {
	if c.channels.Add(1) > int32(max) {
		c.channels.Add(-1)
		return false
	}
	return true
}

// closeChannel counts a session channel that closed.
func (c *guardedConn) closeChannel() { c.channels.Add(-1) }

// startSession gives a dashboard its place: the connection's own slot if
// free, else a new one within the sessions caps. done gives it back; when
// the last dashboard ends, the connection has linger to start another.
func (c *guardedConn) startSession() (done func(), refused *refusal) {
	c.mu.Lock()
	defer c.mu.Unlock()
	own := !c.ownUsed
	var extra *slot
	if own {
		c.ownUsed = true
	} else if extra, refused = c.lim.extra(c.slot.addr); refused != nil {
		return nil, refused
	}
	if c.running++; c.running == 1 {
		c.Conn.SetDeadline(time.Time{})
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			if own {
				c.ownUsed = false
			} else {
				c.lim.release(extra)
			}
			if c.running--; c.running == 0 {
				c.deadline = time.Now().Add(c.linger)
				c.Conn.SetDeadline(c.deadline)
			}
		})
	}, nil
}

// Close closes the connection and frees its slot.
func (c *guardedConn) Close() error {
	err := c.Conn.Close()
	if c.slot != nil {
		c.lim.release(c.slot)
	}
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
