package sshd_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// BenchmarkServeSessions: DOSSIER_BENCH_SESSIONS (100) sessions connect at
// once to a real `dossier serve` on the corpus folder DOSSIER_BENCH_CORPUS
// (its kept index warm under DOSSIER_BENCH_CACHE, an XDG cache folder), and,
// in the same run, to the floor: a minimal wish + Bubble Tea program
// (./floor). For each it reports the time to each session's first full
// screen (p50, p99), the server's memory (RSS before the sessions, with
// them all open and idle, and its peak; and the anonymous part of the
// first two, without the index files mapped), and, with every session pressing
// DOSSIER_BENCH_KEYS (20) keys at once, the time from a key to the screen
// it changes (p50, p99), and the server's CPU time (user+sys) per session
// opened and per key, which the load of other processes changes less than
// the latencies. DOSSIER_BENCH_BASE names another dossier binary (an earlier
// version) measured in the same run, on the same corpus and cache, beside
// this one; DOSSIER_BENCH_BIN one to measure instead of building this tree.
// The sessions connect once the server has shown a first screen and is
// quiet: what it does once per snapshot is not counted per session. The
// log gives the wave of logins' start and end (Unix seconds), to profile
// the server over it alone (perf record -k CLOCK_REALTIME, then perf
// report --time START,END).
// Bounded: every wait ends within 2 minutes; the servers listen on
// 127.0.0.1.
//
//	DOSSIER_BENCH_CORPUS=/work/corpora/c100k DOSSIER_BENCH_CACHE=$XDG_CACHE_HOME \
//	  go test -run '^$' -bench ServeSessions -benchtime 1x -timeout 30m ./ui/sshd/
func BenchmarkServeSessions(b *testing.B) {
	corpus := os.Getenv("DOSSIER_BENCH_CORPUS")
	if corpus == "" {
		b.Skip("set DOSSIER_BENCH_CORPUS to a corpus folder (its kept index warm)")
	}
	n, keys := envInt("DOSSIER_BENCH_SESSIONS", 100), envInt("DOSSIER_BENCH_KEYS", 20)
	dir := b.TempDir()
	dossier, err := os.Getenv("DOSSIER_BENCH_BIN"), error(nil)
	if dossier == "" {
		if dossier, err = buildOnce(); err != nil {
			b.Fatal(err)
		}
	}
	floor := goBuild(b, dir, "dossier/ui/sshd/floor")
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	ak := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(ak, append(bytes.TrimSpace(gossh.MarshalAuthorizedKey(signer.PublicKey())), " Bench\n"...), 0o600); err != nil {
		b.Fatal(err)
	}
	servers := []benchServer{
		{name: "floor", ready: []string{"floor · ready"}, cmd: func(port int) *exec.Cmd {
			return exec.Command(floor, "--port", strconv.Itoa(port), "--host-key", filepath.Join(dir, "floor_host"))
		}},
	}
	serve := func(bin string) func(port int) *exec.Cmd {
		return func(port int) *exec.Cmd {
			limit := strconv.Itoa(2 * n)
			c := exec.Command(bin, "serve", "--listen", fmt.Sprintf("127.0.0.1:%d", port), "--corpus", corpus,
				"--data", filepath.Join(dir, "data"), "--authorized-keys", ak, "--host-key", filepath.Join(dir, "dossier_host"),
				"--max-sessions", limit, "--max-per-addr", limit, "--conn-rate", "10000",
				"--preauth-start", limit, "--preauth-full", limit, "--preauth-per-addr", limit, "--no-watch")
			c.Env = os.Environ()
			if cache := os.Getenv("DOSSIER_BENCH_CACHE"); cache != "" {
				c.Env = append(c.Env, "XDG_CACHE_HOME="+cache)
			}
			return c
		}
	}
	ready := []string{"index ready", "events · "}
	if base := os.Getenv("DOSSIER_BENCH_BASE"); base != "" {
		servers = append(servers, benchServer{name: "base", ready: ready, cmd: serve(base)})
	}
	servers = append(servers, benchServer{name: "dossier", ready: ready, cmd: serve(dossier)})
	for _, srv := range servers {
		b.Run(srv.name, func(b *testing.B) {
			var all benchResult
			for range b.N {
				r := srv.run(b, signer, n, keys)
				all.first = append(all.first, r.first...)
				all.keys = append(all.keys, r.keys...)
				all.rssBefore, all.rssOpen, all.rssPeak = max(all.rssBefore, r.rssBefore), max(all.rssOpen, r.rssOpen), max(all.rssPeak, r.rssPeak)
				all.anonBefore, all.anonOpen = max(all.anonBefore, r.anonBefore), max(all.anonOpen, r.anonOpen)
				all.cpuOpen += r.cpuOpen
				all.cpuKeys += r.cpuKeys
			}
			b.ReportMetric(ms(pct(all.first, 0.5)), "first-p50-ms")
			b.ReportMetric(ms(pct(all.first, 0.99)), "first-p99-ms")
			b.ReportMetric(ms(pct(all.keys, 0.5)), "key-p50-ms")
			b.ReportMetric(ms(pct(all.keys, 0.99)), "key-p99-ms")
			b.ReportMetric(all.rssBefore, "rss-before-MiB")
			b.ReportMetric(all.rssOpen, "rss-open-MiB")
			b.ReportMetric(all.rssPeak, "rss-peak-MiB")
			b.ReportMetric(all.anonBefore, "anon-before-MiB")
			b.ReportMetric(all.anonOpen, "anon-open-MiB")
			b.ReportMetric((all.rssOpen-all.rssBefore)/float64(n), "MiB/idle-session")
			b.ReportMetric(ms(all.cpuOpen)/float64(n*b.N), "cpu-ms/session-open")
			b.ReportMetric(ms(all.cpuKeys)/float64(max(len(all.keys), 1)), "cpu-ms/key")
		})
	}
}

// benchServer is a server program to measure and how its first screen
// shows that it is ready.
type benchServer struct {
	name  string
	ready []string
	cmd   func(port int) *exec.Cmd
}

type benchResult struct {
	first, keys                 []time.Duration
	rssBefore, rssOpen, rssPeak float64       // MiB
	anonBefore, anonOpen        float64       // MiB of it not mapped from files (the index's pages are shared page cache)
	cpuOpen, cpuKeys            time.Duration // the server's user+sys time opening the sessions, and typing
}

// run starts the server, opens one session until the server is ready
// (loaded, warm), then n sessions at once, then has each press keys.
func (s benchServer) run(b *testing.B, signer gossh.Signer, n, keys int) benchResult {
	// Each phase has its own bound: loading (a cold or large corpus may
	// take minutes), the sessions opening, the keys.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	port := freePort(b)
	cmd := s.cmd(port)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for { // the server is ready once a session's first screen is whole
		probe, err := openTerm(ctx, addr, signer)
		if err == nil {
			err = probe.waitFor(ctx, s.ready...)
			probe.close()
			if err == nil {
				break
			}
		}
		if ctx.Err() != nil {
			b.Fatalf("%s never became ready: %v\n%s", s.name, err, logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second) // the probe's session ends
	// The work a server does once per corpus snapshot, which the probe's
	// session may have started (the roadmap's news, the first reader's
	// arrivals recorded), is not the sessions' own: they come once the
	// server is quiet (under 5% of a core for half a second).
	for cpu := procCPU(cmd.Process.Pid); ; {
		time.Sleep(500 * time.Millisecond)
		now := procCPU(cmd.Process.Pid)
		if now-cpu < 25*time.Millisecond {
			break
		}
		cpu = now
		if ctx.Err() != nil {
			b.Fatalf("%s never became quiet\n%s", s.name, logs.String())
		}
	}
	ctx, cancel = context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var r benchResult
	r.rssBefore = procMiB(cmd.Process.Pid, "VmRSS")
	r.anonBefore = procMiB(cmd.Process.Pid, "RssAnon")
	cpu0 := procCPU(cmd.Process.Pid)
	terms := make([]*term, n)
	firsts := make([]time.Duration, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			t0 := time.Now()
			t, err := openTerm(ctx, addr, signer)
			if err == nil {
				terms[i] = t
				err = t.waitFor(ctx, s.ready...)
			}
			firsts[i], errs[i] = time.Since(t0), err
		}()
	}
	wave := time.Now()
	close(start)
	wg.Wait()
	b.Logf("%s: wave %.6f %.6f", s.name, float64(wave.UnixMicro())/1e6, float64(time.Now().UnixMicro())/1e6)
	defer func() {
		for _, t := range terms {
			if t != nil {
				t.close()
			}
		}
	}()
	for i, err := range errs {
		if err != nil {
			b.Fatalf("%s: session %d: %v\n%s", s.name, i, err, logs.String())
		}
	}
	r.first = firsts
	r.cpuOpen = procCPU(cmd.Process.Pid) - cpu0
	time.Sleep(2 * time.Second) // idle, all open
	r.rssOpen = procMiB(cmd.Process.Pid, "VmRSS")
	r.anonOpen = procMiB(cmd.Process.Pid, "RssAnon")
	b.Logf("%s: %d sessions open in %v", s.name, n, slices.Max(firsts))
	ctx, cancel = context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Every session presses keys at once, each waiting for the screen to
	// change before the next.
	cpu0 = procCPU(cmd.Process.Pid)
	keys0 := time.Now()
	lat := make([][]time.Duration, n)
	for i, t := range terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := mrand.New(mrand.NewPCG(uint64(i), 7))
			for k := range keys {
				time.Sleep(time.Duration(20+rnd.IntN(60)) * time.Millisecond)
				// Down for the first half, back up for the second: each
				// key moves the cursor, even when two are drawn as one
				// frame (alternating j and k could draw the same screen).
				key := "j"
				if k >= (keys+1)/2 {
					key = "k"
				}
				d, err := t.press(ctx, key)
				if err != nil {
					errs[i] = err
					return
				}
				lat[i] = append(lat[i], d)
			}
		}()
	}
	wg.Wait()
	b.Logf("%s: keys %.6f %.6f", s.name, float64(keys0.UnixMicro())/1e6, float64(time.Now().UnixMicro())/1e6)
	r.cpuKeys = procCPU(cmd.Process.Pid) - cpu0
	for i, err := range errs {
		if err != nil {
			b.Fatalf("%s: session %d keys: %v\nits screen:\n%s", s.name, i, err, terms[i].tail(4000))
		}
	}
	for _, l := range lat {
		r.keys = append(r.keys, l...)
	}
	r.rssPeak = procMiB(cmd.Process.Pid, "VmHWM")
	return r
}

// term is one session's terminal: what the server wrote, as it comes.
type term struct {
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	mu     sync.Mutex
	out    bytes.Buffer
	total  atomic.Int64
	more   chan struct{} // a token when output comes
}

func openTerm(ctx context.Context, addr string, signer gossh.Signer) (*term, error) {
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "bench", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 60 * time.Second})
	if err != nil {
		return nil, err
	}
	sess, err := client.NewSession()
	if err != nil {
		client.Close()
		return nil, err
	}
	t := &term{client: client, sess: sess, more: make(chan struct{}, 1)}
	if err := sess.RequestPty("xterm-256color", 35, 120, gossh.TerminalModes{}); err != nil {
		t.close()
		return nil, err
	}
	t.in, _ = sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	if err := sess.Shell(); err != nil {
		t.close()
		return nil, err
	}
	go func() {
		r := bufio.NewReaderSize(stdout, 64<<10)
		buf := make([]byte, 64<<10)
		for {
			k, err := r.Read(buf)
			if k > 0 {
				t.mu.Lock()
				t.out.Write(buf[:k])
				t.mu.Unlock()
				t.total.Add(int64(k))
				select {
				case t.more <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return t, nil
}

// waitFor waits until the output holds every text.
func (t *term) waitFor(ctx context.Context, texts ...string) error {
	for {
		t.mu.Lock()
		ok := true
		for _, s := range texts {
			ok = ok && bytes.Contains(t.out.Bytes(), []byte(s))
		}
		t.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-t.more:
		case <-ctx.Done():
			return fmt.Errorf("waiting for %q: %w", texts, ctx.Err())
		}
	}
}

// press types a key and returns how long the screen took to change. It
// first waits for the screen to be quiet (no output for 30 ms), so that
// the rest of an earlier frame is not taken for the answer.
func (t *term) press(ctx context.Context, key string) (time.Duration, error) {
	for quiet := false; !quiet; {
		select {
		case <-t.more:
		case <-time.After(30 * time.Millisecond):
			quiet = true
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	before := t.total.Load()
	t0 := time.Now()
	if _, err := io.WriteString(t.in, key); err != nil {
		return 0, err
	}
	for t.total.Load() == before {
		select {
		case <-t.more:
		case <-ctx.Done():
			return 0, fmt.Errorf("no screen after %q: %w", key, ctx.Err())
		}
	}
	return time.Since(t0), nil
}

// tail is the last bytes the session was sent, escape sequences shown.
func (t *term) tail(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.out.Bytes()
	return strconv.Quote(string(out[max(len(out)-n, 0):]))
}

func (t *term) close() {
	if t.in != nil {
		io.WriteString(t.in, "q")
	}
	t.sess.Close()
	t.client.Close()
}

// goBuild builds a package into dir.
func goBuild(b *testing.B, dir, pkg string) string {
	out := filepath.Join(dir, filepath.Base(pkg))
	if msg, err := exec.Command("go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
		b.Fatalf("go build %s: %v\n%s", pkg, err, msg)
	}
	return out
}

// procMiB reads a figure of /proc/PID/status (VmRSS, VmHWM, RssAnon), in MiB.
func procMiB(pid int, field string) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return float64(kb) / 1024
		}
	}
	return 0
}

// procCPU is a process's user+sys time so far, from /proc/PID/stat.
func procCPU(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command's name, which is in parentheses and
	// may hold spaces: state is the first, utime the 12th, stime the 13th.
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// clockTicks is the kernel's USER_HZ, the unit of /proc/PID/stat's times:
// 100 on every Linux architecture Go supports.
const clockTicks = 100

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func pct(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(int(q*float64(len(s))), len(s)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
