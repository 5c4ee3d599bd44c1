// Package pgtest finds or starts a throwaway PostgreSQL server for tests:
// the one named by DOSSIER_TEST_PG, or a private cluster made with initdb
// (as the postgres user when run as root) on a loopback port. Tests skip
// with a clear message only where PostgreSQL is not installed (and
// DOSSIER_TEST_PG is not set); an installed server that cannot start fails
// them. It is test support; no production code imports it.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// EnvURL names a running server to use instead of starting one:
// postgres://USER:PASSWORD@127.0.0.1:PORT/postgres (a superuser, or a user
// that may create databases).
const EnvURL = "DOSSIER_TEST_PG"

// Password is the superuser's password in clusters this package starts.
const Password = "dossier-test"

// Cluster is a PostgreSQL server started by this package.
type Cluster struct {
	URL     string // superuser URL to the postgres database
	Port    int
	dir     string // data directory
	bin     string // folder of initdb, pg_ctl
	log     string
	asUser  string // "postgres" when started as root, else ""
	stopped bool
}

var (
	sharedOnce sync.Once
	shared     *Cluster
	sharedURL  string
	sharedErr  error
)

// URL returns the superuser URL of the shared test server, starting it on
// first use, or skips t with the reason PostgreSQL cannot be used here.
func URL(t testing.TB) string {
	t.Helper()
	sharedOnce.Do(func() {
		if u := os.Getenv(EnvURL); u != "" {
			sharedURL = u
			return
		}
		shared, sharedErr = Start()
		if sharedErr == nil {
			sharedURL = shared.URL
		}
	})
	if sharedErr != nil {
		skipOrFail(t, sharedErr)
	}
	return sharedURL
}

// errNotInstalled is the error of Start where there is no PostgreSQL.
type errNotInstalled struct{ error }

// skipOrFail skips t where PostgreSQL is not installed, and fails it where
// it is (or where DOSSIER_TEST_PG says a server is meant to be there) but
// could not start: a broken setup must not pass as "skipped".
func skipOrFail(t testing.TB, err error) {
	t.Helper()
	if _, missing := err.(errNotInstalled); missing && os.Getenv(EnvURL) == "" {
		t.Skipf("PostgreSQL cases skipped: %v", err)
	}
	t.Fatalf("PostgreSQL is installed but a test server could not start: %v", err)
}

// Private starts a server of t's own, which t may stop and start again;
// it is removed when t ends. It skips t where PostgreSQL is not installed.
func Private(t testing.TB) *Cluster {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a PostgreSQL server; skipped in -short mode")
	}
	c, err := Start()
	if err != nil {
		skipOrFail(t, err)
	}
	t.Cleanup(c.Stop)
	return c
}

// StopShared stops the shared server if this process started it; call it from TestMain.
func StopShared() {
	if shared != nil {
		shared.Stop()
	}
}

// NewDatabase creates an empty database on the shared server for t, drops
// it when t ends, and returns its URL.
func NewDatabase(t testing.TB) string {
	t.Helper()
	base := URL(t)
	name := "dossier_test_" + randomHex(6)
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return WithDatabase(base, name)
}

// WithDatabase returns base with its database replaced by name.
func WithDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// binDir finds the newest PostgreSQL server binaries.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errNotInstalled{fmt.Errorf("PostgreSQL is not installed (no initdb; apt-get install postgresql, or set %s=postgres://...)", EnvURL)}
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// Start makes and starts a new private cluster on a free loopback port,
// with password authentication over TCP (user postgres, Password).
func Start() (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	c := &Cluster{bin: bin}
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			return nil, fmt.Errorf("running as root but there is no postgres user to run the server as: %v", err)
		}
		c.asUser = "postgres"
	}
	c.dir, err = os.MkdirTemp("", "dossier-pg")
	if err != nil {
		return nil, err
	}
	c.log = filepath.Join(c.dir, "server.log")
	pw := filepath.Join(c.dir, "pw")
	if err := os.WriteFile(pw, []byte(Password+"\n"), 0o600); err != nil {
		return nil, err
	}
	if c.asUser != "" {
		if out, err := exec.Command("chown", "-R", c.asUser, c.dir).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("chown %s: %v %s", c.dir, err, out)
		}
	}
	data := filepath.Join(c.dir, "data")
	if out, err := c.run("initdb", "-D", data, "-U", "postgres", "--pwfile", pw, "--auth-local=trust",
		"--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		return nil, fmt.Errorf("initdb failed: %v\n%s", err, out)
	}
	c.Port, err = freePort()
	if err != nil {
		return nil, err
	}
	c.URL = fmt.Sprintf("postgres://postgres:%s@127.0.0.1:%d/postgres?sslmode=disable", Password, c.Port)
	if err := c.Start(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Cluster) run(tool string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bin, tool)
	var cmd *exec.Cmd
	if c.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.asUser, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir
	return cmd.CombinedOutput()
}

// Start starts the server (again) on its port and waits until it accepts connections.
func (c *Cluster) Start() error {
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200", c.Port, c.dir)
	if out, err := c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-o", opts, "-l", c.log, "-w", "-t", "60", "start"); err != nil {
		logText, _ := os.ReadFile(c.log)
		return fmt.Errorf("pg_ctl start failed: %v\n%s\n%s", err, out, logText)
	}
	c.stopped = false
	return nil
}

// StopServer stops the server (mode "fast" or "immediate") and keeps its data.
func (c *Cluster) StopServer(mode string) error {
	out, err := c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", mode, "-w", "stop")
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v %s", err, out)
	}
	c.stopped = true
	return nil
}

// Stop stops the server and removes its files.
func (c *Cluster) Stop() {
	if !c.stopped {
		c.StopServer("immediate")
	}
	os.RemoveAll(c.dir)
}

// Log returns the server's log so far.
func (c *Cluster) Log() string {
	b, _ := os.ReadFile(c.log)
	return strings.TrimSpace(string(b))
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Database returns the URL of a fresh, empty database for t, dropped when t
// ends: on the server of DOSSIER_TEST_PG when set, else on a private
// cluster started for t alone (stopped when t ends). For packages without
// a TestMain that calls StopShared.
func Database(t testing.TB) string {
	t.Helper()
	if os.Getenv(EnvURL) != "" {
		return NewDatabase(t)
	}
	return Private(t).URL
}

// WithUser returns u with its user and password replaced.
func WithUser(u, name, password string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	p.User = url.UserPassword(name, password)
	return p.String()
}

// User returns the user name of u.
func User(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.User == nil {
		return ""
	}
	return p.User.Username()
}
