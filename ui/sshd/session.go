package sshd

import (
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/muesli/termenv"

	"dossier/model"
	"dossier/ui"
	"dossier/ui/common"
)

// middleware is the whole session: checks, then the dashboard. A panic ends
// this session only.
func (s *Server) middleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		addr := sess.RemoteAddr().String()
		pty, winCh, isPty := sess.Pty()
		feed := newWindowFeed()
		if winCh != nil {
			go feed.drain(winCh) // first: the SSH library waits on this channel
		}
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("session panic", "addr", addr, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				wish.Fatalln(sess, "dossier: internal error; the session was closed")
			}
		}()
		g, guarded := sess.Context().Value(connKey).(*guardedConn)
		if guarded {
			if r := g.refused.Load(); r != nil { // logged at login
				wish.Fatalf(sess, "dossier: %s (%v); try again later\n", r.reason, r.limit)
				return
			}
		}
		id, ok := s.identify(sess.PublicKey())
		if !ok { // the key was removed between login and session
			s.log.Warn("refused", "addr", addr, "reason", "key no longer authorized")
			wish.Fatalln(sess, "dossier: your key is not authorized")
			return
		}
		log := s.log.With("user", id.Name, "fingerprint", id.Fingerprint, "addr", addr)
		if s.beforeSession != nil {
			s.beforeSession(id)
		}
		if cmd := sess.RawCommand(); cmd != "" {
			log.Info("refused", "reason", "exec request", "command", model.SanitizeLine(cmd))
			wish.Fatalln(sess, "dossier: commands are not available over SSH; connect without one: ssh -p PORT HOST")
			return
		}
		if !isPty {
			log.Info("refused", "reason", "no terminal")
			wish.Fatalln(sess, "dossier: needs a terminal; connect with ssh -t")
			return
		}
		if guarded {
			done, r := g.startSession()
			if r != nil {
				log.Warn("refused", "reason", r.reason, "limit", r.limit, "flag", r.flag)
				wish.Fatalf(sess, "dossier: %s (%v); try again later\n", r.reason, r.limit)
				return
			}
			defer done()
		}
		log.Info("connected", "term", model.Escape(pty.Term), "size", fmt.Sprintf("%dx%d", pty.Window.Width, pty.Window.Height))
		err := s.run(sess, id, pty, feed, log)
		attrs := []any{"duration", time.Since(start).Round(time.Millisecond).String()}
		if err != nil {
			attrs = append(attrs, "err", err.Error())
		}
		log.Info("disconnected", attrs...)
		_ = next
	}
}

// frameGap is Bubble Tea's frame (it writes the screen 60 times a second at
// most): the results a session gets within one frame of a draw are drawn
// together (ui.App.SetFrameGap), as a hundred sessions opening at once
// share the CPU.
const frameGap = time.Second / 60

// run starts this session's own program, renderer and colour profile.
func (s *Server) run(sess ssh.Session, id Identity, pty ssh.Pty, feed *windowFeed, log *slog.Logger) error {
	env := sess.Environ()
	r := lipgloss.NewRenderer(sess)
	r.SetColorProfile(ProfileFor(pty.Term, env))
	theme := s.cfg.Theme
	if v := getenv(env, "DOSSIER_THEME"); v != "" {
		if t, err := common.ParseTheme(v); err == nil {
			theme = t
		}
	}
	// No background query: it can stall the first frame; auto means dark.
	lang := model.ReaderLang(getenv(env, "DOSSIER_LANG"), func(k string) string { return getenv(env, k) })
	if getenv(env, "DOSSIER_LANG") == "" && model.LocaleLang(func(k string) string { return getenv(env, k) }) == "" && s.cfg.Lang != "" {
		lang = s.cfg.Lang // the client says nothing: the server's
	}
	// The program and the clipboard (OSC 52) write the session through one
	// Output: whole writes, one at a time.
	out := common.NewOutput(sess)
	c := ui.NewCommon(r, theme != common.ThemeLight, s.shared, ui.SessionOptions{Theme: theme, Term: pty.Term, Lang: lang, Reviewer: id.Name,
		Ctx: sess.Context(), Out: out, Remote: true})
	app := ui.New(c)
	app.SetLimits(ui.Limits{Idle: s.cfg.IdleTimeout, Deadline: time.Now().Add(s.cfg.MaxSession)})
	app.SetFrameGap(frameGap)
	in := newSessionInput(sess)
	p := tea.NewProgram(app,
		tea.WithInput(in), tea.WithOutput(out.Writer()), tea.WithAltScreen(),
		tea.WithoutSignalHandler(), tea.WithEnvironment(env), tea.WithContext(sess.Context()))
	in.onEOF = func() { p.Send(ui.EndSessionMsg{Reason: "The connection closed its input."}) }
	if !s.register(p) {
		io.WriteString(sess, shutdownLine+"\r\n")
		return nil
	}
	defer s.unregister(p)
	done := make(chan struct{})
	defer close(done)
	go feed.follow(done, p, log)
	go s.watchIdle(done, in, sess, log)
	_, err := p.Run()
	if err == tea.ErrProgramKilled {
		err = nil // the client went away
	}
	if s.closing() { // written once the program has left the alternate screen, so that it stays
		io.WriteString(sess, shutdownLine+"\r\n")
	}
	return err
}

// ProfileFor picks a colour profile from the client's terminal type and
// environment: NO_COLOR or a dumb terminal get none.
func ProfileFor(term string, env []string) termenv.Profile {
	_, noColor := lookup(env, "NO_COLOR")
	colorterm := strings.ToLower(getenv(env, "COLORTERM"))
	term = strings.ToLower(term)
	switch {
	case noColor || term == "" || term == "dumb":
		return termenv.Ascii
	case colorterm == "truecolor" || colorterm == "24bit" || strings.Contains(term, "direct"):
		return termenv.TrueColor
	case strings.Contains(term, "256color"):
		return termenv.ANSI256
	}
	return termenv.ANSI
}

func getenv(env []string, key string) string {
	v, _ := lookup(env, key)
	return v
}

func lookup(env []string, key string) (string, bool) {
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}
