package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestEndToEndInTmux builds dossier and drives it in a real terminal (tmux):
// start, see the four panes, search "lithium", open the hit and see the
// word highlighted, step with n, open the help, and quit with status 0.
func TestEndToEndInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "dossier")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	socket := fmt.Sprintf("dossier-e2e-%d", os.Getpid())
	tmux := func(args ...string) string {
		out, err := exec.Command("tmux", append([]string{"-L", socket}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	exitFile := filepath.Join(dir, "exit")
	script := fmt.Sprintf("cd %q && XDG_DATA_HOME=%q TERM=xterm-256color %q --theme dark; echo $? > %q; sleep 60",
		dir, filepath.Join(dir, "data"), bin, exitFile)
	tmux("new-session", "-d", "-x", "120", "-y", "35", "sh", "-c", script)
	t.Cleanup(func() { exec.Command("tmux", "-L", socket, "kill-server").Run() })

	screen := func(escapes bool) string {
		if escapes {
			return tmux("capture-pane", "-p", "-e")
		}
		return tmux("capture-pane", "-p")
	}
	waitFor := func(what string, escapes bool, ok func(string) bool) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			s := screen(escapes)
			if ok(s) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("waiting for %s; the screen is:\n%s", what, s)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitFor("the four pane titles", false, func(s string) bool {
		for _, title := range []string{"Timeline", "Roadmap", "Reader", "Search"} {
			if !strings.Contains(s, title) {
				return false
			}
		}
		return strings.Contains(s, "index ready")
	})
	tmux("send-keys", "/")
	tmux("send-keys", "-l", "lithium")
	waitFor("the search hit", false, func(s string) bool { return strings.Contains(s, "1 article · ") })
	tmux("send-keys", "Enter")
	highlighted := regexp.MustCompile(`\x1b\[[0-9;]*7[0-9;]*mlithium`)
	waitFor("lithium highlighted in the reader", true, func(s string) bool {
		return highlighted.MatchString(s) && strings.Contains(s, "1/1")
	})
	tmux("send-keys", "n")
	waitFor("the match counter after n", false, func(s string) bool { return strings.Contains(s, "1/1 search: lithium") })
	tmux("send-keys", "?")
	waitFor("the full help", false, func(s string) bool { return strings.Contains(s, "previous pane") })
	tmux("send-keys", "Escape")
	waitFor("the help closed", false, func(s string) bool { return !strings.Contains(s, "esc closes") })
	tmux("send-keys", "q")
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, err := os.ReadFile(exitFile)
		if err == nil && len(strings.TrimSpace(string(data))) > 0 {
			if code := strings.TrimSpace(string(data)); code != "0" {
				t.Fatalf("dossier exited with status %s", code)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("dossier did not exit after q; the screen is:\n%s", screen(false))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
