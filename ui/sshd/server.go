// Package sshd serves the dossier dashboard over SSH (wish): public-key
// login from an authorized-keys file, one program and renderer per session,
// limits on sessions, connections and time, structured logs, and a graceful
// shutdown that lets every session keep its unsaved note.
package sshd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"dossier/ui"
	"dossier/ui/common"
)

// Config is everything `dossier serve` can set.
type Config struct {
	Listen         string        // default 127.0.0.1:23234
	HostKey        string        // ed25519 host key file, generated (0600) when missing
	AuthorizedKeys string        // required
	Theme          common.Theme  // default theme; DOSSIER_THEME in a client's environment overrides it
	IdleTimeout    time.Duration // a session with no key for this long is closed
	MaxSession     time.Duration // a session is closed after this long
	MaxSessions    int           // concurrent connections in total
	MaxPerAddr     int           // concurrent connections per source address
	LoginTimeout   time.Duration // to finish the SSH handshake and login
	ConnRate       float64       // new connections per second (burst twice that)
	Logger         *slog.Logger
}

// Defaults fills the zero fields with the documented defaults.
func (c *Config) Defaults() {
	if c.Listen == "" {
		c.Listen = "127.0.0.1:23234"
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = 30 * time.Minute
	}
	if c.MaxSession == 0 {
		c.MaxSession = 12 * time.Hour
	}
	if c.MaxSessions == 0 {
		c.MaxSessions = 100
	}
	if c.MaxPerAddr == 0 {
		c.MaxPerAddr = 10
	}
	if c.LoginTimeout == 0 {
		c.LoginTimeout = 30 * time.Second
	}
	if c.ConnRate == 0 {
		c.ConnRate = 10
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

type ctxKey int

const connKey ctxKey = iota

// Server is a running dossier SSH server.
type Server struct {
	cfg      Config
	shared   ui.Shared
	srv      *ssh.Server
	limiter  *limiter
	listener net.Listener
	log      *slog.Logger

	mu       sync.Mutex
	programs map[*tea.Program]bool
	wg       sync.WaitGroup

	beforeSession func(Identity) // test hook, called as a session starts
}

// New checks the configuration and prepares the server. The authorized-keys
// file must exist and be readable; malformed lines are logged and skipped.
func New(cfg Config, shared ui.Shared) (*Server, error) {
	cfg.Defaults()
	if cfg.AuthorizedKeys == "" {
		return nil, errors.New("serve: --authorized-keys FILE is required: only listed public keys may log in")
	}
	keys, problems, err := loadAuthorizedKeys(cfg.AuthorizedKeys)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	for _, p := range problems {
		cfg.Logger.Warn("authorized keys: line skipped", "file", cfg.AuthorizedKeys, "line", p.Line, "reason", p.Msg)
	}
	if len(keys) == 0 {
		cfg.Logger.Warn("authorized keys: no usable key; nobody can log in until one is added", "file", cfg.AuthorizedKeys)
	}
	s := &Server{cfg: cfg, shared: shared, log: cfg.Logger, programs: map[*tea.Program]bool{},
		limiter: newLimiter(cfg.MaxSessions, cfg.MaxPerAddr, cfg.ConnRate)}
	s.srv, err = wish.NewServer(
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPath(cfg.HostKey),
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithMiddleware(s.middleware),
		wish.WithMaxTimeout(cfg.MaxSession+time.Minute), // backstop; the app closes the session first
	)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s.srv.ConnCallback = s.admit
	s.srv.ConnectionFailedCallback = func(c net.Conn, err error) {
		s.log.Info("refused", "addr", c.RemoteAddr().String(), "reason", "login failed", "err", err.Error())
	}
	// No password, keyboard-interactive, forwarding or subsystems: nil
	// handlers make the library refuse them.
	s.srv.PasswordHandler = nil
	s.srv.KeyboardInteractiveHandler = nil
	s.srv.LocalPortForwardingCallback = nil
	s.srv.ReversePortForwardingCallback = nil
	s.srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
	return s, nil
}

// Listen opens the listening socket (so callers know the address before
// serving, e.g. with port 0 in tests).
func (s *Server) Listen() (net.Addr, error) {
	l, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s.listener = l
	return l.Addr(), nil
}

// Serve accepts connections until Shutdown.
func (s *Server) Serve() error {
	if s.listener == nil {
		if _, err := s.Listen(); err != nil {
			return err
		}
	}
	s.log.Info("listening", "addr", s.listener.Addr().String(), "authorized_keys", s.cfg.AuthorizedKeys)
	err := s.srv.Serve(s.listener)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// admit applies the connection limits before any SSH traffic.
func (s *Server) admit(ctx ssh.Context, c net.Conn) net.Conn {
	addr := hostOf(c.RemoteAddr())
	release, why := s.limiter.admit(addr, time.Now())
	if why != "" {
		s.log.Warn("refused", "addr", c.RemoteAddr().String(), "reason", why)
		return nil
	}
	g := &guardedConn{Conn: c, release: release, deadline: time.Now().Add(s.cfg.LoginTimeout)}
	g.Conn.SetDeadline(g.deadline)
	ctx.SetValue(connKey, g)
	return g
}

// authorize accepts a key listed in the authorized-keys file, read afresh so
// staff can be added or removed without a restart. A file that has become
// unreadable refuses everyone.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	_, ok := s.identify(key)
	return ok
}

func (s *Server) identify(key ssh.PublicKey) (Identity, bool) {
	keys, _, err := loadAuthorizedKeys(s.cfg.AuthorizedKeys)
	if err != nil {
		s.log.Error("authorized keys unreadable: refusing logins", "err", err.Error())
		return Identity{}, false
	}
	id, ok := keys[gossh.FingerprintSHA256(key)]
	return id, ok
}

// Shutdown asks every session to close (keeping unsaved notes as drafts),
// waits for them until ctx ends, then stops the server.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	for p := range s.programs {
		go p.Send(ui.EndSessionMsg{Reason: "The server is shutting down."})
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		s.log.Warn("shutdown: sessions still open at the deadline; closing them")
	}
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		err = s.srv.Close()
	}
	return err
}

// Sessions returns the number of running dashboard sessions.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.programs)
}
