package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// These tests run the real dossier binary, as the README's users would.

var dossierBin = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "dossier-cli-bin")
	if err != nil {
		return "", err
	}
	os.Chmod(dir, 0o755) // user nobody runs it too
	bin := filepath.Join(dir, "dossier")
	out, err := exec.Command("go", "build", "-o", bin, "dossier").CombinedOutput()
	if err != nil {
		return "", errors.New("build: " + err.Error() + "\n" + string(out))
	}
	return bin, nil
})

func needBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped in -short mode")
	}
	bin, err := dossierBin()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// runBin runs dossier with args (as nobody if asNobody) and returns stdout, stderr and the exit code.
func runBin(t *testing.T, asNobody bool, args ...string) (string, string, int) {
	t.Helper()
	return runAs(t, asNobody, nil, args...)
}

// runBinEnv runs dossier with extra environment variables.
func runBinEnv(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	return runAs(t, false, env, args...)
}

func runAs(t *testing.T, asNobody bool, env []string, args ...string) (string, string, int) {
	t.Helper()
	bin := needBinary(t)
	name := bin
	if asNobody {
		name = "setpriv"
		args = append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", bin}, args...)
	}
	cmd := exec.Command(name, args...)
	cmd.Env = append(append(os.Environ(), "HOME=/nonexistent", "DOSSIER_STORE="), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return out.String(), errOut.String(), code
}

func TestCommandExitCodes(t *testing.T) {
	data := t.TempDir()
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"nope"}, 2, `unknown command "nope" for "dossier"`},
		{[]string{"history", "nope", "--data", data}, 2, `no item "nope"`},
		{[]string{"history", "a", "b", "--data", data}, 2, "at most one ITEM-ID"},
		{[]string{"roadmap", "extra", "--data", data}, 2, "takes no arguments"},
		{[]string{"review", "mou-1.1", "--status", "done", "--note", strings.Repeat("n", 70000), "--data", data}, 2, "at most 65536"},
		{[]string{"review", "mou-1.1", "--evidence", "000_59948b4d9c446ef9:50-10", "--data", data}, 2, "is reversed"},
		{[]string{"history", "--data", data}, 0, ""},
	}
	for _, tt := range tests {
		_, stderr, code := runBin(t, false, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.msg) {
			t.Errorf("dossier %s: exit %d, stderr %q; want %d with %q", strings.Join(tt.args, " ")[:min(60, len(strings.Join(tt.args, " ")))], code, stderr, tt.code, tt.msg)
		}
	}
}

// TestReadOnlyStoreAsOtherUser: with a data folder user nobody cannot
// write, the read commands work and say why reviews are read-only, and a
// review exits 1 with that reason.
func TestReadOnlyStoreAsOtherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run dossier as user nobody")
	}
	if _, err := exec.LookPath("setpriv"); err != nil {
		t.Skip("setpriv is not installed")
	}
	root, err := os.MkdirTemp("", "dossier-ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	data := filepath.Join(root, "data")
	long := "The EBRD confirmed its support in a letter to the ministry; " + strings.Repeat("more words here ", 8) + "END-OF-NOTE"
	if _, stderr, code := runBin(t, false, "review", "mou-1.1", "--status", "at-risk", "--note", long, "--data", data, "--as", "alice"); code != 0 {
		t.Fatalf("review as root: %d %s", code, stderr)
	}
	os.Chmod(root, 0o755)
	os.Chmod(data, 0o755)
	os.Chmod(filepath.Join(data, "reviews.db"), 0o644)

	reason := data + " is not writable by user nobody (permission denied)"
	for _, args := range [][]string{
		{"roadmap"}, {"roadmap", "--json"}, {"history"}, {"history", "mou-1.1", "--json"}, {"export", "--format", "md"},
	} {
		out, stderr, code := runBin(t, true, append(args, "--data", data)...)
		if code != 0 || !strings.Contains(stderr, "reviews are read-only: "+reason) {
			t.Errorf("%v as nobody: exit %d, stderr %q", args, code, stderr)
		}
		if !strings.Contains(out, "END-OF-NOTE") && args[0] != "history" || !strings.Contains(out, "at risk") && !strings.Contains(out, "AT RISK") {
			t.Errorf("%v as nobody: output lacks the review (or cut it):\n%s", args, out)
		}
	}
	_, stderr, code := runBin(t, true, "review", "mou-1.1", "--status", "done", "--data", data)
	if code != 1 || !strings.Contains(stderr, "reviews are read-only: "+reason+"; nothing was changed") {
		t.Errorf("review as nobody: exit %d, stderr %q; want 1 with the reason", code, stderr)
	}
	// An empty folder nobody cannot write: an empty, read-only store.
	empty := filepath.Join(root, "empty")
	os.Mkdir(empty, 0o755)
	out, stderr, code := runBin(t, true, "roadmap", "--data", empty)
	if code != 0 || !strings.Contains(out, "0/26 reviewed") || !strings.Contains(stderr, "no reviews there yet") {
		t.Errorf("roadmap on an empty read-only folder: exit %d\n%s\n%s", code, out, stderr)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("the read-only folder got files: %v", entries)
	}
}
