package review

import (
	"context"
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
