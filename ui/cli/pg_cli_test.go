package cli

import (
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dossier/model/review/pgtest"
)

func TestMain(m *testing.M) {
	// Kept indexes of test corpora go to a folder of their own, not the
	// user's cache (the commands run here and their processes inherit it).
	cache, err := os.MkdirTemp("", "dossier-cli-cache-")
	if err != nil {
		panic(err)
	}
	// Go's build cache stays where it is (it defaults to one under
	// XDG_CACHE_HOME): the binary the tests build reuses it.
	if os.Getenv("GOCACHE") == "" {
		if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
			os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
		}
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	// Nor do they read the user's config file: an empty folder stands for
	// its place (readable by user nobody, as some tests run dossier so).
	configHome, err := os.MkdirTemp("", "dossier-cli-config-")
	if err != nil {
		panic(err)
	}
	os.Chmod(configHome, 0o755)
	os.Setenv("XDG_CONFIG_HOME", configHome)
	os.Unsetenv(EnvConfig)
	code := m.Run()
	pgtest.StopShared()
	os.RemoveAll(cache)
	os.RemoveAll(configHome)
	os.Exit(code)
}

// TestPostgresCommands: roadmap, review, history and export work with
// --store as with SQLite, and nothing is written to the data folder.
func TestPostgresCommands(t *testing.T) {
	url := pgtest.NewDatabase(t)
	data := filepath.Join(t.TempDir(), "data")
	st := []string{"--store", url, "--data", data}
	_, stderr, code := runBin(t, false, append([]string{"review", "mou-1.1", "--status", "at-risk", "--note", "via PostgreSQL",
		"--evidence", "000_59948b4d9c446ef9:0-21", "--as", "alice"}, st...)...)
	if code != 0 {
		t.Fatalf("review: %d %s", code, stderr)
	}
	out, stderr, code := runBin(t, false, append([]string{"roadmap", "--json"}, st...)...)
	var b struct {
		Summary string
		Groups  []struct {
			Items []struct{ ID, Status, Note, Reviewer string }
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &b) != nil || b.Groups[0].Items[0].Status != "at risk" ||
		b.Groups[0].Items[0].Note != "via PostgreSQL" || b.Groups[0].Items[0].Reviewer != "alice" {
		t.Errorf("roadmap --json: %d %s %s", code, stderr, out[:min(300, len(out))])
	}
	out, _, code = runBin(t, false, append([]string{"history", "mou-1.1"}, st...)...)
	if code != 0 || strings.Count(out, "\n") != 5 || !strings.Contains(out, "status unreviewed → at risk\n#2  ") {
		t.Errorf("history: %d\n%s", code, out)
	}
	out, _, code = runBin(t, false, append([]string{"export", "--format", "md"}, st...)...)
	if code != 0 || !strings.Contains(out, "ASTANA – Kazakhstan") {
		t.Errorf("export: %d\n%s", code, out)
	}
	if _, err := os.Stat(data); err == nil {
		t.Errorf("the data folder %s was created although the store is PostgreSQL", data)
	}
	// DOSSIER_STORE does the same as --store.
	out, _, code = runBinEnv(t, []string{"DOSSIER_STORE=" + url}, "history", "mou-1.1", "--data", data)
	if code != 0 || !strings.Contains(out, "at risk") {
		t.Errorf("history with DOSSIER_STORE: %d %s", code, out)
	}
}

// TestPostgresStartRefusals: a bad URL exits 2; a wrong password, an
// unreachable server and a database of another program exit 1. Each is
// refused at start — by the commands and by serve, before it listens —
// with one line that names the problem and not the password (another
// program's database adds one indented hint).
func TestPostgresStartRefusals(t *testing.T) {
	url := pgtest.NewDatabase(t)
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(`CREATE TABLE invoices (id INT)`)
	db.Close()
	wrong := pgtest.WithUser(url, pgtest.User(url), "not-the-password")
	data := t.TempDir()
	pub := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDW2Y4nBWvu0mAMjcRQ5sTxG8sO0vXvpmLBNjQ/1rnGj alice\n"
	if err := os.WriteFile(filepath.Join(data, "authorized_keys"), []byte(pub), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		url   string
		code  int
		msg   string
		hints int
	}{
		{"postgress://u:p@h/db", 2, "bad store URL", 0},
		{"postgres://u:p@h:notaport/db", 2, "bad store URL", 0},
		{wrong, 1, "password authentication failed", 0},
		{"postgres://u:p@127.0.0.1:1/db?connect_timeout=2", 1, "cannot connect", 0},
		{url, 1, "not a dossier review store: PostgreSQL database with unrelated tables: invoices", 1},
	}
	for _, tt := range tests {
		for _, args := range [][]string{{"roadmap"}, {"serve", "--listen", "127.0.0.1:0"}} {
			_, stderr, code := runBin(t, false, append(args, "--store", tt.url, "--data", data)...)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			hints := 0
			for _, l := range lines[1:] {
				if strings.HasPrefix(l, "  ") {
					hints++
				}
			}
			if code != tt.code || !strings.Contains(lines[0], tt.msg) || len(lines) != 1+tt.hints || hints != tt.hints ||
				strings.Contains(stderr, "not-the-password") || strings.Contains(stderr, ":p@") {
				t.Errorf("%s %s: exit %d, stderr %q; want %d with %q on one line", args[0], redactedHost(tt.url), code, stderr, tt.code, tt.msg)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(data, "reviews.db")); err == nil {
		t.Error("a refused store left an SQLite file behind")
	}
}

func redactedHost(u string) string {
	return strings.SplitN(u, "@", 2)[len(strings.SplitN(u, "@", 2))-1]
}

// TestStoreCopyCommand moves an SQLite store into PostgreSQL.
func TestStoreCopyCommand(t *testing.T) {
	url := pgtest.NewDatabase(t)
	data := t.TempDir()
	for _, args := range [][]string{
		{"review", "mou-1.1", "--status", "on-track", "--as", "alice"},
		{"review", "mou-1.2", "--note", "copied", "--as", "bob"},
		{"review", "mou-1.1", "--status", "done", "--as", "bob"},
	} {
		if _, stderr, code := runBin(t, false, append(args, "--data", data)...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
	out, stderr, code := runBin(t, false, "store", "copy", "--from", data, "--to", url)
	if code != 0 || !strings.Contains(out, "copied 2 items, 0 pieces of evidence, 3 changes, 0 drafts") || !strings.Contains(out, "counts verified") {
		t.Fatalf("store copy: %d %s %s", code, out, stderr)
	}
	if strings.Contains(out, pgtest.Password) {
		t.Errorf("the password is printed: %s", out)
	}
	want, _, _ := runBin(t, false, "history", "--json", "--data", data)
	got, _, _ := runBin(t, false, "history", "--json", "--store", url)
	if want != got {
		t.Errorf("history differs after the copy:\n%s\n%s", want, got)
	}
	_, stderr, code = runBin(t, false, "store", "copy", "--from", data, "--to", url)
	if code != 1 || !strings.Contains(stderr, "already holds 2 items, 0 pieces of evidence, 3 changes, 0 drafts; nothing was copied") {
		t.Errorf("copy into a non-empty store: %d %s", code, stderr)
	}
	if _, stderr, code = runBin(t, false, "store", "copy", "--from", data, "--to", url, "--replace"); code != 0 {
		t.Errorf("copy --replace: %d %s", code, stderr)
	}
	if _, stderr, code = runBin(t, false, "store", "copy", "--from", data); code != 2 {
		t.Errorf("copy without --to: %d %s", code, stderr)
	}
}
