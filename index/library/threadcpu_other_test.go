//go:build !linux

package library

import "time"

// threadCPU is not measured here.
func threadCPU() (time.Duration, bool) { return 0, false }
