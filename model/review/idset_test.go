package review

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestNewArticlesInAgreesWithNewArticles: counted over a shared IDSet, the
// new articles are those NewArticles finds over the same ids, through
// arrivals (a set that grows, in another order), marks read and unread,
// "mark all read" and people starting late, on every backend.
func TestNewArticlesInAgreesWithNewArticles(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		us := userState(t, freshStore(t, b))
		rng := rand.New(rand.NewPCG(7, 11))
		var universe []string
		for i := range 40 {
			universe = append(universe, fmt.Sprintf("art-%02d", i))
		}
		n := 10
		makeSet := func() *IDSet {
			ids := slices.Clone(universe[:n])
			rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
			if rng.IntN(2) == 0 {
				return NewIDSet(ids, nil)
			}
			return NewIDSet(ids, func(id string) int { return slices.Index(ids, id) })
		}
		set := makeSet()
		people := []string{"alice"}
		for step := range 120 {
			who := people[rng.IntN(len(people))]
			switch op := rng.IntN(6); op {
			case 0: // articles come in: a new snapshot, a new set
				n = min(n+1+rng.IntN(4), len(universe))
				set = makeSet()
			case 1:
				people = append(people, fmt.Sprintf("p%d", step))
			case 2, 3:
				ids := set.IDs()
				pick := []string{ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]}
				if _, err := us.MarkRead(ctx, who, op == 2, pick...); err != nil {
					t.Fatal(err)
				}
			case 4:
				if rng.IntN(4) == 0 {
					if _, err := us.MarkAllRead(ctx, who, set.IDs()); err != nil {
						t.Fatal(err)
					}
				}
			}
			got, err := us.NewArticlesIn(ctx, who, set)
			if err != nil {
				t.Fatal(err)
			}
			want, err := us.NewArticles(ctx, who, set.IDs())
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("step %d, %s: NewArticlesIn %q, NewArticles %q", step, who, got, want)
			}
		}
	})
}

// TestIDSetIsChecked: a set holding an id the store refuses is refused
// whole, as NewArticles refuses it.
func TestIDSetIsChecked(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		us := userState(t, freshStore(t, b))
		bad := []string{"fine", "bad\x00id"}
		if _, err := us.NewArticles(context.Background(), "alice", bad); err == nil {
			t.Fatal("NewArticles took an id with a NUL")
		}
		if _, err := us.NewArticlesIn(context.Background(), "alice", NewIDSet(bad, nil)); err == nil {
			t.Fatal("NewArticlesIn took an id with a NUL")
		}
	})
}

// TestIDSetIsRecordedOnce: sessions asking at the same moment over a new
// set (a server's first logins) pass over its ids once between them, and
// each gets the same answer.
func TestIDSetIsRecordedOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		st := freshStore(t, b)
		us := userState(t, st)
		var ids []string
		for i := range 2000 {
			ids = append(ids, fmt.Sprintf("art-%04d", i))
		}
		set := NewIDSet(ids, nil)
		const n = 16
		errs := make(chan error, n)
		for i := range n {
			go func() {
				got, err := us.NewArticlesIn(context.Background(), fmt.Sprintf("p%d", i), set)
				if err == nil && len(got) != 0 {
					err = fmt.Errorf("%d new at a first look", len(got))
				}
				errs <- err
			}()
		}
		for range n {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if p := st.(*sqlStore).passes.Load(); p != 1 {
			t.Fatalf("%d passes over the set's ids, want 1", p)
		}
	})
}

// A server records a new corpus's arrivals when it loads it: the counts
// that follow (its sessions' first screens) make no pass over every id,
// and they say what they said when the first count recorded them.
func TestRecordArrivalsBeforeTheFirstCount(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		st := freshStore(t, b)
		us := userState(t, st)
		ctx := context.Background()
		old := NewIDSet([]string{"a", "b"}, nil)
		if got, err := us.NewArticlesIn(ctx, "alice", old); err != nil || len(got) != 0 {
			t.Fatalf("alice's first look: %v, %v", got, err)
		}
		time.Sleep(2 * time.Millisecond) // the arrivals come after her baseline
		set := NewIDSet([]string{"a", "b", "c", "d"}, nil)
		passes := st.(*sqlStore).passes.Load()
		if err := us.RecordArrivals(ctx, set); err != nil {
			t.Fatal(err)
		}
		if err := us.RecordArrivals(ctx, set); err != nil {
			t.Fatal(err)
		}
		if got, err := us.NewArticlesIn(ctx, "alice", set); err != nil || !slices.Equal(got, []string{"c", "d"}) {
			t.Fatalf("alice after the load: %v, %v; want [c d]", got, err)
		}
		if got, err := us.NewArticlesIn(ctx, "bob", set); err != nil || len(got) != 0 {
			t.Fatalf("bob's first look: %v, %v; want nothing new", got, err)
		}
		if p := st.(*sqlStore).passes.Load() - passes; p != 1 {
			t.Fatalf("%d passes over the set's ids after the load, want 1 (the recording's)", p)
		}
	})
}
