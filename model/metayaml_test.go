package model

import (
	"strings"
	"testing"
)

// goWords are what a catalogue's reader must never see: Go's types and the
// YAML library's jargon.
var goWords = []string{"model.", "struct", "[]", "!!", "unmarshal", "not found in type"}

func TestCatalogueProblemsInUserWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"artcles:\n  - id: a\n", `line 1: unknown key "artcles" (a catalogue has one key, articles:, with a list of entries)`},
		{"articles:\n  - id: a\n    title: [x]\n", "line 3: title: want one value, not a list"},
		{"articles:\n  - id: a\n    author:\n      name: x\n", "line 4: author: want one value, not keys with values"},
		{"articles:\n  - [a]\n", "line 2: entry 1: want keys with values (title: …, date: …), not a list"},
		{"articles: x\n", `line 1: articles: want a list of entries (- id: …), not "x"`},
		{"- a\n", "line 1: want the key articles: with a list of entries (- id: …), not a list"},
		{"articles:\n  - id: a\n    title: x\n    title: y\n", "line 4: title is given twice (first on line 3)"},
		{"articles:\n  - id: a\n    lang: en\n    date: 2023-02-30\n", `line 4: id "a": date "2023-02-30": no such day`},
		{"articles:\n  - id: a\n  - title: b\n  - id: a\n", `line 3: entry 2 has no id; line 4: id "a" is listed twice (first on line 2)`},
		{"articles:\n  - id: a\n    \"\\e[2J\": y\n", `line 3: unknown key "\\x1b[2J"`},
		{"articles: {\n", "line 1: not valid YAML: did not find expected node content"},
		{"articles:\n  - id: a\n    k1: 1\n    k2: 2\n    k3: 3\n    k4: 4\n    k5: 5\n    k6: 6\n    k7: 7\n",
			`line 7: unknown key "k5" (known: id, title, outlet (or source), author, url, lang, date, translation_of, fetched, published); … and 2 more`},
	}
	for _, tt := range tests {
		_, err := ParseCatalogue([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseCatalogue(%q) = %v\nwant it to contain %q", tt.in, err, tt.want)
			continue
		}
		for _, w := range goWords {
			if strings.Contains(err.Error(), w) {
				t.Errorf("ParseCatalogue(%q) = %v: says %q", tt.in, err, w)
			}
		}
		if r, ok := terminalSafe(err.Error(), false); !ok {
			t.Errorf("ParseCatalogue(%q) = %q keeps %U", tt.in, err, r)
		}
	}
	// What was accepted before is accepted still: anchors, nulls, numbers as text.
	cat, err := ParseCatalogue([]byte("articles:\n  - id: a\n    outlet: &o Astana Times\n    title: ~\n    date: 2023\n  - id: b\n    outlet: *o\n"))
	if err != nil || cat["b"].Outlet != "Astana Times" || cat["a"].Title != "" || cat["a"].Date != "2023" {
		t.Errorf("catalogue %+v, %v", cat, err)
	}
	if cat, err := ParseCatalogue([]byte("# nothing yet\n")); err != nil || len(cat) != 0 {
		t.Errorf("an empty catalogue: %v %v", cat, err)
	}
}

func TestFrontMatterProblemsAtFileLines(t *testing.T) {
	tests := []struct{ front, want string }{
		{"title: x\ntitel: y\n", `front matter: line 3: unknown key "titel"`},
		{"title: [x]\n", "front matter: line 2: title: want one value, not a list"},
		{"- a\n", "front matter: line 2: want keys with values (title: …, date: …), not a list"},
		{"title: x\nlang: English\n", `front matter: line 3: lang "English"`},
		{"title: 'x\n", "front matter: line 3: not valid YAML: found unexpected end of stream"},
		{"title: x\nfetched: yesterday\n", `front matter: line 3: fetched "yesterday": want a time such as 2025-04-07T09:30:00Z`},
		{"published: 2025-04-07\n", `front matter: line 2: published "2025-04-07": want a time`},
	}
	for _, tt := range tests {
		_, err := ParseFrontMatter(tt.front)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseFrontMatter(%q) = %v\nwant it to contain %q", tt.front, err, tt.want)
			continue
		}
		for _, w := range goWords {
			if strings.Contains(err.Error(), w) {
				t.Errorf("ParseFrontMatter(%q) = %v: says %q", tt.front, err, w)
			}
		}
	}
	// What dossier fetch writes is read back.
	m, err := ParseFrontMatter("title: x\nurl: https://example.org/a\nfetched: 2025-12-06T10:00:00Z\npublished: 2025-12-05T18:30:00+05:00\n")
	if err != nil || m.Fetched != "2025-12-06T10:00:00Z" || m.Published != "2025-12-05T18:30:00+05:00" {
		t.Errorf("fetch front matter: %+v, %v", m, err)
	}
}
