//go:build !linux

package library

import "io/fs"

func inode(fs.FileInfo) uint64 { return 0 }

func changeTime(fs.FileInfo) int64 { return 0 }
