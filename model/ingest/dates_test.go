package ingest

import (
	"strings"
	"testing"

	"dossier/model"
)

func TestStatedDay(t *testing.T) {
	for _, c := range []struct{ in, want, text string }{
		{"Brussels, 4 April 2025", "2025-04-04", "4 April 2025"},
		{"Brüssel, den 4. April 2025", "2025-04-04", "4. April 2025"},
		{"Астана, 4 апреля 2025 г.", "2025-04-04", "4 апреля 2025"},
		{"Washington, April 4, 2025 – The", "2025-04-04", "April 4, 2025"},
		{"Stand: 18.09.2025, 14:30 Uhr", "2025-09-18", "18.09.2025"},
		{"Published 2025-09-18T10:00", "2025-09-18", "2025-09-18"},
		{"By Jane Doe in Business on 18 September 2025", "2025-09-18", "18 September 2025"},
		{"12 pages 2025, then 3 March 2024", "2024-03-03", "3 March 2024"},
		{"31 February 2025", "", ""},
		{"In 2025 the roadmap", "", ""},
		{"April 2025", "", ""},
	} {
		got, start, end := statedDay(c.in)
		if got != c.want || got != "" && c.in[start:end] != c.text {
			t.Errorf("statedDay(%q) = %q at %d-%d, want %q (%q)", c.in, got, start, end, c.want, c.text)
		}
	}
}

// Any text: statedDay gives a valid day or nothing, and its range; what
// dropMetaParagraphs keeps is a run of the paragraphs it was given, never
// none of them.
func FuzzDropMetaParagraphs(f *testing.F) {
	f.Add("By Jane Doe in Business on 18 September 2025\n\nShare\n\nText.", "Title", "", "")
	f.Add("Astana, 4 апреля 2025 г.\n\nТекст.\n\nПоделиться", "", "Автор", "2025-01-01")
	f.Fuzz(func(t *testing.T, body, title, author, date string) {
		if d, start, end := statedDay(body); d != "" {
			if _, _, err := model.ParseDate(d); err != nil || start < 0 || end > len(body) || start >= end {
				t.Fatalf("statedDay(%q) = %q at %d-%d", body, d, start, end)
			}
		}
		rest, _, d, _ := dropMetaParagraphs(body, title, author, date)
		if !strings.Contains(body, rest) || body != "" && rest == "" && strings.TrimSpace(body) != "" && !strings.Contains(body, "\n\n") {
			t.Fatalf("dropMetaParagraphs(%q) kept %q", body, rest)
		}
		if len(strings.Split(body, "\n\n")) > 0 && rest == "" && strings.TrimSpace(body) != "" {
			t.Fatalf("dropMetaParagraphs(%q) kept nothing", body)
		}
		if d != date {
			if _, p, err := model.ParseDate(d); err != nil || p != model.Day {
				t.Fatalf("date %q", d)
			}
		}
	})
}
