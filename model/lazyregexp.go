package model

import (
	"regexp"
	"sync"
)

// LazyRegexp compiles expr on first use rather than when the program
// starts: every dossier command links the packages that hold expressions,
// and most never need them (a package-level regexp.MustCompile is paid by
// `dossier search` and `--version` alike).
func LazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
