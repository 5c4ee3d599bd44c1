package sshd

import (
	"io"
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
		wantUnknown  bool
	}{
		{0, 0, 80, 24, true},
		{120, 0, 120, 24, true},
		{0, 40, 80, 40, true},
		{100, 30, 100, 30, false},
	}
	for _, tt := range tests {
		got, unknown := windowSize(ssh.Window{Width: tt.w, Height: tt.h})
		if got.Width != tt.wantW || got.Height != tt.wantH || unknown != tt.wantUnknown {
			t.Errorf("windowSize(%d×%d) = %d×%d unknown=%v, want %d×%d unknown=%v",
				tt.w, tt.h, got.Width, got.Height, unknown, tt.wantW, tt.wantH, tt.wantUnknown)
		}
	}
}

// widestLine is the width in cells of the widest line of terminal output.
func widestLine(out string) int {
	w := 0
	for _, line := range strings.Split(out, "\n") {
		w = max(w, ansi.StringWidth(strings.TrimRight(line, "\r")))
	}
	return w
}
