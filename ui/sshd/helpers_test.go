package sshd

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"dossier/index"
	"dossier/index/library"
	"dossier/model"
	"dossier/model/roadmap"
	"dossier/seeds"
	"dossier/ui"
)

// testKey makes a key and its authorized-keys line with name as comment.
func testKey(t *testing.T, name string) (gossh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s, string(bytes.TrimSpace(gossh.MarshalAuthorizedKey(s.PublicKey()))) + " " + name + "\n"
}

// seedShared is the seeds with their index, without a review store.
func seedShared(t *testing.T) ui.Shared {
	t.Helper()
	corpus, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	shared, _ := sharedOf(t, corpus)
	return shared
}

// sharedOf is what sessions share for a corpus indexed in memory, with the
// seeds' roadmap, and its snapshot.
func sharedOf(t *testing.T, corpus *model.Corpus) (ui.Shared, *library.Snapshot) {
	t.Helper()
	ix, err := index.Open(context.Background(), corpus, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	cat, err := roadmap.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	snap := library.NewSnapshot(corpus, ix, nil)
	return ui.Shared{Feed: library.Loaded(snap), Roadmap: cat}, snap
}

// startServer writes the authorized keys, fills the test defaults of cfg
// (loopback, a fresh host key, silent logs) and serves until the test ends.
func startServer(t *testing.T, cfg Config, keys string, sh ui.Shared) (*Server, string) {
	t.Helper()
	dir := t.TempDir()
	cfg.AuthorizedKeys = filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(cfg.AuthorizedKeys, []byte(keys), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.Listen, cfg.HostKey = "127.0.0.1:0", filepath.Join(dir, "host")
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv, err := New(cfg, sh)
	if err != nil {
		t.Fatal(err)
	}
	addr, err := srv.Listen()
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	t.Cleanup(func() { // bounded: a stuck session must fail its test, not hang the package
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return srv, addr.String()
}
