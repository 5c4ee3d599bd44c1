package timeline

import (
	"strings"
	"testing"
	"time"
)

// want is an expected mention: expression, first and last day, precision.
type want struct {
	expr, start, end string
	prec             Precision
}

type extractCase struct {
	name    string
	text    string
	lang    string
	ref     string // "" for none
	refPrec Precision
	want    []want
}

// checkOffsets asserts the byte offsets of every date expression are exact.
func checkOffsets(t *testing.T, text string, ms []found) {
	t.Helper()
	for _, m := range ms {
		if m.exprStart < 0 || m.exprEnd > len(text) || m.exprStart >= m.exprEnd {
			t.Errorf("expr offsets [%d:%d] out of range", m.exprStart, m.exprEnd)
			continue
		}
		if m.sent.start > m.exprStart || m.sent.end < m.exprEnd {
			t.Errorf("sentence [%d:%d] does not hold %q", m.sent.start, m.sent.end, text[m.exprStart:m.exprEnd])
		}
		if m.r.end.Before(m.r.start) {
			t.Errorf("%q: end %v before start %v", text[m.exprStart:m.exprEnd], m.r.end, m.r.start)
		}
	}
}

func runExtractCases(t *testing.T, cases []extractCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ref time.Time
			if c.ref != "" {
				ref = mustDay(t, c.ref)
			}
			got := scanDates(c.text, c.lang, ref, c.refPrec)
			checkOffsets(t, c.text, got)
			expr := func(m found) string { return c.text[m.exprStart:m.exprEnd] }
			if len(got) != len(c.want) {
				for _, m := range got {
					t.Logf("got %q %s..%s %s", expr(m), m.r.start.Format(time.DateOnly), m.r.end.Format(time.DateOnly), m.r.prec)
				}
				t.Fatalf("got %d mentions, want %d", len(got), len(c.want))
			}
			for i, w := range c.want {
				m := got[i]
				if expr(m) != w.expr || !m.r.start.Equal(mustDay(t, w.start)) || !m.r.end.Equal(mustDay(t, w.end)) || m.r.prec != w.prec {
					t.Errorf("mention %d = %q %s..%s %s, want %q %s..%s %s", i,
						expr(m), m.r.start.Format(time.DateOnly), m.r.end.Format(time.DateOnly), m.r.prec,
						w.expr, w.start, w.end, w.prec)
				}
			}
		})
	}
}

func TestExtractFullDates(t *testing.T) {
	runExtractCases(t, []extractCase{
		{name: "day month year", text: "The MoU was signed on 7 November 2022 in Egypt.", lang: "en",
			want: []want{{"7 November 2022", "2022-11-07", "2022-11-07", Day}}},
		{name: "month day, year", text: "It was signed November 7, 2022.", lang: "en",
			want: []want{{"November 7, 2022", "2022-11-07", "2022-11-07", Day}}},
		{name: "ordinal of", text: "On the 7th of November, 2022 they met.", lang: "en",
			want: []want{{"7th of November, 2022", "2022-11-07", "2022-11-07", Day}}},
		{name: "abbreviated month", text: "Signed Nov. 7, 2022 in Sharm el-Sheikh.", lang: "en",
			want: []want{{"Nov. 7, 2022", "2022-11-07", "2022-11-07", Day}}},
		{name: "abbreviation sept", text: "Talks resumed on 12 Sept. 2023.", lang: "en",
			want: []want{{"12 Sept. 2023", "2023-09-12", "2023-09-12", Day}}},
		{name: "iso", text: "Press release 2025-04-04: roadmap endorsed.", lang: "en",
			want: []want{{"2025-04-04", "2025-04-04", "2025-04-04", Day}}},
		{name: "iso timestamp", text: "Updated 2025-04-04T10:00:00Z by the desk.", lang: "en",
			want: []want{{"2025-04-04", "2025-04-04", "2025-04-04", Day}}},
		{name: "german am", text: "Die Roadmap wurde am 4. April 2025 gebilligt.", lang: "de",
			want: []want{{"4. April 2025", "2025-04-04", "2025-04-04", Day}}},
		{name: "german no space", text: "Gebilligt am 4.April 2025.", lang: "de",
			want: []want{{"4.April 2025", "2025-04-04", "2025-04-04", Day}}},
		{name: "german numeric", text: "Unterzeichnet am 04.04.2025 in Samarkand.", lang: "de",
			want: []want{{"04.04.2025", "2025-04-04", "2025-04-04", Day}}},
		{name: "german jaenner", text: "Das Treffen fand am 3. Jänner 2024 statt.", lang: "de",
			want: []want{{"3. Jänner 2024", "2024-01-03", "2024-01-03", Day}}},
		{name: "upper case", text: "SIGNED ON 7 NOVEMBER 2022.", lang: "en",
			want: []want{{"7 NOVEMBER 2022", "2022-11-07", "2022-11-07", Day}}},
	})
}

func TestExtractMonths(t *testing.T) {
	runExtractCases(t, []extractCase{
		{name: "month year", text: "The memorandum, signed in November 2022, covers raw materials.", lang: "en",
			want: []want{{"November 2022", "2022-11-01", "2022-11-30", Month}}},
		{name: "german im", text: "Das im November 2022 unterzeichnete Memorandum.", lang: "de",
			want: []want{{"November 2022", "2022-11-01", "2022-11-30", Month}}},
		{name: "maerz spellings", text: "Im März 2023 und im Maerz 2024 sowie im MÄRZ 2025.", lang: "de",
			want: []want{
				{"März 2023", "2023-03-01", "2023-03-31", Month},
				{"Maerz 2024", "2024-03-01", "2024-03-31", Month},
				{"MÄRZ 2025", "2025-03-01", "2025-03-31", Month},
			}},
		{name: "february leap", text: "Output fell in Feb. 2024.", lang: "en",
			want: []want{{"Feb. 2024", "2024-02-01", "2024-02-29", Month}}},
		{name: "month of year", text: "It was agreed in November of 2022.", lang: "en",
			want: []want{{"November of 2022", "2022-11-01", "2022-11-30", Month}}},
		{name: "dezember", text: "Seit Dezember 2021 gilt das Abkommen.", lang: "de",
			want: []want{{"Dezember 2021", "2021-12-01", "2021-12-31", Month}}},
	})
}

func TestExtractYearless(t *testing.T) {
	runExtractCases(t, []extractCase{
		{name: "on April 4", text: "The roadmap was endorsed in Samarkand on April 4.", lang: "en", ref: "2025-04-07", refPrec: Day,
			want: []want{{"April 4", "2025-04-04", "2025-04-04", Day}}},
		{name: "4 April", text: "Leaders met on 4 April in Samarkand.", lang: "en", ref: "2025-04-07", refPrec: Day,
			want: []want{{"4 April", "2025-04-04", "2025-04-04", Day}}},
		{name: "April 4th", text: "Leaders met on April 4th.", lang: "en", ref: "2025-04-07", refPrec: Day,
			want: []want{{"April 4th", "2025-04-04", "2025-04-04", Day}}},
		{name: "german am 4. April", text: "in Samarkand am 4. April gebilligt.", lang: "de", ref: "2025-04-07", refPrec: Day,
			want: []want{{"4. April", "2025-04-04", "2025-04-04", Day}}},
		{name: "year roll-over", text: "The agreement was initialled on December 20.", lang: "en", ref: "2026-01-05", refPrec: Day,
			want: []want{{"December 20", "2025-12-20", "2025-12-20", Day}}},
		{name: "near future next year", text: "Talks resume on January 10.", lang: "en", ref: "2025-11-20", refPrec: Day,
			want: []want{{"January 10", "2026-01-10", "2026-01-10", Day}}},
		{name: "far future prefers past", text: "The deal was struck on March 5.", lang: "en", ref: "2025-10-01", refPrec: Day,
			want: []want{{"March 5", "2025-03-05", "2025-03-05", Day}}},
		{name: "future tense allows later date", text: "The summit will be held on June 1.", lang: "en", ref: "2024-03-20", refPrec: Day,
			want: []want{{"June 1", "2024-06-01", "2024-06-01", Day}}},
		{name: "future word after the clause is not future", text: "On March 5, the ministers agreed that talks will continue.", lang: "en", ref: "2025-10-01", refPrec: Day,
			want: []want{{"March 5", "2025-03-05", "2025-03-05", Day}}},
		{name: "month reference", text: "The congress closed on June 2.", lang: "en", ref: "2023-06-01", refPrec: Month,
			want: []want{{"June 2", "2023-06-02", "2023-06-02", Day}}},
		{name: "no reference", text: "The congress closed on June 2.", lang: "en"},
		{name: "lower-case may is a verb", text: "Prices may 4 times exceed the cap.", lang: "en", ref: "2025-04-07", refPrec: Day},
		{name: "capital May is a month", text: "Talks ended May 4.", lang: "en", ref: "2025-06-07", refPrec: Day,
			want: []want{{"May 4", "2025-05-04", "2025-05-04", Day}}},
		{name: "german mai", text: "Die Sitzung am 8. Mai war kurz.", lang: "de", ref: "2025-06-07", refPrec: Day,
			want: []want{{"8. Mai", "2025-05-08", "2025-05-08", Day}}},
	})
}

func TestExtractRanges(t *testing.T) {
	runExtractCases(t, []extractCase{
		{name: "seed congress", text: "the Astana Mining & Metallurgy held on June 1-2, reported the Ministry.", lang: "en", ref: "2023-06-01", refPrec: Month,
			want: []want{{"June 1-2", "2023-06-01", "2023-06-02", Span}}},
		{name: "month range with year", text: "Held June 1–2, 2023 in Astana.", lang: "en",
			want: []want{{"June 1–2, 2023", "2023-06-01", "2023-06-02", Span}}},
		{name: "day-day month", text: "The forum ran 1-2 June 2023.", lang: "en",
			want: []want{{"1-2 June 2023", "2023-06-01", "2023-06-02", Span}}},
		{name: "german ordinal range", text: "Der Kongress fand vom 1.–2. Juni statt.", lang: "de", ref: "2023-06-10", refPrec: Day,
			want: []want{{"1.–2. Juni", "2023-06-01", "2023-06-02", Span}}},
		{name: "german bis", text: "Die Messe dauert vom 30. Juni bis 2. Juli 2023.", lang: "de",
			want: []want{{"30. Juni bis 2. Juli 2023", "2023-06-30", "2023-07-02", Span}}},
		{name: "cross month", text: "Talks ran June 30 - July 2.", lang: "en", ref: "2023-07-05", refPrec: Day,
			want: []want{{"June 30 - July 2", "2023-06-30", "2023-07-02", Span}}},
		{name: "cross year", text: "The plant was shut December 30 - January 2.", lang: "en", ref: "2025-01-10", refPrec: Day,
			want: []want{{"December 30 - January 2", "2024-12-30", "2025-01-02", Span}}},
		{name: "to", text: "Consultations run from June 1 to 3, 2024.", lang: "en",
			want: []want{{"June 1 to 3, 2024", "2024-06-01", "2024-06-03", Span}}},
		{name: "invalid range end", text: "Held June 30-31, 2023.", lang: "en"},
	})
}

func TestExtractPeriodsAndYears(t *testing.T) {
	runExtractCases(t, []extractCase{
		{name: "roadmap period", text: "The EU and Kazakhstan will develop a Roadmap for 2023-2024.", lang: "en",
			want: []want{{"2023-2024", "2023-01-01", "2024-12-31", Span}}},
		{name: "en dash period", text: "The roadmap for 2025–2026 was endorsed.", lang: "en",
			want: []want{{"2025–2026", "2025-01-01", "2026-12-31", Span}}},
		{name: "short period", text: "The 2023/24 work programme.", lang: "en",
			want: []want{{"2023/24", "2023-01-01", "2024-12-31", Span}}},
		{name: "words period", text: "Funding from 2021 to 2027 is secured.", lang: "en",
			want: []want{{"2021 to 2027", "2021-01-01", "2027-12-31", Span}}},
		{name: "between period", text: "Exports grew between 2020 and 2022.", lang: "en",
			want: []want{{"2020 and 2022", "2020-01-01", "2022-12-31", Span}}},
		{name: "german bis period", text: "Die Roadmap 2023 bis 2024 wurde umgesetzt.", lang: "de",
			want: []want{{"2023 bis 2024", "2023-01-01", "2024-12-31", Span}}},
		{name: "in year", text: "In 2022, the EU signed a memorandum.", lang: "en",
			want: []want{{"2022", "2022-01-01", "2022-12-31", Year}}},
		{name: "since and mid", text: "Prices have risen since 2019 and should fall by mid-2024.", lang: "en",
			want: []want{{"2019", "2019-01-01", "2019-12-31", Year}, {"2024", "2024-01-01", "2024-12-31", Year}}},
		{name: "end of", text: "By the end of 2021 the mine closed.", lang: "en",
			want: []want{{"2021", "2021-01-01", "2021-12-31", Year}}},
		{name: "the year as adjective", text: "It builds on the 2022 EU–Kazakhstan Memorandum of Understanding.", lang: "en",
			want: []want{{"2022", "2022-01-01", "2022-12-31", Year}}},
		{name: "german seit im ende", text: "Seit 2019 wächst der Handel, im Jahr 2020 kräftig, Ende 2024 weniger.", lang: "de",
			want: []want{
				{"2019", "2019-01-01", "2019-12-31", Year},
				{"2020", "2020-01-01", "2020-12-31", Year},
				{"2024", "2024-01-01", "2024-12-31", Year},
			}},
		{name: "numbers are not years", lang: "en",
			text: "A €3 million (US$3.3 million) project, 124 identified deposits, the 13th congress, 71% of the market, " +
				"a total of 2000 tonnes, in 2000 cases, €2024 paid, 1999 people came, version 2.0, rose by 2030."},
		{name: "german quantities are not years", lang: "de",
			text: "Das Projekt von 3 Mio. EUR (3,3 Mio. USD) hat vor 2000 Jahren bis 2000 Euro gekostet, 1950 Menschen kamen."},
		{name: "quantity period", text: "Output of 2000-2100 tonnes a year.", lang: "en"},
	})
}

func TestExtractImpossibleDates(t *testing.T) {
	runExtractCases(t, []extractCase{
		{name: "31 February", text: "Signed on 31 February 2023.", lang: "en"},
		{name: "April 31", text: "Signed on April 31.", lang: "en", ref: "2025-05-10", refPrec: Day},
		{name: "iso 30 February", text: "Dated 2023-02-30.", lang: "en"},
		{name: "numeric", text: "Am 30.02.2024 unterzeichnet.", lang: "de"},
		{name: "29 February non-leap", text: "Signed on 29 February 2023.", lang: "en"},
		{name: "29 February leap", text: "Signed on 29 February 2024.", lang: "en",
			want: []want{{"29 February 2024", "2024-02-29", "2024-02-29", Day}}},
		{name: "month 13", text: "Dated 2023-13-01.", lang: "en"},
	})
}

func TestExtractNoDates(t *testing.T) {
	runExtractCases(t, []extractCase{
		{name: "empty", text: "", lang: "en", ref: "2025-01-01", refPrec: Day},
		{name: "blank", text: " \n\n\t ", lang: "de", ref: "2025-01-01", refPrec: Day},
		{name: "plain", text: "The council met and discussed the budget. Nothing was decided.", lang: "en", ref: "2025-01-01", refPrec: Day},
		{name: "morning noun", text: "Am Morgen tagte der Rat. Jeden Morgen das Gleiche.", lang: "de", ref: "2025-01-01", refPrec: Day},
	})
}

func TestExtractRelative(t *testing.T) {
	// 2022-11-08 is a Tuesday.
	en := func(name, text string, w ...want) extractCase {
		return extractCase{name: name, text: text, lang: "en", ref: "2022-11-08", refPrec: Day, want: w}
	}
	// 2025-12-09 is a Tuesday.
	de := func(name, text string, w ...want) extractCase {
		return extractCase{name: name, text: text, lang: "de", ref: "2025-12-09", refPrec: Day, want: w}
	}
	runExtractCases(t, []extractCase{
		en("yesterday", "They yesterday signed a Memorandum.", want{"yesterday", "2022-11-07", "2022-11-07", Day}),
		en("today", "The platform launched today.", want{"today", "2022-11-08", "2022-11-08", Day}),
		en("tomorrow", "Tomorrow, she will meet the President.", want{"Tomorrow", "2022-11-09", "2022-11-09", Day}),
		en("day before yesterday", "It arrived the day before yesterday.", want{"the day before yesterday", "2022-11-06", "2022-11-06", Day}),
		en("on Tuesday is today", "Ministers met on Tuesday.", want{"on Tuesday", "2022-11-08", "2022-11-08", Day}),
		en("on Monday", "Ministers met on Monday.", want{"on Monday", "2022-11-07", "2022-11-07", Day}),
		en("on Friday past", "Ministers met on Friday.", want{"on Friday", "2022-11-04", "2022-11-04", Day}),
		en("last Tuesday", "Ministers met last Tuesday.", want{"last Tuesday", "2022-11-01", "2022-11-01", Day}),
		en("next Monday", "Talks resume next Monday.", want{"next Monday", "2022-11-14", "2022-11-14", Day}),
		en("future on Friday", "The ministers will meet on Friday.", want{"on Friday", "2022-11-11", "2022-11-11", Day}),
		en("said Monday", "The ministry said Monday it agreed.", want{"Monday", "2022-11-07", "2022-11-07", Day}),
		en("weekday with date", "They met on Tuesday, November 1, 2022.", want{"November 1, 2022", "2022-11-01", "2022-11-01", Day}),
		en("plural weekday is habitual", "Markets close on Tuesdays."),
		de("gestern", "Die Vereinbarung wurde gestern unterzeichnet.", want{"gestern", "2025-12-08", "2025-12-08", Day}),
		de("heute", "Heute beginnt der Gipfel.", want{"Heute", "2025-12-09", "2025-12-09", Day}),
		de("morgen", "Der Minister reist morgen ab.", want{"morgen", "2025-12-10", "2025-12-10", Day}),
		de("vorgestern", "Vorgestern kam die Delegation an.", want{"Vorgestern", "2025-12-07", "2025-12-07", Day}),
		de("uebermorgen", "Übermorgen folgt die Abstimmung.", want{"Übermorgen", "2025-12-11", "2025-12-11", Day}),
		de("heute Morgen is today only", "Heute Morgen wurde unterzeichnet.", want{"Heute", "2025-12-09", "2025-12-09", Day}),
		de("gestern morgen is yesterday only", "Gestern morgen tagte der Rat.", want{"Gestern", "2025-12-08", "2025-12-08", Day}),
		de("am heutigen Dienstag", "Am heutigen Dienstag wurde die Plattform gestartet.", want{"Am heutigen Dienstag", "2025-12-09", "2025-12-09", Day}),
		de("am Dienstag", "Die Plattform wurde am Dienstag gestartet.", want{"am Dienstag", "2025-12-09", "2025-12-09", Day}),
		de("am Montag", "Die Delegation traf am Montag ein.", want{"am Montag", "2025-12-08", "2025-12-08", Day}),
		de("am vergangenen Dienstag", "Am vergangenen Dienstag tagte der Rat.", want{"Am vergangenen Dienstag", "2025-12-02", "2025-12-02", Day}),
		de("am kommenden Freitag", "Am kommenden Freitag folgt die Abstimmung.", want{"Am kommenden Freitag", "2025-12-12", "2025-12-12", Day}),
		de("future am Freitag", "Die Brücke wird am Freitag eröffnet.", want{"am Freitag", "2025-12-12", "2025-12-12", Day}),
		de("future verb after fronted weekday", "Am Freitag wird die Brücke eröffnet.", want{"Am Freitag", "2025-12-12", "2025-12-12", Day}),
		en("said on Friday that talks will resume", "On Friday, he said talks will resume.", want{"On Friday", "2022-11-04", "2022-11-04", Day}),
		de("am Dienstagabend", "Am Dienstagabend wurde abgestimmt.", want{"Am Dienstagabend", "2025-12-09", "2025-12-09", Day}),
	})
}

func TestExtractRelativeNeedsDayReference(t *testing.T) {
	runExtractCases(t, []extractCase{
		{name: "month reference en", lang: "en", ref: "2023-06-01", refPrec: Month,
			text: "“Today, we have prospects,” he said. Yesterday and on Tuesday talks were held; they closed on June 2.",
			want: []want{{"June 2", "2023-06-02", "2023-06-02", Day}}},
		{name: "month reference de", lang: "de", ref: "2023-06-01", refPrec: Month,
			text: "Gestern und am Dienstag wurde heute verhandelt, morgen auch. Der Vertrag vom 7. November 2022 gilt.",
			want: []want{{"7. November 2022", "2022-11-07", "2022-11-07", Day}}},
		{name: "no reference", lang: "en", text: "Yesterday they signed; tomorrow they meet."},
		{name: "year reference", lang: "en", ref: "2023-01-01", refPrec: Year, text: "Yesterday they met on April 4."},
	})
}

func TestExtractOffsetsMultibyte(t *testing.T) {
	text := "Šefčovič – Zürich: „Die Gespräche am 4. April 2025“ – über Ökologie.\nNext line: in 2022."
	got := scanDates(text, "de", time.Time{}, Unknown)
	checkOffsets(t, text, got)
	if len(got) != 2 {
		t.Fatalf("got %d mentions, want 2: %+v", len(got), got)
	}
	m := got[0]
	if m.exprStart != strings.Index(text, "4. April") || m.exprEnd != m.exprStart+len("4. April 2025") {
		t.Errorf("first mention at [%d:%d]", m.exprStart, m.exprEnd)
	}
	if s := text[m.sent.start:m.sent.end]; m.sent.start != 0 || s != "Šefčovič – Zürich: „Die Gespräche am 4. April 2025“ – über Ökologie." {
		t.Errorf("first sentence %q at %d", s, m.sent.start)
	}
	if s := text[got[1].sent.start:got[1].sent.end]; s != "Next line: in 2022." || got[1].r.prec != Year {
		t.Errorf("second mention %+v in %q", got[1], s)
	}
}

func TestExtractReferenceTimeZone(t *testing.T) {
	// A reference late in the day in a zone ahead of UTC still means that calendar day.
	loc := time.FixedZone("ALMT", 5*3600)
	ref := time.Date(2022, 11, 8, 23, 30, 0, 0, loc)
	got := scanDates("They yesterday signed.", "en", ref, Day)
	if len(got) != 1 || !got[0].r.start.Equal(mustDay(t, "2022-11-07")) {
		t.Fatalf("got %+v", got)
	}
}

func TestPrecisionText(t *testing.T) {
	for p, s := range map[Precision]string{Unknown: "unknown", Day: "day", Month: "month", Year: "year", Span: "span"} {
		if p.String() != s {
			t.Errorf("%d.String() = %q, want %q", int(p), p.String(), s)
		}
		b, err := p.MarshalText()
		if err != nil || string(b) != s {
			t.Errorf("MarshalText(%d) = %q, %v", int(p), b, err)
		}
		var q Precision
		if err := q.UnmarshalText(b); err != nil || q != p {
			t.Errorf("UnmarshalText(%q) = %v, %v", b, q, err)
		}
	}
	if _, err := Precision(9).MarshalText(); err == nil {
		t.Error("MarshalText of an invalid precision should fail")
	}
}

func TestExtractRussian(t *testing.T) {
	runExtractCases(t, []extractCase{
		{name: "day month year", lang: "ru", text: "Меморандум подписали 7 ноября 2022 года в Шарм-эш-Шейхе.",
			want: []want{{"7 ноября 2022 года", "2022-11-07", "2022-11-07", Day}}},
		{name: "month year", lang: "ru", text: "Саммит прошёл в апреле 2025 года в Самарканде.",
			want: []want{{"апреле 2025 года", "2025-04-01", "2025-04-30", Month}}},
		{name: "years", lang: "ru", text: "В 2022 году добыча выросла, а до 2030 года компания удвоит её. Работы идут с 2019 г. по плану.",
			want: []want{{"2022 году", "2022-01-01", "2022-12-31", Year}, {"2030 года", "2030-01-01", "2030-12-31", Year},
				{"2019 г.", "2019-01-01", "2019-12-31", Year}}},
		{name: "relative", lang: "ru", ref: "2025-04-07", refPrec: Day, text: "Вчера министр посетил Астану. Завтра он будет в Брюсселе.",
			want: []want{{"Вчера", "2025-04-06", "2025-04-06", Day}, {"Завтра", "2025-04-08", "2025-04-08", Day}}},
		{name: "yearless day", lang: "ru", ref: "2025-04-07", refPrec: Day, text: "Стороны встретились 4 апреля в Самарканде.",
			want: []want{{"4 апреля", "2025-04-04", "2025-04-04", Day}}},
		{name: "amounts are not years", lang: "ru", text: "Компания добыла 2000 тонн лития и вложила 1500 млн тенге.", want: nil},
	})
}
