package triage

import (
	"errors"
	"testing"
	"unicode/utf8"

	"dossier/model"
)

// FuzzParseFilter: any text either parses, and then matches without
// panicking and keeps its source, or is refused with a *model.SyntaxError
// whose position lies inside the text (a caret can point at it).
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"", "status:at-risk", "reviewer:\"a b\" -has:note", "changed:<7d quiet:>=1y",
		"NOT x", "--x", "\"", "status:a,,b", "quiet:>99999999999d", "has:\xff", "Šef:x", "a:\"b", "- NOT -"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		flt, err := ParseFilter(s)
		if err != nil {
			var se *model.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("%q: %T %v, want a *model.SyntaxError", s, err, err)
			}
			if se.Pos < 0 || se.Pos > len(s) || (utf8.ValidString(s) && !utf8.RuneStart(s[min(se.Pos, len(s)-1)]) && se.Pos < len(s)) {
				t.Fatalf("%q: error position %d", s, se.Pos)
			}
			_ = se.Pointer()
			return
		}
		if flt.String() != s {
			t.Fatalf("String() = %q, want %q", flt.String(), s)
		}
		for _, r := range rows() {
			flt.Match(r, now)
		}
	})
}
