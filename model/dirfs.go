package model

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DirFS is os.DirFS for a corpus folder, except that it opens file names
// that are not valid UTF-8 (io/fs refuses them; the folder may hold them,
// and they are articles like the others, with ids from IDOf). Names are
// still checked: slash-separated, relative, no "." or ".." element.
func DirFS(dir string) fs.FS { return dirFS(dir) }

type dirFS string

// Open opens name inside the folder.
func (d dirFS) Open(name string) (fs.File, error) {
	if !validRawPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := os.Open(filepath.Join(string(d), filepath.FromSlash(name)))
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			pe.Path = name // the name asked for, not the full path
		}
		return nil, err
	}
	return f, nil
}

// validRawPath is fs.ValidPath without its UTF-8 check; a NUL byte or a
// backslash (a separator elsewhere) is refused too.
func validRawPath(name string) bool {
	if name == "." {
		return true
	}
	if strings.ContainsAny(name, "\x00\\") {
		return false
	}
	for _, elem := range strings.Split(name, "/") {
		if elem == "" || elem == "." || elem == ".." {
			return false
		}
	}
	return true
}
