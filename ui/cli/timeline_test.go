package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"dossier/index/library"
	"dossier/model"
	tl "dossier/model/timeline"
	"dossier/seeds"
)

type timelineJSON struct {
	Start, End *string
	Precision  string
	Kind       string
	Label      string
	Context    bool
	Period     *string
	Milestone  string
	Sources    []struct {
		ID         string
		Quote      string
		Start, End int
		Basis      string
		Expression string
		Anchor     *string
		Announced  bool
	}
}

func TestTimelineJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := Timeline(context.Background(), TimelineOptions{JSON: true}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var events []timelineJSON
	if err := json.Unmarshal(out.Bytes(), &events); err != nil {
		t.Fatal(err)
	}
	find := func(start, kind string) []timelineJSON {
		var got []timelineJSON
		for _, e := range events {
			if e.Start != nil && *e.Start == start && e.Kind == kind {
				got = append(got, e)
			}
		}
		return got
	}
	// The MoU: a milestone with four articles and its catalogue entry; 001 says "yesterday".
	mou := find("2022-11-07", "milestone")
	if len(mou) != 1 || mou[0].Precision != "day" || mou[0].Context {
		t.Fatalf("MoU events %+v", mou)
	}
	ids := map[string]bool{}
	for _, s := range mou[0].Sources {
		ids[s.ID[:3]] = true
		if s.ID == "001_23f0434f9776576a" {
			if s.Basis != "relative" || s.Expression != "yesterday" || s.Anchor == nil || *s.Anchor != "2022-11-08" ||
				!strings.Contains(s.Quote, "yesterday signed a Memorandum of Understanding") {
				t.Errorf("001 source %+v", s)
			}
		}
		if strings.HasPrefix(s.ID, "# MoU") && (s.Basis != "catalogue" || s.Anchor != nil) {
			t.Errorf("catalogue source %+v", s)
		}
	}
	for _, id := range []string{"001", "002", "003", "004", "# M"} {
		if !ids[id] {
			t.Errorf("MoU lacks source %s: %+v", id, mou[0].Sources)
		}
	}
	// The first roadmap, agreed 19 May 2023, with its period and the articles naming it.
	rm := find("2023-05-19", "milestone")
	if len(rm) != 1 || rm[0].Period == nil || *rm[0].Period != "2023-2024" || len(rm[0].Sources) != 4 {
		t.Errorf("Roadmap 2023-2024 events %+v", rm)
	}
	// The press release of 8 Nov 2022 names the roadmap of 19 May 2023: it
	// announced it, it does not report it.
	for _, src := range rm[0].Sources {
		if announced := src.ID == "001_23f0434f9776576a"; src.Announced != announced {
			t.Errorf("Roadmap 2023-2024 source %s: announced %v", src.ID, src.Announced)
		}
	}
	// Namibia, "tomorrow" in 001 of 8 Nov: planned (announced, not
	// reported), context.
	if nam := find("2022-11-09", "planned"); len(nam) != 1 || !nam[0].Context || !strings.Contains(nam[0].Label, "Namibia") ||
		!nam[0].Sources[0].Announced {
		t.Errorf("Namibia events %+v", nam)
	}
	// Publications are in the JSON of a small timeline, with their whole
	// title; 004 is dated through 002, which it translates: no undated entry.
	if pubs := find("2022-11-08", "published"); len(pubs) != 1 || pubs[0].Sources[0].Basis != "stated" ||
		pubs[0].Label != "COP27: European Union concludes a strategic partnership with Kazakhstan on raw materials, batteries and renewable hydrogen" {
		t.Errorf("001 publication %+v", pubs)
	}
	if last := events[len(events)-1]; last.Start == nil {
		t.Errorf("last event %+v: no seed article is undated", last)
	}
	for _, e := range events {
		if e.Label == "" || e.Kind != "published" && utf8.RuneCountInString(e.Label) > 90 || strings.HasSuffix(e.Label, "…") {
			t.Errorf("label %q", e.Label)
		}
		if e.Kind != "reported" && e.Kind != "published" && e.Kind != "milestone" && e.Kind != "planned" {
			t.Errorf("kind %q", e.Kind)
		}
	}
}

func TestTimelineText(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := Timeline(context.Background(), TimelineOptions{}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"\n2022\n  7 Nov 2022       ◆ von der Leyen and Smailov sign MoU",
		`001_23f0434f9776576a · from "yesterday", published 8 Nov 2022`,
		"  19 May 2023      ◆ ",
		"◇ 001_23f0434f9776576a · announced, published 8 Nov 2022 · \"2023-2024\"",
		"\nContext (not about the partnership)\n  ≈9 Nov 2022      ◇ ",
		`◇ 001_23f0434f9776576a · announced · from "Tomorrow", published 8 Nov 2022`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "▫") || strings.Contains(text, "…") || strings.Contains(text, "Undated") {
		t.Errorf("publications, cut labels or undated articles in the default text:\n%s", text)
	}
	out.Reset()
	if err := Timeline(context.Background(), TimelineOptions{Published: true}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "  8 Nov 2022       ▫ COP27: European Union concludes") {
		t.Errorf("--published lacks 001's publication:\n%s", out.String())
	}
}

func TestTimelineCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	err := Timeline(ctx, TimelineOptions{}, &out, &errOut)
	if !errors.Is(err, context.Canceled) || out.Len() != 0 {
		t.Errorf("cancelled timeline: err %v, output %q", err, out.String())
	}
}

// TestTimelineJSONFields: every event has exactly the fields the README
// documents, with their JSON types, and so has every source.
func TestTimelineJSONFields(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := Timeline(context.Background(), TimelineOptions{JSON: true}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var events []map[string]any
	if err := json.Unmarshal(out.Bytes(), &events); err != nil {
		t.Fatal(err)
	}
	// the type of each field: "s" string, "s?" string or null, "n" number, "b" bool, "a" array
	eventFields := map[string]string{"start": "s?", "end": "s?", "precision": "s", "kind": "s", "label": "s",
		"context": "b", "sources": "a"}
	optional := map[string]string{"period": "s", "milestone": "s", "more_sources": "n"}
	sourceFields := map[string]string{"id": "s", "quote": "s", "start": "n", "end": "n", "basis": "s",
		"expression": "s", "anchor": "s?", "announced": "b"}
	typeOK := func(v any, want string) bool {
		switch v.(type) {
		case string:
			return want == "s" || want == "s?"
		case nil:
			return want == "s?"
		case float64:
			return want == "n"
		case bool:
			return want == "b"
		case []any:
			return want == "a"
		}
		return false
	}
	check := func(what string, obj map[string]any, fields, opt map[string]string) {
		for k, want := range fields {
			if v, ok := obj[k]; !ok || !typeOK(v, want) {
				t.Errorf("%s: field %q is %#v (present %v), want type %s", what, k, v, ok, want)
			}
		}
		for k, v := range obj {
			if _, ok := fields[k]; ok {
				continue
			}
			if want, ok := opt[k]; !ok || !typeOK(v, want) {
				t.Errorf("%s: field %q (%#v) is not documented", what, k, v)
			}
		}
	}
	seen := map[string]bool{}
	for i, e := range events {
		what := fmt.Sprintf("event %d (%v)", i, e["label"])
		check(what, e, eventFields, optional)
		srcs, _ := e["sources"].([]any)
		if len(srcs) == 0 {
			t.Errorf("%s has no sources", what)
		}
		for _, s := range srcs {
			src, _ := s.(map[string]any)
			check(what+" source", src, sourceFields, nil)
			seen["basis "+fmt.Sprint(src["basis"])] = true
			if src["basis"] == "relative" && src["anchor"] == nil || src["basis"] != "relative" && src["anchor"] != nil {
				t.Errorf("%s source %v: an anchor is given exactly for relative dates", what, src)
			}
		}
		seen["precision "+fmt.Sprint(e["precision"])] = true
		seen["kind "+fmt.Sprint(e["kind"])] = true
		for k := range optional {
			if _, ok := e[k]; ok {
				seen[k] = true
			}
		}
	}
	// The seeds hold every kind, basis and optional field, and these precisions.
	for _, want := range []string{"kind reported", "kind published", "kind milestone", "kind planned", "basis stated",
		"basis relative", "basis catalogue", "precision day", "precision month", "precision year", "precision span",
		"period", "milestone"} {
		if !seen[want] {
			t.Errorf("no event or source with %s in the seeds' JSON", want)
		}
	}
}

// TestTimelineWarmStartReusesExtractions: the kept index keeps each
// article's extraction; a second run extracts nothing and gives the same
// timeline, and a changed article alone is extracted again.
func TestTimelineWarmStartReusesExtractions(t *testing.T) {
	dir := t.TempDir()
	files, err := fs.Glob(seeds.Corpus, "*.txt")
	if err != nil || len(files) != 5 {
		t.Fatalf("seed articles %q: %v", files, err)
	}
	files = append(files, "catalogue.yaml")
	for _, f := range files {
		data, err := fs.ReadFile(seeds.Corpus, f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := Sources{CorpusDirs: []string{dir}, CacheDir: t.TempDir()}
	cat, err := LoadRoadmap("")
	if err != nil {
		t.Fatal(err)
	}
	ms := tl.Milestones(cat)
	run := func() (tl.Timeline, int64, *library.Snapshot) {
		t.Helper()
		var n atomic.Int64
		d := library.TimelineDeriver()
		derive := d.Derive
		d.Derive = func(ctx context.Context, doc model.Document, ref model.Article) ([]byte, error) {
			n.Add(1)
			return derive(ctx, doc, ref)
		}
		lib, err := OpenLibrary(context.Background(), src, d, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		defer lib.Close()
		snap := lib.Snapshot()
		got, err := snap.Timeline(context.Background(), ms)
		if err != nil {
			t.Fatal(err)
		}
		return got, n.Load(), snap
	}
	cold, n, _ := run()
	// (an undated translation is extracted once more, with its original's date)
	if n < 5 || len(cold.Events) == 0 {
		t.Fatalf("cold start: %d extractions, %d events", n, len(cold.Events))
	}
	warm, n, snap := run()
	if n != 0 {
		t.Errorf("warm start extracted %d articles again", n)
	}
	// Each kept extraction is fresh: the timeline is assembled from them
	// without reading an article (Snapshot.Timeline reads the text only
	// for missing or stale ones).
	docs := make([]tl.Doc, len(snap.Corpus.Articles))
	for i, a := range snap.Corpus.Articles {
		docs[i] = tl.DocOf(a, "")
	}
	derived := snap.AllDerived()
	for i, ref := range tl.References(docs) {
		data := derived[docs[i].ID]
		if ex, err := tl.DecodeExtraction(data); err != nil || !ex.Fresh(ref) {
			t.Errorf("no fresh kept extraction for %s (%d bytes, %v)", docs[i].ID, len(data), err)
		}
	}
	if len(warm.Events) != len(cold.Events) {
		t.Fatalf("warm start: %d events, cold %d", len(warm.Events), len(cold.Events))
	}
	for i := range warm.Events {
		if w, c := warm.Events[i], cold.Events[i]; w.Key() != c.Key() || w.Label != c.Label || len(w.Sources) != len(c.Sources) {
			t.Errorf("event %d: warm %q, cold %q", i, w.Label, c.Label)
		}
	}
	f := filepath.Join(dir, "003_272ce948f6555c66.txt")
	data, _ := os.ReadFile(f)
	if err := os.WriteFile(f, append(data, "\nThe EBRD opened an office in Astana on 3 March 2025.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	changed, n, _ := run()
	if n != 1 {
		t.Errorf("after one article changed, %d extractions", n)
	}
	if len(eventsOnDay(changed, "2025-03-03")) != 1 {
		t.Errorf("the changed article's new event is missing")
	}
}

func eventsOnDay(t tl.Timeline, day string) []tl.Event {
	var out []tl.Event
	for _, e := range t.Events {
		if e.Start.Format(time.DateOnly) == day && e.Kind == tl.KindReported {
			out = append(out, e)
		}
	}
	return out
}

// TestTimelineStopsOnSIGTERM: SIGTERM stops `dossier timeline` while it
// reads and extracts a corpus of 3,000 articles: it exits 1 at once,
// saying it was interrupted, and prints no timeline.
func TestTimelineStopsOnSIGTERM(t *testing.T) {
	bin := needBinary(t)
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	places := []string{"Astana", "Almaty", "Karaganda", "Pavlodar", "Brussels", "Samarkand"}
	things := []string{"lithium", "graphite", "tungsten", "hydrogen", "copper", "rare earths"}
	months := []string{"January", "March", "May", "June", "September", "November"}
	for i := range 3000 {
		var b strings.Builder
		fmt.Fprintf(&b, "date 2024-%02d-%02d\nKazakhstan and the EU on %s, part %d\n\n", 1+i%12, 1+i%28, things[i%6], i)
		for b.Len() < 3000 {
			fmt.Fprintf(&b, "The EU and Kazakhstan signed a memorandum on %s in %s on %d %s %d, said minister %d. ",
				things[r.IntN(6)], places[r.IntN(6)], 1+r.IntN(28), months[r.IntN(6)], 2015+r.IntN(10), r.IntN(1000))
			fmt.Fprintf(&b, "Analysts expect %s output in %s to grow by %d percent.\n\n", things[r.IntN(6)], places[r.IntN(6)], r.IntN(90))
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%04d.txt", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cache := t.TempDir()
	cmd := exec.Command(bin, "timeline", "--corpus", dir)
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache, "DOSSIER_STORE=")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Signal once the kept index is being written: the work has begun.
	deadline := time.Now().Add(20 * time.Second)
	for {
		if locks, _ := filepath.Glob(filepath.Join(cache, "dossier", "corpora", "*", "write.lock")); len(locks) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the kept index was never started:\n%s", errOut.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("dossier timeline did not stop within 20 s of SIGTERM")
	}
	if code := cmd.ProcessState.ExitCode(); code != 1 || out.Len() != 0 || !strings.Contains(errOut.String(), "timeline: interrupted") {
		t.Errorf("after SIGTERM: exit %d, stdout %d bytes, stderr %q", code, out.Len(), errOut.String())
	}
}
