package library

import "time"

// testHooks lets this package's tests watch and slow down what a library
// does; nil in normal use.
type testHooks struct {
	read    func(rel string) // a file is read
	locked  func()           // the write lock was taken
	update  func()           // a followed library starts an update
	quick   func(same bool)  // the quick scan decided (same: nothing changed) or left it to the full scan
	planned func()           // an open compares the published generation file by file (a plan)
	finish  func() error     // a test's failure of writing the next generation (nil: none)
	// unlisted: the quick scan found every folder as its last listing
	// left it and stat'ed the files without listing (true), or listed
	unlisted     func(decided bool)
	listedMargin time.Duration // instead of listedMargin (listed_linux.go)
	// vouched: a follower vouched for the published generation (true), or
	// did not (there is none, or it was not sure)
	vouched func(bool)
	localFS func(dir string) bool // instead of the system's answer (journal_linux.go)

	sum        func(name string) // an index file is checksummed whole
	mapped     func(path string) // a generation's derived data was mapped
	checkAfter time.Duration     // the background check's tick (checkAfter when zero)
	write      func()            // a file is about to be kept in a generation's folder in the background
}
