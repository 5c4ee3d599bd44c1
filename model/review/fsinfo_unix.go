//go:build unix

package review

import (
	"errors"
	"os/user"
	"strconv"
	"syscall"
)

const (
	errROFS    = syscall.EROFS
	errNoSpace = syscall.ENOSPC
)

func isErrno(err error, e syscall.Errno) bool { return errors.Is(err, e) }

// diskFull reports whether the file system holding dir has (almost) no space left for us.
func diskFull(dir string) bool {
	var st syscall.Statfs_t
	if syscall.Statfs(dir, &st) != nil {
		return false
	}
	return uint64(st.Bavail)*uint64(st.Bsize) < 64<<10
}

// writable reports, as an error, whether this process may write path (EACCES, EROFS).
func writable(path string) error { return syscall.Access(path, 2 /* W_OK */) }

// currentUser names the user this process runs as.
func currentUser() string {
	uid := syscall.Getuid()
	if u, err := user.LookupId(strconv.Itoa(uid)); err == nil && u.Username != "" {
		return u.Username
	}
	return "uid " + strconv.Itoa(uid)
}
