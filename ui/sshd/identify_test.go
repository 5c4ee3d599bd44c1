package sshd

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"dossier/ui"
)

// TestIdentifyFollowsTheFile: every login reads the authorized-keys file
// afresh (a key added, renamed or removed counts at the next login, an
// unreadable file refuses everyone), while the same text is parsed once.
// Fails when a changed file is not parsed again, or the same text is.
func TestIdentifyFollowsTheFile(t *testing.T) {
	ann, annLine := testKey(t, "Ann")
	bob, bobLine := testKey(t, "Bob")
	path := filepath.Join(t.TempDir(), "authorized_keys")
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(annLine)
	s, err := New(Config{AuthorizedKeys: path, HostKey: filepath.Join(filepath.Dir(path), "host"), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, ui.Shared{})
	if err != nil {
		t.Fatal(err)
	}
	expect := func(step string, want map[string]string) {
		t.Helper()
		for who, signer := range map[string]gossh.Signer{"Ann": ann, "Bob": bob} {
			id, ok := s.identify(signer.PublicKey())
			if name, listed := want[who]; ok != listed || id.Name != name {
				t.Errorf("%s: %s: identified %v as %q; want %v as %q", step, who, ok, id.Name, listed, name)
			}
		}
	}
	expect("one key", map[string]string{"Ann": "Ann"})
	parsed := s.keys.Load()
	expect("the same file", map[string]string{"Ann": "Ann"})
	if parsed == nil || s.keys.Load() != parsed {
		t.Error("the same text was parsed again")
	}
	write(annLine + bobLine)
	expect("a key added", map[string]string{"Ann": "Ann", "Bob": "Bob"})
	write(bobLine)
	expect("a key removed", map[string]string{"Bob": "Bob"})
	ann2 := annLine[:len(annLine)-len("Ann\n")] + "Anna\n"
	write(ann2 + bobLine)
	expect("a key renamed", map[string]string{"Ann": "Anna", "Bob": "Bob"})
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	expect("the file gone", map[string]string{})
	write(ann2 + bobLine)
	expect("the file back", map[string]string{"Ann": "Anna", "Bob": "Bob"})
}
