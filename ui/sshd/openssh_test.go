package sshd_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"dossier/model/review"
)

// These tests run the real dossier binary as a server and the real OpenSSH
// client in tmux, on 127.0.0.1.

var buildOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "dossier-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "dossier")
	out, err := exec.Command("go", "build", "-o", bin, "dossier").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("build: %v\n%s", err, out)
	}
	return bin, nil
})

func needTools(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("OpenSSH tests skipped in -short mode")
	}
	for _, tool := range []string{"ssh", "ssh-keygen", "tmux"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

type fixture struct {
	t       *testing.T
	bin     string
	dir     string
	data    string
	port    int
	server  *exec.Cmd
	log     *syncBuffer
	socket  string
	sshOpts []string
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// newFixture makes keys for alice and bob (authorized) and eve (not), and
// starts `dossier serve` with extra flags.
func newFixture(t *testing.T, extra ...string) *fixture {
	f := &fixture{t: t, bin: needTools(t), dir: t.TempDir(), port: freePort(t), log: &syncBuffer{}}
	f.data = filepath.Join(f.dir, "data")
	f.socket = fmt.Sprintf("dossier-ssh-%d-%d", os.Getpid(), f.port)
	for _, k := range [][2]string{{"alice", "Alice Example"}, {"bob", "bob"}, {"eve", "eve"}} {
		out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", k[1], "-f", filepath.Join(f.dir, k[0])).CombinedOutput()
		if err != nil {
			t.Fatalf("ssh-keygen: %v %s", err, out)
		}
	}
	var ak bytes.Buffer
	for _, name := range []string{"alice", "bob"} {
		pub, _ := os.ReadFile(filepath.Join(f.dir, name+".pub"))
		ak.Write(pub)
		ak.WriteString("this line is not a key\n")
	}
	akFile := filepath.Join(f.dir, "authorized_keys")
	os.WriteFile(akFile, ak.Bytes(), 0o600)
	args := append([]string{"serve", "--data", f.data, "--authorized-keys", akFile,
		"--listen", fmt.Sprintf("127.0.0.1:%d", f.port), "--grace", "5s"}, extra...)
	f.server = exec.Command(f.bin, args...)
	f.server.Env = append(os.Environ(), "XDG_CONFIG_HOME="+f.dir, "XDG_CACHE_HOME="+filepath.Join(f.dir, "cache"),
		"DOSSIER_CONFIG=", "DOSSIER_STORE=") // not the developer's config or kept indexes
	f.server.Stderr = f.log
	f.server.Stdout = f.log
	if err := f.server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// The clients first: a client whose server went away writes its
		// exit file into f.dir, racing the removal of the folder.
		exec.Command("tmux", "-L", f.socket, "kill-server").Run()
		f.server.Process.Kill()
		f.server.Wait()
		// A shell still ending may write one more file: remove the folder
		// until it is gone (the test's own removal then finds nothing).
		for range 50 {
			if os.RemoveAll(f.dir) == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	f.sshOpts = []string{"-p", fmt.Sprint(f.port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5"}
	f.waitLog("msg=listening", 20*time.Second)
	return f
}

func (f *fixture) waitLog(want string, d time.Duration) {
	f.t.Helper()
	deadline := time.Now().Add(d)
	for !strings.Contains(f.log.String(), want) {
		if time.Now().After(deadline) {
			f.t.Fatalf("server log never showed %q:\n%s", want, f.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ssh runs the client without tmux and returns its combined output.
func (f *fixture) ssh(key string, args ...string) (string, error) {
	all := append(append(append([]string{}, f.sshOpts...), "-i", filepath.Join(f.dir, key)), args...)
	cmd := exec.Command("ssh", all...)
	cmd.Stdin = strings.NewReader("")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// open starts an interactive session for key in its own tmux window.
func (f *fixture) open(key string, w, h int) string {
	f.t.Helper()
	name := key
	exitFile := filepath.Join(f.dir, key+".exit")
	cmdline := "TERM=xterm-256color ssh -t " + strings.Join(f.sshOpts, " ") + " -i " + filepath.Join(f.dir, key) +
		" 127.0.0.1; echo $? > " + exitFile + "; sleep 60"
	args := []string{"-L", f.socket, "new-session", "-d", "-s", name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), "sh", "-c", cmdline}
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		f.t.Fatalf("tmux: %v %s", err, out)
	}
	return name
}

func (f *fixture) screen(win string) string {
	out, _ := exec.Command("tmux", "-L", f.socket, "capture-pane", "-p", "-t", win).CombinedOutput()
	return string(out)
}

func (f *fixture) keys(win string, keys ...string) {
	for _, k := range keys {
		exec.Command("tmux", "-L", f.socket, "send-keys", "-t", win, k).Run()
		time.Sleep(150 * time.Millisecond)
	}
}

func (f *fixture) waitScreen(win, want string, d time.Duration) {
	f.t.Helper()
	deadline := time.Now().Add(d)
	for {
		s := f.screen(win)
		if strings.Contains(s, want) {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("%s never showed %q; screen:\n%s\nserver log:\n%s", win, want, s, f.log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestOpenSSHSessions(t *testing.T) {
	f := newFixture(t)
	if !strings.Contains(f.log.String(), "line=2") || !strings.Contains(f.log.String(), "line skipped") {
		t.Errorf("malformed key line not reported:\n%s", f.log.String())
	}

	// An unknown key is refused before any UI.
	out, err := f.ssh("eve", "127.0.0.1")
	if err == nil || !strings.Contains(out, "Permission denied (publickey)") {
		t.Errorf("unknown key: %v %q", err, out)
	}
	// No terminal, and commands, are refused with a message.
	out, err = f.ssh("alice", "-T", "127.0.0.1")
	if err == nil || !strings.Contains(out, "needs a terminal") {
		t.Errorf("no pty: %v %q", err, out)
	}
	out, err = f.ssh("alice", "127.0.0.1", "cat", "/etc/passwd")
	if err == nil || !strings.Contains(out, "commands are not available") || strings.Contains(out, "root:") {
		t.Errorf("exec: %v %q", err, out)
	}
	f.waitLog(`reason="exec request"`, 5*time.Second)

	// Alice sees the dashboard and reviews an item.
	a := f.open("alice", 110, 32)
	f.waitScreen(a, "index ready", 15*time.Second)
	f.waitScreen(a, "Timeline", time.Second)
	f.keys(a, "2", "s", "r")
	f.waitScreen(a, "1/26 reviewed · 1 at risk · reviewing as Alice Example", 5*time.Second)

	// Bob, in another session, sees Alice's review, and Alice sees his.
	b := f.open("bob", 130, 36)
	f.waitScreen(b, "index ready", 15*time.Second)
	f.keys(b, "2")
	f.waitScreen(b, "▲ mou-1.1", 5*time.Second)
	f.waitScreen(b, "Alice Examp", time.Second)
	f.keys(b, "j", "s", "d")
	f.waitScreen(a, "bob set mou-1.2 to done", 5*time.Second)

	// Alice writes a note but does not save it; the server gets SIGTERM.
	f.keys(a, "e")
	exec.Command("tmux", "-L", f.socket, "send-keys", "-t", a, "-l", "unsaved words").Run()
	f.waitScreen(a, "unsaved words", 5*time.Second)
	if err := f.server.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- f.server.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("server exit after SIGTERM: %v\n%s", err, f.log.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("server did not stop within 15 s of SIGTERM:\n%s", f.log.String())
	}
	// Each user is told, on a line that stays after the dashboard is gone.
	f.waitScreen(a, "dossier serve is shutting down", 5*time.Second)
	f.waitScreen(b, "dossier serve is shutting down", 5*time.Second)
	st, err := review.Open(f.data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	h, _ := st.History(ctx, "")
	if len(h) != 2 || h[0].By != "Alice Example" || h[0].New != "at risk" || h[1].By != "bob" || h[1].New != "done" {
		t.Errorf("history after SIGTERM: %+v", h)
	}
	d, ok, err := st.Draft(ctx, "mou-1.1", "Alice Example")
	if !ok || err != nil || d.Note != "unsaved words" {
		t.Errorf("draft after SIGTERM: %+v %v %v", d, ok, err)
	}
	for _, want := range []string{`msg=connected user="Alice Example"`, "msg=disconnected", "duration=", "msg=stopped",
		`host_key="ssh-ed25519 SHA256:`, `msg="refused key"`} {
		if !strings.Contains(f.log.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

func TestOpenSSHIdleTimeout(t *testing.T) {
	f := newFixture(t, "--idle-timeout", "2s")
	a := f.open("alice", 100, 30)
	f.waitScreen(a, "index ready", 15*time.Second)
	start := time.Now()
	f.waitScreen(a, "Closed after 2s without a key press.", 10*time.Second)
	exitFile := filepath.Join(f.dir, "alice.exit")
	for {
		if _, err := os.Stat(exitFile); err == nil {
			break
		}
		if time.Since(start) > 15*time.Second {
			t.Fatalf("the ssh client did not exit; screen:\n%s", f.screen(a))
		}
		time.Sleep(100 * time.Millisecond)
	}
	f.waitLog("msg=disconnected", 5*time.Second)
}

// OpenSSH with -tt and no terminal of its own reports a 0×0 window: the
// user is told and sees the dashboard at 80×24, not a blank screen.
func TestOpenSSHZeroSizeTerminal(t *testing.T) {
	f := newFixture(t, "--idle-timeout", "10s")
	args := append(append(append([]string{}, f.sshOpts...), "-tt", "-i", filepath.Join(f.dir, "alice")), "127.0.0.1")
	cmd := exec.Command("ssh", args...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	deadline := time.Now().Add(15 * time.Second)
	for _, want := range []string{"Terminal size unknown (0×0): drawing 80×24", "index ready"} {
		for !strings.Contains(out.String(), want) {
			if time.Now().After(deadline) {
				t.Fatalf("never showed %q; output:\n%q\nserver log:\n%s", want, out.String(), f.log.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	in.Write([]byte("q"))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("q did not end the session")
	}
	f.waitLog(`msg="terminal size unknown"`, time.Second)
}

// Two SSH sessions of a server following its corpus folder both see an
// article copied into it, with the notice, and find it, without a restart;
// the server watches the folder once for all of them.
func TestOpenSSHSessionsSeeANewArticle(t *testing.T) {
	corpus := t.TempDir()
	for i, title := range []string{"EU and Kazakhstan sign raw materials memorandum", "Roadmap 2025-2026 endorsed in Samarkand"} {
		text := fmt.Sprintf("date 2025-0%d-07\n%s\n\nThe partnership covers lithium, graphite and hydrogen.\n", i+3, title)
		if err := os.WriteFile(filepath.Join(corpus, fmt.Sprintf("a%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f := newFixture(t, "--corpus", corpus)
	a := f.open("alice", 120, 35)
	b := f.open("bob", 100, 30)
	f.waitScreen(a, "2 articles", 20*time.Second)
	f.waitScreen(b, "2 articles", 20*time.Second)
	f.waitScreen(a, "index ready", 5*time.Second)

	// Written as dossier import does: a hidden file, then renamed.
	tmp := filepath.Join(corpus, ".import-1234.md")
	text := "---\ntitle: Sarytogan graphite selected as a strategic project\nsource: The Astana Times\ndate: 2025-06-04\nlang: en\n---\n\nThe Sarytogan graphite deposit was selected as a strategic project.\n"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(corpus, "sarytogan.md")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	f.waitScreen(a, "1 new article: “Sarytogan graphite selected as a strategic project”", 20*time.Second)
	t.Logf("alice saw the notice %v after the rename", time.Since(start).Round(10*time.Millisecond))
	f.waitScreen(a, "3 articles", 5*time.Second)
	f.waitScreen(b, "1 new article", 5*time.Second)
	f.keys(b, "/")
	exec.Command("tmux", "-L", f.socket, "send-keys", "-t", b, "-l", "Sarytogan").Run()
	f.waitScreen(b, "1 article · ", 5*time.Second)
	f.waitScreen(b, "Sarytogan graphite selected", 5*time.Second)
	if n := strings.Count(f.log.String(), "warning"); n != 0 {
		t.Errorf("the server warned %d times:\n%s", n, f.log.String())
	}
}
