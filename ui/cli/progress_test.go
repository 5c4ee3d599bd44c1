package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"dossier/index/library"
	"dossier/model"
)

func TestProgressLineShowsALongBuild(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	p := &progressLine{out: &out, now: func() time.Time { return clock }, width: func() int { return 80 }}
	p.update(library.Progress{Stage: library.StageScan})
	p.update(library.Progress{Stage: library.StageIndex, Total: 10000})
	clock = clock.Add(time.Second)
	p.update(library.Progress{Stage: library.StageIndex, Done: 1000, Total: 10000})
	if out.Len() != 0 {
		t.Fatalf("drawn before 2 s: %q", out.String())
	}
	clock = clock.Add(1500 * time.Millisecond)
	p.update(library.Progress{Stage: library.StageIndex, Done: 2500, Total: 10000})
	got := out.String()
	for _, want := range []string{"\r", "indexing 2,500/10,000 articles [", "] 1,000/s ~8 s left\x1b[K"} {
		if !strings.Contains(got, want) {
			t.Errorf("line %q lacks %q", got, want)
		}
	}
	if bar := got[strings.Index(got, "[")+1 : strings.Index(got, "]")]; strings.Count(bar, "#")*4 != len([]rune(bar)) {
		t.Errorf("a quarter done shows the bar %q", bar)
	}
	// Not drawn again within progressEvery.
	out.Reset()
	clock = clock.Add(50 * time.Millisecond)
	p.update(library.Progress{Stage: library.StageIndex, Done: 2550, Total: 10000})
	if out.Len() != 0 {
		t.Errorf("drawn again after 50 ms: %q", out.String())
	}
	// A warning clears the line first.
	out.Reset()
	p.around(func() { out.WriteString("dossier: warning: x\n") })
	if got := out.String(); got != "\r\x1b[Kdossier: warning: x\n" {
		t.Errorf("warning printed as %q", got)
	}
	// Ready: nothing left on screen (the line was cleared already).
	out.Reset()
	clock = clock.Add(time.Second)
	p.update(library.Progress{Stage: library.StageIndex, Done: 4000, Total: 10000})
	p.update(library.Progress{Stage: library.StageReady, Done: 10000, Total: 10000})
	if got := out.String(); !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("ready left %q", got)
	}
}

// After indexing, reading the articles again for the timeline's data is
// counted on its own line: its own verb, rate and time left from its start.
func TestProgressLineCountsTheTimelinesReading(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	p := &progressLine{out: &out, now: func() time.Time { return clock }, width: func() int { return 100 }}
	p.update(library.Progress{Stage: library.StageIndex, Total: 10})
	clock = clock.Add(time.Minute)
	p.update(library.Progress{Stage: library.StageIndex, Done: 10, Total: 10})
	out.Reset()
	p.update(library.Progress{Stage: library.StageDerive, Total: 8000})
	clock = clock.Add(4 * time.Second)
	p.update(library.Progress{Stage: library.StageDerive, Done: 2000, Total: 8000})
	got := out.String()
	for _, want := range []string{"reading for the timeline 2,000/8,000 articles [", "] 500/s ~12 s left"} {
		if !strings.Contains(got, want) {
			t.Errorf("line %q lacks %q", got, want)
		}
	}
}

func TestProgressLineQuietForAShortBuild(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	p := &progressLine{out: &out, now: func() time.Time { return clock }, width: func() int { return 80 }}
	for i := 0; i <= 100; i++ {
		p.update(library.Progress{Stage: library.StageIndex, Done: i, Total: 100})
		clock = clock.Add(15 * time.Millisecond)
	}
	p.update(library.Progress{Stage: library.StageReady, Done: 100, Total: 100})
	if out.Len() != 0 {
		t.Errorf("a 1.5 s build drew %q", out.String())
	}
}

func TestProgressTextFitsItsWidth(t *testing.T) {
	for _, w := range []int{20, 39, 40, 60, 79, 200} {
		line := progressText("indexing", 41234, 100000, 31*time.Second, w)
		if n := len([]rune(line)); n > w {
			t.Errorf("width %d: %d columns: %q", w, n, line)
		}
		if w < 40 && !strings.HasSuffix(line, "…") {
			t.Errorf("width %d: cut without …: %q", w, line)
		}
		if w >= 60 && !strings.Contains(line, "left") {
			t.Errorf("width %d: no time left: %q", w, line)
		}
	}
	if got := progressText("indexing", 100, 100000, 2*time.Second, 100); !strings.Contains(got, "~33 min left") {
		t.Errorf("long build: %q", got)
	}
}

// A writer that is not a terminal (a pipe, a file, a buffer) gets no line.
func TestNoProgressOffATerminal(t *testing.T) {
	o := library.Options{Warn: func(model.Warning) {}}
	if got := withProgress(o, &bytes.Buffer{}); got.Progress != nil {
		t.Error("progress on a buffer")
	}
}
