package roadmap

import (
	"strings"
	"testing"
)

// payload holds what a hostile catalogue may carry: OSC 52 (clipboard),
// OSC 0 (window title), CSI, C1 CSI and NEL, and a bidi override.
const payload = "\x1b]52;c;aGVsbG8=\x07 \x1b]0;T\x07 \x1b[2J \u009b31m \u0085 \u202e"

// unsafeFor reports the first character of s a terminal must not receive
// raw in a one-line field, or -1.
func unsafeFor(s string) rune {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 ||
			r == 0x200e || r == 0x200f || r == 0x061c || r == 0x2028 || r == 0x2029 {
			return r
		}
	}
	return -1
}

func TestParseSanitisesHeadingsAndText(t *testing.T) {
	in := "# Doc " + payload + " one (date: 2023-05-19)\n\nDescription " + payload + " here.\n\n## Area " + payload + " two\n\n" +
		"- [x-1] Item " + payload + " end. (sources: a)\n- [x-2] Second " + payload + "\n  continued " + payload + " here.\n"
	cat, err := Parse("hostile\x1b]0;t\x07.md", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{"document": cat.Documents[0].Title, "description": cat.Documents[0].Description,
		"area": cat.Groups[0].Area, "group document": cat.Groups[0].Document}
	for _, it := range cat.Items() {
		fields[it.ID] = it.Text
		fields[it.ID+" document"] = it.Document
		fields[it.ID+" area"] = it.Area
	}
	for name, v := range fields {
		if r := unsafeFor(v); r >= 0 {
			t.Errorf("%s keeps %U: %q", name, r, v)
		}
	}
	// A C1 CSI is one character dropped; what follows it is text.
	want := map[string]string{"document": "Doc 31m one", "description": "Description 31m here.", "area": "Area 31m two",
		"x-1": "Item 31m end.", "x-2": "Second 31m continued 31m here."}
	for k, w := range want {
		if fields[k] != w {
			t.Errorf("%s = %q, want %q", k, fields[k], w)
		}
	}
	// Errors show the file name and bad values escaped.
	_, err = Parse("hostile\x1b]0;t\x07.md", []byte("# D\n- [x] t (date: \x1b]0;x\x07)\n# \x1b[2J\n- [y] t\n"))
	if err == nil {
		t.Fatal("no error")
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		if r := unsafeFor(line); r >= 0 {
			t.Errorf("error line keeps %U: %q", r, line)
		}
	}
	for _, w := range []string{`hostile\x1b]0;t\x07.md:2: item "x" has an invalid (date: \x1b]0;x\x07)`, `hostile\x1b]0;t\x07.md:3: heading has an empty title`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("errors lack %q:\n%s", w, err)
		}
	}
}
