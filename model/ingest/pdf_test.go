package ingest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// groffDocs are the PDF fixtures made from text with groff, and how.
var groffDocs = []struct {
	name   string
	macros []string
	title  string
	author string
}{
	{"partnership-en", []string{"-ms"}, "Critical Raw Materials: The EU-Kazakhstan Strategic Partnership in Practice", ""},
	{"partnership-de", []string{"-mden", "-ms"}, "Rohstoffpartnerschaft zwischen der EU und Kasachstan", "Dana Beispiel"},
	{"two-columns", []string{"-ms"}, "Gateway Roundtable Proposals", ""},
}

// minRecall is the share of the source's words, in order, the text of a
// PDF must give back.
const minRecall = 0.97

func TestPDFFromGroff(t *testing.T) {
	for _, doc := range groffDocs {
		t.Run(doc.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "pdf", doc.name+".pdf"))
			if err != nil {
				t.Fatal(err)
			}
			checkGroffPDF(t, doc.name, data, doc.title, doc.author)
		})
	}
}

// The same checks on PDFs made now by the groff installed here, so that the
// test does not depend on the committed bytes alone.
func TestPDFFromGroffNow(t *testing.T) {
	if _, err := exec.LookPath("groff"); err != nil {
		t.Skip("groff is not installed (apt-get install groff); the committed fixtures are tested by TestPDFFromGroff")
	}
	for _, doc := range groffDocs {
		t.Run(doc.name, func(t *testing.T) {
			src, err := os.Open(filepath.Join("testdata", "pdf", doc.name+".ms"))
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			args := append(append([]string{}, doc.macros...), "-Kutf8", "-Tpdf")
			cmd := exec.Command("groff", args...)
			cmd.Stdin = src
			out, err := cmd.Output()
			if err != nil {
				t.Skipf("groff -Tpdf does not work here (%v); install the groff package, not groff-base", err)
			}
			checkGroffPDF(t, doc.name, out, doc.title, doc.author)
		})
	}
}

// checkGroffPDF extracts a groff PDF and compares it with its source.
func checkGroffPDF(t *testing.T, name string, data []byte, title, author string) {
	t.Helper()
	srcText := msText(t, filepath.Join("testdata", "pdf", name+".ms"))
	d, err := Extract(context.Background(), name+".pdf", data)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if d.Meta.Title != title || d.Meta.Author != author {
		t.Errorf("title, author = %q, %q; want %q, %q", d.Meta.Title, d.Meta.Author, title, author)
	}
	if d.Meta.Date == "" {
		t.Errorf("no date from the document's creation date")
	}
	src, got := words(srcText), words(d.Body)
	recall := float64(lcs(src, got)) / float64(len(src))
	t.Logf("%s: %d source words, %d extracted, in-order word recall %.4f", name, len(src), len(got), recall)
	if recall < minRecall {
		t.Errorf("word recall %.4f < %.2f\n%s", recall, minRecall, d.Body)
	}

	vocab := map[string]bool{}
	for _, w := range src {
		vocab[w] = true
	}
	hyphenated := map[string]bool{}
	for _, w := range hyphenWords(srcText) {
		hyphenated[w] = true
	}
	// Two source words with only a space (or a line break) between them
	// must never come out as one.
	pairs := map[string]bool{}
	fields := spacedWords(srcText)
	for i := 1; i < len(fields); i++ {
		pairs[fields[i-1]+fields[i]] = true
	}
	lost := 0
	for _, w := range got {
		if vocab[w] {
			continue
		}
		if pairs[w] {
			t.Errorf("words run together: %q", w)
		}
		if isJoinedCompound(w, hyphenated) {
			lost++
		}
	}
	// A compound the source writes with a hyphen loses it when a line
	// breaks at that hyphen and the document never writes it elsewhere:
	// nothing tells it from a hyphenated word. Count them; keep them rare.
	t.Logf("%s: %d hyphenated compounds lost their hyphen", name, lost)
	if lost > len(src)/200 {
		t.Errorf("%d hyphenated compounds lost their hyphen", lost)
	}
	// A hyphen the source did not have (a line-end hyphen left in) must not
	// be in the text.
	for _, w := range hyphenWords(d.Body) {
		if !hyphenated[w] {
			t.Errorf("leftover line-end hyphen: %q", w)
		}
	}
	// The fixture must really hyphenate words across lines, or the checks
	// above prove nothing.
	if n := lineEndHyphens(t, data, vocab); n < 2 {
		t.Errorf("the PDF breaks only %d source words across lines with a hyphen; the fixture no longer tests hyphenation", n)
	} else {
		t.Logf("%s: %d words hyphenated at line ends, all mended", name, n)
	}
	for _, lig := range []string{"ﬁ", "ﬂ", "ﬃ", "ﬀ", "ﬄ"} {
		if strings.Contains(d.Body, lig) {
			t.Errorf("ligature %q left in the text", lig)
		}
	}
}

var (
	msQuoted = regexp.MustCompile(`"([^"]*)"`)
	msEscape = regexp.MustCompile(`\\(?:\(..|\[[^]]*\]|f.|s[-+]?\d|.)`)
)

// msText returns the text a groff -ms source typesets: its text lines and
// the quoted arguments of font macros (.B "…"), without requests,
// comments or escapes.
func msText(t *testing.T, path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, `.\"`):
			continue
		case strings.HasPrefix(line, ".B ") || strings.HasPrefix(line, ".I "):
			if m := msQuoted.FindStringSubmatch(line); m != nil {
				b.WriteString(m[1] + "\n")
			}
		case strings.HasPrefix(line, "."):
			continue
		default:
			b.WriteString(msEscape.ReplaceAllString(line, "") + "\n")
		}
	}
	return b.String()
}

// words splits text into lower-case words of letters and digits (NFKC, so
// that ligatures are letters).
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(norm.NFKC.String(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// spacedWords splits text at white space only and keeps letters and digits
// of each piece, so that "long-term" stays one piece "longterm".
func spacedWords(s string) []string {
	var out []string
	for _, f := range strings.Fields(strings.ToLower(norm.NFKC.String(s))) {
		out = append(out, strings.Join(words(f), ""))
	}
	return out
}

var hyphenWord = regexp.MustCompile(`\p{L}+(?:-\p{L}+)+`)

// hyphenWords lists the hyphenated words of a text, lower-cased.
func hyphenWords(s string) []string {
	var out []string
	for _, w := range hyphenWord.FindAllString(strings.ToLower(norm.NFKC.String(s)), -1) {
		out = append(out, w)
	}
	return out
}

// isJoinedCompound reports whether w is a hyphenated source word without
// its hyphen.
func isJoinedCompound(w string, hyphenated map[string]bool) bool {
	for h := range hyphenated {
		if strings.ReplaceAll(h, "-", "") == w {
			return true
		}
	}
	return false
}

// lineEndHyphens counts the lines of a PDF that end in a hyphen splitting
// a word the source writes whole.
func lineEndHyphens(t *testing.T, data []byte, vocab map[string]bool) int {
	r, err := openPDF(data)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pageList(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	var lines []Line
	for _, p := range pages {
		pl, err := pageText(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, pl...)
	}
	n := 0
	for i := 1; i < len(lines); i++ {
		prev := lines[i-1].Text
		if !strings.HasSuffix(prev, "-") {
			continue
		}
		left := lastWord(strings.TrimSuffix(prev, "-"))
		if vocab[strings.ToLower(left+firstWord(lines[i].Text))] {
			n++
		}
	}
	return n
}

// lcs is the length of the longest common subsequence of two word lists.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
