package cli

import (
	"runtime/debug"
	"testing"
)

// The room made for an assembly follows the extractions it reads, not
// only the heap the open left (twice a small heap is far below what an
// assembly of 200 MB of extractions keeps live).
func TestRoomForAssemblyFollowsItsData(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(16 << 20))
	const data = 200 << 20
	roomForAssembly(data)
	if got := debug.SetMemoryLimit(-1); got < data*5/4 {
		t.Errorf("limit %d MiB for %d MiB of extractions, want at least %d", got>>20, data>>20, data*5/4>>20)
	}
	// Without a limit there is nothing to raise.
	debug.SetMemoryLimit(1<<63 - 1)
	roomForAssembly(data)
	if got := debug.SetMemoryLimit(-1); got != 1<<63-1 {
		t.Errorf("no limit became %d", got)
	}
}
