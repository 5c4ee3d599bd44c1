package cli

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// followLines starts `dossier index --follow` and hands its output lines
// to the test as they come.
func followLines(t *testing.T, env []string, dir string) (*exec.Cmd, <-chan string) {
	t.Helper()
	cmd := exec.Command(needBinary(t), "index", "--follow", "--corpus", dir)
	cmd.Env = append(append(os.Environ(), "HOME=/nonexistent", "DOSSIER_STORE=", "DOSSIER_CONFIG="), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return cmd, lines
}

// waitLine waits (at most 30 s) for a line holding want.
func waitLine(t *testing.T, lines <-chan string, want string) string {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the follower ended before a line with %q", want)
			}
			if strings.Contains(l, want) {
				return l
			}
		case <-timeout:
			t.Fatalf("no line with %q within 30 s", want)
		}
	}
}

// TestIndexFollowKeepsCommandsFromScanning: `dossier index --follow`
// indexes a change as it comes and, while it runs, `dossier index` says a
// running dossier vouches for the folders; a search sees the change. Once
// it is stopped (SIGINT: exit 0), the state is found by a scan again.
func TestIndexFollowKeepsCommandsFromScanning(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("a follower vouches on Linux")
	}
	dir := t.TempDir()
	for _, name := range []string{"a.md", "b.md"} {
		os.WriteFile(filepath.Join(dir, name), []byte("---\ntitle: "+name+"\ndate: 2024-05-01\n---\nLithium and hydrogen in Kazakhstan.\n"), 0o644)
	}
	env := []string{"XDG_CACHE_HOME=" + t.TempDir(), "XDG_DATA_HOME=" + t.TempDir(), "DOSSIER_LANG=en"}
	if _, errOut, code := runBinEnv(t, env, "index", "--follow"); code != 2 || !strings.Contains(errOut, "--follow needs --corpus") {
		t.Errorf("--follow without --corpus: exit %d, %q", code, errOut)
	}
	cmd, lines := followLines(t, env, dir)
	waitLine(t, lines, "ready: 2 articles")

	// The follower vouches once its own scan has seen no change since.
	deadline := time.Now().Add(20 * time.Second)
	for {
		out, errOut, code := runBinEnv(t, env, "index", "--corpus", dir)
		if code != 0 {
			t.Fatalf("index: exit %d\n%s%s", code, out, errOut)
		}
		if strings.Contains(out, "a running dossier follows the folders") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no follower vouched within 20 s:\n%s", out)
		}
		time.Sleep(100 * time.Millisecond)
	}

	os.WriteFile(filepath.Join(dir, "c.md"), []byte("---\ntitle: Zircon\ndate: 2024-06-01\n---\nA note on zirconquartz.\n"), 0o644)
	waitLine(t, lines, "1 new article")
	if out, errOut, code := runBinEnv(t, env, "search", "--corpus", dir, "zirconquartz"); code != 0 || !strings.Contains(out, "Zircon") {
		t.Errorf("search after the change: exit %d\n%s%s", code, out, errOut)
	}

	cmd.Process.Signal(syscall.SIGINT)
	waitLine(t, lines, "stopped following")
	if err := cmd.Wait(); err != nil {
		t.Errorf("the follower ended with %v, want exit 0 on SIGINT", err)
	}
	out, _, _ := runBinEnv(t, env, "index", "--corpus", dir)
	if strings.Contains(out, "follows the folders") || !strings.Contains(out, "up to date") || !strings.Contains(out, "articles  3") {
		t.Errorf("after the follower stopped:\n%s", out)
	}
}
