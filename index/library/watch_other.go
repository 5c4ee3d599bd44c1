//go:build !linux

package library

import "io/fs"

// timesOf takes the size and modification time of a file.
func timesOf(info fs.FileInfo) fileTimes {
	return fileTimes{size: info.Size(), mtime: info.ModTime().UnixNano()}
}
