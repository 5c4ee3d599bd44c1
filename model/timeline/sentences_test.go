package timeline

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
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

// TestSplitLongSentence: a run longer than maxSentence without a sentence
// end is cut into pieces of at most maxSentence bytes, at spaces when there
// are any, and the pieces keep every word in order.
func TestSplitLongSentence(t *testing.T) {
	words := strings.Repeat("the EU and Kazakhstan, ", 500) // 11,500 bytes
	noSpace := strings.Repeat("(“[", 2000)                  // 10,000 bytes, no space
	for _, text := range []string{words + "signed it.", noSpace, "Short one. " + words} {
		spans := splitSentences(text)
		var joined []string
		for k, s := range spans {
			piece := text[s.start:s.end]
			if len(piece) > maxSentence || !utf8.ValidString(piece) {
				t.Errorf("piece %d of %d bytes (valid UTF-8: %v)", k, len(piece), utf8.ValidString(piece))
			}
			if strings.Contains(text, " ") && k+1 < len(spans) && !strings.HasPrefix(text[s.end:], " ") {
				t.Errorf("piece %d cut inside a word: %q|%q", k, piece[max(len(piece)-10, 0):], text[s.end:s.end+10])
			}
			joined = append(joined, piece)
		}
		same := strings.Join(joined, "") == text // cut without spaces: nothing between the pieces
		if strings.Contains(text, " ") {
			same = strings.Join(strings.Fields(strings.Join(joined, " ")), " ") == strings.Join(strings.Fields(text), " ")
		}
		if len(spans) < 2 || !same {
			t.Errorf("%d pieces do not make the text again", len(spans))
		}
	}
}
