package library

import (
	"io/fs"
	"syscall"
)

// timesOf takes the size and times of a file; the inode change time is
// set by every write and cannot be set back.
func timesOf(info fs.FileInfo) fileTimes {
	t := fileTimes{size: info.Size(), mtime: info.ModTime().UnixNano()}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		t.ctime = st.Ctim.Nano()
	}
	return t
}
