package library

import "time"

// testHooks lets this package's tests watch and slow down what a library
// does; nil in normal use.
type testHooks struct {
	read   func(rel string) // a file is read
	locked func()           // the write lock was taken
	update func()           // a followed library starts an update

	sum        func(name string) // an index file is checksummed whole
	checkAfter time.Duration     // the background check's tick (checkAfter when zero)
}
