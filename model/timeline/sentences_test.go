package timeline

import (
	"reflect"
	"testing"
)

func sentences(text string) []string {
	var out []string
	for _, s := range splitSentences(text) {
		out = append(out, text[s.start:s.end])
	}
	return out
}

func TestSplitSentences(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []string
	}{
		{"titles", "Dr. Marat Terterov met Mr. Jones. They agreed.",
			[]string{"Dr. Marat Terterov met Mr. Jones.", "They agreed."}},
		{"excellency and initials", "Then H.E. Henri Vantieghem and John M. Roberts spoke. It ended.",
			[]string{"Then H.E. Henri Vantieghem and John M. Roberts spoke.", "It ended."}},
		{"e.g. and U.S.", "Partners, e.g. the U.S. Government, joined. Others did not.",
			[]string{"Partners, e.g. the U.S. Government, joined.", "Others did not."}},
		{"No. and decimals", "Project No. 5 costs 3.3 million. Approved!",
			[]string{"Project No. 5 costs 3.3 million.", "Approved!"}},
		{"german ordinal date", "Die Roadmap wurde am 4. April gebilligt. Sie gilt bis 2026.",
			[]string{"Die Roadmap wurde am 4. April gebilligt.", "Sie gilt bis 2026."}},
		{"german Mio.", "Ein Projekt von 3 Mio. EUR (3,3 Mio. USD) wurde unterzeichnet. Ende.",
			[]string{"Ein Projekt von 3 Mio. EUR (3,3 Mio. USD) wurde unterzeichnet.", "Ende."}},
		{"month abbreviation", "Signed Nov. 7, 2022 in Egypt. Next.",
			[]string{"Signed Nov. 7, 2022 in Egypt.", "Next."}},
		{"quotes", "“Why?” he asked. “Because.” She left.",
			[]string{"“Why?” he asked.", "“Because.”", "She left."}},
		{"line breaks and blank lines", "Headline without stop\nFirst line.\n\n  Second para  \n",
			[]string{"Headline without stop", "First line.", "Second para"}},
		{"hard-wrapped line", "In June 2023 the investment in lithium\n  deposits was cited.\nCooperation Facility (May 2023).",
			[]string{"In June 2023 the investment in lithium\n  deposits was cited.", "Cooperation Facility (May 2023)."}},
		{"question and exclamation", "Really? Yes! Done.",
			[]string{"Really?", "Yes!", "Done."}},
		{"year at end", "It happened in 2022. The EU agreed.",
			[]string{"It happened in 2022.", "The EU agreed."}},
		{"empty", "", nil},
		{"only space", " \n\t\n ", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := sentences(c.text); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %q\nwant %q", got, c.want)
			}
		})
	}
}
