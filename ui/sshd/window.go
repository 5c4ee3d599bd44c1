package sshd

import (
	"fmt"
	"log/slog"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"

	"dossier/ui/common"
)

// A client states its terminal's size, in a pty request and in each window
// change, and dossier draws every cell of it: the size bounds a session's
// memory and time. maxWidth×maxHeight is more than any screen shows at a
// readable font (an 8K screen, 7680×4320 pixels, in a 8×16 font is 960×270
// cells) and costs a session a few MiB; 30000×30000 would cost gigabytes.
const maxWidth, maxHeight = 1000, 500

// fallbackWidth and fallbackHeight are drawn when a client's terminal
// reports no size (0×0, as some clients without a real terminal do).
const fallbackWidth, fallbackHeight = 80, 24

// sizeNote says why the size drawn is not the size reported.
type sizeNote int

const (
	sizeAsReported sizeNote = iota
	sizeUnknown             // a zero width or height: the fallback is drawn
	sizeClamped             // over the maximum: the maximum is drawn
)

// windowSize is the size to draw for a reported window: a zero width or
// height becomes the fallback, one over the maximum the maximum, and note
// says which (unknown first).
func windowSize(w ssh.Window) (tea.WindowSizeMsg, sizeNote) {
	size, note := tea.WindowSizeMsg{Width: w.Width, Height: w.Height}, sizeAsReported
	if size.Width > maxWidth {
		size.Width, note = maxWidth, sizeClamped
	}
	if size.Height > maxHeight {
		size.Height, note = maxHeight, sizeClamped
	}
	if size.Width <= 0 {
		size.Width, note = fallbackWidth, sizeUnknown
	}
	if size.Height <= 0 {
		size.Height, note = fallbackHeight, sizeUnknown
	}
	return size, note
}

// sizeNotice tells the user why the screen may not fill their terminal;
// "" when it does.
func sizeNotice(reported ssh.Window, drawn tea.WindowSizeMsg, note sizeNote) string {
	switch note {
	case sizeUnknown:
		return fmt.Sprintf("Terminal size unknown (%d×%d): drawing %d×%d. Set it with stty cols N rows N.",
			reported.Width, reported.Height, drawn.Width, drawn.Height)
	case sizeClamped:
		return fmt.Sprintf("Terminal size %d×%d is over the %d×%d dossier draws: drawing %d×%d.",
			reported.Width, reported.Height, maxWidth, maxHeight, drawn.Width, drawn.Height)
	}
	return ""
}

// windowFeed carries a session's window sizes from the SSH library to its
// program, keeping only the latest. The library's request loop hands each
// window over without waiting (drain), so that the connection is never
// held up by the program; the program takes the latest when it is ready,
// so a flood of window changes costs one redraw per frame it can draw.
type windowFeed struct {
	mu     sync.Mutex
	latest ssh.Window
	ready  chan struct{} // holds a token while a window waits
}

func newWindowFeed() *windowFeed { return &windowFeed{ready: make(chan struct{}, 1)} }

// put replaces the waiting window.
func (f *windowFeed) put(w ssh.Window) {
	f.mu.Lock()
	f.latest = w
	f.mu.Unlock()
	select {
	case f.ready <- struct{}{}:
	default:
	}
}

// take returns the latest window; call it after a token from ready.
func (f *windowFeed) take() ssh.Window {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.latest
}

// drain reads the library's window channel until the session's requests
// end; it runs for every session with a terminal, refused ones too, since
// the library waits on that channel.
func (f *windowFeed) drain(winCh <-chan ssh.Window) {
	for w := range winCh {
		f.put(w)
	}
}

// follow sends the program each latest window as a size it can draw, with
// a notice when that is not the size reported, until done.
func (f *windowFeed) follow(done <-chan struct{}, p *tea.Program, log *slog.Logger) {
	told, logged := "", false
	for {
		select {
		case <-done:
			return
		case <-f.ready:
		}
		w := f.take()
		size, note := windowSize(w)
		p.Send(size)
		text := sizeNotice(w, size, note)
		if text != "" && text != told {
			p.Send(common.StatusMsg{Text: text, Error: true})
		}
		told = text
		if note != sizeAsReported && !logged { // once a session: a flood must not flood the log
			logged = true
			what := map[sizeNote]string{sizeUnknown: "terminal size unknown", sizeClamped: "terminal size clamped"}[note]
			log.Info(what, "reported", fmt.Sprintf("%dx%d", w.Width, w.Height), "drawn", fmt.Sprintf("%dx%d", size.Width, size.Height))
		}
	}
}
