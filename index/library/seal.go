package library

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"dossier/model"
)

// endsBytes is how much of each end of an index file the seal checksums.
const endsBytes = 64 << 10

// sealDir records every file under dir (the index folder).
func sealDir(dir string) ([]Sealed, error) {
	var out []Sealed
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		s, err := sealFile(p)
		if err != nil {
			return err
		}
		s.Name = filepath.ToSlash(rel)
		out = append(out, s)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

func sealFile(p string) (Sealed, error) {
	f, err := os.Open(p)
	if err != nil {
		return Sealed{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return Sealed{}, err
	}
	s := Sealed{Size: info.Size(), MTime: info.ModTime().UnixNano(), Ino: inode(info)}
	s.Ends, err = ends(f, s.Size)
	return s, err
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

// checkSeal verifies the index folder against its seal: the same files, each
// with the same size, modification time and inode, and the same ends. It
// says what is wrong with the first file that fails.
func checkSeal(dir string, seal []Sealed) error {
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
		w, ok := want[name]
		if !ok {
			return fmt.Errorf("unexpected file %s", model.Escape(name))
		}
		seen++
		got, err := sealFile(p)
		if err != nil {
			return err
		}
		switch {
		case got.Size != w.Size:
			return fmt.Errorf("%s is %d bytes, was %d (truncated or overwritten)", model.Escape(name), got.Size, w.Size)
		case got.Ends != w.Ends:
			return fmt.Errorf("%s has other contents", model.Escape(name))
		case got.MTime != w.MTime || got.Ino != w.Ino:
			return fmt.Errorf("%s was modified", model.Escape(name))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if seen != len(want) {
		return fmt.Errorf("%d of %d index files are missing", len(want)-seen, len(want))
	}
	return nil
}
