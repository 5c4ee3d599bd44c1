package model

import (
	"io/fs"
	"syscall"
)

// sysStat returns the inode change time (ns) and inode number of a file.
func sysStat(info fs.FileInfo) (ctime int64, ino uint64) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0
	}
	return st.Ctim.Sec*1e9 + st.Ctim.Nsec, st.Ino
}
