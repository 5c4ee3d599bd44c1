package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
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
	// Namibia, "tomorrow" in 001: reported, context.
	if nam := find("2022-11-09", "reported"); len(nam) != 1 || !nam[0].Context || !strings.Contains(nam[0].Label, "Namibia") {
		t.Errorf("Namibia events %+v", nam)
	}
	// Publications are in the JSON; the undated German translation comes last.
	if pubs := find("2022-11-08", "published"); len(pubs) != 1 || pubs[0].Sources[0].Basis != "stated" {
		t.Errorf("001 publication %+v", pubs)
	}
	last := events[len(events)-1]
	if last.Start != nil || last.Kind != "published" || last.Sources[0].ID != "004_d123cf3179b2b0cd" {
		t.Errorf("last event %+v, want the undated 004", last)
	}
	for _, e := range events {
		if e.Label == "" || utf8.RuneCountInString(e.Label) > 90 || strings.HasSuffix(e.Label, "…") {
			t.Errorf("label %q", e.Label)
		}
		if e.Kind != "reported" && e.Kind != "published" && e.Kind != "milestone" {
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
		"\nContext (not about the partnership)\n  ≈9 Nov 2022      • ",
		"\nUndated articles\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "▫") || strings.Contains(text, "…") {
		t.Errorf("publications or cut labels in the default text:\n%s", text)
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
