package sshd

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"dossier/model"
)

// eventsCorpus is n articles, each reporting an event of its own, and a
// second report of every tenth one: a large timeline (notable events
// bounded) that takes a while to assemble.
func eventsCorpus(n int) *model.Corpus {
	var docs []model.Document
	add := func(id string, i int) {
		docs = append(docs, model.Document{Article: model.Article{ID: id, Title: fmt.Sprintf("Plant %d opens in Karaganda", i), Lang: "en",
			Date: time.Date(2025, 3, 1+i%28, 0, 0, 0, 0, time.UTC), Precision: model.Day},
			Body: fmt.Sprintf("Officials in Astana opened the Plant%d in Karaganda on %d February 2025, the ministry said. The plant will process lithium from the Plant%d mine.", i, 1+i%28, i)})
	}
	for i := range n {
		add(fmt.Sprintf("a%05d", i), i)
		if i%10 == 0 {
			add(fmt.Sprintf("b%05d", i), i)
		}
	}
	return model.NewMemCorpus("events", docs)
}

// TestSessionsBuildNothing: sessions share one snapshot, its timeline and
// its index: what the first session's screen needed (the timeline of 3,000
// articles) is made once, and each session after it costs a small, bounded
// allocation, far below one timeline; the timeline they list is the
// snapshot's own, the one already made.
func TestSessionsBuildNothing(t *testing.T) {
	shared, snap := sharedOf(t, eventsCorpus(3000))
	signer, line := testKey(t, "alice")
	_, addr := startServer(t, Config{MaxSessions: 50, MaxPerAddr: 50}, line, shared)
	const listed = " events · oldest first"
	alloc := func() uint64 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.TotalAlloc
	}
	a0 := alloc()
	first := dialPty(t, addr, signer, 120, 35)
	first.waitFor(t, listed, 60*time.Second)
	firstCost := alloc() - a0

	const more = 6
	a1 := alloc()
	for range more {
		p := dialPty(t, addr, signer, 120, 35)
		p.waitFor(t, listed, 30*time.Second)
	}
	perSession := (alloc() - a1) / more
	t.Logf("the first session: %.1f MiB allocated (with the timeline); each after it: %.2f MiB", float64(firstCost)/(1<<20), float64(perSession)/(1<<20))
	if perSession*5 > firstCost {
		t.Errorf("each session allocates %.1f MiB, more than a fifth of the first's %.1f MiB (which made the timeline): something is built per session",
			float64(perSession)/(1<<20), float64(firstCost)/(1<<20))
	}
	// The timeline the sessions list is the snapshot's, made once: asking
	// for it again makes nothing.
	made := false
	if _, err := snap.Value(context.Background(), "timeline", func() any { made = true; return nil }); err != nil || made {
		t.Errorf("the sessions' timeline was not the snapshot's shared one (made again: %v, %v)", made, err)
	}
}
