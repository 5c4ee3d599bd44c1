package library

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// openRegular opens a file of the cache for reading and refuses anything
// but a regular file: a FIFO put in its place must not block the open (it
// is opened without waiting for a writer), nor a device be read for ever.
func openRegular(path string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, fmt.Errorf("%w: %s is not a regular file (%v)", errDamaged, info.Name(), info.Mode().Type())
	}
	return f, info, nil
}

// readRegular reads a whole file of the cache (see openRegular).
func readRegular(path string) ([]byte, error) {
	f, _, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// damageLike reports whether an error reading a published generation means
// the generation is damaged (a file missing, a file where a folder was, a
// read error), not that this process cannot use the cache (permissions, no
// more file descriptors).
func damageLike(err error) bool {
	for _, e := range []error{errDamaged, fs.ErrNotExist, syscall.ENOTDIR, syscall.EISDIR, syscall.ELOOP, syscall.EIO, syscall.EINVAL} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// readWhole reads the first size bytes of f; release does nothing.
func readWhole(f *os.File, size int64) ([]byte, func(), error) {
	b := make([]byte, size)
	if _, err := f.ReadAt(b, 0); err != nil {
		return nil, nil, err
	}
	return b, func() {}, nil
}
