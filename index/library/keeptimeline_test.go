package library

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"dossier/model"
	tl "dossier/model/timeline"
)

// timelineDir is a corpus folder of n articles, each reporting an event of
// its own, dated in so many words.
func timelineDir(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		write(t, filepath.Join(dir, fmt.Sprintf("t%03d.txt", i)), timelineArticle(i))
	}
	return dir
}

func timelineArticle(i int) string {
	return fmt.Sprintf("date 2025-03-%02d\nPlant %s opens\n\nOfficials in Astana opened the Plant%s in Karaganda on %d February 2025, the ministry said.\n",
		i%28+1, tag(i), tag(i), i%28+1)
}

// timelineOf opens the library of o with the timeline's deriver and
// returns its snapshot's timeline and the generation's folder.
func timelineOf(t *testing.T, o *opener, ms []tl.Milestone) (tl.Timeline, *Snapshot) {
	t.Helper()
	opts := o.options()
	opts.Deriver = TimelineDeriver()
	l, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	s := l.Snapshot()
	got, err := s.Timeline(context.Background(), ms)
	if err != nil {
		t.Fatal(err)
	}
	return got, s
}

func keptTimelines(t *testing.T, genDir string) []string {
	t.Helper()
	ms, _ := filepath.Glob(filepath.Join(genDir, keptTimelinePrefix+"*"))
	return ms
}

func labels(t tl.Timeline) []string {
	var out []string
	for _, ev := range t.Events {
		out = append(out, ev.Label)
	}
	return out
}

// TestTimelineIsKeptWithTheGeneration: the timeline assembled from a
// kept generation is kept in its folder, and the next start reads it
// (a kept file changed on purpose shows); a damaged one, one for another
// catalogue, or a changed corpus is assembled again; the timeline is the
// same as one assembled.
func TestTimelineIsKeptWithTheGeneration(t *testing.T) {
	dir := timelineDir(t, 12)
	o := newOpener(t, dir)
	first, s := timelineOf(t, o, nil)
	kept := keptTimelines(t, s.keep)
	if s.keep == "" || len(kept) != 1 {
		t.Fatalf("kept in %q: %v", s.keep, kept)
	}
	if !strings.Contains(strings.Join(labels(first), "|"), "Plant") {
		t.Fatalf("the timeline lacks the plants: %q", labels(first))
	}
	// The same as assembled with nothing kept.
	assembled, err := NewSnapshot(s.Corpus, nil, nil).Timeline(context.Background(), nil)
	if err != nil || !reflect.DeepEqual(assembled, first) {
		t.Fatalf("assembled afresh: %q (%v), kept: %q", labels(assembled), err, labels(first))
	}
	again, s2 := timelineOf(t, o, nil)
	if !reflect.DeepEqual(again, first) || s2.keep != s.keep {
		t.Fatalf("read back: %q, want %q", labels(again), labels(first))
	}

	// The next start reads the kept file: one written with a label of its own shows.
	key := timelineKey(nil)
	marked := first
	marked.Events = append([]tl.Event(nil), first.Events...)
	marked.Events[0].Label = "read from the kept file"
	if err := os.WriteFile(kept[0], encodeKeptTimeline(key, tl.AppendTimeline(nil, marked)), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, _ := timelineOf(t, o, nil); got.Events[0].Label != "read from the kept file" {
		t.Fatalf("the kept timeline was not read: %q", labels(got))
	}

	// A damaged file is assembled again, and kept whole again.
	data, _ := os.ReadFile(kept[0])
	data[len(data)/2] ^= 0xFF
	os.WriteFile(kept[0], data, 0o600)
	if got, _ := timelineOf(t, o, nil); !reflect.DeepEqual(got, first) {
		t.Fatalf("after damage: %q", labels(got))
	}
	if data, _ := os.ReadFile(kept[0]); !reflect.DeepEqual(mustDecode(t, data, key), first) {
		t.Fatal("the damaged kept timeline was not replaced")
	}

	// Another catalogue: its own file.
	ms := []tl.Milestone{{ID: "m1", Label: "Plants agreed", Text: "Plants agreed", Start: first.Events[0].Start, End: first.Events[0].End, Precision: tl.Day}}
	withMs, s3 := timelineOf(t, o, ms)
	if strings.Join(labels(withMs), "|") == strings.Join(labels(first), "|") || len(keptTimelines(t, s3.keep)) != 2 {
		t.Fatalf("another catalogue: %q, kept %v", labels(withMs), keptTimelines(t, s3.keep))
	}

	// A changed corpus: a new generation, assembled afresh.
	write(t, filepath.Join(dir, "t999.txt"), "date 2025-04-02\nPlant zzz opens\n\nOfficials in Astana opened the Plantzzz in Karaganda on 1 April 2025.\n")
	changed, s4 := timelineOf(t, o, nil)
	if s4.keep == s.keep || !strings.Contains(strings.Join(labels(changed), "|"), "Plantzzz") {
		t.Fatalf("after a change (generation %q, was %q): %q", s4.keep, s.keep, labels(changed))
	}
}

func mustDecode(t *testing.T, data []byte, key string) tl.Timeline {
	t.Helper()
	got, err := decodeKeptTimeline(data, key)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestOneShotKeepsWhatTheTimelineLetGo: a library opened for a one-shot
// command (Options.OneShot) gives snapshots that do not hand the memory
// an assembly let go back to the system, built, opened warm or in memory;
// a server's do, for a large corpus.
func TestOneShotKeepsWhatTheTimelineLetGo(t *testing.T) {
	for _, oneShot := range []bool{false, true} {
		o := newOpener(t, timelineDir(t, 3))
		opts := o.options()
		opts.OneShot = oneShot
		for _, how := range []string{"built", "warm", "in memory"} {
			if how == "in memory" {
				opts.CacheDir = ""
			}
			l, err := Open(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := l.Snapshot().oneShot; got != oneShot {
				t.Errorf("one-shot %v, %s: the snapshot's is %v", oneShot, how, got)
			}
			l.Close()
		}
		large := &Snapshot{Corpus: &model.Corpus{Articles: make([]model.Article, bigBuild)}, oneShot: oneShot}
		small := &Snapshot{Corpus: &model.Corpus{Articles: make([]model.Article, bigBuild-1)}, oneShot: oneShot}
		if large.handsBack() == oneShot || small.handsBack() {
			t.Errorf("one-shot %v: a large corpus hands back %v, a small one %v", oneShot, large.handsBack(), small.handsBack())
		}
	}
}

// TestOneShotKeepsTheTimelineByClose: a one-shot command's timeline is
// kept in the background while it is printed, and whole by the time the
// library is closed: Close waits for the write. Others keep it before
// Timeline returns.
func TestOneShotKeepsTheTimelineByClose(t *testing.T) {
	for _, oneShot := range []bool{false, true} {
		o := newOpener(t, timelineDir(t, 12))
		opts := o.options()
		opts.Deriver = TimelineDeriver()
		opts.OneShot = oneShot
		// built, then opened warm: the generation as published
		l, err := Open(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		l.Close()
		release := make(chan struct{})
		l, err = open(context.Background(), opts, testHooks{write: func() { <-release }})
		if err != nil {
			t.Fatal(err)
		}
		s := l.Snapshot()
		for _, k := range keptTimelines(t, s.keep) {
			os.Remove(k)
		}
		want, err := s.Timeline(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(keptTimelines(t, s.keep)); n != 1 && !oneShot {
			t.Fatalf("not one-shot: %d kept timelines once Timeline returned", n)
		}
		closed := make(chan struct{})
		go func() {
			l.Close()
			close(closed)
		}()
		if oneShot {
			select {
			case <-closed:
				t.Fatal("one-shot: Close returned before the kept timeline was written")
			case <-time.After(50 * time.Millisecond):
			}
		}
		close(release)
		<-closed
		kept := keptTimelines(t, s.keep)
		if len(kept) != 1 {
			t.Fatalf("one-shot %v: %d kept timelines after Close", oneShot, len(kept))
		}
		data, err := os.ReadFile(kept[0])
		if err != nil || !reflect.DeepEqual(mustDecode(t, data, timelineKey(nil)), want) {
			t.Fatalf("one-shot %v: the kept timeline is not the one assembled (%v)", oneShot, err)
		}
	}
}
