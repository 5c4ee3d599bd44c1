package common

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"dossier/model"
)

// Output is a session's terminal output, shared by its program (which
// draws each frame with one write) and the commands that send the
// terminal sequences of their own (OSC 52, the clipboard): each write is
// whole, one at a time, so a sequence never lands inside a frame, and two
// goroutines never write the SSH channel at once (it is not safe for that).
type Output struct {
	mu sync.Mutex
	w  io.Writer
}

// NewOutput wraps a session's terminal output.
func NewOutput(w io.Writer) *Output { return &Output{w: w} }

// Write writes p whole, after any write under way.
func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.w.Write(p)
}

// Writer is what the program is given to write to (tea.WithOutput): the
// Output itself, or for a terminal file the Output with the file's
// descriptor, so that the program still finds its terminal (size, modes).
func (o *Output) Writer() io.Writer {
	if f, ok := o.w.(*os.File); ok {
		return fileOutput{o, f}
	}
	return o
}

// Terminal is the writer under the Output: the terminal itself, for a
// program run in it (the editor), while the dashboard has let it go.
func (o *Output) Terminal() io.Writer { return o.w }

// fileOutput is an Output on a terminal file: writes go through the
// Output, the descriptor is the file's (it is not closed: the caller owns it).
type fileOutput struct {
	*Output
	f *os.File
}

func (f fileOutput) Read(p []byte) (int, error) { return f.f.Read(p) }
func (f fileOutput) Close() error               { return nil }
func (f fileOutput) Fd() uintptr                { return f.f.Fd() }

// ErrNoTerminal is returned when a session has no terminal output to send
// a sequence to (tests, a program without one).
var ErrNoTerminal = errors.New("no terminal to copy to")

// Copy puts text on the clipboard of the terminal on out (OSC 52: it works
// over SSH, and in tmux with set-clipboard on), sanitised, and says what was
// copied in the status line: "copied: " and what.
func Copy(out *Output, text, what string) tea.Cmd {
	return func() tea.Msg {
		if out == nil {
			return StatusMsg{Text: "cannot copy: " + ErrNoTerminal.Error(), Error: true}
		}
		seq, cut := model.OSC52(text)
		if _, err := out.Write(seq); err != nil {
			return StatusMsg{Text: "cannot copy: " + model.SanitizeLine(err.Error()), Error: true}
		}
		msg := "copied: " + what
		if cut {
			msg += fmt.Sprintf(" (cut to the first %d KB: terminals take no more)", model.MaxClipboard/1000)
		}
		return StatusMsg{Text: msg}
	}
}
