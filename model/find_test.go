package model

import (
	"strings"
	"testing"
)

func TestFindAll(t *testing.T) {
	tests := []struct {
		text, needle string
		want         []string
	}{
		{"Maroš Šefčovič met Sefcovic", "sefcovic", []string{"Šefčovič", "Sefcovic"}},
		{"Lithium, LITHIUM and lithium-ion", "Lithium", []string{"Lithium", "LITHIUM", "lithium"}},
		{"Aleška Simkić", "simkic", []string{"Simkić"}},
		{"Europäische Union", "europaische", []string{"Europäische"}},
		{"Die Straße", "strasse", []string{"Straße"}},
		{"Казахстан и Казахстана", "казахстан", []string{"Казахстан", "Казахстан"}},
		{"raw materials", "raw  materials", nil},
		{"raw materials", "raw materials", []string{"raw materials"}},
		{"anything", "", nil},
		{"aaaa", "aa", []string{"aa", "aa"}},
		{"中文 and 中文", "中文", []string{"中文", "中文"}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range FindAll(tt.text, tt.needle) {
			got = append(got, tt.text[s.Start:s.End])
		}
		if len(got) != len(tt.want) {
			t.Errorf("FindAll(%q, %q) = %q, want %q", tt.text, tt.needle, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("FindAll(%q, %q) = %q, want %q", tt.text, tt.needle, got, tt.want)
				break
			}
		}
	}
}

func FuzzFindAll(f *testing.F) {
	f.Add("Maroš Šefčovič", "sef")
	f.Add("Straße ß", "ss")
	f.Fuzz(func(t *testing.T, text, needle string) {
		last := 0
		for _, s := range FindAll(text, needle) {
			if s.Start < last || s.End <= s.Start || s.End > len(text) {
				t.Fatalf("bad span %v (last end %d) in %q", s, last, text)
			}
			last = s.End
		}
	})
}

func TestSentenceAt(t *testing.T) {
	text := "First one. Second sentence here! Third?\nNew paragraph without end"
	tests := []struct {
		at   int
		want string
	}{
		{0, "First one."},
		{5, "First one."},
		{12, "Second sentence here!"},
		{35, "Third?"},
		{45, "New paragraph without end"},
		{len(text), "New paragraph without end"},
	}
	for _, tt := range tests {
		s := SentenceAt(text, tt.at)
		if got := text[s.Start:s.End]; got != tt.want {
			t.Errorf("SentenceAt(%d) = %q, want %q", tt.at, got, tt.want)
		}
	}
}

// TestSentenceAtKeepsTitlesAndInitials: a dot after a title, an initial,
// a dotted abbreviation or "No." before a number does not end the
// sentence, so a quote keeps "Dr. Jones"; other dots still do.
func TestSentenceAtKeepsTitlesAndInitials(t *testing.T) {
	for _, tt := range []struct{ text, at, want string }{
		{"It was late. Dr. Jones also noted that tailings matter. Then more.", "Jones", "Dr. Jones also noted that tailings matter."},
		{"Panelists included John M. Roberts, Senior Fellow. Others spoke.", "Roberts", "Panelists included John M. Roberts, Senior Fellow."},
		{"Ask Prof. Weber. He knows.", "Weber", "Ask Prof. Weber."},
		{"Sanctions, e.g. on steel, apply. Next.", "steel", "Sanctions, e.g. on steel, apply."},
		{"It is Decree No. 5 of 2023. Next.", "Decree", "It is Decree No. 5 of 2023."},
		{"The answer was no. Then they left.", "Then", "Then they left."},
		{"She came 1st. Then he did.", "Then", "Then he did."},
		{"Herr Dr. Müller sprach, bzw. schrieb. Danach kam mehr.", "schrieb", "Herr Dr. Müller sprach, bzw. schrieb."},
		{"Plants use water. The EU agreed.", "EU", "The EU agreed."},
	} {
		s := SentenceAt(tt.text, strings.Index(tt.text, tt.at))
		if got := tt.text[s.Start:s.End]; got != tt.want {
			t.Errorf("SentenceAt(%q at %q) = %q, want %q", tt.text, tt.at, got, tt.want)
		}
	}
}
