package sshd

import (
	"io"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// floodFor is how long the tests send window changes. The probe
// sent them for 10 s; the connection stopped being read within the first
// second, so 2 s shows the same.
const floodFor = 2 * time.Second

// flood sends window changes alternating between two sizes for d, and
// reports whether it could: a server that stops reading the connection
// blocks the sender once the socket buffers are full.
func flood(t *testing.T, sess *gossh.Session, d time.Duration, w, h int) {
	t.Helper()
	sent := make(chan int, 1)
	go func() {
		n := 0
		for stop := time.Now().Add(d); time.Now().Before(stop); n++ {
			if err := sess.WindowChange(h+n%2, w+n%2); err != nil {
				break
			}
		}
		sent <- n
	}()
	select {
	case n := <-sent:
		t.Logf("%d window changes in %v", n, d)
	case <-time.After(d + 10*time.Second):
		t.Fatalf("window changes still blocked %v after the flood should have ended: the server stopped reading the connection", 10*time.Second)
	}
}

// A client sending window changes in a loop leaves its session responsive,
// and once it stops, the session ends at its idle timeout and its place is
// given back.
func TestWindowChangeFloodLeavesSessionResponsive(t *testing.T) {
	signer, line := testKey(t, "flood")
	const idle = floodFor + 2*time.Second // window changes are not key presses
	srv, addr := startServer(t, Config{IdleTimeout: idle, LoginTimeout: time.Second}, line, seedShared(t))
	p := dialPty(t, addr, signer, 100, 30)
	p.waitFor(t, "index ready", 15*time.Second)
	io.WriteString(p.in, "1") // a key: the idle time starts now

	flood(t, p.sess, floodFor, 300, 100) // full repaints of 300×100: the output outgrows the SSH window at once

	// Responsive: back to a usual size, then a key is answered.
	if err := p.sess.WindowChange(30, 100); err != nil {
		t.Fatal(err)
	}
	p.out.reset()
	pressed := time.Now()
	io.WriteString(p.in, "2")
	p.waitFor(t, "mou-1.1", 10*time.Second) // the Roadmap pane
	t.Logf("the key was answered %v after the flood", time.Since(pressed).Round(time.Millisecond))

	// Idle from that key on: closed by the idle timeout (checked every
	// idle/4, then shown for 1.5 s), and the place is free again.
	p.waitEnded(t, idle+idle/4+5*time.Second, "idle timeout after a flood")
	if took := time.Since(pressed); took < idle {
		t.Errorf("the session ended %v after the last key, before the idle timeout of %v", took, idle)
	}
	eventually(t, 5*time.Second, "the dashboard gone", func() bool { return srv.Sessions() == 0 })
	// The connection, kept open by the client with no session, is closed
	// within --login-timeout; its place is free.
	eventually(t, 5*time.Second, "the connection's place freed", func() bool { _, n := srv.limiter.counts(); return n == 0 })
}

// A client that floods window changes and never reads its output blocks
// the session's output, so the session cannot close itself; its connection
// is closed shortly after the idle timeout anyway.
func TestWindowChangeFloodWithoutReadingIsClosed(t *testing.T) {
	signer, line := testKey(t, "flood")
	const idle = 2 * time.Second
	srv, addr := startServer(t, Config{IdleTimeout: idle}, line, seedShared(t))
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 400, 900, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.StdoutPipe(); err != nil { // never read
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	eventually(t, 10*time.Second, "the dashboard started", func() bool { return srv.Sessions() == 1 })

	flood(t, sess, floodFor, 900, 400)

	closed := make(chan struct{})
	go func() { c.Wait(); close(closed) }()
	limit := srv.idleBackstop() + 5*time.Second
	select {
	case <-closed:
		t.Logf("connection closed %v after the session started", time.Since(start).Round(time.Millisecond))
	case <-time.After(limit):
		t.Fatalf("the connection was still open %v after the session started (idle timeout %v)", time.Since(start).Round(time.Second), idle)
	}
	eventually(t, 5*time.Second, "the dashboard gone and its place freed", func() bool {
		_, n := srv.limiter.counts()
		return srv.Sessions() == 0 && n == 0
	})
}
