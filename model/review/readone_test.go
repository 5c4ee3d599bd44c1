package review

import (
	"context"
	"errors"
	"testing"
)

// TestOneStatementReads: the small reads that run without a transaction
// (readOne) refuse a function that runs more than one statement, whose
// statements could see different states, and one that runs none; one
// statement answers, leaves no transaction open behind it (a write on the
// same connections follows), and sees the write before it.
func TestOneStatementReads(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t, b.fresh(t)).(*sqlStore)
		one := func(t *txn) error {
			var n int
			return t.row(`SELECT COUNT(*) FROM readers`).Scan(&n)
		}
		two := func(t *txn) error {
			if err := one(t); err != nil {
				return err
			}
			return one(t)
		}
		if err := s.readOne(ctx, two); !errors.Is(err, errNotOneStatement) {
			t.Fatalf("two statements: %v; want errNotOneStatement", err)
		}
		if err := s.readOne(ctx, func(*txn) error { return nil }); !errors.Is(err, errNotOneStatement) {
			t.Fatalf("no statement: %v; want errNotOneStatement", err)
		}
		for i := range 2 * sqliteConns { // every pooled connection, several times
			if err := s.readOne(ctx, one); err != nil {
				t.Fatal(err)
			}
			key := "k"
			if err := s.SetSetting(ctx, "ann", key, string(rune('a'+i))); err != nil {
				t.Fatalf("a write after one-statement reads: %v", err)
			}
			if v, ok, err := s.Setting(ctx, "ann", key); err != nil || !ok || v != string(rune('a'+i)) {
				t.Fatalf("a one-statement read after a write: %q, %v, %v", v, ok, err)
			}
		}
	})
}
