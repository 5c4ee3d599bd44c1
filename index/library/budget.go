package library

import (
	"math"
	"runtime/debug"
	"time"
)

// A build's resident memory is its Go heap plus the pages of the segment
// files it maps: a merge reads its segments whole through memory maps
// (about 8.5 KB an article, up to 105 MB at the segment bound), and the
// heap's soft limit does not count them. With Options.BuildMemory, the
// soft limit is lowered while mapped pages take room, so that the two
// together stay within the bound whatever the corpus's size.

// budgetEvery is how often a build looks at its mapped pages.
const budgetEvery = 25 * time.Millisecond

// minHeapRoom is the least soft limit a bound leaves the heap: below it,
// the collector would run without end for little gain.
const minHeapRoom = 64 << 20

// heapRoom is the soft limit that keeps the heap and file pages of size
// file within budget, never above the limit the process had (base) nor
// below minHeapRoom. (Raising it above base while few pages are mapped
// saved no measurable CPU at 10,000 articles and raised the peak.)
func heapRoom(budget, file, base int64) int64 {
	return min(base, max(minHeapRoom, budget-file))
}

// keepWithin lowers the heap's soft limit while file-backed pages take
// room, so that the process's resident memory stays within budget (see
// heapRoom), until stop is called; stop restores the limit. It does
// nothing when budget is 0, when the process sets no soft limit (its heap
// is unbounded anyway), or when the system does not tell the pages.
func keepWithin(budget int64) (stop func()) {
	if budget <= 0 {
		return func() {}
	}
	if _, ok := fileResident(); !ok {
		return func() {}
	}
	base := debug.SetMemoryLimit(-1)
	if base == math.MaxInt64 {
		return func() {} // the process does not bound its heap
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(budgetEvery)
		defer t.Stop()
		set := base
		for {
			if file, ok := fileResident(); ok {
				if want := heapRoom(budget, file, base); want != set {
					debug.SetMemoryLimit(want)
					set = want
				}
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		debug.SetMemoryLimit(base)
	}
}
