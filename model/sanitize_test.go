package model

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscapeMakesControlsVisible(t *testing.T) {
	tests := []struct{ in, want string }{
		{"002_c9518c213fe21bc0", "002_c9518c213fe21bc0"},
		{"Šefčovič Казахстан 中文", "Šefčovič Казахстан 中文"},
		{"\x1b]52;c;aGVsbG8=\x07 x", `\x1b]52;c;aGVsbG8=\x07 x`},
		{"title\x1b]0;owned\x1b\\", `title\x1b]0;owned\x1b\\`},
		{"a\nb\tc\rd", `a\nb\tc\rd`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"bidi \u202egnp.exe", `bidi \u202egnp.exe`},
		{"bad \xff byte", `bad \xff byte`},
		{`back\slash`, `back\slash`}, // clean: nothing to disambiguate
		{"back\\slash\n", `back\\slash\n`},
		{"del\x7f", `del\x7f`},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSanitizeDropsEveryUnsafeRune(t *testing.T) {
	for _, r := range []rune{0x01, 0x07, 0x08, 0x0b, 0x0c, 0x7f, 0x85, 0x9b, 0x9c, 0x200e, 0x200f, 0x061c, 0x202a, 0x202e, 0x2066, 0x2069} {
		in := "a" + string(r) + "b"
		if got := Sanitize(in); strings.ContainsRune(got, r) {
			t.Errorf("Sanitize kept %U: %q", r, got)
		}
		if got := Escape(in); strings.ContainsRune(got, r) {
			t.Errorf("Escape kept %U: %q", r, got)
		}
	}
}

// terminalSafe reports the first rune of s a terminal must not receive raw.
func terminalSafe(s string, layout bool) (rune, bool) {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return r, false
			}
		}
		if unsafeRune(r) && !(layout && (r == '\n' || r == '\t')) {
			return r, false
		}
	}
	return 0, true
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"plain", "a\x1b[31mb", "\x1b]52;c;x\x07", "\u009b1m", "x\ry\n", "\xff\xfe", "\u202e", `\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Escape(%q) = %q: invalid UTF-8", s, out)
		}
		if r, ok := terminalSafe(out, false); !ok {
			t.Fatalf("Escape(%q) = %q keeps %U", s, out, r)
		}
		if isClean(s, false) != (out == s) {
			t.Fatalf("Escape(%q) = %q: changed a clean string or kept a dirty one", s, out)
		}
		if line := SanitizeLine(s); strings.ContainsAny(line, "\n\t") {
			t.Fatalf("SanitizeLine(%q) = %q keeps a line break or tab", s, line)
		} else if r, ok := terminalSafe(line, false); !ok {
			t.Fatalf("SanitizeLine(%q) = %q keeps %U", s, line, r)
		}
	})
}

func TestEscapeJSONKeepsValuesAndHidesControls(t *testing.T) {
	in := map[string]string{"id": "a\x1b]52;c;aGVsbG8=\x07x", "c1": "d\u009b31m\u0085", "bidi": "f\u202eu\u2066", "del": "x\x7f", "ok": "Šefčovič"}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := EscapeJSON(raw)
	if r, ok := terminalSafe(string(out), true); !ok {
		t.Fatalf("EscapeJSON kept %U: %s", r, out)
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("not JSON any more: %v\n%s", err, out)
	}
	for k, v := range in {
		if back[k] != v {
			t.Errorf("%s: decoded %q, want %q", k, back[k], v)
		}
	}
	if !strings.Contains(string(out), `\u009b31m\u0085`) || !strings.Contains(string(out), "Šefčovič") {
		t.Errorf("escaped %s", out)
	}
	clean := []byte(`{"a": "Šefčovič"}`)
	if got := EscapeJSON(clean); &got[0] != &clean[0] {
		t.Error("EscapeJSON copied a clean document")
	}
}

func FuzzEscapeJSON(f *testing.F) {
	for _, s := range []string{"plain", "a\x1b[31mb", "\u009b1m\u0085", "\u202e\u2069", "x\x7fy", "\xff", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		raw, err := json.Marshal([]any{s, map[string]string{s: s}})
		if err != nil {
			t.Fatal(err)
		}
		out := EscapeJSON(raw)
		if r, ok := terminalSafe(string(out), false); !ok {
			t.Fatalf("EscapeJSON(%s) = %s keeps %U", raw, out, r)
		}
		var want, got any
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("EscapeJSON(%s) = %s: %v", raw, out, err)
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("EscapeJSON(%s) = %s decodes to %q, want %q", raw, out, got, want)
		}
	})
}
