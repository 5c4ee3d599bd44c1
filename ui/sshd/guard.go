package sshd

import (
	"net"
	"sync/atomic"
	"time"
)

// guardedConn holds a connection's limiter slot, released on Close, and
// until the session starts keeps a login deadline that the SSH library's
// own deadline updates cannot extend: a connection that never gets as far
// as a session is dropped.
type guardedConn struct {
	net.Conn
	lim      *limiter
	slot     *slot
	deadline time.Time // login deadline
	loggedIn atomic.Bool
	refused  atomic.Pointer[refusal] // login succeeded but the sessions caps refused it
}

// SetDeadline passes deadlines through, clamped to the login deadline
// until the session starts.
func (c *guardedConn) SetDeadline(t time.Time) error {
	if !c.loggedIn.Load() && (t.IsZero() || t.After(c.deadline)) {
		t = c.deadline
	}
	return c.Conn.SetDeadline(t)
}

// loginDone lifts the login deadline once the session has started.
func (c *guardedConn) loginDone() {
	if c.loggedIn.CompareAndSwap(false, true) {
		c.Conn.SetDeadline(time.Time{})
	}
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
