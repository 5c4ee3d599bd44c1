package review

import (
	"context"
	"sync"
	"testing"
)

// TestReadsKeepTheirConnections: as many reads as the pool may hold at
// once (a server's logins) give their connections back to be used again,
// not closed to be opened anew by the next reads. Fails when fewer
// connections are kept idle than may be open.
func TestReadsKeepTheirConnections(t *testing.T) {
	s, err := openSQLite(t.TempDir(), defaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for round := range 3 {
		var inside, wg sync.WaitGroup
		inside.Add(sqliteConns)
		for range sqliteConns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				entered := false
				defer func() { // a read that fails must not leave the others waiting
					if !entered {
						inside.Done()
					}
				}()
				err := s.read(ctx, func(t *txn) error {
					var n int
					if err := t.row(`SELECT COUNT(*) FROM readers`).Scan(&n); err != nil {
						return err
					}
					entered = true
					inside.Done()
					inside.Wait() // every connection is in use at once
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		st := s.db.Stats()
		if st.MaxIdleClosed != 0 || st.OpenConnections != sqliteConns {
			t.Fatalf("round %d: %d connections open, %d closed as surplus idle ones; want %d open, none closed",
				round, st.OpenConnections, st.MaxIdleClosed, sqliteConns)
		}
	}
}
