// Package sshd serves the dossier dashboard over SSH (wish): public-key
// login from an authorized-keys file, one program and renderer per session,
// limits on sessions, connections and time, structured logs, and a graceful
// shutdown that lets every session keep its unsaved note.
package sshd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"dossier/model"
	"dossier/ui"
	"dossier/ui/common"
)

// Config is everything `dossier serve` can set. Zero figures take the
// defaults below (see Defaults); Check says which figures are unusable.
type Config struct {
	Listen         string        // default 127.0.0.1:23234
	HostKey        string        // ed25519 host key file, generated (0600) when missing
	AuthorizedKeys string        // required
	Theme          common.Theme  // default theme; DOSSIER_THEME in a client's environment overrides it
	Lang           string        // default reader's language; DOSSIER_LANG or the locale in a client's environment overrides it
	IdleTimeout    time.Duration // a session with no key for this long is closed (30 min)
	MaxSession     time.Duration // a session is closed after this long (12 h)
	MaxSessions    int           // logged-in sessions at once, in total (100)
	MaxPerAddr     int           // logged-in sessions at once from one source address (10)
	LoginTimeout   time.Duration // from connecting to a running session: handshake, key, session request (10 s)
	PreauthStart   int           // unauthenticated connections at which random early drop starts (10)
	PreauthFull    int           // unauthenticated connections at which every newcomer drops one (100)
	PreauthPerAddr int           // unauthenticated connections at once from one source address (5)
	ConnRate       float64       // new connections per second from one source address, bursts of twice that (5)
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
		c.LoginTimeout = 10 * time.Second
	}
	if c.PreauthStart == 0 {
		c.PreauthStart = 10
	}
	if c.PreauthFull == 0 {
		c.PreauthFull = 100
	}
	if c.PreauthPerAddr == 0 {
		c.PreauthPerAddr = 5
	}
	if c.ConnRate == 0 {
		c.ConnRate = 5
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Check reports the first unusable figure, naming its flag.
func (c *Config) Check() error {
	for _, f := range []struct {
		flag string
		ok   bool
		want string
	}{
		{"--idle-timeout", c.IdleTimeout > 0, "a positive duration"},
		{"--max-session", c.MaxSession > 0, "a positive duration"},
		{"--login-timeout", c.LoginTimeout > 0, "a positive duration"},
		{"--max-sessions", c.MaxSessions > 0, "at least 1"},
		{"--max-per-addr", c.MaxPerAddr > 0, "at least 1"},
		{"--preauth-start", c.PreauthStart > 0, "at least 1"},
		{"--preauth-full", c.PreauthFull >= c.PreauthStart, fmt.Sprintf("at least --preauth-start (%d)", c.PreauthStart)},
		{"--preauth-per-addr", c.PreauthPerAddr > 0, "at least 1"},
		{"--conn-rate", c.ConnRate > 0, "a positive number"},
	} {
		if !f.ok {
			return fmt.Errorf("serve: %s must be %s", f.flag, f.want)
		}
	}
	return nil
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
	stopping bool // Shutdown has begun: no new dashboard starts
	wg       sync.WaitGroup

	keys atomic.Pointer[parsedKeys] // the authorized-keys file as last parsed

	beforeSession func(Identity) // test hook, called as a session starts
}

// parsedKeys is the authorized-keys file's text and the keys parsed from it.
type parsedKeys struct {
	data []byte
	keys map[string]Identity
}

// New checks the configuration and prepares the server. The authorized-keys
// file must exist and be readable; malformed lines are logged and skipped.
func New(cfg Config, shared ui.Shared) (*Server, error) {
	cfg.Defaults()
	if err := cfg.Check(); err != nil {
		return nil, err
	}
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
	s := &Server{cfg: cfg, shared: shared.WithMilestones(), log: cfg.Logger, programs: map[*tea.Program]bool{},
		limiter: newLimiter(limits{preauthStart: cfg.PreauthStart, preauthFull: cfg.PreauthFull, preauthPerAddr: cfg.PreauthPerAddr,
			rate: cfg.ConnRate, maxSessions: cfg.MaxSessions, maxPerAddr: cfg.MaxPerAddr})}
	hostKey, err := hostKeyOption(cfg.HostKey)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s.srv, err = wish.NewServer(
		wish.WithAddress(cfg.Listen),
		hostKey,
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithMiddleware(s.middleware),
		wish.WithMaxTimeout(cfg.MaxSession+time.Minute), // backstop; the app closes the session first
	)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s.srv.ConnCallback = s.admit
	s.srv.ServerConfigCallback = s.serverConfig
	s.srv.ConnectionFailedCallback = s.loginFailed
	// No password, keyboard-interactive, forwarding (of ports or the agent)
	// or subsystems: nil handlers make the library refuse them, and
	// sessionChannel refuses agent forwarding, which the library accepts.
	s.srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
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
	attrs := []any{"addr", s.listener.Addr().String(), "authorized_keys", s.cfg.AuthorizedKeys}
	for _, k := range s.srv.HostSigners {
		attrs = append(attrs, "host_key", k.PublicKey().Type()+" "+gossh.FingerprintSHA256(k.PublicKey()))
	}
	s.log.Info("listening", attrs...)
	err := s.srv.Serve(s.listener)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// authorize accepts a key listed in the authorized-keys file, read afresh so
// staff can be added or removed without a restart. A file that has become
// unreadable refuses everyone.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	_, ok := s.identify(key)
	if !ok { // the client offers its keys in turn: one line for each refused
		s.log.Info("refused key", "addr", ctx.RemoteAddr().String(), "user", model.SanitizeLine(ctx.User()),
			"key", key.Type()+" "+gossh.FingerprintSHA256(key), "reason", "not in the authorized keys")
	}
	return ok
}

// identify reads the authorized-keys file afresh and finds key in it. The
// file is parsed again only when its text changed since the last parse (a
// login reads it twice; a hundred logins at once would parse it 200 times).
func (s *Server) identify(key ssh.PublicKey) (Identity, bool) {
	data, err := readAuthorizedKeys(s.cfg.AuthorizedKeys)
	if err != nil {
		s.log.Error("authorized keys unreadable: refusing logins", "err", err.Error())
		return Identity{}, false
	}
	last := s.keys.Load()
	if last == nil || !bytes.Equal(last.data, data) {
		keys, _ := ParseAuthorizedKeys(data)
		last = &parsedKeys{data: data, keys: keys}
		s.keys.Store(last)
	}
	id, ok := last.keys[gossh.FingerprintSHA256(key)]
	return id, ok
}

// shutdownLine is what every session sees, last, when the server stops.
const shutdownLine = "dossier serve is shutting down"

// Shutdown asks every session to close (keeping unsaved notes as drafts;
// each says shutdownLine as it goes), waits for them until ctx ends, then
// stops the server.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.stopping = true
	for p := range s.programs {
		go p.Send(ui.EndSessionMsg{Reason: shutdownLine + "."})
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		s.log.Warn("shutdown: sessions still open at the deadline; closing them")
	}
	// Clients close their connections as their sessions end; one may keep
	// its connection open without a session: a second, then it is closed.
	cctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	err := s.srv.Shutdown(cctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		err = s.srv.Close()
	}
	return err
}

// register counts a dashboard that is about to run; false once Shutdown
// has begun.
func (s *Server) register(p *tea.Program) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return false
	}
	s.programs[p] = true
	s.wg.Add(1)
	return true
}

// unregister counts a dashboard that has ended.
func (s *Server) unregister(p *tea.Program) {
	s.mu.Lock()
	delete(s.programs, p)
	s.mu.Unlock()
	s.wg.Done()
}

// closing reports whether Shutdown has begun.
func (s *Server) closing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopping
}

// Sessions returns the number of running dashboard sessions.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.programs)
}
