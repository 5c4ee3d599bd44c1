package timeline

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"dossier/model"
	"dossier/model/roadmap"
	"dossier/seeds"
)

// seedDocs loads the embedded seed corpus as the command line does.
func seedDocs(t testing.TB) []Doc {
	t.Helper()
	c, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	return FromCorpus(c)
}

// seedMilestones are the milestones of the embedded roadmap catalogue.
func seedMilestones(t testing.TB) []Milestone {
	t.Helper()
	cat, err := roadmap.Parse("seeds/roadmap.md", seeds.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	return Milestones(cat)
}

func mustDay(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatalf("bad date %q: %v", s, err)
	}
	return d
}

// eventsOn returns the events of a kind that start on a day.
func eventsOn(evs []Event, day string, k Kind) []Event {
	var out []Event
	for _, e := range evs {
		if e.Start.Format(time.DateOnly) == day && e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

func sourceIDs(e Event) []string {
	var ids []string
	for _, s := range e.Sources {
		ids = append(ids, s.ID)
	}
	return ids
}

func dumpEvents(t *testing.T, evs []Event) {
	t.Helper()
	for _, e := range evs {
		t.Logf("%-14s %-9s ctx=%-5v %q %q", e.DateString(), e.Kind, e.Context, e.Label, sourceIDs(e))
	}
}

func sourceOf(e Event, id string) (Source, bool) {
	for _, s := range e.Sources {
		if s.ID == id {
			return s, true
		}
	}
	return Source{}, false
}

// checkTimeline asserts what holds for every timeline: order, labels that
// are whole headlines, exact quotes, keys that tell events apart, and no
// two rows made of one sentence.
func checkTimeline(t *testing.T, docs []Doc, tl Timeline) {
	t.Helper()
	text := map[string]string{}
	for _, d := range docs {
		text[d.ID] = d.Text
	}
	keys := map[string]bool{}
	sentences := map[string]string{}
	for i, e := range tl.Events {
		if i > 0 {
			p := tl.Events[i-1]
			if e.Start.Before(p.Start) || e.Start.Equal(p.Start) && e.End.Before(p.End) {
				t.Errorf("events %d and %d out of order", i-1, i)
			}
		}
		if e.End.Before(e.Start) || len(e.Sources) == 0 {
			t.Errorf("bad event %+v", e)
		}
		if e.Kind == KindPublished {
			checkWholeTitle(t, e)
		} else if !isTitleOf(e, docs) {
			checkLabel(t, e.Label)
		}
		if keys[e.Key()] {
			t.Errorf("two events with key %q", e.Key())
		}
		keys[e.Key()] = true
		for _, s := range e.Sources {
			if s.End > s.Start && text[s.ID][s.Start:s.End] != s.Quote {
				t.Errorf("source %s quote offsets [%d:%d] wrong", s.ID, s.Start, s.End)
			}
			if e.Kind != KindPublished && s.Basis != Catalogue {
				k := s.ID + "\x00" + s.Quote
				if prev, dup := sentences[k]; dup && prev != e.Key() && s.DateStart.Equal(e.Start) {
					t.Errorf("one sentence of %s makes two rows: %q", s.ID, s.Quote)
				}
				sentences[k] = e.Key()
			}
		}
	}
}

// checkWholeTitle asserts a publication is labelled with the whole title
// of one of its articles, never shortened.
func checkWholeTitle(t *testing.T, e Event) {
	t.Helper()
	for _, s := range e.Sources {
		if e.Label == strings.Join(strings.Fields(s.Quote), " ") {
			return
		}
	}
	t.Errorf("publication label %q is none of its titles", e.Label)
}

// isTitleOf reports an event labelled with the whole title of one of its
// articles (when no sentence made a headline).
func isTitleOf(e Event, docs []Doc) bool {
	for _, s := range e.Sources {
		for _, d := range docs {
			if d.ID == s.ID && d.Title != "" && e.Label == strings.Join(strings.Fields(d.Title), " ") {
				return true
			}
		}
	}
	return false
}

// checkLabel asserts a label is a headline: not empty, at most about 90
// runes, not ending in an ellipsis or a dangling word.
func checkLabel(t *testing.T, label string) {
	t.Helper()
	if label == "" || utf8.RuneCountInString(label) > maxLabel || strings.HasSuffix(label, "…") ||
		label != strings.TrimSpace(label) {
		t.Errorf("bad label %q", label)
	}
	words := strings.Fields(label)
	if last := strings.ToLower(words[len(words)-1]); labelVocabulary().dangling[last] {
		t.Errorf("label %q ends with %q", label, last)
	}
}

func TestSeedsTimeline(t *testing.T) {
	docs := seedDocs(t)
	tl, err := Build(context.Background(), docs, seedMilestones(t))
	if err != nil {
		t.Fatal(err)
	}
	dumpEvents(t, tl.Events)
	checkTimeline(t, docs, tl)

	// The MoU of 7 Nov 2022: a milestone told by four articles; 001 says "yesterday".
	mou := eventsOn(tl.Events, "2022-11-07", KindMilestone)
	if len(mou) != 1 {
		t.Fatalf("MoU milestones: %+v", mou)
	}
	for _, id := range []string{"001_23f0434f9776576a", "002_c9518c213fe21bc0", "003_272ce948f6555c66", "004_d123cf3179b2b0cd"} {
		if _, ok := sourceOf(mou[0], id); !ok {
			t.Errorf("MoU lacks source %s: %q", id, sourceIDs(mou[0]))
		}
	}
	if !strings.Contains(mou[0].Label, "MoU") || !strings.Contains(mou[0].Label, "sign") {
		t.Errorf("MoU label %q names neither the memorandum nor its signing", mou[0].Label)
	}
	s001, _ := sourceOf(mou[0], "001_23f0434f9776576a")
	if s001.Basis != Relative || s001.Expression != "yesterday" || !s001.Anchor.Equal(mustDay(t, "2022-11-08")) ||
		s001.AnchorPrecision != Day || s001.DateNote() != `from "yesterday", published 8 Nov 2022` {
		t.Errorf("001 source %+v (%s)", s001, s001.DateNote())
	}
	if mou[0].Inferred() {
		t.Error("the catalogue states the MoU's day: not inferred")
	}
	if len(eventsOn(tl.Events, "2022-11-01", KindReported)) != 0 || len(eventsOn(tl.Events, "2022-01-01", KindReported)) != 0 {
		t.Error("November 2022 / 2022 mentions should have joined the MoU")
	}

	// 4 Apr 2025: the roadmap's endorsement, with the English article and its translation.
	end := eventsOn(tl.Events, "2025-04-04", KindMilestone)
	var endorsement Event
	for _, e := range end {
		if strings.Contains(e.Label, "endorse") && strings.Contains(e.Label, "Roadmap") {
			endorsement = e
		}
	}
	if endorsement.Label == "" || endorsement.Period != (Period{2025, 2026}) {
		t.Fatalf("no roadmap endorsement on 4 Apr 2025: %+v", end)
	}
	de, ok := sourceOf(endorsement, "004_d123cf3179b2b0cd")
	if !ok || de.Expression != "4. April" || de.Basis != Relative || de.AnchorID != "002_c9518c213fe21bc0" {
		t.Errorf("German source %+v", de)
	}

	// The 19 May 2023 milestone, and the articles that name its period.
	rm := eventsOn(tl.Events, "2023-05-19", KindMilestone)
	if len(rm) != 1 || rm[0].Period != (Period{2023, 2024}) || len(rm[0].Sources) != 4 {
		t.Fatalf("Roadmap 2023-2024: %+v", rm)
	}
	// Periods are not rows.
	for _, e := range tl.Events {
		if isPeriod(rng{e.Start, e.End, e.Precision}) {
			t.Errorf("a period is a row: %s %q", e.DateString(), e.Label)
		}
	}

	// Every milestone of SOURCES.md is there.
	for _, day := range []string{"2023-05-01", "2023-06-01", "2023-11-01", "2024-05-16", "2025-01-01", "2025-06-01", "2025-12-09"} {
		if len(eventsOn(tl.Events, day, KindMilestone)) == 0 {
			t.Errorf("no milestone on %s", day)
		}
	}
	if n := len(eventsOn(tl.Events, "2025-04-04", KindMilestone)); n != 2 {
		t.Errorf("%d milestones on 4 Apr 2025, want the roadmap and the EU–Central Asia declaration", n)
	}

	// Namibia, "tomorrow" in 001 of 8 Nov: announced for 9 Nov, not
	// reported, so planned; inferred; not about the partnership.
	nam := eventsOn(tl.Events, "2022-11-09", KindPlanned)
	if len(nam) != 1 || !nam[0].Context || !nam[0].Inferred() || !strings.Contains(nam[0].Label, "Namibia") ||
		!nam[0].Sources[0].Announced {
		t.Errorf("Namibia: %+v", nam)
	}
	if len(eventsOn(tl.Events, "2022-11-09", KindReported)) != 0 {
		t.Error("an announcement of the day before is reported as done")
	}
	// Publications have their own kind, with their whole title.
	pubs := eventsOn(tl.Events, "2022-11-08", KindPublished)
	if len(pubs) != 1 || pubs[0].Sources[0].ID != "001_23f0434f9776576a" ||
		pubs[0].Label != "COP27: European Union concludes a strategic partnership with Kazakhstan on raw materials, batteries and renewable hydrogen" {
		t.Errorf("publication of 001: %+v", pubs)
	}
	// 004 is dated through its original (its "am 4. April" is read
	// against 002's date): it is not undated, and it is listed with the
	// publication of 002.
	if len(tl.Undated) != 0 {
		t.Errorf("undated %q", tl.Undated)
	}
	pub002 := eventsOn(tl.Events, "2025-04-07", KindPublished)
	if s, ok := sourceOf(pub002[0], "004_d123cf3179b2b0cd"); len(pub002) != 1 || !ok || s.AnchorID != "002_c9518c213fe21bc0" {
		t.Errorf("publication of 002 and its translation: %+v", pub002)
	}
}

// TestSeedsAnnouncedSources: an article published before an event can
// announce it, never report it. The press release of 8 Nov 2022 names
// the "Roadmap 2023-2024" agreed on 19 May 2023.
func TestSeedsAnnouncedSources(t *testing.T) {
	tl := build(t, seedDocs(t), seedMilestones(t))
	rm := eventsOn(tl.Events, "2023-05-19", KindMilestone)
	if len(rm) != 1 {
		t.Fatalf("Roadmap 2023-2024: %+v", rm)
	}
	s, ok := sourceOf(rm[0], "001_23f0434f9776576a")
	if !ok || !s.Announced {
		t.Errorf("the press release of 8 Nov 2022 is a report of 19 May 2023: %+v", s)
	}
	for _, id := range []string{"002_c9518c213fe21bc0", "004_d123cf3179b2b0cd"} {
		if s, ok := sourceOf(rm[0], id); !ok || s.Announced {
			t.Errorf("%s, published in 2025, announces the roadmap of 2023: %+v", id, s)
		}
	}
	for _, e := range tl.Events {
		for _, s := range e.Sources {
			if s.Basis == Catalogue || e.Kind == KindPublished {
				continue
			}
			if d := docByID(t, seedDocs(t), s.ID); !d.Date.IsZero() && d.DatePrecision == Day && d.Date.Before(e.Start) && !s.Announced {
				t.Errorf("%s, published %s, reports %s %q", s.ID, d.Date.Format("2006-01-02"), e.DateString(), e.Label)
			}
		}
	}
}

func docByID(t *testing.T, docs []Doc, id string) Doc {
	t.Helper()
	for _, d := range docs {
		if d.ID == id {
			return d
		}
	}
	t.Fatalf("no doc %s", id)
	return Doc{}
}

func TestSeedsWithoutCatalogue(t *testing.T) {
	docs := seedDocs(t)
	tl, err := Build(context.Background(), docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	dumpEvents(t, tl.Events)
	checkTimeline(t, docs, tl)
	one := func(day string) Event {
		t.Helper()
		es := eventsOn(tl.Events, day, KindReported)
		if len(es) != 1 {
			t.Fatalf("reported events on %s: %+v", day, es)
		}
		return es[0]
	}
	// The articles alone still name the memorandum and its signing.
	mou := one("2022-11-07")
	if len(mou.Sources) != 4 || !strings.Contains(mou.Label, "MoU") || !strings.Contains(mou.Label, "sign") || !mou.Inferred() {
		t.Errorf("MoU %+v", mou)
	}
	if want := "von der Leyen and Smailov sign MoU establishing EU–Kazakhstan partnership (COP27)"; mou.Label != want {
		t.Errorf("MoU label %q, want %q", mou.Label, want)
	}
	sam := one("2025-04-04")
	if !strings.Contains(sam.Label, "endorse") || !strings.Contains(sam.Label, "roadmap") || sam.Period != (Period{2025, 2026}) {
		t.Errorf("4 Apr 2025: %+v", sam)
	}
	if keg := one("2025-12-09"); keg.Label != "Kazakhstan–EU Gateway launches its new cooperation platform" {
		t.Errorf("KEG label %q", keg.Label)
	}
	if congress := one("2023-06-01"); congress.Precision != Span || congress.Label != "Kazakhstan and EU agree to strengthen cooperation in critical raw materials" {
		t.Errorf("congress %+v", congress)
	}
	// Without a milestone to attach to, the period sentences make no rows.
	for _, e := range tl.Events {
		if e.Precision == Span && e.Start.Year() != e.End.Year() {
			t.Errorf("a period is a row: %q", e.Label)
		}
	}
}
