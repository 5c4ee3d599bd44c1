package sshd

import (
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"dossier/ui"
)

// floodAddrs is how many loopback addresses (127.0.0.2 on) the flood uses.
const floodAddrs = 40

// needLoopbackAddrs skips the test when 127.0.0.2 cannot be a source address
// (Linux routes all of 127/8 to lo; other systems may not).
func needLoopbackAddrs(t *testing.T, target string) {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}, Timeout: time.Second}
	c, err := d.Dial("tcp", target)
	if err != nil {
		t.Skipf("cannot connect from 127.0.0.2: %v", err)
	}
	c.Close()
}

// dialFrom opens a TCP connection to target from the loopback address ip.
func dialFrom(ip net.IP, target string) (net.Conn, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}, Timeout: 2 * time.Second}
	return d.Dial("tcp", target)
}

// login logs in with signer from 127.0.0.1 and opens a session without a
// terminal: it got in when the server answers that it needs one.
func login(target string, signer gossh.Signer, timeout time.Duration) error {
	conn, err := dialFrom(net.IPv4(127, 0, 0, 1), target)
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(timeout))
	defer conn.Close()
	c, chans, reqs, err := gossh.NewClientConn(conn, target, &gossh.ClientConfig{User: "staff",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		return err
	}
	client := gossh.NewClient(c, chans, reqs)
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		return err
	}
	defer sess.Close()
	out := &lockedBuffer{}
	sess.Stdout, sess.Stderr = out, out
	if err := sess.Shell(); err != nil {
		return err
	}
	sess.Wait()
	if !strings.Contains(out.String(), "needs a terminal") {
		return fmt.Errorf("logged in but the session said %q", out.String())
	}
	return nil
}

// TestPreauthFloodLetsLoginsIn floods a real server on loopback with idle
// connections that never send a byte, from 40 addresses at 25 a second
// (each address well under the per-address limits), and meanwhile logs in
// for real from 127.0.0.1 every 400 ms: at least 90% of the logins must get
// in. Bounded: 12 s of flood, each login 5 s at most, 300 connections.
func TestPreauthFloodLetsLoginsIn(t *testing.T) {
	if testing.Short() {
		t.Skip("flood test skipped in -short mode")
	}
	const (
		floodFor   = 12 * time.Second
		floodRate  = 25 // connections per second, over all flood addresses
		loginFrom  = 2 * time.Second
		loginEvery = 400 * time.Millisecond
	)
	signer, line := testKey(t, "staff")
	logs := &lockedBuffer{}
	srv, target := startServer(t, Config{Logger: slog.New(slog.NewTextHandler(logs, nil))}, line, ui.Shared{})
	needLoopbackAddrs(t, target)

	start := time.Now()
	stop := make(chan struct{})
	var (
		mu     sync.Mutex
		idle   []net.Conn
		failed int
		wg     sync.WaitGroup
	)
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range idle {
			c.Close()
		}
	}()
	var peak int // most unauthenticated connections seen
	wg.Add(2)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			pre, _ := srv.limiter.counts()
			mu.Lock()
			peak = max(peak, pre)
			mu.Unlock()
		}
	}()
	go func() { // the flood: connect, then never send a byte
		defer wg.Done()
		tick := time.NewTicker(time.Second / floodRate)
		defer tick.Stop()
		for i := 0; i < int(floodFor.Seconds())*floodRate; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			c, err := dialFrom(net.IPv4(127, 0, 0, byte(2+i%floodAddrs)), target)
			mu.Lock()
			if err != nil {
				failed++
			} else {
				idle = append(idle, c)
			}
			mu.Unlock()
		}
	}()

	time.Sleep(loginFrom)
	var got, tries int
	var refusals []string
	var slowest time.Duration
	for time.Since(start) < floodFor {
		tries++
		t0 := time.Now()
		if err := login(target, signer, 5*time.Second); err != nil {
			refusals = append(refusals, fmt.Sprintf("t+%.1fs: %v", time.Since(start).Seconds(), err))
		} else {
			got++
			slowest = max(slowest, time.Since(t0))
		}
		time.Sleep(max(0, loginEvery-time.Since(t0)))
	}
	close(stop)
	wg.Wait()
	mu.Lock()
	opened := len(idle)
	mu.Unlock()
	dropped := strings.Count(logs.String(), "msg=dropped")
	t.Logf("flood: %d idle connections opened (%d failed to connect) from %d addresses in %v, at most %d unauthenticated at once, %d dropped; logins %d/%d, slowest %v",
		opened, failed, floodAddrs, time.Since(start).Round(100*time.Millisecond), peak, dropped, got, tries, slowest.Round(time.Millisecond))
	for _, r := range refusals {
		t.Log("refused:", r)
	}
	if tries < 15 {
		t.Fatalf("only %d login tries: the test machine is too slow to measure", tries)
	}
	// The flood must have pressed the server: past the start figure, with
	// idle connections dropped, but never past full.
	cfg := srv.cfg
	if peak < cfg.PreauthStart || dropped == 0 {
		t.Errorf("the flood never pressed the server: at most %d unauthenticated (start %d), %d dropped", peak, cfg.PreauthStart, dropped)
	}
	if peak > cfg.PreauthFull {
		t.Errorf("%d unauthenticated connections at once, past full (%d)", peak, cfg.PreauthFull)
	}
	if got*10 < tries*9 {
		t.Errorf("logins %d/%d under a pre-auth flood, want at least 90%%", got, tries)
	}
}
