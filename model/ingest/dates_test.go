package ingest

import "testing"

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
