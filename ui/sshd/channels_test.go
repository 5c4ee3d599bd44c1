package sshd

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// Sessions, not connections, count against --max-sessions: one connection
// opening 40 session channels, each with a terminal and a shell, runs at
// most --max-sessions dashboards; every other channel is refused with a
// message (past the per-connection cap when it opens, past --max-sessions
// when its shell starts). When the connection closes, the places, the
// goroutines and the memory are given back.
func TestSessionsNotConnectionsAreCounted(t *testing.T) {
	signer, line := testKey(t, "many")
	const maxSessions = 3
	srv, addr := startServer(t, Config{MaxSessions: maxSessions}, line, seedShared(t))
	runtime.GC()
	goroutines := runtime.NumGoroutine()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	type channel struct {
		out   *screenTail
		ended chan struct{}
	}
	var (
		opened        []channel
		refusedAtOpen int
		wg            sync.WaitGroup
	)
	for i := range 40 {
		sess, err := c.NewSession()
		if err != nil {
			if !strings.Contains(err.Error(), fmt.Sprintf("dossier: at most %d sessions on one connection", maxSessionsPerConn)) {
				t.Errorf("channel %d refused without the message: %v", i, err)
			}
			refusedAtOpen++
			continue
		}
		defer sess.Close()
		ch := channel{&screenTail{}, make(chan struct{})}
		sess.Stdout, sess.Stderr = ch.out, ch.out
		if _, err := sess.StdinPipe(); err != nil { // kept open: a closed input ends a dashboard
			t.Fatal(err)
		}
		if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatalf("channel %d: pty: %v", i, err)
		}
		if err := sess.Shell(); err != nil {
			t.Fatalf("channel %d: shell: %v", i, err)
		}
		wg.Add(1)
		go func() { defer wg.Done(); sess.Wait(); close(ch.ended) }()
		opened = append(opened, ch)
	}
	// Each opened channel either draws a dashboard or is told the server is full.
	dashboards, full := 0, 0
	var toldFull []channel
	for i, ch := range opened {
		deadline := time.Now().Add(15 * time.Second)
		for {
			out := ch.out.String()
			if strings.Contains(out, "Timeline") {
				dashboards++
				break
			}
			if strings.Contains(out, fmt.Sprintf("dossier: server full (%d); try again later", maxSessions)) {
				full++
				toldFull = append(toldFull, ch)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("channel %d shows neither a dashboard nor a refusal:\n%q", i, lastBytes(out, 500))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	t.Logf("40 channels: %d dashboards, %d told the server is full, %d refused when opened", dashboards, full, refusedAtOpen)
	if dashboards != maxSessions || srv.Sessions() != maxSessions {
		t.Errorf("%d dashboards (server counts %d), want --max-sessions %d", dashboards, srv.Sessions(), maxSessions)
	}
	if dashboards+full+refusedAtOpen != 40 || refusedAtOpen == 0 {
		t.Errorf("of 40 channels, %d dashboards, %d told full, %d refused at open", dashboards, full, refusedAtOpen)
	}
	// At most maxSessionsPerConn channels are open at once: with the
	// dashboards running, one more opens and the next is refused. A
	// channel told the server is full ends, and the server counts it closed
	// once its handler returns, a moment after the client sees the end: the
	// place must come back within the deadline.
	for i, ch := range toldFull {
		select {
		case <-ch.ended:
		case <-time.After(10 * time.Second):
			t.Fatalf("channel %d was told the server is full but did not end", i)
		}
	}
	for i := dashboards; i <= maxSessionsPerConn; i++ {
		sess, err := c.NewSession()
		for deadline := time.Now().Add(10 * time.Second); i < maxSessionsPerConn && err != nil && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
			sess, err = c.NewSession()
		}
		switch {
		case i < maxSessionsPerConn && err != nil:
			t.Errorf("channel %d of %d: %v", i+1, maxSessionsPerConn, err)
		case i == maxSessionsPerConn && err == nil:
			t.Errorf("channel %d opened, past the %d a connection may hold", i+1, maxSessionsPerConn)
		}
		if err == nil {
			defer sess.Close()
		}
	}
	// The server is full for everyone, this address included.
	other := dialClient(t, addr, signer)
	if out := shellSays(t, other); !strings.Contains(out, fmt.Sprintf("dossier: server full (%d)", maxSessions)) {
		t.Errorf("a second connection while full: %q", out)
	}
	other.Close()

	c.Close()
	wg.Wait()
	eventually(t, 10*time.Second, "dashboards ended and places freed", func() bool {
		_, n := srv.limiter.counts()
		return srv.Sessions() == 0 && n == 0
	})
	eventually(t, 10*time.Second, fmt.Sprintf("goroutines back to %d", goroutines), func() bool { return runtime.NumGoroutine() <= goroutines+2 })
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	t.Logf("heap %.1f MiB before, %.1f MiB after", float64(before.HeapAlloc)/(1<<20), float64(after.HeapAlloc)/(1<<20))
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 8<<20 {
		t.Errorf("the heap kept %.1f MiB after the connection closed", float64(grown)/(1<<20))
	}
}

// Agent forwarding is refused, as port forwarding is.
func TestAgentForwardingRefused(t *testing.T) {
	signer, line := testKey(t, "tester")
	_, addr := startServer(t, Config{}, line, seedShared(t))
	c := dialClient(t, addr, signer)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	ok, err := sess.SendRequest("auth-agent-req@openssh.com", true, nil)
	if err != nil || ok {
		t.Errorf("auth-agent-req@openssh.com answered %v (%v), want false", ok, err)
	}
	if err := agent.RequestAgentForwarding(sess); err == nil {
		t.Error("agent.RequestAgentForwarding succeeded")
	}
	// The session itself still works.
	if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Errorf("pty after the refused agent: %v", err)
	}
}
