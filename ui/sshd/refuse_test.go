package sshd

import (
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"dossier/ui"
)

// Forwarding in either direction and subsystems (sftp) are refused.
func TestForwardingAndSubsystemsRefused(t *testing.T) {
	signer, line := testKey(t, "tester")
	_, addr := startServer(t, Config{}, line, seedShared(t))
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if conn, err := c.Dial("tcp", addr); err == nil {
		conn.Close()
		t.Error("local port forwarding (direct-tcpip) was allowed")
	}
	if l, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		l.Close()
		t.Error("remote port forwarding (tcpip-forward) was allowed")
	}
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.RequestSubsystem("sftp"); err == nil {
		t.Error("the sftp subsystem was allowed")
	}
}

// Password and keyboard-interactive logins are not offered at all.
func TestOnlyPublicKeyLogin(t *testing.T) {
	_, addr := startServer(t, Config{}, "", ui.Shared{})
	asked := false
	_, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", Timeout: 5 * time.Second,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Auth: []gossh.AuthMethod{
			gossh.Password("secret"),
			gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { asked = true; return nil, nil }),
		}})
	if err == nil {
		t.Fatal("logged in without a key")
	}
	if asked {
		t.Error("the server offered keyboard-interactive login")
	}
}

// A missing authorized-keys file refuses to start.
func TestMissingAuthorizedKeys(t *testing.T) {
	_, err := New(Config{AuthorizedKeys: filepath.Join(t.TempDir(), "nope")}, ui.Shared{})
	if err == nil {
		t.Fatal("started without an authorized-keys file")
	}
}

// A connection that never logs in is closed at the login deadline, and the
// SSH library's own deadline updates cannot extend it.
func TestLoginTimeout(t *testing.T) {
	logs := &lockedBuffer{}
	srv, addr := startServer(t, Config{LoginTimeout: 300 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(logs, nil))}, "", ui.Shared{})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	// The server sends its version line, then waits for ours: stay silent.
	buf := make([]byte, 256)
	for {
		if _, err := conn.Read(buf); err != nil {
			break
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("silent connection held for %v", d)
	}
	deadline := time.Now().Add(2 * time.Second)
	for pre, _ := srv.limiter.counts(); pre != 0; pre, _ = srv.limiter.counts() {
		if time.Now().After(deadline) {
			t.Fatal("the slot of the closed connection was not freed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The refusal is logged as the connection closes: give the log a moment.
	want := `reason="login deadline passed" limit=300ms flag=--login-timeout`
	for deadline := time.Now().Add(2 * time.Second); !strings.Contains(logs.String(), want); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
			break
		}
	}
}

func TestProfileFor(t *testing.T) {
	tests := []struct {
		term string
		env  []string
		want termenv.Profile
	}{
		{"xterm-256color", nil, termenv.ANSI256},
		{"xterm", nil, termenv.ANSI},
		{"xterm-256color", []string{"COLORTERM=truecolor"}, termenv.TrueColor},
		{"xterm-256color", []string{"NO_COLOR="}, termenv.Ascii},
		{"dumb", nil, termenv.Ascii},
		{"", nil, termenv.Ascii},
	}
	for _, tt := range tests {
		if got := ProfileFor(tt.term, tt.env); got != tt.want {
			t.Errorf("ProfileFor(%q, %v) = %v, want %v", tt.term, tt.env, got, tt.want)
		}
	}
}
