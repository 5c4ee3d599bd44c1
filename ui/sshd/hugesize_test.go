package sshd

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// childEnv makes the test binary, run again by TestHugeTerminals, serve
// the seeds with the authorized keys of the folder it names.
const childEnv = "DOSSIER_SSHD_TEST_CHILD"

// Memory figures of the server process under ulimit -v. The server holds
// the seeds' index and the SSH library; a session of the largest size
// drawn (1000×500) costs a few MiB. Before the sizes were clamped, a
// 30000×30000 terminal took the server past 3 GB and out of memory.
const (
	childAddressSpace = 3 << 30   // ulimit -v of the server (it reserves 1.7 GB of address space to start)
	hugeSessionsRSS   = 120 << 20 // peak RSS growth allowed for the huge sessions
)

// A terminal of 30000×30000 or 4294967295×4294967295 cells, in the pty
// request or in a window change, is drawn at 1000×500 and the session is
// told so; the server, run in its own process under ulimit -v, stays
// within a bounded RSS.
func TestHugeTerminals(t *testing.T) {
	if dir := os.Getenv(childEnv); dir != "" {
		serveAsChild(t, dir)
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads the server's memory from /proc")
	}
	dir := t.TempDir()
	signer, line := testKey(t, "huge")
	if err := os.WriteFile(filepath.Join(dir, "authorized_keys"), []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-c", fmt.Sprintf(`ulimit -v %d && exec "$@"`, childAddressSpace>>10),
		"sh", os.Args[0], "-test.run=^TestHugeTerminals$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	defer func() {
		stdin.Close() // the child stops
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	}()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
				addr <- a
			}
		}
	}()
	var target string
	select {
	case target = <-addr:
	case <-exited:
		t.Fatalf("the server process ended before listening:\n%s", stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("the server process did not listen within 30 s")
	}
	pid := cmd.Process.Pid // sh exec'd the server

	p := dialPty(t, target, signer, 80, 24)
	p.waitFor(t, "index ready", 20*time.Second)
	base := procStatus(t, pid, "VmRSS")
	io.WriteString(p.in, "q")
	p.waitEnded(t, 10*time.Second, "q")

	for _, tt := range []struct {
		name             string
		w, h             int
		resizeW, resizeH int // a window change after the first screen, if not 0
		reported         string
	}{
		{name: "pty 30000×30000", w: 30000, h: 30000, reported: "30000×30000"},
		{name: "pty 4294967295×4294967295", w: 1<<32 - 1, h: 1<<32 - 1, reported: "4294967295×4294967295"},
		{name: "window change to 30000×30000", w: 100, h: 30, resizeW: 30000, resizeH: 30000, reported: "30000×30000"},
	} {
		p := dialPty(t, target, signer, tt.w, tt.h)
		shows := func(want string) {
			t.Helper()
			deadline := time.Now().Add(20 * time.Second)
			for !strings.Contains(p.out.String(), want) {
				select {
				case <-exited:
					t.Fatalf("%s: the server process died:\n%s", tt.name, firstLines(stderr.String(), 3))
				case <-time.After(20 * time.Millisecond):
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s: never showed %q; output ends:\n%q", tt.name, want, lastBytes(p.out.String(), 2000))
				}
			}
		}
		shows("index ready")
		if tt.resizeW != 0 {
			if err := p.sess.WindowChange(tt.resizeH, tt.resizeW); err != nil {
				t.Fatal(err)
			}
		}
		shows("Terminal size " + tt.reported + " is over the 1000×500 dossier draws: drawing 1000×500.")
		if w := widestLine(p.out.String()); w > maxWidth {
			t.Errorf("%s: a line %d cells wide", tt.name, w)
		}
		io.WriteString(p.in, "q")
		p.waitEnded(t, 10*time.Second, tt.name+": q")
	}
	peak := procStatus(t, pid, "VmHWM")
	t.Logf("server RSS %d MiB with an 80×24 session; peak %d MiB after the huge ones (ulimit -v %d MiB)", base>>20, peak>>20, childAddressSpace>>20)
	if peak-base > hugeSessionsRSS {
		t.Errorf("the huge terminals took the server's RSS from %d MiB to %d MiB, more than %d MiB more", base>>20, peak>>20, hugeSessionsRSS>>20)
	}
}

// serveAsChild serves the seeds until its input closes, saying where it
// listens on its output.
func serveAsChild(t *testing.T, dir string) {
	keys, err := os.ReadFile(filepath.Join(dir, "authorized_keys"))
	if err != nil {
		t.Fatal(err)
	}
	_, addr := startServer(t, Config{}, string(keys), seedShared(t))
	fmt.Printf("listening %s\n", addr)
	io.Copy(io.Discard, os.Stdin)
}

// firstLines is the first n lines of s.
func firstLines(s string, n int) string {
	lines := strings.SplitAfterN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "")
}

// procStatus reads a memory figure (kB in /proc/PID/status) in bytes.
func procStatus(t *testing.T, pid int, field string) int64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte(field+":")); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(string(v)), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}
