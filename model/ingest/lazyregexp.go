package ingest

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles a regular expression the first time it is used, so
// that starting dossier (which rarely imports) does not pay for it.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
