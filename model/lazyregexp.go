package model

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles expr on first use rather than when the program starts:
// every dossier command links this package, and most never need the
// expression (a package-level regexp.MustCompile is paid by `dossier search`
// and `--version` alike).
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
