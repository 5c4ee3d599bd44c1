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

func TestSanitizeC1IsOneCharacter(t *testing.T) {
	tests := []struct{ in, want string }{
		// A UTF-8 ” read as Latin-1 and written out again: the U+009D is
		// the one character lost.
		{"He said: “It works.â€\u009d\n\nThe second paragraph.\n\nThe third.", "He said: “It works.â€\n\nThe second paragraph.\n\nThe third."},
		{"Körper \u0090 und der Rest des Artikels.", "Körper  und der Rest des Artikels."},
		{"sos \u0098 pm \u009e apc \u009f osc \u009d st \u009c end", "sos  pm  apc  osc  st  end"},
		{"csi \u009b31m red", "csi 31m red"},
		// ESC sequences go whole when they end within MaxEscapeLen bytes …
		{"a\x1b]0;title\x07b", "ab"},
		{"a\x1b]0;" + strings.Repeat("x", MaxEscapeLen-5) + "\x07b", "ab"}, // exactly MaxEscapeLen
		{"a\x1b[" + strings.Repeat("1;", 100) + "mb", "ab"},
		// … else the ESC alone is dropped and the rest is text.
		{"a\x1b]0;" + strings.Repeat("x", MaxEscapeLen-4) + "\x07b", "a]0;" + strings.Repeat("x", MaxEscapeLen-4) + "b"},
		{"a\x1b]8;;unterminated link and the rest of the article", "a]8;;unterminated link and the rest of the article"},
		{"a\x1bPq and more", "aPq and more"},
		{"a\x1b[1;\u00e9tat b", "a[1;état b"},
		{"a\x1b\x1b[2Jb", "ab"},
		{"esc\x1b\nnext", "esc\nnext"},
	}
	for _, tt := range tests {
		if got := Sanitize(tt.in); got != tt.want {
			t.Errorf("Sanitize(%q)\n = %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestLoadedArticleKeepsTextAfterC1(t *testing.T) {
	body := "The ministers met in Astana.â€\u009d Then they signed.\u0090\n\nThe second paragraph speaks of lithium.\n\nThe third speaks of graphite."
	text, _, _, _, err := parseFile([]byte(body), "a.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Then they signed.", "lithium", "graphite"} {
		if !strings.Contains(text, w) {
			t.Errorf("loaded text lost %q: %q", w, text)
		}
	}
}

// sanitizeTokens splits s as Sanitize reads it: one token per rune (or
// invalid byte) with what that rune becomes in the output when it is not
// part of an escape sequence.
func sanitizeTokens(s string) (starts, ends []int, emits []string) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		emit := ""
		switch {
		case r == utf8.RuneError && size == 1:
			emit = "\uFFFD"
		case r == '\r':
			if !strings.HasPrefix(s[i+1:], "\n") {
				emit = "\n"
			}
		case r == 0x2028 || r == 0x2029:
			emit = "\n"
		case r == '\n' || r == '\t' || !unsafeRune(r):
			emit = s[i : i+size]
		}
		starts, ends, emits = append(starts, i), append(ends, i+size), append(emits, emit)
		i += size
	}
	return
}

// keepsTextOutsideEscapes reports whether out is what s gives when every
// character is kept (printable), mapped (CR, line separators, invalid
// bytes) or dropped (controls) on its own, except that any run of s that
// starts with ESC, is at most MaxEscapeLen bytes long and ends in a byte
// that can end a sequence (BEL, a final byte 0x30–0x7e, ST's 0x9c) may
// vanish whole. That is the sanitiser's promise: a printable character is
// lost only inside a bounded escape sequence. It searches every way of
// choosing those runs.
func keepsTextOutsideEscapes(s, out string) bool {
	starts, ends, emits := sanitizeTokens(s)
	n := len(starts)
	reach := make([]map[int]bool, n+1)
	reach[0] = map[int]bool{0: true}
	add := func(k, j int) {
		if reach[k] == nil {
			reach[k] = map[int]bool{}
		}
		reach[k][j] = true
	}
	for k := 0; k < n; k++ {
		for j := range reach[k] {
			if strings.HasPrefix(out[j:], emits[k]) {
				add(k+1, j+len(emits[k]))
			}
			if s[starts[k]] != 0x1b {
				continue
			}
			for k2 := k + 2; k2 <= n && ends[k2-1]-starts[k] <= MaxEscapeLen; k2++ {
				if c := s[ends[k2-1]-1]; c == 0x07 || c >= 0x30 && c <= 0x7e || c == 0x9c {
					add(k2, j)
				}
			}
		}
		reach[k] = nil
	}
	return reach[n][len(out)]
}

func TestKeepsTextOutsideEscapesCanFail(t *testing.T) {
	// The property itself: it must reject what the old sanitiser did.
	for _, c := range []struct{ in, out string }{
		{"a\u009db c", "a"},                        // a C1 swallowing the rest
		{"a\x1b]" + strings.Repeat("x", 300), "a"}, // an unbounded sequence
		{"abc", "ac"},
		{"abc", "abcd"},
	} {
		if keepsTextOutsideEscapes(c.in, c.out) {
			t.Errorf("property accepts %q -> %q", c.in, c.out)
		}
	}
	if !keepsTextOutsideEscapes("a\x1b[31mb\r\nc", "ab\nc") {
		t.Error("property rejects a plain CSI")
	}
}

func FuzzSanitizeKeepsText(f *testing.F) {
	for _, s := range []string{
		"plain", "a\x1b[31mb", "\x1b]0;t\x07x", "\u009b1m rest", "â€\u009d rest", "x\u0090y\u009cz",
		"\x1bP\x1b\\", "\x1b]8;;" + strings.Repeat("u", 300) + "\x07 after", "\x1b\x1b[2J", "\xff\xfe\r\n\r",
		"\x1b(B\x1bc\x1b[1;\u00e9", "\x1b]\u009c", "\x1b[\u009b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			s = s[:4096]
		}
		out := Sanitize(s)
		if !keepsTextOutsideEscapes(s, out) {
			t.Fatalf("Sanitize(%q) = %q loses text outside a bounded escape sequence", s, out)
		}
		if r, ok := terminalSafe(out, true); !ok {
			t.Fatalf("Sanitize(%q) = %q keeps %U", s, out, r)
		}
	})
}
