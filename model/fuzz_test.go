package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"plain", "a\x1b[31mb", "\x1b]0;t\x07", "\u009b1m", "x\ry", "\x1bP\x1b\\", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Sanitize(%q) = %q: invalid UTF-8", s, out)
		}
		if r, ok := terminalSafe(out, true); !ok {
			t.Fatalf("Sanitize(%q) = %q keeps %U", s, out, r)
		}
		if Sanitize(out) != out {
			t.Fatalf("Sanitize is not idempotent on %q", s)
		}
	})
}

func FuzzFrontMatter(f *testing.F) {
	f.Add("---\ntitle: x\ndate: 2023-06\n---\nbody")
	f.Add("---\n---\n")
	f.Add("---\ntitle: [\n---\n")
	f.Add("---\ntitle: [x]\n\"\\e]0;x\\a\": y\n---\n")
	f.Add("no front matter")
	f.Fuzz(func(t *testing.T, s string) {
		front, body, ok, err := SplitFrontMatter(s)
		if err != nil {
			return
		}
		if !ok && body != s {
			t.Fatalf("no front matter but body changed")
		}
		if ok && !strings.Contains(s, front) {
			t.Fatalf("front matter %q not in input", front)
		}
		if m, err := ParseFrontMatter(front); err == nil {
			if _, _, err := ParseDate(m.Date); err != nil {
				t.Fatalf("accepted a bad date %q", m.Date)
			}
		} else if r, ok := terminalSafe(err.Error(), false); !ok {
			t.Fatalf("error %q keeps %U", err, r)
		}
	})
}

func FuzzCatalogue(f *testing.F) {
	f.Add("articles:\n  - id: a\n    date: 2023-06\n")
	f.Add("articles: [")
	f.Add("artcles:\n  - id: a\n    titel: [x]\n    \"\\e[2J\": 1\n  - [b]\n")
	f.Add("articles:\n  - &e {id: a}\n  - *e\n")
	f.Fuzz(func(t *testing.T, s string) {
		cat, err := ParseCatalogue([]byte(s))
		if err != nil {
			msg := err.Error()
			if r, ok := terminalSafe(msg, false); !ok {
				t.Fatalf("error %q keeps %U", msg, r)
			}
			for _, w := range goWords {
				if strings.Contains(msg, w) && !strings.Contains(s, w) {
					t.Fatalf("error %q says %q", msg, w)
				}
			}
			if n := strings.Count(msg, "; line "); n >= maxYAMLProblems {
				t.Fatalf("error lists %d problems: %q", n+1, msg)
			}
			return
		}
		for id, m := range cat {
			if id == "" || id != m.ID {
				t.Fatalf("entry keyed %q has id %q", id, m.ID)
			}
		}
	})
}

func FuzzCutDateLine(f *testing.F) {
	f.Add(" date 2022-11-08 Text")
	f.Add("date 2023-02-30\nx")
	f.Fuzz(func(t *testing.T, s string) {
		d, rest, err := CutDateLine(s)
		if err != nil || d.IsZero() {
			if rest != s {
				t.Fatalf("no date but text changed")
			}
			return
		}
		if !strings.HasSuffix(s, rest) {
			t.Fatalf("rest %q is not a suffix of %q", rest, s)
		}
	})
}

// FuzzCite: whatever an article's metadata and the quote hold, a
// citation is one line without controls, and its URL is http or https.
func FuzzCite(f *testing.F) {
	f.Add("“q”", "Title", "Outlet", "https://example.org/a")
	f.Add("a\x1b]52;c;eA==\x07", "T\u202e", "\x9b31m", "javascript:alert(1)")
	f.Fuzz(func(t *testing.T, quote, title, outlet, url string) {
		c := Cite(Article{Title: title, Outlet: outlet, URL: url}, quote)
		for _, s := range []string{c.Text(), c.Markdown()} {
			if strings.ContainsAny(s, "\n\r\x1b\x07") || s != SanitizeLine(s) {
				t.Fatalf("unsafe citation %q", s)
			}
		}
		if c.URL != "" && !strings.HasPrefix(c.URL, "http://") && !strings.HasPrefix(c.URL, "https://") {
			t.Fatalf("URL %q kept", c.URL)
		}
		seq, _ := OSC52(quote)
		if !strings.HasPrefix(string(seq), "\x1b]52;c;") || strings.Count(string(seq), "\x1b") != 1 || strings.Count(string(seq), "\a") != 1 {
			t.Fatalf("OSC 52 sequence %q", seq)
		}
	})
}
