package timeline

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func build(t *testing.T, docs []Doc, ms []Milestone) Timeline {
	t.Helper()
	tl, err := Build(context.Background(), docs, ms)
	if err != nil {
		t.Fatal(err)
	}
	dumpEvents(t, tl.Events)
	checkTimeline(t, docs, tl)
	return tl
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

func TestAssembleAcrossArticlesAndLanguages(t *testing.T) {
	tl := build(t, bridgeDocs(t), nil)
	if len(tl.Undated) != 0 {
		t.Errorf("b3 is dated through b1, which it translates: undated %q", tl.Undated)
	}
	var opening, budget []Event
	for _, e := range eventsOn(tl.Events, "2024-03-14", KindReported) {
		if strings.Contains(e.Label, "Bridge") {
			opening = append(opening, e)
		} else {
			budget = append(budget, e)
		}
	}
	// Four reports, one a translation and one in German, make one event.
	if len(opening) != 1 || !reflect.DeepEqual(sourceIDs(opening[0]), []string{"b1", "b2", "b3", "b4"}) {
		t.Fatalf("opening %+v", opening)
	}
	if want := "New Harbour Bridge in Riverton opened to traffic by Lind"; opening[0].Label != want {
		t.Errorf("opening label %q, want %q", opening[0].Label, want)
	}
	if s, _ := sourceOf(opening[0], "b3"); s.Basis != Relative || s.Expression != "gestern" || s.AnchorID != "b1" {
		t.Errorf("b3 source %+v", s)
	}
	if !opening[0].Inferred() {
		t.Error("no source gives the year of 14 March: inferred")
	}
	// The same day, but a different event.
	if len(budget) != 1 || !reflect.DeepEqual(sourceIDs(budget[0]), []string{"b4"}) || budget[0].Period != (Period{2024, 2025}) {
		t.Errorf("budget %+v", budget)
	}
	if want := "Stadtrat: Haushaltsplan für 2024-2025 beschlossen"; len(budget) == 1 && budget[0].Label != want {
		t.Errorf("budget label %q, want %q", budget[0].Label, want)
	}
	// The start of construction, a year, from b1 and its translation.
	if es := eventsOn(tl.Events, "2020-01-01", KindReported); len(es) != 1 || !reflect.DeepEqual(sourceIDs(es[0]), []string{"b1", "b3"}) {
		t.Errorf("construction %+v", es)
	}
	// "on Monday" in b2, published Monday 18 March, is that day; it is inferred.
	if es := eventsOn(tl.Events, "2024-03-18", KindReported); len(es) != 1 || !es[0].Inferred() {
		t.Errorf("Monday %+v", es)
	}
	// The festival: future tense, so June ahead; a span of days, planned.
	if es := eventsOn(tl.Events, "2024-06-01", KindPlanned); len(es) != 1 || es[0].Precision != Span {
		t.Errorf("festival %+v", es)
	}
	// Publications of the dated articles only, with their own kind.
	var pubs []string
	for _, e := range tl.Events {
		if e.Kind == KindPublished {
			pubs = append(pubs, e.Sources[0].ID+" "+e.Label)
		}
	}
	want := []string{"b1 Harbour Bridge opens in Riverton", "b2 Riverton bridge already busy", "b4 Neue Brücke, neuer Haushalt"}
	if !reflect.DeepEqual(pubs, want) {
		t.Errorf("publications %q", pubs)
	}
}

func TestAssembleIgnoresInputOrder(t *testing.T) {
	docs := bridgeDocs(t)
	a := build(t, docs, nil)
	rev := slices.Clone(docs)
	slices.Reverse(rev)
	b := build(t, rev, nil)
	if len(a.Events) != len(b.Events) {
		t.Fatalf("%d events, reversed %d", len(a.Events), len(b.Events))
	}
	for i := range a.Events {
		if a.Events[i].Key() != b.Events[i].Key() || a.Events[i].Label != b.Events[i].Label ||
			!reflect.DeepEqual(sourceIDs(a.Events[i]), sourceIDs(b.Events[i])) {
			t.Errorf("event %d differs: %q / %q", i, a.Events[i].Label, b.Events[i].Label)
		}
	}
}

func TestAssembleKeepsDaysApart(t *testing.T) {
	// A month mention that fits two different days joins only the one it is about.
	docs := []Doc{
		{ID: "a", Lang: "en", Date: mustDay(t, "2022-11-08"), DatePrecision: Day, Title: "Memoranda",
			Text: "Von der Leyen and Smailov yesterday signed the raw materials memorandum.\n" +
				"Tomorrow von der Leyen will sign a hydrogen memorandum with Namibia."},
		{ID: "b", Lang: "en", Date: mustDay(t, "2023-01-10"), DatePrecision: Day, Title: "Memorandum working",
			Text: "The raw materials memorandum signed with Smailov in November 2022 is working well."},
	}
	tl := build(t, docs, nil)
	if es := eventsOn(tl.Events, "2022-11-07", KindReported); len(es) != 1 || !reflect.DeepEqual(sourceIDs(es[0]), []string{"a", "b"}) {
		t.Errorf("7 November %+v", es)
	}
	if es := eventsOn(tl.Events, "2022-11-09", KindPlanned); len(es) != 1 || !reflect.DeepEqual(sourceIDs(es[0]), []string{"a"}) {
		t.Errorf("9 November %+v", es)
	}
	if es := eventsOn(tl.Events, "2022-11-01", KindReported); len(es) != 0 {
		t.Errorf("the month mention stayed alone: %+v", es)
	}
}

// TestAssembleSameDateDifferentContent: hundreds of articles mention
// "since 1992" about different things; they are not one event.
func TestAssembleSameDateDifferentContent(t *testing.T) {
	var docs []Doc
	places := []string{"Astana", "Almaty", "Karaganda", "Pavlodar", "Aktobe", "Atyrau", "Berlin", "Vienna", "Tashkent", "Baku"}
	things := []string{"lithium mine", "copper smelter", "wind farm", "railway line", "graphite plant"}
	for i := range 400 {
		docs = append(docs, Doc{ID: fmt.Sprintf("d%03d", i), Lang: "en", Date: mustDay(t, "2024-05-01"), DatePrecision: Day, Title: "Plant news",
			Text: fmt.Sprintf("The %s in %s, run by company %d, has produced since 1992 under licence %d.",
				things[i%len(things)], places[i%len(places)], i, 1000+i)})
	}
	tl := build(t, docs, nil)
	most := 0
	for _, e := range tl.Events {
		if e.Kind == KindReported {
			most = max(most, len(e.Sources))
		}
	}
	if most > 10 {
		t.Errorf("an event of 1992 collected %d of 400 unrelated articles", most)
	}
}

func TestAssembleMilestones(t *testing.T) {
	ms := []Milestone{
		{ID: "rm-1", Label: "Roadmap 2030-2031 endorsed in Astana", Text: "The roadmap 2030-2031 was endorsed in Astana.",
			Start: mustDay(t, "2030-03-05"), End: mustDay(t, "2030-03-05"), Precision: Day, Period: Period{2030, 2031}},
		{ID: "rm-2", Label: "Hydrogen plant financing agreed", Text: "Financing for the Aktau hydrogen plant (May 2030).",
			Start: mustDay(t, "2030-05-01"), End: mustDay(t, "2030-05-31"), Precision: Month, Period: Period{2030, 2031}},
	}
	docs := []Doc{
		{ID: "a", Lang: "en", Date: mustDay(t, "2030-03-07"), DatePrecision: Day, Title: "Roadmap endorsed",
			Text: "Kazakhstan and the EU endorsed the roadmap for 2030-2031 in Astana on Tuesday.\n" +
				"The roadmap for 2030-2031 names twelve projects."},
		{ID: "b", Lang: "en", Date: mustDay(t, "2030-06-02"), DatePrecision: Day, Title: "Hydrogen plant financed",
			Text: "The EBRD agreed the financing of the Aktau hydrogen plant on 12 May 2030."},
	}
	tl := build(t, docs, ms)
	rm := eventsOn(tl.Events, "2030-03-05", KindMilestone)
	if len(rm) != 1 || !reflect.DeepEqual(sourceIDs(rm[0]), []string{"a", "rm-1"}) || rm[0].Label != ms[0].Label {
		t.Fatalf("roadmap milestone %+v", rm)
	}
	// An article knows the day of a milestone the catalogue dates by its month.
	h := eventsOn(tl.Events, "2030-05-12", KindMilestone)
	if len(h) != 1 || h[0].Precision != Day || !reflect.DeepEqual(sourceIDs(h[0]), []string{"b", "rm-2"}) || h[0].Inferred() {
		t.Errorf("hydrogen milestone %+v", h)
	}
	if len(eventsOn(tl.Events, "2030-03-05", KindReported)) != 0 {
		t.Error("the endorsement was listed twice")
	}
}

func TestAssembleEdgeCases(t *testing.T) {
	tl := build(t, nil, nil)
	if len(tl.Events) != 0 || len(tl.Undated) != 0 {
		t.Errorf("empty: %+v", tl)
	}
	tl = build(t, []Doc{{ID: "x", Text: "No dates here at all."}}, nil)
	if len(tl.Events) != 0 || !reflect.DeepEqual(tl.Undated, []string{"x"}) {
		t.Errorf("undated doc: %+v", tl)
	}
	cycle := []Doc{
		{ID: "x", Lang: "en", TranslationOf: "y", Text: "The memorandum was signed on 7 November 2022 in Egypt."},
		{ID: "y", Lang: "de", TranslationOf: "x", Text: "Das Memorandum wurde am 7. November 2022 in Ägypten unterzeichnet."},
	}
	tl = build(t, cycle, nil)
	if len(tl.Events) != 1 || !reflect.DeepEqual(sourceIDs(tl.Events[0]), []string{"x", "y"}) || !reflect.DeepEqual(tl.Undated, []string{"x", "y"}) {
		t.Errorf("translation cycle: %+v", tl)
	}
	if tl.Events[0].Label != "Memorandum signed in Egypt" {
		t.Errorf("label %q", tl.Events[0].Label)
	}
}
