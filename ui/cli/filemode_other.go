//go:build !unix

package cli

import "os"

// newFileMode is the mode a file written in place of path gets: the mode of
// the file it replaces, else 0644.
func newFileMode(path string) os.FileMode {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		return fi.Mode().Perm()
	}
	return 0o644
}
