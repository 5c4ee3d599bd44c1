package sshd

import (
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// The limiter admits TCP connections before any SSH traffic and keeps two
// separate accounts: unauthenticated connections ("pre-auth", OpenSSH's
// startups) and logged-in sessions. A connection moves from the first to
// the second when its login succeeds; a logged-in session is never counted
// against, nor dropped by, the pre-auth limits. The sessions account counts
// dashboards: a logged-in connection holds the place of one, and each
// further dashboard on it takes one more (extra) while it runs.
//
// Pre-auth limits, checked in this order for a new connection from address A:
//
//  1. A's new-connection rate (a token bucket per address, not global: one
//     noisy address cannot use up everybody's rate).
//  2. A's unauthenticated connections (a per-address cap).
//  3. Random early drop, like OpenSSH's MaxStartups: with n unauthenticated
//     connections, nothing happens below start; from start to full a drop
//     happens with probability (n-start)/(full-start), and at full always.
//     What is dropped is chosen fairly, not blindly the newcomer: the
//     oldest unauthenticated connection of the address holding the most of
//     them, counting the newcomer with its own address (ties go to the
//     oldest connection). The newcomer is then admitted.
//
// Why not drop the newcomer, as OpenSSH does: while a flood keeps n above
// start, a plain random early drop refuses a real login as often as a
// flood connection. With 15 idle connections a second held for a 10 s
// deadline, start 10 and full 30, the count settles where
// n = 150*(1-(n-10)/20), n ≈ 26, and 82% of all newcomers, real logins
// included, are refused. Choosing the victim by address turns this
// around: a newcomer from a quiet address is always admitted and can only
// be dropped once its address holds as many unauthenticated connections as
// the busiest one, which a one-connection login never does while a flood
// address holds two; a flooding address only ever loses its own idle
// connections. Full is a hard cap on unauthenticated connections, and
// under a flood from more addresses than full, each connection still lives
// about full/(arrival rate) seconds before it is the oldest: enough for a
// login that takes a fraction of a second.

// limits are the limiter's figures, from Config.
type limits struct {
	preauthStart, preauthFull, preauthPerAddr int
	rate                                      float64 // new connections per second per address; bursts of twice that (at least 1)
	maxSessions, maxPerAddr                   int
}

// slotState is where a connection is in its life.
type slotState int

const (
	slotPreauth slotState = iota // connected, not logged in
	slotSession                  // logged in: counts against the sessions caps only
	slotGone                     // closed, dropped, or refused at login
)

// slot is one admitted connection's place in the limiter.
type slot struct {
	addr  string
	seq   uint64 // admission order: lower is older
	since time.Time
	state slotState
	drop  func() // closes the connection; called outside the limiter's lock
}

// refusal says why a connection was refused or dropped, and which figure
// (and flag) decided it.
type refusal struct {
	reason string
	flag   string
	limit  any
}

// bucket is one address's new-connection allowance.
type bucket struct {
	tokens float64
	last   time.Time
}

// minSweep is the size of the bucket map below which it is never swept.
const minSweep = 1024

// limiter holds the connection accounts; safe for concurrent use.
type limiter struct {
	mu       sync.Mutex
	lim      limits
	chance   func() float64 // uniform in [0, 1); fixed in tests
	seq      uint64
	preauth  map[string][]*slot // unauthenticated connections per address, oldest first
	npreauth int
	sessions map[string]int // logged-in sessions per address
	nsession int
	buckets  map[string]*bucket
	sweepAt  int
}

func newLimiter(lim limits) *limiter {
	return &limiter{lim: lim, chance: rand.Float64, preauth: map[string][]*slot{}, sessions: map[string]int{},
		buckets: map[string]*bucket{}, sweepAt: minSweep}
}

// admit decides on a new connection from addr; drop closes it should it
// later be chosen to make room. It returns the new slot, or why the
// connection is refused; and an older unauthenticated connection that was
// dropped to make room, whose drop the caller must call (outside the lock).
func (l *limiter) admit(addr string, now time.Time, drop func()) (s *slot, victim *slot, refused *refusal) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(addr, now)
	if b.tokens < 1 {
		return nil, nil, &refusal{"too many new connections from this address", "--conn-rate", l.lim.rate}
	}
	if len(l.preauth[addr]) >= l.lim.preauthPerAddr {
		return nil, nil, &refusal{"too many unauthenticated connections from this address", "--preauth-per-addr", l.lim.preauthPerAddr}
	}
	b.tokens--
	if l.dropNow() {
		victim = l.victim(addr)
		if victim != nil {
			l.remove(victim)
			victim.state = slotGone
		}
	}
	l.seq++
	s = &slot{addr: addr, seq: l.seq, since: now, drop: drop}
	l.preauth[addr] = append(l.preauth[addr], s)
	l.npreauth++
	return s, victim, nil
}

// dropNow is the random early drop: never below start, always at full,
// linearly more likely in between.
func (l *limiter) dropNow() bool {
	n, start, full := l.npreauth, l.lim.preauthStart, l.lim.preauthFull
	switch {
	case n >= full:
		return true
	case n < start:
		return false
	}
	return l.chance() < float64(n-start)/float64(full-start)
}

// victim is the oldest unauthenticated connection of the address holding
// the most, counting a newcomer from addr with its address; nil when there
// is no other unauthenticated connection. The newcomer, youngest of all, is
// never the victim.
func (l *limiter) victim(addr string) *slot {
	most := len(l.preauth[addr]) + 1
	for a, list := range l.preauth {
		if a != addr {
			most = max(most, len(list))
		}
	}
	var v *slot
	for a, list := range l.preauth {
		n := len(list)
		if a == addr {
			n++
		}
		if n == most && len(list) > 0 && (v == nil || list[0].seq < v.seq) {
			v = list[0]
		}
	}
	return v
}

// promote moves a connection whose login succeeded from the pre-auth
// account to the sessions account, or says why it may not have a session.
// A refused or already dropped connection leaves both accounts.
func (l *limiter) promote(s *slot) *refusal {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s.state != slotPreauth {
		return &refusal{reason: "connection already closed"}
	}
	l.remove(s)
	s.state = slotGone
	if r := l.sessionRoom(s.addr); r != nil {
		return r
	}
	s.state = slotSession
	l.nsession++
	l.sessions[s.addr]++
	return nil
}

// extra takes a sessions slot for a further dashboard of a logged-in
// connection from addr, within the same caps as a login.
func (l *limiter) extra(addr string) (*slot, *refusal) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r := l.sessionRoom(addr); r != nil {
		return nil, r
	}
	l.seq++
	s := &slot{addr: addr, seq: l.seq, state: slotSession}
	l.nsession++
	l.sessions[addr]++
	return s, nil
}

// sessionRoom says why addr may not have one more session, or nil.
func (l *limiter) sessionRoom(addr string) *refusal {
	if l.nsession >= l.lim.maxSessions {
		return &refusal{"server full", "--max-sessions", l.lim.maxSessions}
	}
	if l.sessions[addr] >= l.lim.maxPerAddr {
		return &refusal{"too many sessions from this address", "--max-per-addr", l.lim.maxPerAddr}
	}
	return nil
}

// release frees whatever the connection holds; releasing twice is harmless.
func (l *limiter) release(s *slot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch s.state {
	case slotPreauth:
		l.remove(s)
	case slotSession:
		l.nsession--
		if l.sessions[s.addr]--; l.sessions[s.addr] <= 0 {
			delete(l.sessions, s.addr)
		}
	}
	s.state = slotGone
}

// remove takes an unauthenticated connection off its address's list.
func (l *limiter) remove(s *slot) {
	list := l.preauth[s.addr]
	if i := slices.Index(list, s); i >= 0 {
		list = slices.Delete(list, i, i+1)
		l.npreauth--
	}
	if len(list) == 0 {
		delete(l.preauth, s.addr)
	} else {
		l.preauth[s.addr] = list
	}
}

// bucket returns addr's refilled allowance. Buckets that are full again
// (untouched for 2 s) are the same as absent ones and are swept out when
// the map has doubled since the last sweep, so it holds at most about the
// addresses seen in the last 2 s.
func (l *limiter) bucket(addr string, now time.Time) *bucket {
	burst := max(2*l.lim.rate, 1)
	refill := func(b *bucket) {
		b.tokens = min(burst, b.tokens+now.Sub(b.last).Seconds()*l.lim.rate)
		b.last = now
	}
	if len(l.buckets) >= l.sweepAt {
		for a, b := range l.buckets {
			if refill(b); b.tokens >= burst {
				delete(l.buckets, a)
			}
		}
		l.sweepAt = max(minSweep, 2*len(l.buckets))
	}
	b := l.buckets[addr]
	if b == nil {
		b = &bucket{tokens: burst, last: now}
		l.buckets[addr] = b
	}
	refill(b)
	return b
}

// counts returns the unauthenticated connections and logged-in sessions.
func (l *limiter) counts() (preauth, sessions int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.npreauth, l.nsession
}
