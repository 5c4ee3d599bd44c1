package review

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestKeptReadersSeeEveryChange: reads on the connections a SQLite store
// keeps, with their statements prepared once, see each change as it is
// committed, by this store or another on the same file (another process's);
// the statements are prepared once per connection, not per read; and with
// readers and writers all at once, every one gets a connection.
func TestKeptReadersSeeEveryChange(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	other, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	sts := []Status{OnTrack, AtRisk, Blocked, Done}
	for i := range 12 {
		w := st
		if i%2 == 1 {
			w = other
		}
		if _, err := w.SetStatus(ctx, "mou-1.1", sts[i%len(sts)], "bob"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.SetNote(ctx, "mou-1.1", fmt.Sprint("note ", i), "bob"); err != nil {
			t.Fatal(err)
		}
		all, err := st.All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r := all["mou-1.1"]; r.Status != sts[i%len(sts)] || r.Note != fmt.Sprint("note ", i) {
			t.Fatalf("change %d: read %v %q", i, r.Status, r.Note)
		}
		last, err := st.LastChangeID(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := int64(2 * (i + 1)); last != want {
			t.Fatalf("change %d: last change id %d, want %d", i, last, want)
		}
	}
	rs := st.(*sqlStore).readers
	rs.mu.Lock()
	kept := len(rs.free)
	prepared := 0
	for _, rc := range rs.free {
		prepared += len(rc.stmts)
	}
	rs.mu.Unlock()
	if kept == 0 || prepared == 0 {
		t.Fatalf("%d connections kept, %d statements prepared on them", kept, prepared)
	}
	// Twenty readers and twenty writers at once: none waits for ever.
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 20 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := st.All(ctx)
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := st.SetStatus(ctx, fmt.Sprint("rm25-", i), Done, "carol")
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}
