package sshd

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// screenTail keeps the last tailBytes of a session's output: floods and
// 1000-column screens write megabytes.
type screenTail struct {
	mu sync.Mutex
	b  []byte
	n  int64 // bytes written in all
}

const tailBytes = 1 << 20

func (s *screenTail) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = append(s.b, p...)
	if over := len(s.b) - tailBytes; over > 0 {
		s.b = append(s.b[:0], s.b[over:]...)
	}
	s.n += int64(len(p))
	return len(p), nil
}

func (s *screenTail) String() string { s.mu.Lock(); defer s.mu.Unlock(); return string(s.b) }

// reset forgets what was written so far.
func (s *screenTail) reset() { s.mu.Lock(); s.b = s.b[:0]; s.mu.Unlock() }

// ptyClient is one SSH connection with one terminal session on it.
type ptyClient struct {
	c     *gossh.Client
	sess  *gossh.Session
	out   *screenTail
	in    io.WriteCloser
	ended chan struct{} // closed when the session ends
}

// dialPty logs in and opens a w×h terminal session with a shell; its
// output is read into out.
func dialPty(t *testing.T, addr string, signer gossh.Signer, w, h int) *ptyClient {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	p := &ptyClient{c: c, out: &screenTail{}, ended: make(chan struct{})}
	if p.sess, err = c.NewSession(); err != nil {
		t.Fatal(err)
	}
	if err := p.sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	p.sess.Stdout, p.sess.Stderr = p.out, p.out
	if p.in, err = p.sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := p.sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { p.sess.Wait(); close(p.ended) }()
	return p
}

// waitFor waits until the output shows want, failing the test after d.
func (p *ptyClient) waitFor(t *testing.T, want string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !strings.Contains(p.out.String(), want) {
		select {
		case <-p.ended:
			if strings.Contains(p.out.String(), want) {
				return
			}
			t.Fatalf("the session ended without showing %q; it showed:\n%q", want, lastBytes(p.out.String(), 2000))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("never showed %q within %v; output ends:\n%q", want, d, lastBytes(p.out.String(), 2000))
		}
	}
}

// waitEnded waits until the session ends, failing the test after d.
func (p *ptyClient) waitEnded(t *testing.T, d time.Duration, why string) {
	t.Helper()
	select {
	case <-p.ended:
	case <-time.After(d):
		t.Fatalf("%s: the session was still open after %v", why, d)
	}
}

// eventually waits until cond holds, failing the test after d.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not so after %v", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func lastBytes(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// afterAltScreen is what a session wrote after it last left the alternate
// screen: what stays on the user's terminal.
func afterAltScreen(out string) string {
	if i := strings.LastIndex(out, "\x1b[?1049l"); i >= 0 {
		return out[i:]
	}
	return ""
}
