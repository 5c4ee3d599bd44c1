package model

import (
	"strings"
	"testing"
	"time"
)

// TestCite: the citation of a quote, with every part missing in turn: no
// dangling separators, nothing unsafe.
func TestCite(t *testing.T) {
	full := Article{ID: "002", Title: "EU, Kazakhstan strengthen cooperation on critical raw materials", Outlet: "The Astana Times",
		URL: "https://astanatimes.com/2025/04/eu-kazakhstan/", Date: time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC), Precision: Day}
	quote := "The roadmap for 2025-2026 was endorsed\nin Samarkand."
	tests := []struct {
		name     string
		edit     func(a *Article)
		quote    string
		text, md string
	}{
		{"whole", func(*Article) {}, quote,
			"“The roadmap for 2025-2026 was endorsed in Samarkand.” — The Astana Times, “EU, Kazakhstan strengthen cooperation on critical raw materials”, 7 Apr 2025, https://astanatimes.com/2025/04/eu-kazakhstan/",
			"“The roadmap for 2025-2026 was endorsed in Samarkand.” — The Astana Times, [“EU, Kazakhstan strengthen cooperation on critical raw materials”](https://astanatimes.com/2025/04/eu-kazakhstan/), 7 Apr 2025"},
		{"no outlet", func(a *Article) { a.Outlet = "" }, "quote",
			"“quote” — “EU, Kazakhstan strengthen cooperation on critical raw materials”, 7 Apr 2025, https://astanatimes.com/2025/04/eu-kazakhstan/",
			"“quote” — [“EU, Kazakhstan strengthen cooperation on critical raw materials”](https://astanatimes.com/2025/04/eu-kazakhstan/), 7 Apr 2025"},
		{"month, no url", func(a *Article) { a.URL, a.Precision = "", Month }, "quote",
			"“quote” — The Astana Times, “EU, Kazakhstan strengthen cooperation on critical raw materials”, Apr 2025",
			"“quote” — The Astana Times, “EU, Kazakhstan strengthen cooperation on critical raw materials”, Apr 2025"},
		{"undated, no title", func(a *Article) { a.Title, a.Precision = "", Unknown }, "quote",
			"“quote” — The Astana Times, https://astanatimes.com/2025/04/eu-kazakhstan/",
			"“quote” — The Astana Times, <https://astanatimes.com/2025/04/eu-kazakhstan/>"},
		{"nothing known", func(a *Article) { *a = Article{ID: "x"} }, "quote", "“quote”", "“quote”"},
		{"no quote", func(*Article) {}, "",
			"The Astana Times, “EU, Kazakhstan strengthen cooperation on critical raw materials”, 7 Apr 2025, https://astanatimes.com/2025/04/eu-kazakhstan/",
			"The Astana Times, [“EU, Kazakhstan strengthen cooperation on critical raw materials”](https://astanatimes.com/2025/04/eu-kazakhstan/), 7 Apr 2025"},
		{"nothing at all", func(a *Article) { *a = Article{ID: "x"} }, "", "", ""},
		{"hostile", func(a *Article) {
			a.Title = "Evil\x1b]52;c;aGk=\x07 *title* [x](y)"
			a.Outlet = "Out\u202elet"
			a.URL = "javascript:alert(1)"
		}, "a\x1b[31mred\x1b[0m quote\u2028here",
			"“ared quote here” — Outlet, “Evil *title* [x](y)”, 7 Apr 2025",
			"“ared quote here” — Outlet, “Evil \\*title\\* \\[x\\](y)”, 7 Apr 2025"},
		{"url with spaces", func(a *Article) { a.URL = "https://x.example/a b" }, "q",
			"“q” — The Astana Times, “EU, Kazakhstan strengthen cooperation on critical raw materials”, 7 Apr 2025",
			"“q” — The Astana Times, “EU, Kazakhstan strengthen cooperation on critical raw materials”, 7 Apr 2025"},
		{"url with parentheses", func(a *Article) { a.Title = "T"; a.URL = "https://x.example/a_(b)" }, "q",
			"“q” — The Astana Times, “T”, 7 Apr 2025, https://x.example/a_(b)",
			"“q” — The Astana Times, [“T”](https://x.example/a_%28b%29), 7 Apr 2025"},
	}
	for _, tt := range tests {
		a := full
		tt.edit(&a)
		c := Cite(a, tt.quote)
		if got := c.Text(); got != tt.text {
			t.Errorf("%s: Text()\n got %q\nwant %q", tt.name, got, tt.text)
		}
		if got := c.Markdown(); got != tt.md {
			t.Errorf("%s: Markdown()\n got %q\nwant %q", tt.name, got, tt.md)
		}
		for _, s := range []string{c.Text(), c.Markdown()} {
			if strings.ContainsAny(s, "\x1b\x07\n\u202e\u2028") || strings.Contains(s, ", ,") || strings.HasSuffix(s, ", ") || strings.HasPrefix(s, " — ") {
				t.Errorf("%s: unsafe or dangling: %q", tt.name, s)
			}
		}
	}
}

// TestOSC52: the exact bytes that put text on the clipboard, sanitised
// and base64-encoded; a text too long is cut at a character boundary.
func TestOSC52(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"hello", "\x1b]52;c;aGVsbG8=\a"},
		{"“quote” — Outlet", "\x1b]52;c;4oCccXVvdGXigJ0g4oCUIE91dGxldA==\a"},
		// An escape sequence inside the text never reaches the terminal
		// that decodes the clipboard: only "ab" is sent.
		{"a\x1b]52;c;ZXZpbA==\x07b", "\x1b]52;c;YWI=\a"},
		{"", "\x1b]52;c;\a"},
	} {
		got, cut := OSC52(tt.in)
		if string(got) != tt.want || cut {
			t.Errorf("OSC52(%q) = %q %v, want %q", tt.in, got, cut, tt.want)
		}
	}
	long := strings.Repeat("é", MaxClipboard) // two bytes each
	got, cut := OSC52(long)
	if !cut || len(got) > MaxClipboard*4/3+16 || !strings.HasSuffix(string(got), "\a") {
		t.Errorf("a long text: %d bytes, cut %v", len(got), cut)
	}
}
