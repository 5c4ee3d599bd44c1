package sshd

import (
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// A client whose terminal reports 0×0 sees the dashboard at 80×24 and is
// told why, instead of a blank screen.
func TestZeroSizeTerminal(t *testing.T) {
	signer, line := testKey(t, "tester")
	_, addr := startServer(t, Config{}, line, seedShared(t))
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.RequestPty("xterm-256color", 0, 0, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	out := &lockedBuffer{}
	sess.Stdout, sess.Stderr = out, out
	in, _ := sess.StdinPipe()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, want := range []string{"Terminal size unknown (0×0): drawing 80×24", "Timeline", "index ready"} {
		for !strings.Contains(out.String(), want) {
			if time.Now().After(deadline) {
				t.Fatalf("never showed %q; output:\n%q", want, out.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	// Drawn 80 cells wide: no line of the screen is wider.
	if w := widestLine(out.String()); w > 80 {
		t.Errorf("a line %d cells wide at a fallback width of 80", w)
	}
	io.WriteString(in, "q")
	ended := make(chan error, 1)
	go func() { ended <- sess.Wait() }()
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("q did not end the session")
	}
}

func TestWindowSize(t *testing.T) {
	tests := []struct {
		w, h         int
		wantW, wantH int
		wantNote     sizeNote
	}{
		{0, 0, 80, 24, sizeUnknown},
		{120, 0, 120, 24, sizeUnknown},
		{0, 40, 80, 40, sizeUnknown},
		{100, 30, 100, 30, sizeAsReported},
		{1000, 500, 1000, 500, sizeAsReported},
		{1001, 30, 1000, 30, sizeClamped},
		{100, 501, 100, 500, sizeClamped},
		{30000, 30000, 1000, 500, sizeClamped},
		{4294967295, 4294967295, 1000, 500, sizeClamped},
		{0, 30000, 80, 500, sizeUnknown}, // unknown is said first
		{30000, 0, 1000, 24, sizeUnknown},
	}
	for _, tt := range tests {
		got, note := windowSize(ssh.Window{Width: tt.w, Height: tt.h})
		if got.Width != tt.wantW || got.Height != tt.wantH || note != tt.wantNote {
			t.Errorf("windowSize(%d×%d) = %d×%d note %d, want %d×%d note %d",
				tt.w, tt.h, got.Width, got.Height, note, tt.wantW, tt.wantH, tt.wantNote)
		}
	}
}

// widestLine is the width in cells of the widest run of terminal output
// written without a line break or cursor move (the renderer moves the
// cursor over lines that did not change).
func widestLine(out string) int {
	w := 0
	for _, run := range cursorMoves.Split(out, -1) {
		w = max(w, ansi.StringWidth(run))
	}
	return w
}

// cursorMoves matches what starts a new run of output: a line break, a
// carriage return, or a CSI cursor movement or position.
var cursorMoves = regexp.MustCompile(`\r|\n|\x1b\[[0-9;]*[ABCDEFGHf]`)
