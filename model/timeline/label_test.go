package timeline

import (
	"context"
	"testing"
	"time"
)

// labelOf extracts one sentence, published on Wednesday 9 April 2025, and
// returns the label of its primary mention and whether it has one.
func labelOf(t *testing.T, lang, text string) (string, bool) {
	t.Helper()
	ref := Reference{Date: time.Date(2025, 4, 9, 0, 0, 0, 0, time.UTC), Precision: Day, From: "x"}
	ex, err := Extract(context.Background(), Doc{ID: "x", Lang: lang, Text: text, Title: "Headline"}, ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ex.Mentions {
		if m.Role == Primary {
			return m.Label, true
		}
	}
	return "", false
}

func TestLabelsEnglish(t *testing.T) {
	cases := []struct{ text, want string }{
		// dateline, date and attribution dropped; the long name abbreviated
		{"BRUSSELS – The European Commission and Kazakhstan signed a memorandum of understanding on critical raw materials on 7 November 2022, the Commission said.",
			"Commission and Kazakhstan sign MoU on critical raw materials"},
		// a fronted weekday, and a title before the name
		{"On Tuesday, EU Commissioner Jozef Síkela opened the EU–Kazakhstan business forum in Astana.",
			"Síkela opens EU–Kazakhstan business forum in Astana"},
		// a relative clause after the name
		{"Prime Minister Olzhas Bektenov, who chairs the investment council, announced yesterday that the Sarytogan graphite project had been selected as a strategic project.",
			"Bektenov announces that Sarytogan graphite project had been selected as strategic project"},
		// the future
		{"The EBRD will open a regional office in Almaty on 15 March 2026, according to a statement.",
			"EBRD to open regional office in Almaty"},
		{"Leaders of the five Central Asian states met European Council President António Costa in Samarkand on 3-4 April 2025.",
			"Leaders of five Central Asian states meet Costa in Samarkand"},
		// a participle clause after the comma
		{"Kazakhstan’s parliament ratified the agreement on 12 March 2025, paving the way for the first joint lithium projects.",
			"Kazakhstan’s parliament ratifies agreement"},
		// a quotation and its speaker
		{"“We have agreed on concrete steps,” Kaja Kallas told reporters in Astana on Monday.",
			"Kallas: We have agreed on concrete steps"},
		// a leading participial phrase, an appositive and "between A and B"
		{"Attending the COP27 in Egypt, Commission President Ursula von der Leyen and Alikhan Smailov, Prime Minister of Kazakhstan, yesterday signed a Memorandum of Understanding establishing a partnership between the EU and Kazakhstan.",
			"von der Leyen and Smailov sign MoU establishing EU–Kazakhstan partnership (COP27)"},
		// too long: phrases are dropped, a place kept
		{"ASTANA – Kazakhstan and the European Union endorsed the partnership roadmap for 2025-2026 in the framework of the first-ever EU-Central Asia Summit in Samarkand on April 4.",
			"Kazakhstan and EU endorse partnership roadmap for 2025-2026 in Samarkand"},
		// a participle before its date, the verb after it
		{"The memorandum of understanding signed in March 2019 covers rare earths, dysprosium and copper.",
			"MoU signed, covers rare earths, dysprosium and copper"},
		// attribution dropped; a plural subject
		{"According to Marat Karabayev, new cooperations in the lithium sector started in 2020.",
			"New cooperations in lithium sector start"},
		// a relative clause between the subject and its verb holds the date: it is the event
		{"The EBRD, which has invested €3.4 billion in Kazakhstan since 1992, said it would expand its office in Almaty.",
			"EBRD has invested €3.4 billion in Kazakhstan since 1992"},
		{"The EBRD, which opened its Almaty office in 1993, announced that it would fund the Zhezkazgan copper mine.",
			"EBRD opens its Almaty office"},
		{"Tokayev, who met von der Leyen in Samarkand on 4 April 2025, said the partnership was growing.",
			"Tokayev met von der Leyen in Samarkand"},
		// not after an object
		{"The memorandum was signed by Commissioner Šefčovič, who visited Astana in June 2023.",
			"Memorandum signed by Šefčovič, who visited Astana"},
		{"The Kazakhstan–EU Gateway (KEG) has officially launched its new cooperation platform today by convening the high-level roundtable “Strategic Partnership on Critical Raw Materials”, bringing together representatives of the European Commission, EEAS, research institutions, industry leaders, and diplomatic missions.",
			"Kazakhstan–EU Gateway launches its new cooperation platform"},
	}
	for _, c := range cases {
		got, ok := labelOf(t, "en", c.text)
		if !ok || got != c.want {
			t.Errorf("%q\n got %q\nwant %q", c.text, got, c.want)
		}
		if ok {
			checkLabel(t, got)
		}
	}
}

func TestLabelsGerman(t *testing.T) {
	cases := []struct{ text, want string }{
		// perfect tense: "X haben ... unterzeichnet" -> "X: ... unterzeichnet"
		{"Die EU und Kasachstan haben am 7. November 2022 in Scharm el-Scheich eine Absichtserklärung über Rohstoffe unterzeichnet.",
			"EU und Kasachstan: in Scharm el-Scheich Absichtserklärung über Rohstoffe unterzeichnet"},
		// the subject goes first again once the fronted weekday is dropped
		{"Am Dienstag eröffnete Kommissar Jozef Síkela in Astana das Wirtschaftsforum EU–Kasachstan.",
			"Síkela eröffnete in Astana das Wirtschaftsforum EU–Kasachstan"},
		// passive
		{"Die Roadmap 2025-2026 wurde am 4. April 2025 in Samarkand gebilligt.",
			"Roadmap 2025-2026 in Samarkand gebilligt"},
		// attribution without a comma, and a genitive article kept
		{"Nach Angaben des Ministeriums beginnt der Bau der Anlage im Mai 2026.",
			"Bau der Anlage beginnt"},
		{"Gestern unterzeichneten der Tau-Ken-Samruk-Chef und die EBRD in Astana einen Kreditvertrag über 50 Millionen Euro.",
			"Tau-Ken-Samruk-Chef und EBRD unterzeichneten in Astana einen Kreditvertrag"},
		// "Nach Angaben X" dropped, "im Jahr" with its year
		{"Nach Angaben der Tau-Ken Samruk stieg die Produktion von Lithium im Jahr 2022 um 89 Prozent.",
			"Produktion von Lithium stieg um 89 Prozent"},
		// "Laut X, Titel, ..." and the passive of the future
		{"Laut Aleška Simkić, EU-Botschafterin in Kasachstan, wird die Plattform am 9. Dezember 2025 in Brüssel eröffnet.",
			"Plattform in Brüssel eröffnet"},
		{"Astana-Kasachstan und die Europäische Union haben die Partnerschafts-Roadmap für 2025-2026 im Rahmen des ersten EU-Zentralasien-Gipfels in Samarkand am 4. April gebilligt.",
			"Astana-Kasachstan und EU: Partnerschafts-Roadmap für 2025-2026 in Samarkand gebilligt"},
	}
	for _, c := range cases {
		got, ok := labelOf(t, "de", c.text)
		if !ok || got != c.want {
			t.Errorf("%q\n got %q\nwant %q", c.text, got, c.want)
		}
		if ok {
			checkLabel(t, got)
		}
	}
}

func TestNotEvents(t *testing.T) {
	for _, c := range []struct{ lang, text string }{
		{"en", "TASHKENT, Uzbekistan, November 26."},
		{"de", "(4. April 2025)"},
		{"en", "(4 April 2025)"},
		{"en", "Photo: Ursula von der Leyen in Samarkand, 4 April 2025"},
		{"de", "Foto: Ursula von der Leyen in Samarkand am 4. April 2025"},
		{"en", "Samarkand, 4 April 2025"},
	} {
		if got, ok := labelOf(t, c.lang, c.text); ok {
			t.Errorf("%q made an event labelled %q", c.text, got)
		}
	}
}

func TestMilestoneLabels(t *testing.T) {
	want := map[string]string{
		"# MoU 2022: raw materials, batteries and renewable hydrogen": "von der Leyen and Smailov sign MoU on raw materials, batteries and renewable hydrogen",
		"# Roadmap 2023-2024": "EU and Kazakhstan agree Roadmap 2023-2024 by exchange of letters",
		"# Roadmap 2025-2026": "EU and Kazakhstan endorse Roadmap 2025-2026 at first EU–Central Asia summit in Samarkand",
		"rm23-5":              "Tau-Ken Samruk–EBRD MoU, and EU–EBRD letter of intent",
		"rm25-7":              "Sarytogan graphite project selected as Strategic Project under EU CRM Act",
	}
	for _, m := range seedMilestones(t) {
		checkLabel(t, m.Label)
		if w, ok := want[m.ID]; ok && m.Label != w {
			t.Errorf("milestone %s label %q, want %q", m.ID, m.Label, w)
		}
	}
}

func TestFitTitle(t *testing.T) {
	long := "COP27: European Union concludes a strategic partnership with Kazakhstan on raw materials, batteries and renewable hydrogen"
	if got := fitTitle(long); got != "COP27: European Union concludes a strategic partnership with Kazakhstan on raw materials" {
		t.Errorf("fitTitle = %q", got)
	}
	if got := fitTitle("  Short   title "); got != "Short title" {
		t.Errorf("fitTitle = %q", got)
	}
	word := ""
	for range 100 {
		word += "ä"
	}
	if got := fitTitle(word); got != "" {
		t.Errorf("a 100-letter word cannot be cut: %q", got)
	}
}
