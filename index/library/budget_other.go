//go:build !linux

package library

// fileResident is not known here: a build's bound is not applied.
func fileResident() (int64, bool) { return 0, false }
