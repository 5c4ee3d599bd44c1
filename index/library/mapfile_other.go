//go:build !unix

package library

import "os"

// mapFile reads the first size bytes of f (where files are not mapped).
func mapFile(f *os.File, size int64) (b []byte, release func(), err error) {
	return readWhole(f, size)
}
