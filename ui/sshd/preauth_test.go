package sshd

import (
	"io"
	"log/slog"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"dossier/ui"
)

// dialClient logs in from 127.0.0.1 without opening a session.
func dialClient(t *testing.T, target string, signer gossh.Signer) *gossh.Client {
	t.Helper()
	conn, err := dialFrom(net.IPv4(127, 0, 0, 1), target)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	c, chans, reqs, err := gossh.NewClientConn(conn, target, &gossh.ClientConfig{User: "staff",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		conn.Close()
		t.Fatal(err)
	}
	conn.SetDeadline(time.Time{})
	client := gossh.NewClient(c, chans, reqs)
	t.Cleanup(func() { client.Close() })
	return client
}

// shellSays opens a session without a terminal and returns what it printed.
func shellSays(t *testing.T, c *gossh.Client) string {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	defer sess.Close()
	out := &lockedBuffer{}
	sess.Stdout, sess.Stderr = out, out
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	sess.Wait()
	return out.String()
}

// closedWithin reports whether the server closes c within d, reading and
// discarding what it sends.
func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	return err == nil // EOF: closed by the server; a timeout is an error
}

// Logged-in connections never count against the pre-auth figures, nor are
// they dropped by them; a full pre-auth account still admits a login from a
// quiet address by dropping the busiest address's oldest idle connection;
// every refusal and drop is logged with its reason, address and flag.
func TestPreauthLimitsSpareSessions(t *testing.T) {
	signer, line := testKey(t, "staff")
	logs := &lockedBuffer{}
	srv, target := startServer(t, Config{PreauthStart: 2, PreauthFull: 2, PreauthPerAddr: 2,
		Logger: slog.New(slog.NewTextHandler(logs, nil))}, line, ui.Shared{})
	needLoopbackAddrs(t, target)
	waitCounts := func(wantPre, wantSess int) {
		t.Helper()
		deadline := time.Now().Add(3 * time.Second)
		for {
			pre, sess := srv.limiter.counts()
			if pre == wantPre && sess == wantSess {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d unauthenticated and %d logged in, want %d and %d", pre, sess, wantPre, wantSess)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitCounts(0, 0) // needLoopbackAddrs's probe has gone

	var staff []*gossh.Client
	for range 3 { // more logged-in connections than the whole pre-auth account
		staff = append(staff, dialClient(t, target, signer))
	}
	waitCounts(0, 3)

	idle := make([]net.Conn, 3)
	for i := range idle {
		c, err := dialFrom(net.IPv4(127, 0, 0, 2), target)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		idle[i] = c
	}
	// The server admits connections in goroutines, so the one refused may
	// be any of the three: exactly one is closed, two stay.
	refused := make(chan int, len(idle))
	for i, c := range idle {
		go func() {
			if closedWithin(c, 2*time.Second) {
				refused <- i
			} else {
				refused <- -1
			}
		}()
	}
	nRefused, which := 0, -1
	for range idle {
		if i := <-refused; i >= 0 {
			nRefused, which = nRefused+1, i
		}
	}
	if nRefused != 1 {
		t.Fatalf("%d of three unauthenticated connections from 127.0.0.2 were refused, want 1 (--preauth-per-addr 2)", nRefused)
	}
	waitCounts(2, 3)
	survivors := slices.Delete(slices.Clone(idle), which, which+1)

	// The pre-auth account is full: a login from 127.0.0.1 drops
	// 127.0.0.2's oldest idle connection and gets in.
	// (The server admits connections in goroutines: either may be older.)
	newcomer := dialClient(t, target, signer)
	closed := make(chan bool, 2)
	for _, c := range survivors {
		go func() { closed <- closedWithin(c, 2*time.Second) }()
	}
	if n := btoi(<-closed) + btoi(<-closed); n != 1 {
		t.Errorf("%d of 127.0.0.2's two idle connections were dropped, want 1", n)
	}
	waitCounts(1, 4)
	for i, c := range append(staff, newcomer) {
		if out := shellSays(t, c); !strings.Contains(out, "needs a terminal") {
			t.Errorf("logged-in connection %d after the flood: %q", i, out)
		}
	}
	for _, want := range []string{
		`msg=refused addr=127.0.0.2:`, `reason="too many unauthenticated connections from this address" limit=2 flag=--preauth-per-addr`,
		`msg=dropped addr=127.0.0.2 `, `preauth=2 start=2 full=2 for=127.0.0.1`,
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

// A login past the sessions caps is told so, and logged.
func TestSessionCapsRefuseWithMessage(t *testing.T) {
	signer, line := testKey(t, "staff")
	logs := &lockedBuffer{}
	_, target := startServer(t, Config{MaxSessions: 1, Logger: slog.New(slog.NewTextHandler(logs, nil))}, line, ui.Shared{})
	first := dialClient(t, target, signer)
	second := dialClient(t, target, signer)
	if out := shellSays(t, second); !strings.Contains(out, "dossier: server full (1); try again later") {
		t.Errorf("second login past --max-sessions 1: %q", out)
	}
	if out := shellSays(t, first); !strings.Contains(out, "needs a terminal") {
		t.Errorf("first login: %q", out)
	}
	if !strings.Contains(logs.String(), `reason="server full" limit=1 flag=--max-sessions`) {
		t.Errorf("refusal not logged:\n%s", logs.String())
	}
}

func TestConfigDefaultsAndCheck(t *testing.T) {
	var c Config
	c.Defaults()
	if c.LoginTimeout != 10*time.Second || c.PreauthStart != 10 || c.PreauthFull != 100 || c.PreauthPerAddr != 5 ||
		c.ConnRate != 5 || c.MaxSessions != 100 || c.MaxPerAddr != 10 {
		t.Errorf("defaults: %+v", c)
	}
	if err := c.Check(); err != nil {
		t.Errorf("defaults do not pass Check: %v", err)
	}
	for _, tt := range []struct {
		change func(*Config)
		flag   string
	}{
		{func(c *Config) { c.PreauthFull = c.PreauthStart - 1 }, "--preauth-full"},
		{func(c *Config) { c.ConnRate = -1 }, "--conn-rate"},
		{func(c *Config) { c.PreauthPerAddr = 0 }, "--preauth-per-addr"},
		{func(c *Config) { c.LoginTimeout = 0 }, "--login-timeout"},
	} {
		bad := c
		tt.change(&bad)
		if err := bad.Check(); err == nil || !strings.Contains(err.Error(), tt.flag) {
			t.Errorf("Check with a bad %s: %v", tt.flag, err)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
