package sshd

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// On shutdown every session is told, on a line that stays on the user's
// terminal after the dashboard has left the alternate screen, before its
// connection closes.
func TestShutdownTellsEverySession(t *testing.T) {
	alice, aliceLine := testKey(t, "alice")
	bob, bobLine := testKey(t, "bob")
	srv, addr := startServer(t, Config{}, aliceLine+bobLine, seedShared(t))
	a := dialPty(t, addr, alice, 100, 30)
	b := dialPty(t, addr, bob, 120, 35)
	a.waitFor(t, "index ready", 15*time.Second)
	b.waitFor(t, "index ready", 15*time.Second)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stopped := make(chan error, 1)
	go func() { stopped <- srv.Shutdown(ctx) }()
	for name, p := range map[string]*ptyClient{"alice": a, "bob": b} {
		p.waitEnded(t, 10*time.Second, name+" at shutdown")
		if last := afterAltScreen(p.out.String()); !strings.Contains(last, shutdownLine+"\r\n") {
			t.Errorf("%s: after the dashboard, the terminal shows %q; want the line %q", name, last, shutdownLine)
		}
	}
	if err := <-stopped; err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

// The log gives the host key's fingerprint when the server starts, and the
// fingerprint of each key it refuses.
func TestLogFingerprints(t *testing.T) {
	_, line := testKey(t, "staff")
	eve, _ := testKey(t, "eve")
	logs := &lockedBuffer{}
	_, addr := startServer(t, Config{Logger: slog.New(slog.NewTextHandler(logs, nil))}, line, seedShared(t))
	var hostKey gossh.PublicKey
	_, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "eve", Auth: []gossh.AuthMethod{gossh.PublicKeys(eve)}, Timeout: 5 * time.Second,
		HostKeyCallback: func(_ string, _ net.Addr, k gossh.PublicKey) error { hostKey = k; return nil }})
	if err == nil {
		t.Fatal("an unlisted key logged in")
	}
	want := []string{
		`msg=listening`, `host_key="ssh-ed25519 ` + gossh.FingerprintSHA256(hostKey) + `"`,
		`msg="refused key"`, `user=eve`, `key="ssh-ed25519 ` + gossh.FingerprintSHA256(eve.PublicKey()) + `"`,
	}
	eventually(t, 5*time.Second, "fingerprints logged", func() bool {
		for _, w := range want {
			if !strings.Contains(logs.String(), w) {
				return false
			}
		}
		return true
	})
	t.Log(logs.String())
}
