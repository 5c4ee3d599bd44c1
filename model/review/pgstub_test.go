package review

import "testing"

// Stage 1: no PostgreSQL backend yet.
func postgresBackend(t *testing.T) (backend, bool) { return backend{}, false }

func isPostgresURL(string) bool { return false }

func openPostgresForTest(string) (Store, error) { return nil, nil }
