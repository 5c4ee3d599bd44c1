//go:build unix

package sshd

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"dossier/ui"
)

// The authorized-keys and host key files must be regular files under a
// cap: a named pipe or /dev/zero is refused at once, with one line, instead
// of blocking the start (or every login, which reads the keys again) or
// running out of memory.
func TestKeyFilesMustBeRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	_, line := testKey(t, "staff")
	keys := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(keys, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{AuthorizedKeys: fifo}, "serve: authorized keys " + fifo + ": is a named pipe (FIFO), not a regular file"},
		{Config{AuthorizedKeys: "/dev/zero"}, "serve: authorized keys /dev/zero: is a device, not a regular file"},
		{Config{AuthorizedKeys: keys, HostKey: fifo}, "serve: host key " + fifo + ": is a named pipe (FIFO), not a regular file"},
		{Config{AuthorizedKeys: keys, HostKey: "/dev/zero"}, "serve: host key /dev/zero: is a device, not a regular file"},
	}
	for _, tt := range tests {
		done := make(chan error, 1)
		go func() { _, err := New(tt.cfg, ui.Shared{}); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New(%+v): %v, want %q", tt.cfg, err, tt.want)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("New(authorized keys %s, host key %s) still waiting after 5 s", tt.cfg.AuthorizedKeys, tt.cfg.HostKey)
		}
	}
}
