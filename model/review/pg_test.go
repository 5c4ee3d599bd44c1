package review

import (
	"context"
	"os"
	"testing"

	"dossier/model/review/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

// postgresBackend runs the store tests on a fresh database of the test
// server per test; ok is false (after a logged reason) where PostgreSQL
// cannot run here.
func postgresBackend(t *testing.T) (backend, bool) {
	return backend{
		name:  "postgres",
		fresh: func(t *testing.T) string { return pgtest.NewDatabase(t) },
		open: func(t *testing.T, loc string) Store {
			t.Helper()
			s, err := OpenPostgres(context.Background(), loc)
			if err != nil {
				t.Fatalf("OpenPostgres: %v", err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
	}, true
}

func isPostgresURL(s string) bool { return IsPostgresURL(s) }

func openPostgresForTest(loc string) (Store, error) { return OpenPostgres(context.Background(), loc) }
