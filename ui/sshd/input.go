package sshd

import (
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// sessionInput is a session's keyboard. It notes when the client last sent
// anything, for the idle backstop, and calls onEOF (in its own goroutine)
// when the client closes its input: no key can come any more.
type sessionInput struct {
	io.Reader
	last  atomic.Int64 // unix nanoseconds of the last read that brought bytes
	onEOF func()
	once  sync.Once
}

func newSessionInput(r io.Reader) *sessionInput {
	in := &sessionInput{Reader: r}
	in.last.Store(time.Now().UnixNano())
	return in
}

// Read reads from the client.
func (in *sessionInput) Read(p []byte) (int, error) {
	n, err := in.Reader.Read(p)
	if n > 0 {
		in.last.Store(time.Now().UnixNano())
	}
	if err != nil && in.onEOF != nil {
		in.once.Do(func() { go in.onEOF() })
	}
	return n, err
}

// quiet is how long the client has sent nothing.
func (in *sessionInput) quiet() time.Duration { return time.Since(time.Unix(0, in.last.Load())) }

// idleBackstop is how long a client may send nothing before its connection
// is closed. The program ends an idle session itself (it checks every few
// seconds, then shows why for a moment); this catches one that cannot, its
// output blocked by a client that does not read.
func (s *Server) idleBackstop() time.Duration {
	idle := s.cfg.IdleTimeout
	return idle + min(idle/4, 5*time.Second) + 3*time.Second
}

// watchIdle closes the session's connection when the client has sent
// nothing for idleBackstop, until done.
func (s *Server) watchIdle(done <-chan struct{}, in *sessionInput, sess ssh.Session, log *slog.Logger) {
	limit := s.idleBackstop()
	t := time.NewTimer(limit)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		if wait := limit - in.quiet(); wait > 0 {
			t.Reset(wait)
			continue
		}
		log.Warn("closed", "reason", "nothing from the client past the idle timeout, and the session could not end by itself",
			"limit", s.cfg.IdleTimeout.String(), "flag", "--idle-timeout")
		if conn, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
			conn.Close()
		}
		sess.Close()
		return
	}
}
