package sshd

import (
	"errors"
	"net"
	"os"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"dossier/model"
)

// admit applies the pre-auth limits before any SSH traffic, dropping an
// older unauthenticated connection when the limiter chose one.
func (s *Server) admit(ctx ssh.Context, c net.Conn) net.Conn {
	addr := hostOf(c.RemoteAddr())
	now := time.Now()
	sl, victim, refused := s.limiter.admit(addr, now, func() { c.Close() })
	if victim != nil {
		victim.drop()
		pre, _ := s.limiter.counts()
		s.log.Warn("dropped", "addr", victim.addr, "reason", "unauthenticated connections past --preauth-start: the oldest of the busiest address",
			"age", now.Sub(victim.since).Round(time.Millisecond).String(), "preauth", pre,
			"start", s.cfg.PreauthStart, "full", s.cfg.PreauthFull, "for", addr)
	}
	if refused != nil {
		s.log.Warn("refused", "addr", c.RemoteAddr().String(), "reason", refused.reason, "limit", refused.limit, "flag", refused.flag)
		return nil
	}
	g := &guardedConn{Conn: c, lim: s.limiter, slot: sl, deadline: now.Add(s.cfg.LoginTimeout), linger: s.cfg.LoginTimeout}
	g.Conn.SetDeadline(g.deadline)
	ctx.SetValue(connKey, g)
	return g
}

// serverConfig is the SSH configuration of one connection: it watches for
// the successful login, which moves the connection from the pre-auth limits
// to the sessions caps.
func (s *Server) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{AuthLogCallback: func(meta gossh.ConnMetadata, method string, err error) {
		if err != nil {
			return
		}
		g, ok := ctx.Value(connKey).(*guardedConn)
		if !ok {
			return
		}
		if r := s.limiter.promote(g.slot); r != nil {
			g.refused.Store(r)
			if r.flag == "" {
				return // dropped meanwhile: logged then
			}
			s.log.Warn("refused", "addr", meta.RemoteAddr().String(), "reason", r.reason, "limit", r.limit, "flag", r.flag)
		}
	}}
}

// loginFailed logs a connection that ended before its login completed.
// Connections the limiter dropped are logged as they are dropped.
func (s *Server) loginFailed(c net.Conn, err error) {
	if errors.Is(err, net.ErrClosed) {
		return
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		s.log.Info("refused", "addr", c.RemoteAddr().String(), "reason", "login deadline passed",
			"limit", s.cfg.LoginTimeout.String(), "flag", "--login-timeout")
		return
	}
	s.log.Info("refused", "addr", c.RemoteAddr().String(), "reason", "login failed", "err", model.SanitizeLine(err.Error()))
}
