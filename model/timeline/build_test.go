package timeline

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// findEvent returns the events with the given range and precision.
func findEvents(evs []Event, start, end string, p Precision) []Event {
	var out []Event
	for _, e := range evs {
		if e.Start.Format(time.DateOnly) == start && e.End.Format(time.DateOnly) == end && e.Precision == p {
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
		t.Logf("%s..%s %s %q %v", e.Start.Format(time.DateOnly), e.End.Format(time.DateOnly), e.Precision, e.Label, sourceIDs(e))
	}
}

// checkEvents asserts invariants that hold for every Build result.
func checkEvents(t *testing.T, docs []Doc, evs []Event) {
	t.Helper()
	text := map[string]string{}
	for _, d := range docs {
		text[d.ID] = d.Text
	}
	for i, e := range evs {
		if i > 0 {
			p := evs[i-1]
			if e.Start.Before(p.Start) || (e.Start.Equal(p.Start) && e.End.Before(p.End)) ||
				(e.Start.Equal(p.Start) && e.End.Equal(p.End) && e.Label < p.Label) {
				t.Errorf("events %d and %d out of order", i-1, i)
			}
		}
		if e.End.Before(e.Start) || e.Label == "" || utf8.RuneCountInString(e.Label) > maxLabel || len(e.Sources) == 0 {
			t.Errorf("bad event %+v", e)
		}
		for _, s := range e.Sources {
			if !s.Publication && text[s.ID][s.Start:s.End] != s.Quote {
				t.Errorf("source %s quote offsets [%d:%d] wrong", s.ID, s.Start, s.End)
			}
		}
	}
}

// Invented reports of a bridge opening: two English outlets, a German
// translation of the first, and an independent German outlet.
func bridgeDocs(t *testing.T) []Doc {
	return []Doc{
		{ID: "b1", Lang: "en", Date: mustDay(t, "2024-03-15"), DatePrecision: Day,
			Title: "Harbour Bridge opens in Riverton",
			Text: "RIVERTON – The new Harbour Bridge in Riverton was opened to traffic yesterday by Mayor Ana Lind. " +
				"Construction of the bridge began in 2020. The city council said the bridge cost €120 million."},
		{ID: "b2", Lang: "en", Date: mustDay(t, "2024-03-18"), DatePrecision: Day,
			Title: "Riverton bridge already busy",
			Text: "The Harbour Bridge in Riverton, opened by Mayor Ana Lind on March 14, already carries 20,000 vehicles a day. " +
				"City officials published the traffic figures on Monday."},
		{ID: "b3", Lang: "de", TranslationOf: "b1", Title: "Harbour Bridge in Riverton eröffnet",
			Text: "RIVERTON – Die neue Harbour Bridge in Riverton wurde gestern von Bürgermeisterin Ana Lind für den Verkehr freigegeben. " +
				"Der Bau der Brücke hatte im Jahr 2020 begonnen."},
		{ID: "b4", Lang: "de", Date: mustDay(t, "2024-03-20"), DatePrecision: Day,
			Title: "Neue Brücke, neuer Haushalt",
			Text: "Die Harbour Bridge in Riverton ist am 14. März von Bürgermeisterin Lind eröffnet worden.\n" +
				"Am 14. März hat zudem der Stadtrat den Haushaltsplan für 2024-2025 beschlossen.\n" +
				"Das Brückenfest wird am 1.–2. Juni gefeiert."},
	}
}

func TestBuildBridgeReports(t *testing.T) {
	docs := bridgeDocs(t)
	evs, undated := Build(docs)
	dumpEvents(t, evs)
	checkEvents(t, docs, evs)

	if !reflect.DeepEqual(undated, []string{"b3"}) {
		t.Errorf("undated = %q, want [b3]", undated)
	}

	// The opening: four reports (one a translation, one in German) make one event.
	var opening, budget []Event
	for _, e := range findEvents(evs, "2024-03-14", "2024-03-14", Day) {
		if strings.Contains(e.Label, "Bridge") {
			opening = append(opening, e)
		} else {
			budget = append(budget, e)
		}
	}
	if len(opening) != 1 {
		t.Fatalf("want one opening event on 2024-03-14, got %d", len(opening))
	}
	if ids := sourceIDs(opening[0]); !reflect.DeepEqual(ids, []string{"b1", "b2", "b3", "b4"}) {
		t.Errorf("opening sources = %q, want b1..b4", ids)
	}
	if want := "The Harbour Bridge in Riverton, opened by Mayor Ana Lind on March 14, already…"; opening[0].Label != want {
		t.Errorf("opening label = %q, want %q", opening[0].Label, want)
	}
	// The same day, but a different event: not merged into the opening.
	if len(budget) != 1 || !reflect.DeepEqual(sourceIDs(budget[0]), []string{"b4"}) ||
		budget[0].Label != "Am 14. März hat zudem der Stadtrat den Haushaltsplan für 2024-2025 beschlossen." {
		t.Errorf("budget event = %+v", budget)
	}

	// The start of construction, a year, from b1 and its translation b3.
	if es := findEvents(evs, "2020-01-01", "2020-12-31", Year); len(es) != 1 || !reflect.DeepEqual(sourceIDs(es[0]), []string{"b1", "b3"}) {
		t.Errorf("construction events = %+v", es)
	}
	// "on Monday" in b2 (published Monday 2024-03-18) is that day.
	if es := findEvents(evs, "2024-03-18", "2024-03-18", Day); len(es) != 2 {
		t.Errorf("want b2's publication and its Monday event on 2024-03-18, got %+v", es)
	}
	// Future festival, a span of days; future tense picks June ahead.
	if es := findEvents(evs, "2024-06-01", "2024-06-02", Span); len(es) != 1 || es[0].Sources[0].ID != "b4" {
		t.Errorf("festival events = %+v", es)
	}
	if es := findEvents(evs, "2024-01-01", "2025-12-31", Span); len(es) != 1 {
		t.Errorf("budget period events = %+v", es)
	}

	// Publication events for the dated articles only.
	var pubs []string
	for _, e := range evs {
		for _, s := range e.Sources {
			if s.Publication {
				pubs = append(pubs, s.ID+" "+e.Start.Format(time.DateOnly)+" "+e.Label)
				if s.Quote == "" || s.Start != 0 || s.End != 0 {
					t.Errorf("publication source %+v", s)
				}
			}
		}
	}
	wantPubs := []string{
		"b1 2024-03-15 Published: Harbour Bridge opens in Riverton",
		"b2 2024-03-18 Published: Riverton bridge already busy",
		"b4 2024-03-20 Published: Neue Brücke, neuer Haushalt",
	}
	if !reflect.DeepEqual(pubs, wantPubs) {
		t.Errorf("publications = %q\nwant %q", pubs, wantPubs)
	}
	if len(evs) != 9 {
		t.Errorf("got %d events, want 9", len(evs))
	}
}

func TestBuildDeterministic(t *testing.T) {
	docs := bridgeDocs(t)
	a, ua := Build(docs)
	b, _ := Build(docs)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two Build runs differ")
	}
	rev := slices.Clone(docs)
	slices.Reverse(rev)
	c, uc := Build(rev)
	if !reflect.DeepEqual(a, c) || !reflect.DeepEqual(ua, uc) {
		t.Error("Build depends on the order of the docs")
	}
}

func TestBuildTranslationsShareDate(t *testing.T) {
	docs := []Doc{
		{ID: "o", Lang: "en", Date: mustDay(t, "2024-05-02"), DatePrecision: Day, Title: "Ports deal",
			Text: "Officials confirmed the deal on May 1."},
		{ID: "t", Lang: "de", Date: mustDay(t, "2024-05-02"), DatePrecision: Day, TranslationOf: "o", Title: "Hafenabkommen",
			Text: "Beamte bestätigten das am 1. Mai."},
	}
	evs, undated := Build(docs)
	dumpEvents(t, evs)
	checkEvents(t, docs, evs)
	if len(undated) != 0 || len(evs) != 2 {
		t.Fatalf("got %d events, undated %q", len(evs), undated)
	}
	for _, e := range evs {
		if !reflect.DeepEqual(sourceIDs(e), []string{"o", "t"}) {
			t.Errorf("event %q sources %q, want [o t]", e.Label, sourceIDs(e))
		}
	}
	if evs[0].Label != "Officials confirmed the deal on May 1." || evs[1].Label != "Published: Ports deal" {
		t.Errorf("labels %q, %q", evs[0].Label, evs[1].Label)
	}
}

func TestBuildKeepsDaysApart(t *testing.T) {
	// A month mention that fits two different days joins only one of them.
	docs := []Doc{
		{ID: "a", Lang: "en", Date: mustDay(t, "2022-11-08"), DatePrecision: Day,
			Text: "Von der Leyen and Smailov yesterday signed the raw materials memorandum.\n" +
				"Tomorrow von der Leyen will sign a hydrogen memorandum with Namibia."},
		{ID: "b", Lang: "en", Date: mustDay(t, "2023-01-10"), DatePrecision: Day,
			Text: "The raw materials memorandum signed with Smailov in November 2022 is working."},
	}
	evs, _ := Build(docs)
	dumpEvents(t, evs)
	checkEvents(t, docs, evs)
	if es := findEvents(evs, "2022-11-07", "2022-11-07", Day); len(es) != 1 || !reflect.DeepEqual(sourceIDs(es[0]), []string{"a", "b"}) {
		t.Errorf("2022-11-07 events %+v", es)
	}
	if es := findEvents(evs, "2022-11-09", "2022-11-09", Day); len(es) != 1 || !reflect.DeepEqual(sourceIDs(es[0]), []string{"a"}) {
		t.Errorf("2022-11-09 events %+v", es)
	}
	if es := findEvents(evs, "2022-11-01", "2022-11-30", Month); len(es) != 0 {
		t.Errorf("month mention left on its own: %+v", es)
	}
}

func TestBuildEmpty(t *testing.T) {
	evs, undated := Build(nil)
	if len(evs) != 0 || len(undated) != 0 {
		t.Errorf("Build(nil) = %v, %v", evs, undated)
	}
	evs, undated = Build([]Doc{{ID: "x", Text: "No dates here at all."}})
	if len(evs) != 0 || !reflect.DeepEqual(undated, []string{"x"}) {
		t.Errorf("undated doc: %v, %v", evs, undated)
	}
}

var seedPrefix = regexp.MustCompile(`^\s*date \d{4}-\d{2}-\d{2}\s*`)

// seedDocs reads the seed articles with the metadata of seeds/catalogue.yaml.
func seedDocs(t testing.TB) []Doc {
	read := func(name string) string {
		b, err := os.ReadFile("../../seeds/" + name + ".txt")
		if err != nil {
			t.Fatalf("read seed: %v", err)
		}
		return seedPrefix.ReplaceAllString(string(b), "")
	}
	return []Doc{
		{ID: "000_59948b4d9c446ef9", Lang: "en", Title: "Kazakhstan to strengthen cooperation with EU in critical raw materials", Date: mustDay(t, "2023-06-01"), DatePrecision: Month, Text: read("000_59948b4d9c446ef9")},
		{ID: "001_23f0434f9776576a", Lang: "en", Title: "COP27: European Union concludes a strategic partnership with Kazakhstan on raw materials, batteries and renewable hydrogen", Date: mustDay(t, "2022-11-08"), DatePrecision: Day, Text: read("001_23f0434f9776576a")},
		{ID: "002_c9518c213fe21bc0", Lang: "en", Title: "EU, Kazakhstan strengthen cooperation on critical raw materials", Date: mustDay(t, "2025-04-07"), DatePrecision: Day, Text: read("002_c9518c213fe21bc0")},
		{ID: "003_272ce948f6555c66", Lang: "en", Title: "Kazakhstan-EU Gateway launches cooperation platform", Date: mustDay(t, "2025-12-09"), DatePrecision: Day, Text: read("003_272ce948f6555c66")},
		{ID: "004_d123cf3179b2b0cd", Lang: "de", Title: "EU und Kasachstan intensivieren Kooperation bei strategischen Rohstoffen", TranslationOf: "002_c9518c213fe21bc0", Text: read("004_d123cf3179b2b0cd")},
	}
}

func TestBuildSeeds(t *testing.T) {
	docs := seedDocs(t)
	evs, undated := Build(docs)
	dumpEvents(t, evs)
	checkEvents(t, docs, evs)

	if !reflect.DeepEqual(undated, []string{"004_d123cf3179b2b0cd"}) {
		t.Errorf("undated = %q", undated)
	}
	one := func(start, end string, p Precision) Event {
		t.Helper()
		var es []Event
		for _, e := range findEvents(evs, start, end, p) {
			if !e.Sources[0].Publication {
				es = append(es, e)
			}
		}
		if len(es) != 1 {
			t.Fatalf("want one event %s..%s %s, got %d", start, end, p, len(es))
		}
		return es[0]
	}

	// The MoU, signed "yesterday" (001), "in November 2022" (002, 004), "the 2022 ... Memorandum" (003).
	mou := one("2022-11-07", "2022-11-07", Day)
	if ids := sourceIDs(mou); !reflect.DeepEqual(ids, []string{"001_23f0434f9776576a", "002_c9518c213fe21bc0", "003_272ce948f6555c66", "004_d123cf3179b2b0cd"}) {
		t.Errorf("MoU sources = %q", ids)
	}
	if !strings.Contains(mou.Sources[0].Quote, "yesterday signed a Memorandum of Understanding") {
		t.Errorf("MoU quote from 001 = %q", mou.Sources[0].Quote)
	}
	if len(findEvents(evs, "2022-11-01", "2022-11-30", Month)) != 0 || len(findEvents(evs, "2022-01-01", "2022-12-31", Year)) != 0 {
		t.Error("November 2022 / 2022 mentions should have merged into the MoU event")
	}
	// Namibia, "tomorrow" in 001: a different day, a different event.
	if ns := one("2022-11-09", "2022-11-09", Day); !strings.Contains(ns.Label, "Namibia") {
		t.Errorf("Namibia label = %q", ns.Label)
	}

	// The first roadmap period.
	rm := one("2023-01-01", "2024-12-31", Span)
	if ids := sourceIDs(rm); !reflect.DeepEqual(ids, []string{"001_23f0434f9776576a", "002_c9518c213fe21bc0", "004_d123cf3179b2b0cd"}) {
		t.Errorf("roadmap 2023-2024 sources = %q", ids)
	}

	// The Astana congress, June 1-2 in an article dated only to June 2023.
	congress := one("2023-06-01", "2023-06-02", Span)
	if ids := sourceIDs(congress); !reflect.DeepEqual(ids, []string{"000_59948b4d9c446ef9"}) {
		t.Errorf("congress sources = %q", ids)
	}
	if congress.Label != "Kazakhstan and the European Union have agreed to strengthen cooperation in…" {
		t.Errorf("congress label = %q", congress.Label)
	}

	// Samarkand, April 4: the English article and its German translation, one entry.
	sam := one("2025-04-04", "2025-04-04", Day)
	if ids := sourceIDs(sam); !reflect.DeepEqual(ids, []string{"002_c9518c213fe21bc0", "004_d123cf3179b2b0cd"}) {
		t.Errorf("Samarkand sources = %q", ids)
	}
	if !strings.Contains(sam.Sources[1].Quote, "am 4. April gebilligt") {
		t.Errorf("German quote = %q", sam.Sources[1].Quote)
	}
	if sam.Label != "Kazakhstan and the European Union endorsed the partnership roadmap for…" {
		t.Errorf("Samarkand label = %q", sam.Label)
	}
	if ids := sourceIDs(one("2025-01-01", "2026-12-31", Span)); len(ids) != 2 {
		t.Errorf("roadmap 2025-2026 sources = %q", ids)
	}

	// The KEG launch "today" in 003.
	keg := one("2025-12-09", "2025-12-09", Day)
	if ids := sourceIDs(keg); !reflect.DeepEqual(ids, []string{"003_272ce948f6555c66"}) || !strings.HasPrefix(keg.Label, "The Kazakhstan–EU Gateway (KEG) has officially launched") {
		t.Errorf("KEG event = %q %q", keg.Label, ids)
	}

	// Publications: the four dated articles, 000 with month precision.
	var pubs []string
	for _, e := range evs {
		if e.Sources[0].Publication {
			pubs = append(pubs, e.Sources[0].ID+" "+e.Start.Format(time.DateOnly)+" "+e.Precision.String()+" "+e.Label)
		}
	}
	wantPubs := []string{
		"001_23f0434f9776576a 2022-11-08 day Published: COP27: European Union concludes a strategic partnership with…",
		"000_59948b4d9c446ef9 2023-06-01 month Published: Kazakhstan to strengthen cooperation with EU in critical raw…",
		"002_c9518c213fe21bc0 2025-04-07 day Published: EU, Kazakhstan strengthen cooperation on critical raw materials",
		"003_272ce948f6555c66 2025-12-09 day Published: Kazakhstan-EU Gateway launches cooperation platform",
	}
	if !reflect.DeepEqual(pubs, wantPubs) {
		t.Errorf("publications = %q", pubs)
	}
	if len(evs) != 12 {
		t.Errorf("got %d events, want 12", len(evs))
	}
}

func BenchmarkExtractSeeds(b *testing.B) {
	docs := seedDocs(b)
	b.ResetTimer()
	for range b.N {
		for _, d := range docs {
			Extract(d.Text, d.Lang, d.Date, d.DatePrecision)
		}
	}
}

func BenchmarkBuildSeeds(b *testing.B) {
	docs := seedDocs(b)
	b.ResetTimer()
	for range b.N {
		Build(docs)
	}
}

func TestBuildTranslationCycle(t *testing.T) {
	docs := []Doc{
		{ID: "x", Lang: "en", TranslationOf: "y", Text: "Signed on 7 November 2022."},
		{ID: "y", Lang: "de", TranslationOf: "x", Text: "Unterzeichnet am 7. November 2022."},
	}
	evs, undated := Build(docs)
	if len(evs) != 1 || !reflect.DeepEqual(sourceIDs(evs[0]), []string{"x", "y"}) || !reflect.DeepEqual(undated, []string{"x", "y"}) {
		t.Errorf("cycle: events %+v, undated %q", evs, undated)
	}
	if evs[0].Label != "Signed on 7 November 2022." {
		t.Errorf("label %q", evs[0].Label)
	}
}
