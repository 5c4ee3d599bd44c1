package sshd

import (
	"fmt"
	"testing"
	"time"
)

// testLimits are roomy figures that each test narrows.
func testLimits() limits {
	return limits{preauthStart: 100, preauthFull: 100, preauthPerAddr: 100, rate: 1000, maxSessions: 100, maxPerAddr: 100}
}

// admitOK admits a connection from addr and fails the test if refused.
func admitOK(t *testing.T, l *limiter, addr string, now time.Time) (*slot, *slot) {
	t.Helper()
	s, victim, r := l.admit(addr, now, func() {})
	if r != nil {
		t.Fatalf("%s refused: %s", addr, r.reason)
	}
	return s, victim
}

func TestLimiterRatePerAddress(t *testing.T) {
	now := time.Unix(1000, 0)
	lim := testLimits()
	lim.rate = 2 // bursts of 4
	l := newLimiter(lim)
	n := 0
	for range 10 {
		if _, _, r := l.admit("a", now, func() {}); r == nil {
			n++
		} else if r.flag != "--conn-rate" {
			t.Errorf("refused for %q by %s, want --conn-rate", r.reason, r.flag)
		}
	}
	if n != 4 {
		t.Errorf("burst from one address admitted %d, want 4", n)
	}
	// Another address has its own allowance: the rate is not global.
	for i := range 4 {
		if _, _, r := l.admit("b", now, func() {}); r != nil {
			t.Errorf("b's connection %d refused after a's burst: %s", i, r.reason)
		}
	}
	if _, _, r := l.admit("a", now.Add(600*time.Millisecond), func() {}); r != nil {
		t.Errorf("a after 0.6 s: %s", r.reason)
	}
}

func TestLimiterPreauthPerAddress(t *testing.T) {
	now := time.Unix(1000, 0)
	lim := testLimits()
	lim.preauthPerAddr = 2
	l := newLimiter(lim)
	s1, _ := admitOK(t, l, "a", now)
	admitOK(t, l, "a", now)
	_, _, r := l.admit("a", now, func() {})
	if r == nil || r.flag != "--preauth-per-addr" || r.limit != 2 {
		t.Fatalf("third unauthenticated from a: %+v", r)
	}
	admitOK(t, l, "b", now)
	// Logging in frees the pre-auth place.
	if r := l.promote(s1); r != nil {
		t.Fatalf("promote: %s", r.reason)
	}
	admitOK(t, l, "a", now)
	if pre, sess := l.counts(); pre != 3 || sess != 1 {
		t.Errorf("counts: %d unauthenticated, %d sessions; want 3, 1", pre, sess)
	}
}

// The random early drop: never below start, always at full, with
// probability (n-start)/(full-start) in between.
func TestLimiterRandomEarlyDrop(t *testing.T) {
	for _, tt := range []struct {
		n      int     // unauthenticated connections before the newcomer
		chance float64 // what the dice say
		drop   bool
	}{
		{n: 9, chance: 0, drop: false},     // below start (10)
		{n: 10, chance: 0, drop: false},    // p = 0 at start
		{n: 12, chance: 0.19, drop: true},  // p = 0.2
		{n: 12, chance: 0.21, drop: false}, // p = 0.2
		{n: 19, chance: 0.89, drop: true},  // p = 0.9
		{n: 19, chance: 0.91, drop: false}, // p = 0.9
		{n: 20, chance: 0.999, drop: true}, // full
		{n: 25, chance: 0.999, drop: true}, // past full (after lowering the figures)
	} {
		t.Run(fmt.Sprintf("n=%d,chance=%v", tt.n, tt.chance), func(t *testing.T) {
			now := time.Unix(1000, 0)
			l := newLimiter(testLimits())
			for i := range tt.n {
				admitOK(t, l, fmt.Sprintf("10.0.0.%d", i), now)
			}
			l.lim.preauthStart, l.lim.preauthFull = 10, 20
			l.chance = func() float64 { return tt.chance }
			_, victim := admitOK(t, l, "quiet", now)
			if (victim != nil) != tt.drop {
				t.Errorf("dropped %v, want %v", victim != nil, tt.drop)
			}
			want := tt.n + 1
			if tt.drop {
				want--
			}
			if pre, _ := l.counts(); pre != want {
				t.Errorf("%d unauthenticated after, want %d", pre, want)
			}
		})
	}
}

// What is dropped: the oldest unauthenticated connection of the address
// holding the most, counting the newcomer with its address.
func TestLimiterVictim(t *testing.T) {
	for _, tt := range []struct {
		name     string
		existing []string // addresses, oldest first
		newcomer string
		want     int // index into existing of the victim
	}{
		{"busiest address loses its oldest", []string{"q", "f", "g", "f", "f", "g"}, "new", 1},
		{"a newcomer from the busiest address drops its own oldest", []string{"q", "f", "f", "g", "g"}, "f", 1},
		{"ties go to the oldest connection", []string{"g", "f", "f", "g"}, "new", 0},
		{"the newcomer's address counts the newcomer", []string{"f", "q", "f", "q", "g"}, "q", 1},
		{"one each: the oldest of all", []string{"a", "b", "c"}, "d", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Unix(1000, 0)
			l := newLimiter(testLimits())
			var slots []*slot
			for _, a := range tt.existing {
				s, _ := admitOK(t, l, a, now)
				slots = append(slots, s)
			}
			l.lim.preauthStart, l.lim.preauthFull = 1, 1
			s, victim := admitOK(t, l, tt.newcomer, now)
			if victim != slots[tt.want] {
				got := -1
				for i, sl := range slots {
					if sl == victim {
						got = i
					}
				}
				t.Fatalf("victim is connection %d, want %d", got, tt.want)
			}
			if victim.state != slotGone || s.state != slotPreauth {
				t.Errorf("states: victim %v, newcomer %v", victim.state, s.state)
			}
			if pre, _ := l.counts(); pre != len(tt.existing) {
				t.Errorf("%d unauthenticated after the drop, want %d", pre, len(tt.existing))
			}
		})
	}
}

// A flood from many addresses can fill the pre-auth account to full but
// never drops a logged-in session, and a newcomer from a quiet address is
// always admitted.
func TestLimiterSessionsNeverDropped(t *testing.T) {
	now := time.Unix(1000, 0)
	lim := testLimits()
	lim.preauthStart, lim.preauthFull, lim.preauthPerAddr = 3, 6, 3
	l := newLimiter(lim)
	l.chance = func() float64 { return 0 }
	var sessions []*slot
	for range 5 {
		s, _ := admitOK(t, l, "staff", now)
		if r := l.promote(s); r != nil {
			t.Fatal(r.reason)
		}
		sessions = append(sessions, s)
	}
	for i := range 200 {
		now = now.Add(10 * time.Millisecond)
		admitOK(t, l, fmt.Sprintf("10.0.0.%d", i%7), now)
		if pre, sess := l.counts(); pre > 6 || sess != 5 {
			t.Fatalf("after %d flood connections: %d unauthenticated (full is 6), %d sessions (want 5)", i+1, pre, sess)
		}
	}
	for _, s := range sessions {
		if s.state != slotSession {
			t.Fatal("a session was dropped")
		}
	}
	login, _ := admitOK(t, l, "staff", now)
	admitOK(t, l, "10.0.0.1", now) // the flood goes on: login is young and alone
	if login.state != slotPreauth {
		t.Fatal("the newcomer from a quiet address was dropped by the next flood connection")
	}
	if r := l.promote(login); r != nil {
		t.Fatal(r.reason)
	}
}

func TestLimiterSessionCaps(t *testing.T) {
	now := time.Unix(1000, 0)
	lim := testLimits()
	lim.maxSessions, lim.maxPerAddr = 3, 2
	l := newLimiter(lim)
	promote := func(addr string) *refusal {
		s, _ := admitOK(t, l, addr, now)
		return l.promote(s)
	}
	if promote("a") != nil || promote("a") != nil {
		t.Fatal("first two sessions from a refused")
	}
	if r := promote("a"); r == nil || r.flag != "--max-per-addr" {
		t.Errorf("third from a: %+v", r)
	}
	if promote("b") != nil {
		t.Fatal("b refused")
	}
	s, _ := admitOK(t, l, "c", now)
	if r := l.promote(s); r == nil || r.flag != "--max-sessions" {
		t.Errorf("fourth session: %+v", r)
	}
	if pre, sess := l.counts(); pre != 0 || sess != 3 {
		t.Errorf("a refused login still counts: %d unauthenticated, %d sessions", pre, sess)
	}
	l.release(s) // releasing a refused login is harmless
	// Releasing twice frees one place only.
	s, _ = admitOK(t, l, "d", now)
	l.release(s)
	l.release(s)
	if pre, sess := l.counts(); pre != 0 || sess != 3 {
		t.Errorf("after double release: %d, %d", pre, sess)
	}
	// A dropped connection cannot log in.
	l.lim.preauthStart, l.lim.preauthFull = 1, 1
	s1, _ := admitOK(t, l, "e", now)
	_, victim := admitOK(t, l, "f", now)
	if victim != s1 {
		t.Fatal("e's connection was not dropped")
	}
	if r := l.promote(s1); r == nil {
		t.Error("a dropped connection logged in")
	}
}

// The per-address buckets are swept: the map holds about the addresses of
// the last 2 s, not every address ever seen.
func TestLimiterBucketsBounded(t *testing.T) {
	now := time.Unix(1000, 0)
	lim := testLimits()
	lim.rate = 1
	l := newLimiter(lim)
	for i := range 20000 {
		now = now.Add(10 * time.Millisecond) // 100 new addresses a second
		s, _, r := l.admit(fmt.Sprintf("10.%d.%d.%d", i>>16, (i>>8)&255, i&255), now, func() {})
		if r != nil {
			t.Fatalf("connection %d refused: %s", i, r.reason)
		}
		l.release(s)
	}
	if n := len(l.buckets); n > 2*minSweep {
		t.Errorf("%d buckets after 20000 addresses, want at most %d", n, 2*minSweep)
	}
}
