package library

import (
	"bytes"
	"os"
	"strconv"
)

// fileResident is how much of the process's resident memory is file-backed
// or shared (mapped files, the program's own text), from /proc/self/statm.
func fileResident() (int64, bool) {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	f := bytes.Fields(data)
	if len(f) < 3 {
		return 0, false
	}
	pages, err := strconv.ParseInt(string(f[2]), 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}
