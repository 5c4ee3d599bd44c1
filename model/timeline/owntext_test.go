package timeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Articles written for these tests, in English, German and Russian, in
// testdata/articles: none of them was tuned to beforehand.
var ownArticles = []struct{ id, lang, date, title string }{
	{"en-summit", "en", "2025-04-05", "EU and Central Asia hold first summit in Samarkand"},
	{"en-preview", "en", "2025-04-02", "Samarkand to host first EU–Central Asia summit"},
	{"de-gipfel", "de", "2025-04-04", "Erster EU-Zentralasien-Gipfel in Samarkand"},
	{"ru-samarkand", "ru", "2025-04-07", "Казахстан и ЕС одобрили дорожную карту"},
}

// ownDocs loads those articles.
func ownDocs(t testing.TB) []Doc {
	t.Helper()
	var docs []Doc
	for _, a := range ownArticles {
		text, err := os.ReadFile(filepath.Join("testdata", "articles", a.id+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, Doc{ID: a.id, Lang: a.lang, Title: a.title, Text: string(text), Date: mustDay(t, a.date), DatePrecision: Day})
	}
	return docs
}

// ownTimeline assembles them with the seed catalogue's milestones.
func ownTimeline(t *testing.T) Timeline {
	t.Helper()
	return build(t, ownDocs(t), seedMilestones(t))
}

// eventWith returns the events of which the article id is a source whose
// quote contains s.
func eventWith(tl Timeline, id, s string) []Event {
	var out []Event
	for _, e := range tl.Events {
		if src, ok := sourceOf(e, id); ok && strings.Contains(src.Quote, s) {
			out = append(out, e)
		}
	}
	return out
}

func TestOwnArticlesDump(t *testing.T) {
	ownTimeline(t)
}

// TestOwnYearMentionsJoinOnlyTheSameThing: a mention of a year or a month
// joins the MoU of 7 November 2022 only when it speaks of the
// memorandum; "the Russian invasion of Ukraine in 2022" names the EU and
// Kazakhstan too, and stays out.
func TestOwnYearMentionsJoinOnlyTheSameThing(t *testing.T) {
	tl := ownTimeline(t)
	mou := eventsOn(tl.Events, "2022-11-07", KindMilestone)
	if len(mou) != 1 {
		t.Fatalf("MoU %+v", mou)
	}
	for _, id := range []string{"en-summit", "ru-samarkand"} { // "in November 2022", "7 ноября 2022 года"
		if s, ok := sourceOf(mou[0], id); !ok || strings.Contains(s.Quote, "nvasion") {
			t.Errorf("MoU source %s: %+v", id, s)
		}
	}
	if _, ok := sourceOf(mou[0], "de-gipfel"); ok {
		t.Errorf("the German invasion of 2022 is a source of the MoU: %q", sourceIDs(mou[0]))
	}
	for _, c := range []struct{ id, s string }{{"en-summit", "invasion"}, {"de-gipfel", "Invasion"}} {
		evs := eventWith(tl, c.id, c.s)
		if len(evs) != 1 || evs[0].Kind != KindReported || evs[0].Precision != Year {
			t.Errorf("%s: the invasion of 2022 is not an event of its own: %+v", c.id, evs)
		}
	}
}

// TestOwnAnnouncedSources: an article published before an event announces
// it and is never counted as a report; "tomorrow" is an announcement.
func TestOwnAnnouncedSources(t *testing.T) {
	tl := ownTimeline(t)
	var summit Event
	for _, e := range eventsOn(tl.Events, "2025-04-04", KindMilestone) {
		if strings.Contains(e.Label, "Roadmap 2025-2026") {
			summit = e
		}
	}
	for _, id := range []string{"en-preview", "en-summit", "de-gipfel", "ru-samarkand"} {
		s, ok := sourceOf(summit, id)
		if announced := id == "en-preview"; !ok || s.Announced != announced {
			t.Errorf("summit source %s: present %v, announced %v", id, ok, s.Announced)
		}
	}
	if n := summit.Reports(); n != 3 {
		t.Errorf("the summit has %d reports, want 3 (the preview announced it)", n)
	}
	// "Tomorrow" (5 Apr) and "Завтра" (7 Apr): announcements of the next day, planned.
	for _, c := range []struct{ id, day, s string }{{"en-summit", "2025-04-06", "Tomorrow"}, {"ru-samarkand", "2025-04-08", "Завтра"}} {
		evs := eventWith(tl, c.id, c.s)
		if len(evs) != 1 || evs[0].Kind != KindPlanned || evs[0].Start.Format("2006-01-02") != c.day || !evs[0].Sources[0].Announced {
			t.Errorf("%s %q: %+v", c.id, c.s, evs)
		}
	}
	// A date after the article's own (5 April in an article of 4 April) is a plan too.
	if evs := eventWith(tl, "de-gipfel", "setzt seine Reise"); len(evs) != 1 || evs[0].Kind != KindPlanned {
		t.Errorf("the minister's journey of the next day: %+v", evs)
	}
}

// TestOwnPlans: intentions ("will ... by 2030", "soll bis 2030", "планирует
// ... до 2030 года", "plans to ... by 2027") are planned events dated by the
// year they name, never reports of a year in between.
func TestOwnPlans(t *testing.T) {
	tl := ownTimeline(t)
	for _, c := range []struct{ id, s, year string }{
		{"en-summit", "by 2030", "2030"}, {"en-summit", "by 2027", "2027"},
		{"de-gipfel", "bis 2030", "2030"}, {"ru-samarkand", "до 2030 года", "2030"},
	} {
		evs := eventWith(tl, c.id, c.s)
		if len(evs) != 1 || evs[0].Kind != KindPlanned || evs[0].Precision != Year || evs[0].Start.Format("2006") != c.year {
			t.Errorf("%s %q: %+v", c.id, c.s, evs)
			continue
		}
		if !evs[0].Sources[0].Announced {
			t.Errorf("%s %q: a plan counted as a report", c.id, c.s)
		}
	}
}

// TestOwnReportJoinsItsEvent: the German report dated only by "(4. April
// 2025)" after its paragraph's last sentence joins the summit it reports,
// quoting that sentence.
func TestOwnReportJoinsItsEvent(t *testing.T) {
	tl := ownTimeline(t)
	for _, e := range eventsOn(tl.Events, "2025-04-04", KindMilestone) {
		if !strings.Contains(e.Label, "Roadmap 2025-2026") {
			continue
		}
		s, ok := sourceOf(e, "de-gipfel")
		if !ok || !strings.Contains(s.Quote, "billigten dort die Roadmap") || !strings.HasSuffix(s.Quote, "(4. April 2025)") ||
			s.Expression != "4. April 2025" || s.Announced {
			t.Errorf("German report of the summit: %+v", s)
		}
		return
	}
	t.Fatal("no summit milestone")
}

// TestOwnGermanLabels: a separable verb keeps its particle, a subject
// keeps its attribute, and a label is a clause or the article's headline.
func TestOwnGermanLabels(t *testing.T) {
	tl := ownTimeline(t)
	for _, c := range []struct{ s, label string }{
		{"setzt seine Reise", "Der kasachische Minister für Industrie und Infrastrukturentwicklung setzt seine Reise fort"},
		{"Gestern sagte", "Minister für Energie sagte, man wolle Zusammenarbeit bei Wasserstoff ausbauen"},
	} {
		if evs := eventWith(tl, "de-gipfel", c.s); len(evs) != 1 || evs[0].Label != c.label {
			t.Errorf("%q: %+v, want label %q", c.s, evs, c.label)
		}
	}
	for _, c := range []struct{ text, want string }{
		{"Der Minister setzt am Dienstag seine Reise in Astana fort.", "Minister setzt seine Reise in Astana fort"},
		{"Der Minister kündigte am Montag neue Projekte an.", "Minister kündigte neue Projekte an"},
		{"Am Montag kündigte der Minister an, die Zusammenarbeit auszubauen.", "Minister kündigte an, Zusammenarbeit auszubauen"},
		{"Nach Angaben der Rat der EU stieg die Produktion von Kupfer im Jahr 2024 um 43 Prozent.", "Produktion von Kupfer stieg um 43 Prozent"},
		// no verb: no label, the event takes the article's headline
		{"Rohstoffe, Batterien und Wasserstoff: die Themen des Gipfels in Samarkand am 4. April 2025.", ""},
	} {
		if got, ok := labelOf(t, "de", c.text); !ok || got != c.want {
			t.Errorf("%q\n got %q\nwant %q", c.text, got, c.want)
		}
	}
	doc := Doc{ID: "x", Lang: "de", Title: "Gipfel in Samarkand: Rohstoffe im Mittelpunkt", Date: mustDay(t, "2025-04-05"), DatePrecision: Day,
		Text: "Rohstoffe, Batterien und Wasserstoff: die Themen des Gipfels in Samarkand am 4. April 2025."}
	if evs := build(t, []Doc{doc}, nil).Events; len(evs) != 2 || evs[0].Label != doc.Title {
		t.Errorf("a sentence that is no clause: %+v, want the headline", evs)
	}
}

// TestOwnBackgroundIsContext: "has invested ... since 1993", "seit 1993",
// "с 1993 года" tell a state, not an event of 1993: context.
func TestOwnBackgroundIsContext(t *testing.T) {
	tl := ownTimeline(t)
	for _, c := range []struct{ id, s string }{{"en-summit", "since 1993"}, {"de-gipfel", "seit 1993"}, {"ru-samarkand", "с 1993 года"}} {
		evs := eventWith(tl, c.id, c.s)
		if len(evs) != 1 || !evs[0].Context || evs[0].Notable {
			t.Errorf("%s %q: %+v", c.id, c.s, evs)
		}
	}
}

// TestOneEventPerDeed: reports of one subject doing one thing on one date
// are one event whatever their details (a number, a material); with
// another object named, a year's deeds stay apart.
func TestOneEventPerDeed(t *testing.T) {
	texts := []struct{ lang, a, b string }{
		{"en", "Officials in Astana signed 60 new licences for lithium exploration in 2021.",
			"Officials in Astana signed 1,110 new licences for zinc exploration in 2021."},
		{"de", "Nach Angaben der EBRD stieg die Produktion von Kupfer im Jahr 2021 um 43 Prozent.",
			"Nach Angaben der Kazatomprom stieg die Produktion von Kupfer im Jahr 2021 um 7 Prozent."},
		{"ru", "В 2021 году добыча лития в Казахстане выросла на 20 процентов.",
			"В 2021 году добыча лития в Казахстане выросла на 35 процентов, сообщило министерство."},
		{"en", "At least 12% of the titanium the EU consumes should be processed in Europe by 2030, under the Critical Raw Materials Act.",
			"At least 1 percent of the titanium the EU consumes should be processed in Europe by 2030, under the Critical Raw Materials Act."},
	}
	for _, c := range texts {
		docs := []Doc{
			{ID: "a", Lang: c.lang, Title: "A", Text: c.a, Date: mustDay(t, "2022-03-01"), DatePrecision: Day},
			{ID: "b", Lang: c.lang, Title: "B", Text: c.b, Date: mustDay(t, "2022-05-01"), DatePrecision: Day},
		}
		var deeds []Event
		for _, e := range build(t, docs, nil).Events {
			if e.Kind != KindPublished {
				deeds = append(deeds, e)
			}
		}
		if len(deeds) != 1 || len(deeds[0].Sources) != 2 {
			t.Errorf("%s: %d events for one deed: %+v", c.lang, len(deeds), deeds)
		}
	}
	docs := []Doc{
		{ID: "a", Lang: "en", Title: "A", Text: "Kazakhstan signed an agreement with Germany in 2021.", Date: mustDay(t, "2022-03-01"), DatePrecision: Day},
		{ID: "b", Lang: "en", Title: "B", Text: "Kazakhstan signed an agreement with France in 2021.", Date: mustDay(t, "2022-05-01"), DatePrecision: Day},
	}
	if evs := eventsOn(build(t, docs, nil).Events, "2021-01-01", KindReported); len(evs) != 2 {
		t.Errorf("agreements with Germany and with France are one event: %+v", evs)
	}
}
