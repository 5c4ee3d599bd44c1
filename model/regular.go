package model

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// OpenNoWait opens path for reading without waiting on what is behind it:
// a named pipe (FIFO) or a device opens at once, to be refused by its
// mode, instead of blocking until another program writes to it. Reading a
// regular file opened this way is ordinary.
func OpenNoWait(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// NotRegularError is a path that names something other than a regular
// file: a folder, a named pipe, a device or a socket.
type NotRegularError struct{ Mode fs.FileMode }

// Error says what the path is instead, e.g. "is a named pipe (FIFO), not a
// regular file".
func (e NotRegularError) Error() string {
	switch m := e.Mode; {
	case m.IsDir():
		return "is a folder, not a file"
	case m&fs.ModeNamedPipe != 0:
		return "is a named pipe (FIFO), not a regular file"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "is a device, not a regular file"
	case m&fs.ModeSocket != 0:
		return "is a socket, not a regular file"
	}
	return "is not a regular file"
}

// TooLargeError is a file over the size cap of what reads it.
type TooLargeError struct {
	Size  int64 // the size it reports, or -1 when it grew past the cap while being read
	Limit int64
}

// Error gives the size and the cap, e.g. "is 5.0 MiB, over the 4 MiB limit".
func (e TooLargeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("is over the %s limit", HumanBytes(e.Limit))
	}
	return fmt.Sprintf("is %s, over the %s limit", HumanBytes(e.Size), HumanBytes(e.Limit))
}

// OpenRegular opens the regular file at path for reading (see OpenNoWait)
// and returns it with its stat; anything else is a NotRegularError. Errors
// do not name the path: the caller does, with what the file is for.
func OpenRegular(path string) (*os.File, fs.FileInfo, error) {
	f, err := OpenNoWait(path)
	if err != nil {
		return nil, nil, unwrapPath(err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, unwrapPath(err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, NotRegularError{st.Mode()}
	}
	return f, st, nil
}

// ReadRegular reads the regular file at path, refusing anything else and
// files over limit bytes (by their size before reading, and by what they
// hold, as /proc files say 0). Errors do not name the path.
func ReadRegular(path string, limit int64) ([]byte, error) {
	f, st, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Size() > limit {
		return nil, TooLargeError{st.Size(), limit}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, unwrapPath(err)
	}
	if int64(len(data)) > limit {
		return nil, TooLargeError{-1, limit}
	}
	return data, nil
}
