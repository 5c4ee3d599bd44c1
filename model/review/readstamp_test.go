package review

import (
	"context"
	"fmt"
	"testing"
)

// TestReadStamp: the stamp of a person changes with each change of their
// read state (first use, a mark set, flipped, dropped), on both backends,
// stays while nothing changes, and does not change with another person's.
func TestReadStamp(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		us := userState(t, b.open(t, b.fresh(t)))
		stamp := func(who string) string {
			t.Helper()
			s, err := us.ReadStamp(ctx, who)
			if err != nil {
				t.Fatalf("ReadStamp(%s): %v", who, err)
			}
			return s
		}
		last, lastWhat := "", ""
		changed := func(what, who string) {
			t.Helper()
			s := stamp(who)
			if s == last {
				t.Errorf("%s: the stamp %q is still the one of %s", what, s, lastWhat)
			}
			last, lastWhat = s, what
		}
		changed("nobody yet", "alice")
		newFor(t, us, "alice", "a", "b")
		changed("alice's first use", "alice")
		newFor(t, us, "alice", "a", "b", "c", "d")
		bob := stamp("bob")
		mark := func(what string, read bool, ids ...string) {
			t.Helper()
			if _, err := us.MarkRead(ctx, "alice", read, ids...); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			changed(what, "alice")
		}
		mark("c read", true, "c")
		mark("a unread", false, "a")
		mark("c unread again (its mark dropped)", false, "c")
		mark("a read again (its mark dropped)", true, "a")
		mark("d read", true, "d")
		if _, err := us.MarkAllRead(ctx, "alice", []string{"a", "b", "c", "d"}); err != nil {
			t.Fatal(err)
		}
		changed("all read", "alice")
		if s := stamp("alice"); s != last {
			t.Errorf("the stamp changed with nothing done: %q", s)
		}
		if s := stamp("bob"); s != bob {
			t.Errorf("bob's stamp changed with alice's marks: %q → %q", bob, s)
		}
	})
}

// readBench is a store where who started before 10,000 articles came in,
// has read 2,000 of them and 10 people besides have marks of their own:
// what a session polls (ReadStamp) and counts (NewArticles) against.
func readBench(b *testing.B) (UserState, []string) {
	ctx := context.Background()
	s, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	us := s.(UserState)
	ids := make([]string, 10000)
	for i := range ids {
		ids[i] = fmt.Sprintf("%03d_%016x", i%1000, i)
	}
	people := []string{"alice"}
	for i := range 10 {
		people = append(people, fmt.Sprintf("r%d", i))
	}
	for _, who := range people {
		if _, err := us.NewArticles(ctx, who, nil); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := us.NewArticles(ctx, "alice", ids); err != nil {
		b.Fatal(err)
	}
	for _, who := range people {
		if _, err := us.MarkRead(ctx, who, true, ids[:2000]...); err != nil {
			b.Fatal(err)
		}
	}
	return us, ids
}

// BenchmarkReadStamp is one poll of a session: alice's read stamp.
func BenchmarkReadStamp(b *testing.B) {
	us, _ := readBench(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		if _, err := us.ReadStamp(ctx, "alice"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewArticles is one count of a session: which of the 10,000
// articles are new for alice (when the corpus or her marks changed).
func BenchmarkNewArticles(b *testing.B) {
	us, ids := readBench(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		if got, err := us.NewArticles(ctx, "alice", ids); err != nil || len(got) != 8000 {
			b.Fatal(len(got), err)
		}
	}
}
