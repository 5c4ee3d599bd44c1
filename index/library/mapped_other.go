//go:build !linux

package library

import "os"

// mapAll reads an open manifest whole (see mapped_linux.go).
func mapAll(f *os.File) ([]byte, error) { return readAllSized(f) }
