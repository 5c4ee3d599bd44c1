package sshd

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newLimiter(3, 2, 0)
	r1, why := l.admit("a", now)
	r2, _ := l.admit("a", now)
	if r1 == nil || r2 == nil || why != "" {
		t.Fatal("first two refused")
	}
	if _, why := l.admit("a", now); why != "too many connections from this address" {
		t.Errorf("third from a: %q", why)
	}
	r3, _ := l.admit("b", now)
	if _, why := l.admit("c", now); why != "server full" {
		t.Errorf("fourth: %q", why)
	}
	r1()
	r1() // releasing twice frees one slot only
	if _, why := l.admit("c", now); why != "" {
		t.Errorf("after a release: %q", why)
	}
	if _, why := l.admit("d", now); why != "server full" {
		t.Errorf("double release freed two slots: %q", why)
	}
	r2()
	r3()

	rl := newLimiter(0, 0, 2) // 2 per second, burst 4
	n := 0
	for i := 0; i < 10; i++ {
		if _, why := rl.admit("x", now); why == "" {
			n++
		}
	}
	if n != 4 {
		t.Errorf("burst admitted %d, want 4", n)
	}
	if _, why := rl.admit("x", now.Add(600*time.Millisecond)); why != "" {
		t.Errorf("after 0.6 s: %q", why)
	}
}
