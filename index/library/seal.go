package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"dossier/model"
)

// endsBytes is how much of each end of an index file the seal checksums.
const endsBytes = 64 << 10

// sealDir records every file under dir (the index folder being published).
// A file that is prev's (hard-linked from the generation before: the same
// name, inode, size, time and ends) keeps prev's checksum; any other is
// read whole. fresh gets, for the stamp (see stamp.go), each file read
// whole now and each of prev's that vouched has as it is now (found whole
// in the generation before, unchanged since it was linked).
func sealDir(dir string, prev []Sealed, vouched, fresh map[string]stamped) ([]Sealed, error) {
	was := map[string]Sealed{}
	for _, s := range prev {
		was[s.Name] = s
	}
	var out []Sealed
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		name := filepath.ToSlash(rel)
		f, info, err := openRegular(p)
		if err != nil {
			return err
		}
		defer f.Close()
		s := Sealed{Name: name, Size: info.Size(), MTime: info.ModTime().UnixNano(), Ino: inode(info)}
		if s.Ends, err = ends(f, s.Size); err != nil {
			return err
		}
		if w, ok := was[name]; ok && w.Ino == s.Ino && w.Size == s.Size && w.MTime == s.MTime && w.Ends == s.Ends && w.Ino != 0 {
			s.Sum = w.Sum
			if v, ok := vouched[name]; ok && v == stampOf(info) {
				fresh[name] = v
			}
		} else {
			if s.Sum, err = sumOf(context.Background(), f, nil); err != nil {
				return err
			}
			fresh[name] = stampOf(info)
		}
		out = append(out, s)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// ends checksums the first and last endsBytes of a file of the given size.
func ends(f *os.File, size int64) (string, error) {
	h := sha256.New()
	head := min(size, endsBytes)
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, head)); err != nil {
		return "", err
	}
	if size > head {
		from := max(head, size-endsBytes)
		if _, err := io.Copy(h, io.NewSectionReader(f, from, size-from)); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// sumChunk is how much of a file is checksummed between two calls of pace.
const sumChunk = 4 << 20

// sumOf checksums a whole file (SHA-256, as hex of its first 16 bytes),
// calling pace, if any, between chunks; it stops when ctx ends.
func sumOf(ctx context.Context, f *os.File, pace func()) (string, error) {
	h := sha256.New()
	r := io.NewSectionReader(f, 0, 1<<62)
	buf := make([]byte, 256<<10)
	for {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		n, err := copyChunk(h, r, buf)
		if err != nil {
			return "", err
		}
		if n < sumChunk {
			break
		}
		if pace != nil {
			pace()
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// copyChunk feeds up to sumChunk bytes of r to h.
func copyChunk(h hash.Hash, r io.Reader, buf []byte) (int64, error) {
	n, err := io.CopyBuffer(h, io.LimitReader(r, sumChunk), buf)
	return n, err
}

// sealCheck says how far checkSeal goes.
type sealCheck struct {
	label string             // how the index folder is named in errors ("gen-000003/index")
	stamp map[string]stamped // files whose content was checked at this inode change time
	deep  bool               // checksum every file whole, whatever its times
	pace  func()             // called between chunks of a whole-file checksum (nil: none)
	fresh map[string]stamped // gets every file checksummed whole and found right
	onSum func(name string)  // tests: a file is checksummed whole
}

// checkSeal verifies the index folder against its seal: the same files,
// each a regular file with the same size, modification time and ends. A
// file whose inode and change time are not ones the stamp vouches for
// (it was written, or linked, since it was last checked) is checksummed
// whole, as is every file when c.deep. It says what is wrong with the
// first file that fails.
func checkSeal(ctx context.Context, dir string, seal []Sealed, c sealCheck) error {
	want := map[string]Sealed{}
	for _, s := range seal {
		want[s.Name] = s
	}
	seen := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		name := filepath.ToSlash(rel)
		shown := model.Escape(c.label + "/" + name)
		w, ok := want[name]
		if !ok {
			return fmt.Errorf("%w: unexpected file %s", errDamaged, shown)
		}
		seen++
		if !d.Type().IsRegular() {
			return fmt.Errorf("%w: %s is not a regular file (%v)", errDamaged, shown, d.Type())
		}
		f, info, err := openRegular(p)
		if err != nil {
			return fmt.Errorf("%s: %w", shown, err)
		}
		defer f.Close()
		size, ino := info.Size(), inode(info)
		switch {
		case size != w.Size:
			return fmt.Errorf("%w: %s is %d bytes, was %d (truncated or overwritten)", errDamaged, shown, size, w.Size)
		case info.ModTime().UnixNano() != w.MTime:
			return fmt.Errorf("%w: %s was modified", errDamaged, shown)
		}
		// Another inode with the same size and time is a copy (a cache
		// copied with its times, or restored from a backup): its stamp
		// cannot vouch for it until it is read whole below, and found
		// right, as any file written since it was last checked.
		e, err := ends(f, size)
		if err != nil {
			return fmt.Errorf("%s: %w", shown, err)
		}
		if e != w.Ends {
			return fmt.Errorf("%w: %s has other contents", errDamaged, shown)
		}
		now := stamped{Ino: ino, CTime: changeTime(info)}
		if !c.deep && c.stamp[name] == now {
			return nil
		}
		if c.onSum != nil {
			c.onSum(name)
		}
		sum, err := sumOf(ctx, f, c.pace)
		if err != nil {
			return fmt.Errorf("%s: %w", shown, err)
		}
		if sum != w.Sum {
			return fmt.Errorf("%w: %s does not match its checksum", errDamaged, shown)
		}
		if c.fresh != nil {
			c.fresh[name] = now
		}
		return nil
	})
	if err != nil {
		return err
	}
	if seen != len(want) {
		return fmt.Errorf("%w: %d of %d index files are missing", errDamaged, len(want)-seen, len(want))
	}
	return nil
}

// paced returns a pace function that sleeps for about as long as the work
// between two calls took, so that a background check takes at most half
// of a core.
func paced() func() {
	last := time.Now()
	return func() {
		time.Sleep(time.Since(last))
		last = time.Now()
	}
}
