package review

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// realStoreBytes builds a store with enough data to span many pages and returns the closed file's bytes.
func realStoreBytes(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	s := openT(t, dir)
	ctx := context.Background()
	for i := range 40 {
		item := fmt.Sprintf("mou-%d.%d", i/10, i%10)
		if _, err := s.SetNote(ctx, item, strings.Repeat(fmt.Sprintf("note %d ", i), 200), "alice"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetStatus(ctx, item, Status(i%5), "alice"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName+"-wal")); err == nil {
		t.Fatal("WAL not checkpointed on close; the copy would not be the whole store")
	}
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOpenRefusesForeignAndCorrupt(t *testing.T) {
	random := make([]byte, 8192)
	rand.Read(random)
	real := realStoreBytes(t)
	if len(real) < 16*4096 {
		t.Fatalf("real store only %d bytes; want many pages", len(real))
	}
	writeBytes := func(b []byte) func(t *testing.T, path string) {
		return func(t *testing.T, path string) {
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	sqliteWith := func(stmts ...string) func(t *testing.T, path string) {
		return func(t *testing.T, path string) {
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, s := range stmts {
				if _, err := db.Exec(s); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	tests := []struct {
		name string
		make func(t *testing.T, path string)
		kind Error
		msg  string
	}{
		{"random bytes", writeBytes(random), ErrForeign, "is not a dossier review store: not a database"},
		{"text file", writeBytes([]byte("# Reviews\n\nmou-1.1: on track\nmou-1.2: blocked\n")), ErrForeign, "not a database"},
		{"tiny text file", writeBytes([]byte("x")), ErrForeign, "not a database"},
		{"unrelated sqlite", sqliteWith(`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)`,
			`INSERT INTO customers (name) VALUES ('ACME')`), ErrForeign, "unrelated tables: customers"},
		{"other application_id", sqliteWith(`PRAGMA application_id = 1234`, `CREATE TABLE x (a)`), ErrForeign, "application_id 0x000004d2"},
		{"other app in WAL mode", sqliteWith(`PRAGMA journal_mode = WAL`, `CREATE TABLE notes (a)`), ErrForeign, "unrelated tables: notes"},
		{"empty sqlite with user_version", sqliteWith(`PRAGMA user_version = 7`), ErrForeign, "user_version 7"},
		{"store truncated in header", writeBytes(real[:60]), ErrCorrupt, "is corrupt: truncated"},
		{"store truncated to one page", writeBytes(real[:4096]), ErrCorrupt, "is corrupt"},
		{"store truncated to half", writeBytes(real[:len(real)/2]), ErrCorrupt, "is corrupt"},
		{"store missing last page", writeBytes(real[:len(real)-4096]), ErrCorrupt, "is corrupt"},
		{"store cut mid-page", writeBytes(real[:len(real)-1000]), ErrCorrupt, "is corrupt"},
		{"store with zeroed page", writeBytes(zeroPage(real, 3)), ErrCorrupt, "is corrupt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			tt.make(t, path)
			before := fileSum(t, path)
			for attempt := range 2 { // a second try must fail the same way: nothing half-done
				s, err := Open(dir)
				if err == nil {
					s.Close()
					t.Fatalf("attempt %d: Open succeeded", attempt)
				}
				var oe *OpenError
				if !errors.Is(err, tt.kind) || !errors.As(err, &oe) {
					t.Fatalf("attempt %d: err = %v, want %v", attempt, err, tt.kind)
				}
				if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.msg) {
					t.Errorf("attempt %d: message %q lacks path or %q", attempt, err, tt.msg)
				}
			}
			if after := fileSum(t, path); after != before {
				t.Error("Open changed the file")
			}
			if tt.kind == ErrForeign {
				if _, err := os.Stat(path + "-wal"); err == nil && !strings.Contains(tt.name, "WAL") {
					t.Error("Open left a WAL file beside a foreign file")
				}
			}
		})
	}
}

// zeroPage returns a copy of b with page n (0-based, 4096 bytes) zeroed.
func zeroPage(b []byte, n int) []byte {
	c := append([]byte(nil), b...)
	clear(c[n*4096 : (n+1)*4096])
	return c
}

func TestOpenRefusesDirectoryAtPath(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, FileName), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrForeign) {
		t.Errorf("Open with a directory at the store path: %v, want ErrForeign", err)
	}
}

func integrityCheck(t *testing.T, path string) string {
	t.Helper()
	db := rawDB(t, path)
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	return res
}

func TestKillMidWrite(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		if testing.Short() {
			t.Skip("spawns processes")
		}
		const kills = 5
		loc := b.fresh(t)
		ctx := context.Background()
		var prev int64
		for k := range kills {
			cmd := helperCmd(t, "loop", loc, fmt.Sprintf("victim-%d", k), 0, time.Time{})
			saved := waitReady(t, cmd)
			time.Sleep(time.Duration(20+mrand.IntN(80)) * time.Millisecond)
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			reported := saved()
			err := cmd.Wait()
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("round %d: child was not killed by SIGKILL (%v); it must still have been writing", k, err)
			}

			s, err := openLocation(loc)
			if err != nil {
				t.Fatalf("round %d: reopen after SIGKILL: %v", k, err)
			}
			last, err := s.LastChangeID(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if last <= prev {
				t.Errorf("round %d: no new changes (last id %d, before %d)", k, last, prev)
			}
			hist := checkConsistent(t, s)
			// Every change the killed writer was told was saved is there.
			byID := map[int64]Change{}
			for _, ch := range hist {
				byID[ch.ID] = ch
			}
			who := fmt.Sprintf("victim-%d", k)
			for _, id := range reported {
				if ch, ok := byID[id]; !ok || ch.By != who {
					t.Errorf("round %d: change %d, reported saved to %s before the kill, is not in the history (%+v)", k, id, who, ch)
				}
			}
			if len(reported) == 0 {
				t.Errorf("round %d: the writer reported no saved change before the kill", k)
			}
			t.Logf("round %d: %d changes in history, %d reported saved by the killed writer", k, len(hist), len(reported))
			prev = last
			s.Close()
			if b.name != "sqlite" {
				continue
			}
			if res := integrityCheck(t, filepath.Join(loc, FileName)); res != "ok" {
				t.Fatalf("round %d: integrity_check = %q", k, res)
			}
		}
	})
}
