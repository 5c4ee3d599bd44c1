package review

import (
	"testing"
)

// backend is one implementation of Store under test. fresh makes a new,
// empty store location (a folder, or a PostgreSQL database) and returns
// it; open opens a location, as often as a test likes (another process, a
// restart).
type backend struct {
	name  string
	fresh func(t *testing.T) string
	open  func(t *testing.T, loc string) Store
}

// sqliteBackend keeps stores in temporary folders.
func sqliteBackend() backend {
	return backend{
		name:  "sqlite",
		fresh: func(t *testing.T) string { return t.TempDir() },
		open: func(t *testing.T, loc string) Store {
			t.Helper()
			s, err := Open(loc)
			if err != nil {
				t.Fatalf("Open(%s): %v", loc, err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
}

// backends returns every backend that can run here.
func backends(t *testing.T) []backend {
	t.Helper()
	bs := []backend{sqliteBackend()}
	if pg, ok := postgresBackend(t); ok {
		bs = append(bs, pg)
	}
	return bs
}

// eachBackend runs fn as a subtest per backend.
func eachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) { fn(t, b) })
	}
}

// freshStore opens a new, empty store of backend b.
func freshStore(t *testing.T, b backend) Store {
	t.Helper()
	return b.open(t, b.fresh(t))
}

// openLocation opens a store location given to a helper process.
func openLocation(loc string) (Store, error) {
	if isPostgresURL(loc) {
		return openPostgresForTest(loc)
	}
	return Open(loc)
}
