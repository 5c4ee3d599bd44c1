package library

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier/index"
	"dossier/model/roadmap"
	tl "dossier/model/timeline"
	"dossier/seeds"
)

// startHeld starts a feed of o with the timeline's deriver whose opening
// waits, once its quick scan has decided, until release is called: what
// the feed reads before the scan confirms the generation can be looked at.
func startHeld(t *testing.T, o *opener) (f *Feed, release func()) {
	t.Helper()
	opts := o.options()
	opts.Deriver = TimelineDeriver()
	hold := make(chan struct{})
	var once sync.Once
	release = func() { once.Do(func() { close(hold) }) }
	f = start(context.Background(), opts, testHooks{quick: func(bool) { <-hold }})
	t.Cleanup(func() { release(); f.Close() })
	return f, release
}

func readyTimeline(t *testing.T, f *Feed) (tl.Timeline, *Snapshot) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := f.Ready(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Timeline(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return got, s
}

func hasLabel(t tl.Timeline, part string) bool {
	return slices.ContainsFunc(t.Events, func(ev tl.Event) bool { return strings.Contains(ev.Label, part) })
}

// TestPublishedTimelineBeforeTheScan: a feed reads the timeline the
// published generation keeps before its scan has decided anything; when
// the scan finds nothing changed, the snapshot takes that timeline rather
// than reading it again; when an article was added and another edited
// before the start, the snapshot's timeline has both changes and nothing
// of the edited article's old text, while the early one was the old
// timeline.
func TestPublishedTimelineBeforeTheScan(t *testing.T) {
	dir := timelineDir(t, 12)
	o := newOpener(t, dir)
	first, s := timelineOf(t, o, nil)
	if len(keptTimelines(t, s.keep)) != 1 || !hasLabel(first, "Plantaab") {
		t.Fatalf("nothing kept, or no Plantaab: %q", labels(first))
	}

	// Unchanged: the early read is the snapshot's timeline, not a copy.
	f, release := startHeld(t, o)
	early, ok := f.PublishedTimeline(nil)
	if !ok || len(early.Events) != len(first.Events) || labels(early)[0] != labels(first)[0] {
		t.Fatalf("read early: %v %q", ok, labels(early))
	}
	release()
	got, snap := readyTimeline(t, f)
	if snap.early == nil || &got.Events[0] != &early.Events[0] {
		t.Fatal("the snapshot read its kept timeline again instead of taking the one read early")
	}
	if _, ok := f.PublishedTimeline(nil); ok {
		t.Fatal("read early once the corpus is loaded")
	}
	f.Close()

	// An article added and one edited in place before the start.
	write(t, filepath.Join(dir, "t999.txt"), "date 2025-04-02\nPlant zzz opens\n\nOfficials in Astana opened the Plantzzz in Karaganda on 1 April 2025.\n")
	write(t, filepath.Join(dir, "t001.txt"), "date 2025-05-02\nPlant yyy opens\n\nOfficials in Astana opened the Plantyyy in Karaganda on 1 May 2025.\n")
	f, release = startHeld(t, o)
	early, ok = f.PublishedTimeline(nil)
	if !ok || !hasLabel(early, "Plantaab") || hasLabel(early, "Plantzzz") {
		t.Fatalf("read early (%v): want the generation's timeline as kept, got %q", ok, labels(early))
	}
	release()
	got, snap = readyTimeline(t, f)
	if !hasLabel(got, "Plantzzz") || !hasLabel(got, "Plantyyy") || hasLabel(got, "Plantaab") {
		t.Fatalf("after the scan: want Plantzzz and Plantyyy and no Plantaab, got %q", labels(got))
	}
	if snap.early != nil || &got.Events[0] == &early.Events[0] {
		t.Fatal("the snapshot of a new generation took the timeline read early")
	}
}

// TestEarlyTimelineReplacedOnDiskIsReadAgain: a kept timeline written
// again after the feed read it early (same generation, same name) is
// read from the file, not taken from the early read.
func TestEarlyTimelineReplacedOnDiskIsReadAgain(t *testing.T) {
	dir := timelineDir(t, 6)
	o := newOpener(t, dir)
	first, s := timelineOf(t, o, nil)
	kept := keptTimelines(t, s.keep)
	if len(kept) != 1 {
		t.Fatalf("kept: %v", kept)
	}
	f, release := startHeld(t, o)
	if _, ok := f.PublishedTimeline(nil); !ok {
		t.Fatal("nothing read early")
	}
	marked := first
	marked.Events = append([]tl.Event(nil), first.Events...)
	marked.Events[0].Label = "written after the early read"
	if err := writeAtomic(kept[0], encodeKeptTimeline(timelineKey(nil), tl.AppendTimeline(nil, marked))); err != nil {
		t.Fatal(err)
	}
	release()
	if got, _ := readyTimeline(t, f); got.Events[0].Label != "written after the early read" {
		t.Fatalf("took the early read of a file since replaced: %q", labels(got))
	}
}

// TestNoEarlyTimeline: nothing is read early without a kept index, before
// the first build, or for another catalogue.
func TestNoEarlyTimeline(t *testing.T) {
	dir := timelineDir(t, 4)
	o := newOpener(t, dir)
	f, release := startHeld(t, o) // no generation yet
	if _, ok := f.PublishedTimeline(nil); ok {
		t.Fatal("read early before any generation")
	}
	release()
	readyTimeline(t, f)
	f.Close()
	f, _ = startHeld(t, o)
	ms := []tl.Milestone{{ID: "m1", Label: "Plants agreed", Text: "Plants agreed", Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Precision: tl.Day}}
	if _, ok := f.PublishedTimeline(ms); ok {
		t.Fatal("read early for another catalogue")
	}
	if _, ok := f.PublishedTimeline(nil); !ok {
		t.Fatal("nothing read early for the catalogue kept")
	}
	opts := o.options()
	opts.CacheDir = ""
	mem := Start(context.Background(), opts)
	t.Cleanup(func() { mem.Close() })
	if _, ok := mem.PublishedTimeline(nil); ok {
		t.Fatal("read early without a kept index")
	}
}

// BenchmarkPublishedTimeline reads the timeline the published generation
// keeps, as a dashboard does before its scan confirms the generation: the
// first rows of its Timeline pane wait for this and for no more of the
// corpus. The corpus is $DOSSIER_BENCH_CORPUS (else 10,000 generated
// articles), its kept index under $DOSSIER_BENCH_CACHE (else the
// temporary folder), made or brought up to date first, untimed:
//
//	DOSSIER_BENCH_CORPUS=/work/corpora/c100k DOSSIER_BENCH_CACHE=$XDG_CACHE_HOME/dossier \
//	  go test -run '^$' -bench PublishedTimeline ./index/library/
func BenchmarkPublishedTimeline(b *testing.B) {
	cache := os.Getenv("DOSSIER_BENCH_CACHE")
	if cache == "" {
		cache = filepath.Join(os.TempDir(), "dossier-bench-cache")
	}
	syn, err := index.ParseSynonyms("synonyms.list", seeds.Synonyms)
	if err != nil {
		b.Fatal(err)
	}
	cat, err := roadmap.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		b.Fatal(err)
	}
	ms := tl.Milestones(cat)
	o := Options{Dirs: []string{benchCorpus(b)}, CacheDir: cache, Synonyms: syn, Deriver: TimelineDeriver()}
	l, err := Open(context.Background(), o)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := l.Snapshot().Timeline(context.Background(), ms); err != nil { // kept, if it was not
		b.Fatal(err)
	}
	l.Close()
	f := NewFeed()
	f.early = newEarly(o) // not opened: it reads early every time
	events := 0
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		t, ok := f.PublishedTimeline(ms)
		if !ok {
			b.Fatal("no kept timeline read")
		}
		events = len(t.Events)
	}
	b.ReportMetric(float64(events), "events")
}
