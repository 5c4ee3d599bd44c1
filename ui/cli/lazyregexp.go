package cli

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles expr on first use: a package-level
// regexp.MustCompile would be paid at every start of every command.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
