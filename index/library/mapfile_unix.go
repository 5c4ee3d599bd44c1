//go:build unix

package library

import (
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps the first size bytes of f read-only: the pages are the
// file's own (the page cache), not the process's heap, and the system
// may drop and read them again as it needs. release unmaps them; nothing
// cut from the bytes may be used after it. A file cut short while mapped
// faults on access: the reader runs with debug.SetPanicOnFault.
func mapFile(f *os.File, size int64) (b []byte, release func(), err error) {
	if size == 0 {
		return nil, func() {}, nil
	}
	b, err = unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return readWhole(f, size)
	}
	return b, func() { unix.Munmap(b) }, nil //nolint:errcheck // nothing to do about it
}
