//go:build unix

package cli

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// newFileMode is the mode a file written in place of path gets: the mode of
// the file it replaces, else 0666 less the process's umask (as a shell's
// redirection would make it).
func newFileMode(path string) os.FileMode {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		return fi.Mode().Perm()
	}
	return 0o666 &^ umask()
}

// umask reads the process's umask: from /proc where Linux shows it,
// else by setting it and putting it back.
func umask() os.FileMode {
	if f, err := os.Open("/proc/self/status"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "Umask:"); ok {
				if n, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32); err == nil {
					return os.FileMode(n) & 0o777
				}
			}
		}
	}
	old := syscall.Umask(0o022)
	syscall.Umask(old)
	return os.FileMode(old) & 0o777
}
