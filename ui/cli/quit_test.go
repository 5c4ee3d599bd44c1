//go:build linux

package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal of 80x24: the dashboard's side (tty)
// and the terminal's (ptm).
func openPTY(t *testing.T) (ptm, tty *os.File) {
	t.Helper()
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	fd := int(ptm.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.IoctlSetWinsize(int(tty.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: 80}); err != nil {
		t.Fatal(err)
	}
	return ptm, tty
}

// How a test quits the dashboard.
type quitBy int

const (
	pressQ  quitBy = iota // q, again every 20 ms until it ends (keys typed before it reads them wait)
	sigterm               // SIGTERM, once
)

func (q quitBy) String() string { return [...]string{"q", "SIGTERM"}[q] }

// dashboard starts `dossier --corpus dir` in a terminal, quits it after
// quitAt (negative: once ready() says so), and waits for it to end.
func dashboard(t *testing.T, cache, dir string, how quitBy, quitAt time.Duration, ready func() bool) {
	t.Helper()
	ptm, tty := openPTY(t)
	defer ptm.Close()
	cmd := exec.Command(needBinary(t), "--corpus", dir, "--theme", "dark")
	cmd.Env = append(os.Environ(), "HOME=/nonexistent", "DOSSIER_STORE=", "TERM=xterm-256color",
		"XDG_CACHE_HOME="+cache, "XDG_DATA_HOME="+filepath.Join(cache, "data"), "XDG_CONFIG_HOME="+filepath.Join(cache, "config"))
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	go answerQueries(ptm)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if quitAt >= 0 {
		time.Sleep(quitAt)
	} else {
		for deadline := time.Now().Add(2 * time.Minute); !ready(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatal("the dashboard never got ready")
			}
		}
	}
	if how == sigterm {
		cmd.Process.Signal(syscall.SIGTERM)
	}
	deadline := time.After(time.Minute)
	for {
		if how == pressQ {
			ptm.Write([]byte("q"))
		}
		select {
		case err := <-done:
			if err != nil && !killedBefore(err, how) {
				t.Errorf("%v %v after start: %v", how, quitAt, err)
			}
			return
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("%v %v after start: the dashboard did not end", how, quitAt)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// killedBefore reports whether the dashboard ended by the default action
// of SIGTERM: it came before the program listened for it (nothing had
// started yet).
func killedBefore(err error, how quitBy) bool {
	var ee *exec.ExitError
	if how != sigterm || !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGTERM
}

// terminalReplies are what a dark xterm answers to the queries a
// dashboard sends at start (colours, cursor position, attributes).
var terminalReplies = []struct{ query, reply string }{
	{"\x1b]11;?", "\x1b]11;rgb:0000/0000/0000\x1b\\"},
	{"\x1b]10;?", "\x1b]10;rgb:ffff/ffff/ffff\x1b\\"},
	{"\x1b[6n", "\x1b[1;1R"},
	{"\x1b[c", "\x1b[?62;22c"},
}

// answerQueries reads what the dashboard draws and answers its queries
// as a terminal would, until the terminal is closed.
func answerQueries(ptm *os.File) {
	var seen []byte
	scanned := 0 // every query that ends by here is answered
	buf := make([]byte, 64<<10)
	for {
		n, err := ptm.Read(buf)
		if err != nil {
			return
		}
		seen = append(seen, buf[:n]...)
		for _, q := range terminalReplies {
			for i := max(0, scanned-len(q.query)+1); ; {
				k := bytes.Index(seen[i:], []byte(q.query))
				if k < 0 {
					break
				}
				i += k + len(q.query)
				if i > scanned {
					ptm.Write([]byte(q.reply))
				}
			}
		}
		if len(seen) > 1<<20 {
			seen = append([]byte(nil), seen[len(seen)-64:]...)
		}
		scanned = len(seen)
	}
}

// indexState is what `dossier index --json` says of the corpus.
func indexState(t *testing.T, cache, dir string) (gen, state string) {
	t.Helper()
	out, stderr, code := runWithin(t, time.Minute, cache, "index", "--json", "--corpus", dir)
	var st struct{ Generation, State string }
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil {
		t.Fatalf("dossier index: exit %d\n%s%s", code, out, stderr)
	}
	return st.Generation, st.State
}

// TestDashboardQuitDuringStart: the dashboard quit at 20 points of its
// start, from 0 to 500 ms (by q, or by SIGTERM), on an up-to-date kept
// index, leaves it as it was every time: the same generation, up to date,
// nothing set aside, and a warm start follows.
func TestDashboardQuitDuringStart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the dashboard 21 times")
	}
	dir := keptCorpus(t, 200)
	cache := t.TempDir()
	// The dashboard keeps the timeline's extraction with the index: its
	// first start builds it; once it is published, starts are warm.
	dashboard(t, cache, dir, pressQ, -1, func() bool {
		m, _ := filepath.Glob(filepath.Join(cache, "dossier", "corpora", "*", "gen-*", "derived"))
		return len(m) > 0
	})
	gen, state := indexState(t, cache, dir)
	if state != "up to date" {
		t.Fatalf("after the first start: %s %s", gen, state)
	}
	for i := range 20 {
		at := time.Duration(i) * 500 * time.Millisecond / 20
		how := quitBy(i % 2)
		dashboard(t, cache, dir, how, at, nil)
		if aside, _ := filepath.Glob(filepath.Join(cache, "dossier", "corpora", "*.damaged-*")); len(aside) != 0 {
			t.Fatalf("%v %v after start: the index was set aside: %v", how, at, aside)
		}
		if g, s := indexState(t, cache, dir); g != gen || s != "up to date" {
			t.Fatalf("%v %v after start: the index is now %q %q, was %q up to date", how, at, g, s, gen)
		}
	}
}
