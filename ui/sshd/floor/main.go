// Command floor is the least an SSH dashboard can be: a wish server whose
// sessions each run a Bubble Tea program that fills the screen with text
// and draws it again at every key. It is the floor `dossier serve` is
// measured against, in the same run (BenchmarkServeSessions): what SSH,
// wish and Bubble Tea cost before dossier does anything. It accepts any
// key, so it listens on 127.0.0.1 only.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
)

func main() {
	port := flag.Int("port", 0, "port on 127.0.0.1 (0: any free one; the address is printed)")
	hostKey := flag.String("host-key", "", "ed25519 host key file (generated when missing)")
	flag.Parse()
	srv, err := wish.NewServer(
		wish.WithAddress(fmt.Sprintf("127.0.0.1:%d", *port)),
		wish.WithHostKeyPath(*hostKey),
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return session }),
	)
	if err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("listening", ln.Addr())
	go func() {
		c := make(chan os.Signal, 1)
		signal.Notify(c, os.Interrupt, syscall.SIGTERM)
		<-c
		srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		log.Fatal(err)
	}
}

// session runs the program on a session's terminal, following its size.
func session(s ssh.Session) {
	pty, winCh, ok := s.Pty()
	if !ok {
		wish.Fatalln(s, "floor: needs a terminal")
		return
	}
	p := tea.NewProgram(&screen{w: pty.Window.Width, h: pty.Window.Height},
		tea.WithInput(s), tea.WithOutput(s), tea.WithAltScreen(), tea.WithoutSignalHandler(), tea.WithContext(s.Context()))
	go func() {
		for w := range winCh {
			p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
		}
	}()
	p.Run() //nolint:errcheck // the client went away
}

// screen fills the terminal: a heading, lines of text, and the keys pressed.
type screen struct {
	w, h, keys int
}

func (m *screen) Init() tea.Cmd { return nil }

func (m *screen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyMsg:
		if msg.String() == "q" || msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
		m.keys++
	}
	return m, nil
}

func (m *screen) View() string {
	lines := make([]string, max(m.h, 1))
	lines[0] = fmt.Sprintf("floor · ready · keys %d", m.keys)
	for i := 1; i < len(lines); i++ {
		lines[i] = fmt.Sprintf("%3d %s", i, strings.Repeat("text of the floor ", m.w/18+1))
		if len(lines[i]) > m.w {
			lines[i] = lines[i][:max(m.w, 0)]
		}
	}
	return strings.Join(lines, "\n")
}
