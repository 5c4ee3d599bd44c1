package sshd_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"dossier/ui/cli"
	"dossier/ui/sshd"
)

// TestLoad50Sessions opens 50 concurrent SSH sessions against an in-process
// server; each waits for its first screen, searches, opens the hit, scrolls
// and quits. It reports time to first screen (p50/p99) and memory per open
// session, and checks that goroutines return to their baseline. Bounded to
// 60 s.
func TestLoad50Sessions(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	const sessions = 50
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	dir := t.TempDir()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	ak := filepath.Join(dir, "authorized_keys")
	os.WriteFile(ak, append(bytes.TrimSpace(gossh.MarshalAuthorizedKey(signer.PublicKey())), []byte(" Load Tester\n")...), 0o600)
	sh, closeShared, err := cli.LoadShared(ctx, cli.Sources{}, "", cli.DataOptions{DataDir: filepath.Join(dir, "data")}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer closeShared()
	if _, err := sh.Feed.Ready(ctx); err != nil {
		t.Fatal(err)
	}
	srv, err := sshd.New(sshd.Config{Listen: "127.0.0.1:0", HostKey: filepath.Join(dir, "host"), AuthorizedKeys: ak,
		MaxSessions: sessions * 2, MaxPerAddr: sessions * 2, ConnRate: 1000, // all 50 from one address at once
		PreauthStart: sessions * 2, PreauthFull: sessions * 2, PreauthPerAddr: sessions * 2,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, sh)
	if err != nil {
		t.Fatal(err)
	}
	addr, err := srv.Listen()
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	defer srv.Shutdown(context.Background())

	runtime.GC()
	baseGoroutines := runtime.NumGoroutine()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	var (
		mu       sync.Mutex
		firsts   []time.Duration
		allOpen  sync.WaitGroup
		release  = make(chan struct{})
		heapOpen uint64
		errs     []error
		wg       sync.WaitGroup
	)
	allOpen.Add(sessions)
	for i := 0; i < sessions; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			first, err := loadSession(ctx, addr.String(), signer, &allOpen, release)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("session %d: %w", i, err))
				return
			}
			firsts = append(firsts, first)
		}(i)
	}
	// Every session is on screen: measure, then let them go on.
	waitCh := make(chan struct{})
	go func() { allOpen.Wait(); close(waitCh) }()
	select {
	case <-waitCh:
	case <-ctx.Done():
		t.Fatal("sessions did not all open within the time limit")
	}
	runtime.GC()
	var open runtime.MemStats
	runtime.ReadMemStats(&open)
	heapOpen = open.HeapAlloc
	openSessions := srv.Sessions()
	close(release)
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	if len(firsts) != sessions {
		t.Fatalf("%d of %d sessions completed", len(firsts), sessions)
	}
	slices.Sort(firsts)
	p := func(q float64) time.Duration { return firsts[min(int(q*float64(len(firsts))), len(firsts)-1)] }
	perSession := (float64(heapOpen) - float64(before.HeapAlloc)) / float64(sessions) / (1 << 20)
	// Goroutines come back to the baseline once the sessions are gone.
	deadline := time.Now().Add(10 * time.Second)
	for srv.Sessions() > 0 || runtime.NumGoroutine() > baseGoroutines+2 {
		if time.Now().After(deadline) {
			t.Errorf("goroutines: %d after the sessions, %d before (%d sessions still open)", runtime.NumGoroutine(), baseGoroutines, srv.Sessions())
			buf := make([]byte, 1<<20)
			os.WriteFile("/tmp/goroutines.txt", buf[:runtime.Stack(buf, true)], 0o644)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("%d sessions (%d open at once): first screen p50 %v p99 %v; heap %.2f MiB per open session; goroutines %d before, %d after",
		sessions, openSessions, p(0.5).Round(time.Millisecond), p(0.99).Round(time.Millisecond), perSession, baseGoroutines, runtime.NumGoroutine())
}

// loadSession connects, waits for the first screen, signals open, waits
// for release, then searches, opens the hit, scrolls and quits.
func loadSession(ctx context.Context, addr string, signer gossh.Signer, open *sync.WaitGroup, release <-chan struct{}) (time.Duration, error) {
	opened := false
	defer func() {
		if !opened {
			open.Done()
		}
	}()
	start := time.Now()
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "load", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		return 0, err
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		return 0, err
	}
	defer sess.Close()
	if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
		return 0, err
	}
	in, _ := sess.StdinPipe()
	out := &syncBuffer{}
	sess.Stdout = out
	if err := sess.Shell(); err != nil {
		return 0, err
	}
	wait := func(want string) error {
		for !strings.Contains(out.String(), want) {
			if ctx.Err() != nil {
				return fmt.Errorf("waiting for %q: %w", want, ctx.Err())
			}
			time.Sleep(20 * time.Millisecond)
		}
		return nil
	}
	if err := wait("index ready"); err != nil {
		return 0, err
	}
	first := time.Since(start)
	opened = true
	open.Done()
	select {
	case <-release:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	typeKeys := func(s string) {
		for _, r := range s { // one key per write, as a terminal sends them
			io.WriteString(in, string(r))
			time.Sleep(5 * time.Millisecond)
		}
	}
	typeKeys("/lithium")
	if err := wait("1 article · "); err != nil {
		return 0, err
	}
	typeKeys("\r")
	if err := wait("1/1"); err != nil {
		return 0, err
	}
	typeKeys("jjj  b")
	typeKeys("q")
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return 0, fmt.Errorf("session end: %w", err)
		}
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	return first, nil
}
