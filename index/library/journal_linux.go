package library

import (
	"fmt"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// socketPath is a path to name in dir short enough for a Unix socket's
// address (108 bytes): a long one goes through the folder's descriptor
// (/proc/self/fd/N/name), held until done is called.
func socketPath(dir, name string) (path string, done func(), err error) {
	p := filepath.Join(dir, name)
	if len(p) < 100 {
		return p, func() {}, nil
	}
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return "", nil, err
	}
	return fmt.Sprintf("/proc/self/fd/%d/%s", fd, name), func() { unix.Close(fd) }, nil
}

// localFS reports whether dir is on a file system whose every change the
// system reports to a watcher on this machine: not a network or FUSE one,
// where a change made on another machine (or behind the file system's
// back) goes unseen.
func localFS(dir string) bool {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return false
	}
	const (
		jfs      = 0x3153464A
		zfs      = 0x2FC12FC1
		bcachefs = 0xCA451A4E
	)
	switch uint32(st.Type) {
	case unix.EXT4_SUPER_MAGIC, unix.XFS_SUPER_MAGIC, unix.BTRFS_SUPER_MAGIC, unix.TMPFS_MAGIC,
		unix.F2FS_SUPER_MAGIC, unix.OVERLAYFS_SUPER_MAGIC, unix.RAMFS_MAGIC, unix.REISERFS_SUPER_MAGIC,
		jfs, zfs, bcachefs:
		return true
	}
	return false
}
