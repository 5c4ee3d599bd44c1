package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model"
	tl "dossier/model/timeline"
)

// bigTimeline is a timeline over the bound (tl.NotableAbove): 1,500
// events told by one article each, from 2019 on, every 100th notable,
// and one milestone.
func bigTimeline() tl.Timeline {
	t := tl.Timeline{Large: true}
	day := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 1500 {
		d := day.AddDate(0, 0, i)
		ev := tl.Event{Kind: tl.KindReported, Start: d, End: d, Precision: tl.Day, Label: fmt.Sprintf("event %d", i),
			Notable: i%100 == 0, Sources: []tl.Source{{ID: fmt.Sprintf("a%04d", i), Quote: "q", Basis: tl.Relative,
				Expression: "yesterday", Anchor: d.AddDate(0, 0, 1), AnchorPrecision: tl.Day, DateStart: d, DateEnd: d, Precision: tl.Day}}}
		t.Events = append(t.Events, ev)
	}
	ms := day.AddDate(2, 0, 0)
	t.Events = append(t.Events, tl.Event{Kind: tl.KindMilestone, Start: ms, End: ms, Precision: tl.Day, Label: "milestone",
		Milestone: "m1", Notable: true, Sources: []tl.Source{{ID: "m1", Basis: tl.Catalogue, Expression: "2021-01-01"}}})
	return t
}

// TestTimelineBoundedByDefault: on a large timeline the text and the
// JSON hold the notable events only, say how many others there are, and
// --all gives every one.
func TestTimelineBoundedByDefault(t *testing.T) {
	big := bigTimeline()
	if !big.Bounded() {
		t.Fatal("1,500 events are not over the bound")
	}
	corpus := &model.Corpus{}
	var out bytes.Buffer
	w, _ := TimelineOptions{}.window()
	w.all = w.all || !big.Bounded()
	left := printTimelineText(&out, corpus, big, w, 0)
	if left != 1500-15 || strings.Count(out.String(), "• event ") != 15 || !strings.Contains(out.String(), "◆ milestone") ||
		!strings.Contains(out.String(), "1485 more events, told by fewer articles; --all lists them") {
		t.Errorf("bounded text: %d left out\n%s", left, out.String())
	}
	out.Reset()
	left, err := printTimelineJSON(&out, corpus, big, w)
	var events []timelineJSON
	if err != nil || json.Unmarshal(out.Bytes(), &events) != nil || len(events) != 16 || left != 1485 {
		t.Errorf("bounded JSON: %d events, %d left out, %v", len(events), left, err)
	}
	out.Reset()
	w, _ = TimelineOptions{All: true}.window()
	if left, _ := printTimelineJSON(&out, corpus, big, w); left != 0 || json.Unmarshal(out.Bytes(), &events) != nil || len(events) != 1501 {
		t.Errorf("--all JSON: %d events, %d left out", len(events), left)
	}
}

// TestTimelineSinceUntil: --since and --until keep the events that meet
// the range, a month or a year standing for all its days; bad or reversed
// bounds are usage errors.
func TestTimelineSinceUntil(t *testing.T) {
	big := bigTimeline()
	corpus := &model.Corpus{}
	count := func(o TimelineOptions) int {
		t.Helper()
		w, err := o.window()
		if err != nil {
			t.Fatalf("%+v: %v", o, err)
		}
		var out bytes.Buffer
		if _, err := printTimelineJSON(&out, corpus, big, w); err != nil {
			t.Fatal(err)
		}
		var events []timelineJSON
		if err := json.Unmarshal(out.Bytes(), &events); err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if o.Since != "" && *e.End < o.Since[:4] || o.Until != "" && *e.Start > o.Until+"-99" {
				t.Errorf("%+v: event %s–%s outside", o, *e.Start, *e.End)
			}
		}
		return len(events)
	}
	// 2019-01-01 + 1,500 days runs into 2023; the milestone is on 2021-01-01.
	if n := count(TimelineOptions{All: true, Since: "2020", Until: "2020"}); n != 366 {
		t.Errorf("2020: %d events, want 366", n)
	}
	if n := count(TimelineOptions{All: true, Since: "2021-01", Until: "2021-01"}); n != 32 {
		t.Errorf("January 2021: %d events, want 31 and the milestone", n)
	}
	if n := count(TimelineOptions{All: true, Since: "2021-01-01", Until: "2021-01-01"}); n != 2 {
		t.Errorf("1 January 2021: %d events, want one and the milestone", n)
	}
	if n := count(TimelineOptions{Since: "2020"}); n != 12 {
		t.Errorf("notable since 2020: %d events", n)
	}
	for _, o := range []TimelineOptions{{Since: "2020-13"}, {Until: "yesterday"}, {Since: "2021", Until: "2020"}} {
		if _, err := o.window(); err == nil || ExitCode(err) != 2 {
			t.Errorf("%+v: %v (exit %d), want a usage error", o, err, ExitCode(err))
		}
	}
}

// TestTimelineJSONStreams: the JSON is written as it is made, in pieces
// of at most the output buffer, never as one document.
func TestTimelineJSONStreams(t *testing.T) {
	big := bigTimeline()
	w, _ := TimelineOptions{All: true}.window()
	rec := &writeRecorder{}
	if _, err := printTimelineJSON(rec, &model.Corpus{}, big, w); err != nil {
		t.Fatal(err)
	}
	if rec.writes < 1501 || rec.largest > 4096 {
		t.Errorf("%d writes, the largest %d bytes: not streamed event by event", rec.writes, rec.largest)
	}
	var events []timelineJSON
	if err := json.Unmarshal(rec.buf.Bytes(), &events); err != nil || len(events) != 1501 {
		t.Errorf("streamed JSON: %d events, %v", len(events), err)
	}
}

type writeRecorder struct {
	buf             bytes.Buffer
	writes, largest int
}

func (w *writeRecorder) Write(p []byte) (int, error) {
	w.writes++
	w.largest = max(w.largest, len(p))
	return w.buf.Write(p)
}

// TestTimelineUndatedArticles: an article with no date, nor an original
// with one, is listed last as undated (precision unknown); a translation
// dated through its original is not, and goes with its original's
// publication.
func TestTimelineUndatedArticles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"orig.md":  "---\ntitle: Roadmap agreed\nlang: en\ndate: 2025-04-07\n---\nKazakhstan and the EU endorsed the roadmap in Samarkand on 4 April.\n",
		"trans.md": "---\ntitle: Roadmap gebilligt\nlang: de\ntranslation_of: orig\n---\nKasachstan und die EU billigten die Roadmap am 4. April in Samarkand.\n",
		"loose.md": "---\ntitle: Notes without a date\nlang: en\n---\nNotes on the partnership, with no date anywhere.\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut bytes.Buffer
	err := Timeline(context.Background(), TimelineOptions{JSON: true, Sources: Sources{CorpusDirs: []string{dir}, NoCache: true}}, &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	var events []timelineJSON
	if err := json.Unmarshal(out.Bytes(), &events); err != nil {
		t.Fatal(err)
	}
	var undated []string
	for _, e := range events {
		if e.Start == nil {
			if e.Precision != "unknown" || e.Kind != "published" {
				t.Errorf("undated entry %+v", e)
			}
			undated = append(undated, e.Sources[0].ID)
		}
		if e.Kind == "published" && e.Start != nil && *e.Start == "2025-04-07" {
			if len(e.Sources) != 2 || e.Sources[1].ID != "trans" || e.Sources[1].Basis != "relative" {
				t.Errorf("the original's publication lacks its translation: %+v", e.Sources)
			}
		}
	}
	if len(undated) != 1 || undated[0] != "loose" {
		t.Errorf("undated %q, want only loose", undated)
	}
}

// TestTimelineJSONBatches: the JSON formatted in batches on two
// goroutines is the one formatted at once, whatever the batch; a writer
// that fails stops it with its error.
func TestTimelineJSONBatches(t *testing.T) {
	big := bigTimeline()
	for i := range big.Events { // events of different weights
		for k := range i % 7 {
			big.Events[i].Sources = append(big.Events[i].Sources, tl.Source{ID: fmt.Sprintf("b%d-%d", i, k), Quote: "more"})
		}
	}
	for _, all := range []bool{false, true} {
		w, _ := TimelineOptions{All: all}.window()
		var want bytes.Buffer
		wantLeft, err := printTimelineJSONBy(&want, &model.Corpus{}, big, w, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		for _, batch := range []int{1, 2, 7, 100, jsonBatch} {
			var got bytes.Buffer
			left, err := printTimelineJSONBy(&got, &model.Corpus{}, big, w, batch)
			if err != nil || left != wantLeft || !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("all %v, batch %d: %d bytes, %d left, %v; want %d bytes, %d left", all, batch, got.Len(), left, err, want.Len(), wantLeft)
			}
		}
	}
	w, _ := TimelineOptions{All: true}.window()
	if _, err := printTimelineJSONBy(&failingWriter{after: 50}, &model.Corpus{}, big, w, 3); err != errWriteFailed {
		t.Errorf("a failing writer: %v, want %v", err, errWriteFailed)
	}
}

var errWriteFailed = errors.New("write failed")

// failingWriter fails after some writes.
type failingWriter struct{ after int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.after--; f.after < 0 {
		return 0, errWriteFailed
	}
	return len(p), nil
}
