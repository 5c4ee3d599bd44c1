package sshd

import (
	"bytes"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// A panic in one session ends that session only: the server keeps serving
// the others.
func TestPanicEndsOnlyThatSession(t *testing.T) {
	crash, crashLine := testKey(t, "crash")
	calm, calmLine := testKey(t, "calm")
	var logs bytes.Buffer
	srv, addr := startServer(t, Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))}, crashLine+calmLine, seedShared(t))
	srv.beforeSession = func(id Identity) {
		if id.Name == "crash" {
			panic("boom")
		}
	}

	session := func(s gossh.Signer) (string, error) {
		c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(s)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
		if err != nil {
			return "", err
		}
		defer c.Close()
		sess, _ := c.NewSession()
		defer sess.Close()
		sess.RequestPty("xterm", 30, 100, gossh.TerminalModes{})
		out, errOut := &lockedBuffer{}, &lockedBuffer{}
		sess.Stdout, sess.Stderr = out, errOut
		in, _ := sess.StdinPipe()
		sess.Shell()
		ended := make(chan struct{})
		go func() { sess.Wait(); close(ended) }()
		deadline := time.After(5 * time.Second)
	wait:
		for !strings.Contains(out.String(), "index ready") {
			select {
			case <-ended:
				break wait
			case <-deadline:
				break wait
			case <-time.After(20 * time.Millisecond):
			}
		}
		io.WriteString(in, "q")
		<-ended
		return out.String() + errOut.String(), nil
	}
	out, err := session(crash)
	if err != nil || !strings.Contains(out, "internal error") {
		t.Fatalf("crashing session: %v %q", err, out)
	}
	out, err = session(calm)
	if err != nil || !strings.Contains(out, "index ready") {
		t.Fatalf("the next session after a panic: %v %q", err, out)
	}
	if !strings.Contains(logs.String(), `msg="session panic"`) || !strings.Contains(logs.String(), "panic=boom") {
		t.Errorf("panic not logged:\n%s", logs.String())
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }
