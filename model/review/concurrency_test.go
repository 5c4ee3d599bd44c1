package review

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Environment of the helper process run by TestHelperWriter.
const (
	envHelper   = "DOSSIER_REVIEW_HELPER" // "writer" (write envCount changes and exit) or "loop" (write until killed)
	envDir      = "DOSSIER_REVIEW_DIR"
	envWho      = "DOSSIER_REVIEW_WHO"
	envCount    = "DOSSIER_REVIEW_COUNT"
	envStart    = "DOSSIER_REVIEW_START" // unix nanoseconds to wait for, so children collide
	readyLine   = "HELPER-WRITING"
	changedLine = "HELPER-CHANGED" // followed by the number of writes that changed something
	savedLine   = "HELPER-SAVED"   // followed by the id of a change the store reported saved (loop mode)
)

var sharedItems = []string{"mou-1.1", "mou-1.2", "mou-2.1"}

// writeOne makes change number i of writer who: a mix of every kind of
// write, mostly on items shared by all writers. It returns the change.
func writeOne(ctx context.Context, s Store, who string, i int) (Change, error) {
	item := sharedItems[i%len(sharedItems)]
	switch i % 4 {
	case 0:
		return s.SetStatus(ctx, item, Status((i/4)%5), who)
	case 1:
		return s.SetNote(ctx, item, fmt.Sprintf("%s #%d", who, i), who)
	case 2:
		return s.AddEvidence(ctx, Evidence{ItemID: item, ArticleID: fmt.Sprintf("art-%s-%d", who, i), Start: i, End: i + 10,
			Quote: fmt.Sprintf("%s quote %d", who, i), By: who})
	default:
		// Remove evidence this writer added, if any is left; else another note.
		r, err := s.Get(ctx, item)
		if err != nil {
			return Change{}, err
		}
		for _, e := range r.Evidence {
			if e.By == who { // only this writer removes its evidence, so it is still there
				return s.RemoveEvidence(ctx, e.ID, who)
			}
		}
		return s.SetNote(ctx, item, fmt.Sprintf("%s #%d", who, i), who)
	}
}

// checkConsistent replays the whole history and demands that it explains the
// current state exactly: every change's Old is the value before it, every
// item's version counts its changes, and status, note and evidence match.
func checkConsistent(t *testing.T, s Store) []Change {
	t.Helper()
	ctx := context.Background()
	hist, err := s.History(ctx, "")
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	all, err := s.All(ctx)
	if err != nil {
		t.Fatalf("All: %v", err)
	}
	type state struct {
		status, note string
		ev           map[int64]Evidence
		n            int64
	}
	replay := map[string]*state{}
	var lastID int64
	for _, ch := range hist {
		if ch.ID <= lastID {
			t.Fatalf("history not ordered by id: %d after %d", ch.ID, lastID)
		}
		lastID = ch.ID
		st := replay[ch.ItemID]
		if st == nil {
			st = &state{status: "unreviewed", ev: map[int64]Evidence{}}
			replay[ch.ItemID] = st
		}
		st.n++
		switch ch.Field {
		case FieldStatus, FieldNote:
			if ch.Old == ch.New {
				t.Errorf("change %d records a %s that changed nothing (%q)", ch.ID, ch.Field, ch.Old)
			}
		}
		switch ch.Field {
		case FieldStatus:
			if ch.Old != st.status {
				t.Errorf("change %d: status old %q, but it was %q (lost update)", ch.ID, ch.Old, st.status)
			}
			st.status = ch.New
		case FieldNote:
			if ch.Old != st.note {
				t.Errorf("change %d: note old %q, but it was %q (lost update)", ch.ID, ch.Old, st.note)
			}
			st.note = ch.New
		case FieldEvidenceAdd:
			e := mustEvidence(t, ch)
			if _, dup := st.ev[e.ID]; dup {
				t.Errorf("change %d adds evidence %d twice", ch.ID, e.ID)
			}
			st.ev[e.ID] = e
		case FieldEvidenceRemove:
			e := mustEvidence(t, ch)
			if _, ok := st.ev[e.ID]; !ok {
				t.Errorf("change %d removes evidence %d that was not there", ch.ID, e.ID)
			}
			delete(st.ev, e.ID)
		default:
			t.Errorf("change %d: unknown field %q", ch.ID, ch.Field)
		}
	}
	if len(all) != len(replay) {
		t.Errorf("All has %d items, history %d", len(all), len(replay))
	}
	for id, st := range replay {
		r, ok := all[id]
		if !ok {
			t.Errorf("item %s in history but not in state", id)
			continue
		}
		if r.Status.String() != st.status || r.Note != st.note || r.Version != st.n || len(r.Evidence) != len(st.ev) {
			t.Errorf("item %s: state (%s, %q, v%d, %d evidence) != replayed history (%s, %q, %d changes, %d evidence)",
				id, r.Status, r.Note, r.Version, len(r.Evidence), st.status, st.note, st.n, len(st.ev))
		}
		for _, e := range r.Evidence {
			if st.ev[e.ID] != e {
				t.Errorf("item %s: evidence %+v not as recorded %+v", id, e, st.ev[e.ID])
			}
		}
	}
	return hist
}

func TestConcurrentStores(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		const writers, each = 8, 50
		loc := b.fresh(t)
		ctx := context.Background()
		var wg sync.WaitGroup
		got := make([][]Change, writers)
		errs := make(chan error, writers+1)
		start := time.Now()
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := openLocation(loc) // every writer its own Store, all opening a fresh store at once
				if err != nil {
					errs <- fmt.Errorf("writer %d: Open: %w", w, err)
					return
				}
				defer s.Close()
				who := fmt.Sprintf("g%d", w)
				for i := range each {
					ch, err := writeOne(ctx, s, who, i)
					if err != nil {
						errs <- fmt.Errorf("writer %d change %d: %w", w, i, err)
						return
					}
					got[w] = append(got[w], ch)
				}
			}()
		}
		// Meanwhile, readers keep opening (probing a live WAL file) and polling.
		stop := make(chan struct{})
		var rwg sync.WaitGroup
		rwg.Add(1)
		go func() {
			defer rwg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					if n == 0 {
						errs <- fmt.Errorf("reader never ran")
					}
					return
				default:
				}
				s, err := openLocation(loc)
				if err != nil {
					errs <- fmt.Errorf("reader Open %d: %w", n, err)
					return
				}
				_, err1 := s.LastChangeID(ctx)
				_, err2 := s.Get(ctx, sharedItems[0])
				s.Close()
				if err1 != nil || err2 != nil {
					errs <- fmt.Errorf("reader %d: %v, %v", n, err1, err2)
					return
				}
			}
		}()
		wg.Wait()
		close(stop)
		rwg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if t.Failed() {
			return
		}
		t.Logf("%d writers x %d changes in %v", writers, each, time.Since(start))

		s := b.open(t, loc)
		hist := checkConsistent(t, s)
		changed := 0
		for w := range writers {
			for _, ch := range got[w] {
				if !ch.Unchanged {
					changed++
				}
			}
		}
		if len(hist) != changed {
			t.Errorf("history has %d changes, want the %d writes that changed something", len(hist), changed)
		}
		byID := map[int64]Change{}
		for _, ch := range hist {
			byID[ch.ID] = ch
		}
		for w := range writers {
			for _, ch := range got[w] {
				if ch.Unchanged {
					if ch.ID != 0 || ch.Old != ch.New && ch.Field != FieldEvidenceAdd {
						t.Errorf("unchanged result %+v has an id or differing values", ch)
					}
					continue
				}
				h, ok := byID[ch.ID]
				if !ok || h.ItemID != ch.ItemID || h.Field != ch.Field || h.Old != ch.Old || h.New != ch.New || h.By != ch.By {
					t.Errorf("returned change %+v not in history as %+v", ch, h)
				}
			}
		}
	})
}

// TestHelperWriter is not a test: it is the child process of
// TestMultiProcessWriters and TestKillMidWrite.
func TestHelperWriter(t *testing.T) {
	mode := os.Getenv(envHelper)
	if mode == "" {
		t.Skip("helper process only")
	}
	if ns, _ := strconv.ParseInt(os.Getenv(envStart), 10, 64); ns > 0 {
		time.Sleep(time.Until(time.Unix(0, ns)))
	}
	s, err := openLocation(os.Getenv(envDir))
	if err != nil {
		t.Fatalf("helper Open: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	who := os.Getenv(envWho)
	count, _ := strconv.Atoi(os.Getenv(envCount))
	changed := 0
	defer func() { fmt.Printf("%s %d\n", changedLine, changed) }()
	for i := 0; mode == "loop" || i < count; i++ {
		write := writeOne
		if mode == "loop" && i%2 == 1 {
			// Long notes span several pages, so a kill is likely to land mid-transaction.
			write = func(ctx context.Context, s Store, who string, i int) (Change, error) {
				return s.SetNote(ctx, sharedItems[i%len(sharedItems)], strings.Repeat(who+" ", 1500)+strconv.Itoa(i), who)
			}
		}
		ch, err := write(ctx, s, who, i)
		if err != nil {
			t.Fatalf("helper %s change %d: %v", who, i, err)
		}
		if !ch.Unchanged {
			changed++
		}
		if mode == "loop" && !ch.Unchanged {
			fmt.Printf("%s %d\n", savedLine, ch.ID)
		}
		if i == 0 && mode == "loop" {
			fmt.Println(readyLine)
		}
	}
}

func helperCmd(t *testing.T, mode, dir, who string, count int, start time.Time) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		envHelper+"="+mode, envDir+"="+dir, envWho+"="+who,
		envCount+"="+strconv.Itoa(count), envStart+"="+strconv.FormatInt(start.UnixNano(), 10))
	return cmd
}

func TestMultiProcessWriters(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		if testing.Short() {
			t.Skip("spawns processes")
		}
		const procs, each = 4, 50
		loc := b.fresh(t)
		start := time.Now().Add(300 * time.Millisecond)
		var cmds []*exec.Cmd
		outs := make([]*lockedBuf, procs)
		for p := range procs {
			cmd := helperCmd(t, "writer", loc, fmt.Sprintf("proc-%d", p), each, start)
			outs[p] = &lockedBuf{}
			cmd.Stdout, cmd.Stderr = outs[p], outs[p]
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds = append(cmds, cmd)
		}
		for p, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Errorf("child %d: %v\n%s", p, err, outs[p].String())
			}
		}
		t.Logf("%d processes x %d changes in %v (from the common start)", procs, each, time.Since(start))
		s := b.open(t, loc)
		hist := checkConsistent(t, s)
		per := map[string]int{}
		for _, ch := range hist {
			per[ch.By]++
		}
		for p := range procs {
			want := reportedChanges(t, outs[p].String())
			if n := per[fmt.Sprintf("proc-%d", p)]; n != want || want < each/2 {
				t.Errorf("proc-%d: %d changes in history, the process reported %d saved (of %d writes)", p, n, want, each)
			}
		}
	})
}

type lockedBuf struct {
	mu sync.Mutex
	b  []byte
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b = append(l.b, p...)
	return len(p), nil
}

func (l *lockedBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.b)
}

// waitReady starts the child and reads its stdout until it reports its
// first write. saved returns the ids of the changes the child reported
// saved; it waits for the child's stdout to close (call it before Wait).
func waitReady(t *testing.T, cmd *exec.Cmd) (saved func() []int64) {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	var ids []int64
	eof := make(chan struct{})
	go func() {
		defer close(eof)
		sc := bufio.NewScanner(out)
		ok := false
		for sc.Scan() {
			if rest, found := strings.CutPrefix(sc.Text(), savedLine+" "); found {
				if id, err := strconv.ParseInt(rest, 10, 64); err == nil {
					ids = append(ids, id) // a line cut by the kill does not parse
					// Ready once a change is saved: a loaded machine may
					// take long between the helper's start and its first write.
					if !ok {
						ok = true
						ready <- true
					}
				}
			}
		}
		if !ok {
			ready <- false
		}
	}()
	saved = func() []int64 { <-eof; return ids }
	select {
	case ok := <-ready:
		if !ok {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("helper exited before writing")
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("helper did not start writing within 10s")
	}
	return saved
}

// holdWriteLock takes the store's write lock through a separate connection
// until the returned function is called.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	db := rawDB(t, path)
	c, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	return func() {
		if _, err := c.ExecContext(context.Background(), "COMMIT"); err != nil {
			t.Error(err)
		}
		c.Close()
	}
}

func TestBusyWriterRetriesUntilFree(t *testing.T) {
	dir := t.TempDir()
	// SQLite gives up after 10ms, so only the retry loop can get this write through.
	s, err := openSQLite(dir, lockPolicy{busyTimeout: 10 * time.Millisecond, budget: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	release := holdWriteLock(t, s.where)
	done := make(chan error, 1)
	go func() {
		_, err := s.SetNote(context.Background(), "mou-1.1", "waited", "alice")
		done <- err
	}()
	select {
	case err := <-done:
		release()
		t.Fatalf("SetNote returned while the lock was held: %v", err)
	case <-time.After(400 * time.Millisecond):
	}
	release()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("SetNote after the lock was released: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("SetNote still waiting 5s after the lock was released")
	}
	if r, _ := s.Get(context.Background(), "mou-1.1"); r.Note != "waited" {
		t.Errorf("note = %q", r.Note)
	}
}

func TestBusyWriterGivesUpCleanly(t *testing.T) {
	dir := t.TempDir()
	s, err := openSQLite(dir, lockPolicy{busyTimeout: 10 * time.Millisecond, budget: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	release := holdWriteLock(t, s.where)
	defer release()
	start := time.Now()
	_, err = s.SetStatus(context.Background(), "mou-1.1", Done, "alice")
	if !errors.Is(err, ErrBusy) {
		t.Errorf("SetStatus under a held lock: err = %v, want ErrBusy", err)
	}
	if d := time.Since(start); d < 200*time.Millisecond || d > 3*time.Second {
		t.Errorf("gave up after %v, want about the 200ms budget", d)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.SetStatus(ctx, "mou-1.1", Done, "alice"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("SetStatus with an expiring context: err = %v, want DeadlineExceeded", err)
	}
}

// reportedChanges reads the helper's count of writes that changed something.
func reportedChanges(t *testing.T, out string) int {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, changedLine+" "); ok {
			n, err := strconv.Atoi(strings.TrimSpace(rest))
			if err == nil {
				return n
			}
		}
	}
	t.Fatalf("helper output has no %s line:\n%s", changedLine, out)
	return 0
}
