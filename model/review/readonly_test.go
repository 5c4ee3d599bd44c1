package review

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// nobody runs this test binary's TestHelperReadOnly as user nobody, with
// the store location in the environment, and returns its output.
func asNobody(t *testing.T, mode, dir string) (string, error) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to switch to user nobody (setpriv)")
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("setpriv is not installed (util-linux)")
	}
	// The test binary lives in a folder only root can enter: copy it out.
	binDir, err := os.MkdirTemp("", "dossier-ro-bin")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(binDir) })
	os.Chmod(binDir, 0o755)
	bin := filepath.Join(binDir, "review.test")
	copyFile(t, os.Args[0], bin, 0o755)
	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", bin,
		"-test.run=^TestHelperReadOnly$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), envHelper+"="+mode, envDir+"="+dir, "HOME=/nonexistent", "GOCOVERDIR=")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// worldReadable opens a folder (and its parents up to the temp root) and
// its files to everyone for reading, as a shared data folder would be.
func worldReadable(t *testing.T, dir string) {
	t.Helper()
	for d := dir; strings.HasPrefix(d, os.TempDir()) && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.Chmod(filepath.Join(dir, e.Name()), 0o644)
	}
}

// TestHelperReadOnly is not a test: run as nobody by TestReadOnlyAsOtherUser,
// it checks the store from that user's side and prints what it saw.
func TestHelperReadOnly(t *testing.T) {
	mode := os.Getenv(envHelper)
	if !strings.HasPrefix(mode, "ro-") {
		t.Skip("helper process only")
	}
	ctx := context.Background()
	s, err := Open(os.Getenv(envDir))
	if err != nil {
		t.Fatalf("Open as %s: %v", currentUser(), err)
	}
	defer s.Close()
	ro, reason := s.ReadOnly()
	fmt.Printf("READONLY %v %s\n", ro, reason)
	all, err := s.All(ctx)
	if err != nil {
		t.Fatalf("All: %v", err)
	}
	h, err := s.History(ctx, "")
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	last, err := s.LastChangeID(ctx)
	if err != nil {
		t.Fatalf("LastChangeID: %v", err)
	}
	if _, _, err := s.Draft(ctx, "mou-1.1", "alice"); err != nil {
		t.Fatalf("Draft: %v", err)
	}
	fmt.Printf("ITEMS %d HISTORY %d LAST %d STATUS %s\n", len(all), len(h), last, all["mou-1.1"].Status)
	_, werr := s.SetStatus(ctx, "mou-1.1", Blocked, "nobody")
	derr := s.SaveDraft(ctx, "mou-1.1", "nobody", "x")
	_, uerr := s.UndoLast(ctx, "nobody")
	for _, err := range []error{werr, derr, uerr} {
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), reason) {
			t.Errorf("write as nobody: %v, want ErrReadOnly with the reason", err)
		}
	}
	fmt.Printf("WRITE %v\n", werr)
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	n := <-s.Watch(wctx)
	fmt.Printf("WATCH %d %v\n", n.LastChangeID, n.Err)
}

func TestReadOnlyAsOtherUser(t *testing.T) {
	if os.Getenv(envHelper) != "" {
		t.Skip("in a helper")
	}
	ctx := context.Background()
	root := t.TempDir()

	// 1. A store another user owns, closed (no WAL files beside it).
	owned := filepath.Join(root, "owned")
	s := openT(t, owned)
	mustWrite(t)(s.SetStatus(ctx, "mou-1.1", AtRisk, "alice"))
	mustWrite(t)(s.SetNote(ctx, "mou-1.2", "note", "alice"))
	s.Close()
	worldReadable(t, owned)
	out, err := asNobody(t, "ro-closed", owned)
	checkNobody(t, "closed store", out, err, "ITEMS 2 HISTORY 2 LAST 2 STATUS at risk", owned+" is not writable by user nobody (permission denied)")

	// 2. The same store while its owner has it open and writes (WAL files present).
	s = openT(t, owned)
	mustWrite(t)(s.SetStatus(ctx, "mou-1.1", Done, "alice"))
	worldReadable(t, owned)
	out, err = asNobody(t, "ro-live", owned)
	checkNobody(t, "live store", out, err, "ITEMS 2 HISTORY 3 LAST 3 STATUS done", "not writable by user nobody")
	if !strings.Contains(out, "WATCH 3 <nil>") {
		t.Errorf("live store: Watch as nobody did not report change 3:\n%s", out)
	}
	s.Close()

	// 3. A data folder without a store, that nobody cannot write.
	empty := filepath.Join(root, "empty")
	os.Mkdir(empty, 0o755)
	out, err = asNobody(t, "ro-empty", empty)
	checkNobody(t, "empty folder", out, err, "ITEMS 0 HISTORY 0 LAST 0 STATUS unreviewed", "(no reviews there yet)")

	// 4. A data folder nobody cannot even create.
	missing := filepath.Join(root, "empty", "sub", "data")
	out, err = asNobody(t, "ro-missing", missing)
	checkNobody(t, "missing folder", out, err, "ITEMS 0 HISTORY 0", "cannot create the data folder "+missing+" (permission denied)")
	if _, err := os.Stat(missing); err == nil {
		t.Error("the helper created the data folder")
	}
}

func checkNobody(t *testing.T, what, out string, err error, wantData, wantReason string) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: helper as nobody failed: %v\n%s", what, err, out)
		return
	}
	for _, want := range []string{"READONLY true ", wantReason, wantData, "WRITE reviews are read-only: "} {
		if !strings.Contains(out, want) {
			t.Errorf("%s: helper output lacks %q:\n%s", what, want, out)
		}
	}
}

// mountTmpfs mounts a tmpfs of the given size on a fresh folder, or skips.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a tmpfs; the read-only mount and full-disk cases are not tested")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0755", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s); the read-only mount and full-disk cases are not tested", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

func TestReadOnlyMount(t *testing.T) {
	mnt := mountTmpfs(t, "4m")
	ctx := context.Background()
	dir := filepath.Join(mnt, "data")
	s := openT(t, dir)
	mustWrite(t)(s.SetStatus(ctx, "mou-1.1", Blocked, "alice"))
	s.Close()
	if out, err := exec.Command("mount", "-o", "remount,ro", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	ro, err := Open(dir)
	if err != nil {
		t.Fatalf("Open on a read-only mount: %v", err)
	}
	defer ro.Close()
	isRO, reason := ro.ReadOnly()
	if !isRO || !strings.Contains(reason, "read-only file system") {
		t.Errorf("ReadOnly() = %v, %q", isRO, reason)
	}
	if r, err := ro.Get(ctx, "mou-1.1"); err != nil || r.Status != Blocked {
		t.Errorf("Get on a read-only mount: %+v, %v", r, err)
	}
	if _, err := ro.SetNote(ctx, "mou-1.1", "x", "alice"); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "read-only file system") {
		t.Errorf("write on a read-only mount: %v", err)
	}
	// A new data folder there cannot be made: an empty read-only store.
	e, err := Open(filepath.Join(mnt, "other"))
	if err != nil {
		t.Fatalf("Open of a missing folder on a read-only mount: %v", err)
	}
	defer e.Close()
	if isRO, reason := e.ReadOnly(); !isRO || !strings.Contains(reason, "read-only file system") {
		t.Errorf("missing folder: ReadOnly() = %v, %q", isRO, reason)
	}
}

// TestDiskFull fills a small tmpfs: a write fails saying "disk full" and
// nothing is lost; with space again the same write succeeds; a store
// opened on the full disk opens read-only, saying so.
func TestDiskFull(t *testing.T) {
	mnt := mountTmpfs(t, "1m")
	ctx := context.Background()
	dir := filepath.Join(mnt, "data")
	s := openT(t, dir)
	mustWrite(t)(s.SetStatus(ctx, "mou-1.1", OnTrack, "alice"))
	mustWrite(t)(s.SetNote(ctx, "mou-1.1", "kept", "alice"))
	fill := filepath.Join(mnt, "fill")
	f, err := os.Create(fill)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			break
		}
	}
	f.Close()

	big := strings.Repeat("a long note that needs new pages ", 1500)
	_, err = s.SetNote(ctx, "mou-1.1", big, "alice")
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "nothing was saved") {
		t.Fatalf("write on a full disk: %v, want ErrDiskFull saying disk full", err)
	}
	if r, err := s.Get(ctx, "mou-1.1"); err != nil || r.Note != "kept" || r.Version != 2 {
		t.Errorf("after the failed write: %+v, %v", r, err)
	}
	// Another dossier starting now cannot write either, and says why.
	other, err := Open(dir)
	if err != nil {
		t.Fatalf("Open on a full disk: %v", err)
	}
	if ro, reason := other.ReadOnly(); ro && !strings.Contains(reason, "disk full") {
		t.Errorf("read-only on a full disk for another reason: %q", reason)
	}
	if r, err := other.Get(ctx, "mou-1.1"); err != nil || r.Note != "kept" {
		t.Errorf("read on a full disk: %+v, %v", r, err)
	}
	other.Close()
	fresh, err := Open(filepath.Join(mnt, "fresh"))
	if err != nil {
		t.Fatalf("Open of a new store on a full disk: %v", err)
	}
	if ro, reason := fresh.ReadOnly(); !ro || !strings.Contains(reason, "disk full") {
		t.Errorf("new store on a full disk: ReadOnly() = %v, %q", ro, reason)
	}
	fresh.Close()

	os.Remove(fill)
	if ch, err := s.SetNote(ctx, "mou-1.1", big, "alice"); err != nil || ch.ID == 0 {
		t.Fatalf("write after freeing space: %+v, %v", ch, err)
	}
	s.Close()
	s2 := openT(t, dir)
	h := checkConsistent(t, s2)
	if len(h) != 3 {
		t.Errorf("history has %d changes, want 3: %s", len(h), strconv.Itoa(len(h)))
	}
}
