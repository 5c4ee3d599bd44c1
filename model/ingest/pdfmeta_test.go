package ingest

import (
	"context"
	"strings"
	"testing"

	"dossier/model/ingest/pdftest"
)

// PDFs of our own in English, German and Russian: the date is the one the
// first page states (its basis "text"), not the creation date; the title
// is not repeated as the first paragraph, nor the dateline; the outlet is
// the metadata's Author or Producer only when that is an organisation.
func TestPDFMetadataFromTheText(t *testing.T) {
	enBody := []string{
		"The European Union and Kazakhstan agreed today on a list of joint projects on lithium, graphite and rare earths under their strategic partnership.",
		"The memorandum signed on 7 November 2022 remains the basis of the work, the Commission said, and the roadmap for 2025 and 2026 sets its pace.",
	}
	deBody := []string{
		"Die Europäische Union und Kasachstan haben heute eine Liste gemeinsamer Projekte zu Lithium, Graphit und seltenen Erden vereinbart.",
		"Grundlage bleibt das am 7. November 2022 unterzeichnete Memorandum; der Fahrplan für 2025 und 2026 gibt das Tempo vor.",
	}
	ruBody := []string{
		"Европейский союз и Казахстан сегодня согласовали список совместных проектов по литию, графиту и редкоземельным металлам.",
		"Основой работы остается меморандум, подписанный 7 ноября 2022 года, а дорожная карта на 2025–2026 годы задает темп.",
	}
	doc := func(title, dateline string, body []string) []pdftest.Para {
		ps := []pdftest.Para{{Size: 18, Text: title}}
		if dateline != "" {
			ps = append(ps, pdftest.Para{Size: 10, Text: dateline})
		}
		for _, b := range body {
			ps = append(ps, pdftest.Para{Size: 10, Text: b})
		}
		return ps
	}
	created := "/CreationDate (D:20250410093000+02'00')"
	tests := []struct {
		name string
		pdf  []byte
		want Meta
		body []string
	}{
		{"English press release of the Commission",
			pdftest.Document(created+" /Author (European Commission) /Producer (Microsoft Word 2019)",
				doc("EU and Kazakhstan agree on joint projects", "Brussels, 4 April 2025", enBody)),
			Meta{Title: "EU and Kazakhstan agree on joint projects", Source: "European Commission", Date: "2025-04-04", DateBasis: BasisText},
			enBody},
		{"German press release of a ministry",
			pdftest.Document(created+" /Author "+pdftest.Text("Bundesministerium für Wirtschaft und Klimaschutz")+" /Producer (LibreOffice 7.5)",
				doc("EU und Kasachstan vereinbaren gemeinsame Projekte", "Berlin, den 4. April 2025", deBody)),
			Meta{Title: "EU und Kasachstan vereinbaren gemeinsame Projekte", Source: "Bundesministerium für Wirtschaft und Klimaschutz", Date: "2025-04-04", DateBasis: BasisText},
			deBody},
		{"Russian article by a person, made by Ghostscript",
			pdftest.Document(created+" /Author "+pdftest.Text("Иван Петров")+" /Producer (GPL Ghostscript 10.01.2)",
				doc("ЕС и Казахстан согласовали совместные проекты", "Астана, 4 апреля 2025 г.", ruBody)),
			Meta{Title: "ЕС и Казахстан согласовали совместные проекты", Author: "Иван Петров", Date: "2025-04-04", DateBasis: BasisText},
			ruBody},
		{"no dateline: the creation date, and a date in the text is not one",
			pdftest.Document(created+" /Author (Jane Doe)", doc("EU and Kazakhstan agree on joint projects", "", enBody)),
			Meta{Title: "EU and Kazakhstan agree on joint projects", Author: "Jane Doe", Date: "2025-04-10", DateBasis: BasisMetadata},
			enBody},
		{"an acronym as the author is an outlet",
			pdftest.Document("/Author (EBRD)", doc("EU and Kazakhstan agree on joint projects", "", enBody)),
			Meta{Title: "EU and Kazakhstan agree on joint projects", Source: "EBRD"},
			enBody},
	}
	for _, tt := range tests {
		d, err := Extract(context.Background(), "a.pdf", tt.pdf)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if d.Meta != tt.want {
			t.Errorf("%s: meta\n got %+v\nwant %+v", tt.name, d.Meta, tt.want)
		}
		if want := strings.Join(tt.body, "\n\n"); d.Body != want {
			t.Errorf("%s: body\n got %q\nwant %q", tt.name, d.Body, want)
		}
	}
}

func TestIsOrganisation(t *testing.T) {
	for s, want := range map[string]bool{
		"European Commission": true, "EBRD": true, "Delegation of the European Union to Kazakhstan": true,
		"Bundesministerium für Wirtschaft und Klimaschutz": true, "Министерство промышленности и строительства РК": true,
		"The Astana Times": true, "Kazinform": false, "Jane Doe": false, "Иван Петров": false, "Anna Müller": false,
		"GPL Ghostscript 10.01.2": false, "Microsoft® Word for Microsoft 365": false, "Adobe PDF Library 17.0": false,
		"groff version 1.22.4": false, "": false, "dana": false,
	} {
		if got := isOrganisation(s); got != want {
			t.Errorf("isOrganisation(%q) = %v, want %v", s, got, want)
		}
	}
}
