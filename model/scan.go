package model

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// FileStat is what a scan of a corpus folder knows about one article file
// without reading it: enough to tell whether it changed since it was indexed.
type FileStat struct {
	Dir   int    // index of the corpus folder in the scanned list
	Rel   string // slash-separated path inside the folder
	Size  int64
	MTime int64  // modification time, ns
	CTime int64  // inode change time, ns (0 where the system has none)
	Ino   uint64 // inode number (0 where the system has none)
}

// ID is the article id of the file.
func (f FileStat) ID() string { return IDOf(f.Rel) }

// Same reports whether two stats describe the same unchanged file: same
// size, modification time, inode and inode change time. The change time is
// what catches a file rewritten with its size and mtime kept (touch -r): the
// kernel sets it on every write and no program can set it back.
func (f FileStat) Same(o FileStat) bool {
	return f.Size == o.Size && f.MTime == o.MTime && f.CTime == o.CTime && f.Ino == o.Ino
}

// Scan lists the article files of a corpus folder (recursively, skipping
// hidden files and folders) with their stats, sorted by path. Files that
// are not articles, not regular or unreadable are reported as warnings,
// labelled with label. Only a folder that cannot be read at all is an error.
// The stats are taken in parallel: on a large corpus they are most of the
// cost of noticing that nothing changed.
func Scan(dir string, index int, label string) ([]FileStat, []Warning, error) {
	var files []FileStat
	var warns []Warning
	warn := func(rel, format string, args ...any) {
		warns = append(warns, Warning{Path: path.Join(label, rel), Reason: fmt.Sprintf(format, args...)})
	}
	top, err := readDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", Escape(label), unwrapPath(err))
	}
	var walk func(rel string, entries []os.DirEntry)
	walk = func(rel string, entries []os.DirEntry) {
		for _, e := range entries {
			name := e.Name()
			p := name
			if rel != "" {
				p = rel + "/" + name
			}
			switch {
			case strings.HasPrefix(name, "."):
				continue
			case e.IsDir():
				sub, err := readDir(filepath.Join(dir, filepath.FromSlash(p)))
				if err != nil {
					warn(p, "cannot read: %v", unwrapPath(err))
					continue
				}
				walk(p, sub)
				continue
			case p == CatalogueFile:
				continue
			case !ArticleExt(name):
				warn(p, "ignored: only .txt and .md files are articles")
				continue
			case !e.Type().IsRegular():
				warn(p, "ignored: not a regular file")
				continue
			}
			files = append(files, FileStat{Dir: index, Rel: p})
		}
	}
	files = make([]FileStat, 0, len(top))
	walk("", top)
	gone := statAll(dir, files)
	kept := files[:0]
	for i, f := range files {
		if gone[i] != nil {
			if !errors.Is(gone[i], fs.ErrNotExist) { // removed meanwhile: not worth a word
				warn(f.Rel, "cannot read: %v", unwrapPath(gone[i]))
			}
			continue
		}
		kept = append(kept, f)
	}
	files = kept
	slices.SortFunc(files, func(a, b FileStat) int { return strings.Compare(a.Rel, b.Rel) })
	slices.SortStableFunc(warns, func(a, b Warning) int { return strings.Compare(a.Path, b.Path) })
	return files, warns, nil
}

// readDir lists a folder in the order the system gives (the files are
// sorted once, at the end of the scan).
func readDir(dir string) ([]os.DirEntry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}

// statAll fills in the stats of files, several at a time, and returns the
// error of each file that could not be stat'ed.
func statAll(dir string, files []FileStat) []error {
	errs := make([]error, len(files))
	st, err := newStatter(dir)
	if err != nil {
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	defer st.close()
	workers := min(4, max(1, len(files)/256))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(files); i += workers {
				errs[i] = st.stat(dir, &files[i])
			}
		}()
	}
	wg.Wait()
	return errs
}

// statPath stats one file of dir by its path (without following a
// symbolic link).
func statPath(dir string, f *FileStat) error {
	info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.Rel)))
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("not a regular file")
	}
	f.Size, f.MTime = info.Size(), info.ModTime().UnixNano()
	f.CTime, f.Ino = sysStat(info)
	return nil
}

// ReadFile reads an article file of a corpus folder, refusing one over the
// size cap, and returns its bytes with the stat taken from the open file.
func ReadFile(dir string, f FileStat, limit int64) ([]byte, FileStat, error) {
	fh, info, err := OpenRegular(filepath.Join(dir, filepath.FromSlash(f.Rel))) // never waits on a pipe
	if err != nil {
		return nil, f, fmt.Errorf("cannot read: %v", err)
	}
	defer fh.Close()
	st := FileStat{Dir: f.Dir, Rel: f.Rel, Size: info.Size(), MTime: info.ModTime().UnixNano()}
	st.CTime, st.Ino = sysStat(info)
	data, err := ReadCapped(fh, st.Size, limit)
	return data, st, err
}
