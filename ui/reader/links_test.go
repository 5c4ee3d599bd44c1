package reader

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"dossier/model"
	"dossier/ui/common"
)

const longURL = "https://example.org/2025/01/02/a-very-long-path-name-for-an-article-about-critical-raw-materials?utm_source=feed&id=42"

func linkArticle() (model.Article, *model.Corpus) {
	body := "The full report is at https://example.org/reports/2025/critical-raw-materials-and-batteries-final.pdf, and it is long.\n" +
		"See also https://example.org/a.\n"
	a := model.Article{ID: "u", Title: "Links", Lang: "en", URL: longURL, Words: 20}
	return a, model.NewMemCorpus("t", []model.Document{{Article: a, Body: body}})
}

// TestWebAddressesAreWholeLines: the source address and the addresses in
// the text stand on lines of their own, whole where they fit, else split
// only after a separator; with hyperlinks every piece links to the whole
// address, and without them no escape sequence is written.
func TestWebAddressesAreWholeLines(t *testing.T) {
	a, c := linkArticle()
	for _, links := range []bool{false, true} {
		for _, width := range []int{40, 80, 160} {
			r, err := renderArticle(renderKey{ID: a.ID, Width: width, Theme: common.ThemeDark, Links: links}, a, c, nil, termenv.ANSI256)
			if err != nil {
				t.Fatal(err)
			}
			var pieces []string
			for _, l := range r.lines {
				if w := ansi.StringWidth(l); w > width {
					t.Errorf("links %v, width %d: a line of %d cells", links, width, w)
				}
				if strings.Contains(l, "\x1b]8;") != links {
					if strings.Contains(ansi.Strip(l), "example.org") || strings.Contains(l, "\x1b]8;") {
						t.Errorf("links %v, width %d: hyperlink on %q", links, width, l)
					}
				}
				if links && strings.Contains(l, "\x1b]8;") && !strings.Contains(l, ";"+longURL+"\x1b\\") && !strings.Contains(l, ";https://example.org/reports/") && !strings.Contains(l, ";https://example.org/a\x1b\\") {
					t.Errorf("a piece does not link to its whole address: %q", l)
				}
				plain := strings.TrimSpace(ansi.Strip(l))
				if strings.HasPrefix(plain, "https://example.org/2025") || len(pieces) > 0 && !strings.HasPrefix(plain, "Source") && strings.Contains(longURL, strings.TrimSuffix(plain, ",")) && plain != "" {
					pieces = append(pieces, plain)
				}
			}
			got := strings.Join(pieces, "")
			if !strings.HasPrefix(got, longURL) {
				t.Errorf("links %v, width %d: the source address reads %q", links, width, got)
			}
			for i, p := range pieces[:max(len(pieces)-1, 0)] {
				if !strings.ContainsRune("/?&=-_.", rune(p[len(p)-1])) && ansi.StringWidth(p) < width-4 {
					t.Errorf("width %d: piece %d of the address ends inside a word: %q", width, i, p)
				}
			}
			text := ansi.Strip(strings.Join(r.lines, "\n"))
			if !strings.Contains(text, "\n  https://example.org/a.\n") && !strings.Contains(text, "https://example.org/a.") {
				t.Errorf("width %d: the short address is not whole with its full stop:\n%s", width, text)
			}
			if width >= 160 && !strings.Contains(text, "  https://example.org/reports/2025/critical-raw-materials-and-batteries-final.pdf,\n  and it is long.") {
				t.Errorf("width %d: the address in the text is not a line of its own:\n%s", width, text)
			}
		}
	}
}

// TestSafeLink: only http and https addresses that parse are linked, and
// what is linked is printable ASCII.
func TestSafeLink(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://example.org/a?b=c", "https://example.org/a?b=c"},
		{"http://example.org/ü", "http://example.org/%C3%BC"},
		{"javascript:alert(1)", ""},
		{"https://example.org/\x1b]8;;x", ""},
		{"https://example.org/\x07", ""},
		{"file:///etc/passwd", ""},
		{"https:///nohost", ""},
	} {
		if got := safeLink(tt.in); got != tt.want {
			t.Errorf("safeLink(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestHighlightLeavesTheMarginAlone: a mark wrapped onto a second line is
// drawn from the text on, not over the line's left margin.
func TestHighlightLeavesTheMarginAlone(t *testing.T) {
	body := "Intro words here and then " + strings.Repeat("marked words that run on ", 6) + "and the end."
	a := model.Article{ID: "m", Title: "Marks", Lang: "en", Words: 40}
	c := model.NewMemCorpus("t", []model.Document{{Article: a, Body: body}})
	start := strings.Index(body, "marked")
	marks := []model.Span{{Start: start, End: strings.Index(body, "and the end")}}
	r, err := renderArticle(renderKey{ID: a.ID, Width: 40, Theme: common.ThemeDark, Marks: marksHash(marks)}, a, c, marks, termenv.ANSI256)
	if err != nil {
		t.Fatal(err)
	}
	painted := paint(r.lines, 0)
	n := 0
	for i, l := range r.lines {
		if i == 0 || !strings.ContainsRune(strings.Join(r.lines[:i], ""), markStart) || strings.ContainsRune(strings.Join(r.lines[:i], ""), markEnd) {
			continue
		}
		// a line inside the mark: its margin comes before the mark style
		k := strings.Index(painted[i], sgrCurrent)
		if k < 0 {
			continue
		}
		if lead := ansi.Strip(painted[i][:k]); lead != strings.Repeat(" ", len(lead)) || len(lead) < 2 {
			t.Errorf("line %d: the highlight starts in the margin: %q", i, painted[i])
		}
		_ = l
		n++
	}
	if n == 0 {
		t.Fatal("the mark did not wrap onto another line")
	}
}

// TestHostileAddressesAreNotLinks: an address holding escape sequences or
// control characters is shown sanitised and never becomes a hyperlink; the
// only escape sequences written are the renderer's SGR and OSC 8 links to
// clean addresses.
func TestHostileAddressesAreNotLinks(t *testing.T) {
	hostile := "https://evil.example/\x1b]0;pwned\x07x"
	body := "Read https://evil.example/\x1b]52;c;Zm9v\x07/more and https://fine.example/ok today.\n"
	a := model.Article{ID: "h", Title: "Hostile", Lang: "en", URL: hostile, Words: 8}
	c := model.NewMemCorpus("t", []model.Document{{Article: a, Body: body}})
	r, err := renderArticle(renderKey{ID: a.ID, Width: 80, Theme: common.ThemeDark, Links: true}, a, c, nil, termenv.ANSI256)
	if err != nil {
		t.Fatal(err)
	}
	out := strings.Join(r.lines, "\n")
	for _, bad := range []string{"\x1b]0;", "\x1b]52;", "\x07", "evil.example/\x1b"} {
		if strings.Contains(out, bad) {
			t.Errorf("the rendering holds %q", bad)
		}
	}
	if strings.Contains(out, "\x1b]8;id=") && strings.Contains(out, "8;id=dossier-") && strings.Contains(out, ";https://evil") {
		t.Errorf("a hostile address became a link:\n%q", out)
	}
	if !strings.Contains(out, ";https://fine.example/ok\x1b\\") {
		t.Errorf("the clean address is not a link:\n%q", out)
	}
}
