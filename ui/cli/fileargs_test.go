//go:build unix

package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Every file argument is checked to be a regular file and read with a size
// cap: a named pipe is refused at once (not waited on), /dev/zero is
// refused without reading it, and a file over the cap is refused by its
// size, each with one clear line. Run under ulimit -v and a deadline, so
// that a regression fails instead of waiting forever or eating memory.
func TestFileArgumentsAreRegularAndCapped(t *testing.T) {
	bin := needBinary(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	big := filepath.Join(dir, "big.md")
	if err := os.WriteFile(big, bytes.Repeat([]byte("# Doc\n"), 400_000), 0o644); err != nil { // 2.3 MiB
		t.Fatal(err)
	}
	into := filepath.Join(dir, "corpus")
	data := filepath.Join(dir, "data")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"timeline", "--roadmap", fifo}, 2, "--roadmap " + fifo + ": is a named pipe (FIFO), not a regular file"},
		{[]string{"timeline", "--roadmap", "/dev/zero"}, 2, "--roadmap /dev/zero: is a device, not a regular file"},
		{[]string{"timeline", "--roadmap", big}, 2, "--roadmap " + big + ": is 2.3 MiB, over the 1 MiB limit"},
		{[]string{"search", "--synonyms", fifo, "lithium"}, 2, "--synonyms " + fifo + ": is a named pipe (FIFO), not a regular file"},
		{[]string{"search", "--synonyms", "/dev/zero", "lithium"}, 2, "--synonyms /dev/zero: is a device, not a regular file"},
		{[]string{"search", "--synonyms", big, "lithium"}, 2, "--synonyms " + big + ": is 2.3 MiB, over the 1 MiB limit"},
		{[]string{"timeline", "--config", fifo}, 2, "config file " + fifo + " (from --config) is a named pipe (FIFO), not a regular file"},
		{[]string{"timeline", "--config", "/dev/zero"}, 2, "config file /dev/zero (from --config) is a device, not a regular file"},
		{[]string{"import", "--into", into, fifo}, 1, "is a named pipe (FIFO), not a regular file"},
		{[]string{"import", "--into", into, "/dev/zero"}, 1, "is a device, not a regular file"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		args := append([]string{"-c", `ulimit -v 2000000 && exec "$@"`, "sh", bin}, append(tt.args, "--data", data)...)
		cmd := exec.CommandContext(ctx, "sh", args...)
		cmd.Env = append(os.Environ(), "HOME=/nonexistent", "DOSSIER_STORE=", "DOSSIER_CONFIG=", "XDG_CONFIG_HOME="+dir, "XDG_CACHE_HOME="+dir)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		start := time.Now()
		err := cmd.Run()
		took := time.Since(start)
		cancel()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		name := strings.Join(tt.args, " ")
		switch {
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			t.Errorf("dossier %s: still running after %v (waiting on the file?)", name, took.Round(time.Second))
		case code != tt.code || !strings.Contains(errOut.String()+out.String(), tt.want):
			t.Errorf("dossier %s: exit %d, want %d and %q\nstdout: %s\nstderr: %s", name, code, tt.code, tt.want, out.String(), errOut.String())
		}
	}
}
