package index

import (
	"strings"
	"testing"
)

func TestParseSynonyms(t *testing.T) {
	groups, err := ParseSynonyms("s", []byte("# comment\n\nKazakhstan, Kasachstan,  Казахстан\nCRM  Act , Critical Raw Materials Act\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 2 || strings.Join(groups[0], "|") != "Kazakhstan|Kasachstan|Казахстан" ||
		strings.Join(groups[1], "|") != "CRM Act|Critical Raw Materials Act" {
		t.Errorf("groups %q", groups)
	}
	bad := []struct{ in, want string }{
		{"a, b\nlonely\n", `s:2: "lonely" alone is not a group; list at least two terms separated by commas`},
		{"a,,b\n", "s:1: term 2 is empty (two commas in a row, or a trailing comma?)"},
		{"a, b,\n", "s:1: term 3 is empty (two commas in a row, or a trailing comma?)"},
		{"a, \xff\n", "s:1: not valid UTF-8"},
		{"ok, fine\nx\ny,\n", "s:2: \"x\" alone is not a group; list at least two terms separated by commas\ns:3: term 2 is empty (two commas in a row, or a trailing comma?)"},
	}
	for _, b := range bad {
		_, err := ParseSynonyms("s", []byte(b.in))
		if err == nil || err.Error() != b.want {
			t.Errorf("ParseSynonyms(%q) = %v, want %q", b.in, err, b.want)
		}
	}
}

func FuzzParseSynonyms(f *testing.F) {
	f.Add("a, b\n# c\nx, y, z")
	f.Add(",,\n")
	f.Fuzz(func(t *testing.T, s string) {
		groups, err := ParseSynonyms("f", []byte(s))
		if err != nil {
			return
		}
		for _, g := range groups {
			if len(g) < 2 {
				t.Fatalf("group %q has fewer than two terms", g)
			}
			for _, term := range g {
				if term == "" || strings.TrimSpace(term) != term {
					t.Fatalf("bad term %q", term)
				}
			}
		}
	})
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`lithium "raw materials" -lang:de`, "a OR (b c)", "date:>=2023-01-01", "year:2023..2024",
		"lith*", "title:\"x y\"", "((", "-", "Šefčovič )", "id:abc", "date:..2024"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		n, err := parseQuery(q)
		if err != nil {
			qe, ok := err.(*QueryError)
			if !ok {
				t.Fatalf("parseQuery(%q): %T %v, want *QueryError", q, err, err)
			}
			if qe.Pos < 0 || qe.Pos > len(q) {
				t.Fatalf("parseQuery(%q): position %d out of range", q, qe.Pos)
			}
			return
		}
		if n == nil {
			t.Fatalf("parseQuery(%q): nil tree and no error", q)
		}
	})
}
