package index

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"

	"dossier/model"
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
		{"a, b\n# ok\na, \xff\n", "s:3: not valid UTF-8; save the synonym list as UTF-8 text"},
		{"a, b\nc\x00d, e\n", "s: a binary file (it holds NUL bytes), not a synonym list; give a text file with one group of comma-separated terms per line"},
		{"a, b\x1b]0;x\x07\n", `s:1: term 2 holds control characters: b\x1b]0;x\x07`},
		{"a, \u202eb, c\n", `s:1: term 2 holds control characters: \u202eb`},
		{"1\n2\n3\n4\n5\n6\n7\n", `s:1: "1" alone is not a group; list at least two terms separated by commas` +
			`
s:2: "2" alone is not a group; list at least two terms separated by commas
s:3: "3" alone is not a group; list at least two terms separated by commas
s:4: "4" alone is not a group; list at least two terms separated by commas
s:5: "5" alone is not a group; list at least two terms separated by commas
… and 2 more problems in s`},
		{"ok, fine\nx\ny,\n", "s:2: \"x\" alone is not a group; list at least two terms separated by commas\ns:3: term 2 is empty (two commas in a row, or a trailing comma?)"},
	}
	for _, b := range bad {
		_, err := ParseSynonyms("s", []byte(b.in))
		if err == nil || err.Error() != b.want {
			t.Errorf("ParseSynonyms(%q) = %v, want %q", b.in, err, b.want)
		}
	}
}

// TestBinarySynonymsFileIsOneLine: a program given as --synonyms by
// mistake is refused in one line, not one line per line of the file.
func TestBinarySynonymsFileIsOneLine(t *testing.T) {
	exe, err := os.Executable() // the test binary itself
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	random := make([]byte, 64<<10)
	rand.New(rand.NewSource(1)).Read(random)
	for name, in := range map[string][]byte{"executable": data, "random bytes": random} {
		_, err := ParseSynonyms("f", in)
		if err == nil || strings.Count(err.Error(), "\n") != 0 {
			t.Errorf("%s: %d lines of error, want 1: %.300v", name, strings.Count(fmt.Sprint(err), "\n")+1, err)
		}
	}
}

func FuzzParseSynonyms(f *testing.F) {
	f.Add("a, b\n# c\nx, y, z")
	f.Add(",,\n")
	f.Add("a\x00b, c\n")
	f.Add("a, b\x1b[2J\n\u202e, x\n1\n2\n3\n4\n5\n6\n")
	f.Fuzz(func(t *testing.T, s string) {
		groups, err := ParseSynonyms("f", []byte(s))
		if err != nil {
			msg := err.Error()
			if n := strings.Count(msg, "\n") + 1; n > maxSynonymErrors+1 {
				t.Fatalf("%d lines of errors", n)
			}
			if clean := model.Sanitize(msg); clean != msg {
				t.Fatalf("error keeps controls: %q", msg)
			}
			return
		}
		for _, g := range groups {
			if len(g) < 2 {
				t.Fatalf("group %q has fewer than two terms", g)
			}
			for _, term := range g {
				if term == "" || strings.TrimSpace(term) != term || model.SanitizeLine(term) != term {
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
