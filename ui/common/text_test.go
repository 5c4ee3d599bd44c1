package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

func TestWrapKeepsHyphenatedWordsWhole(t *testing.T) {
	text := "The plan is aimed at retaining more value-added processing within the EU-Kazakhstan partnership and COP-27 follow-up work."
	for _, styled := range []bool{false, true} {
		s := text
		if styled {
			s = "\x1b[1m" + strings.ReplaceAll(text, "value-added", "\x1b[7mvalue-added\x1b[27m") + "\x1b[0m"
		}
		for w := 14; w <= 60; w++ { // from the longest word up
			lines := Wrap(s, w)
			var words []string
			for _, l := range lines {
				if cw := ansi.StringWidth(l); cw > w {
					t.Fatalf("width %d: line %q is %d cells", w, ansi.Strip(l), cw)
				}
				plain := ansi.Strip(l)
				if strings.HasSuffix(plain, "-") {
					t.Errorf("width %d: a line ends in a hyphen: %q", w, plain)
				}
				words = append(words, strings.Fields(plain)...)
			}
			if got := strings.Join(words, " "); got != text {
				t.Fatalf("width %d: words changed:\n%s", w, got)
			}
		}
	}
}

func TestWrapCutsOnlyOverlongWords(t *testing.T) {
	got := Wrap("a supercalifragilistic word", 8)
	want := []string{"a", "supercal", "ifragili", "stic", "word"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Wrap = %q, want %q", got, want)
	}
}

func TestLinesKeepsLineBreaks(t *testing.T) {
	got := Lines("first line is long enough to wrap\n\n\tlast", 16, lipgloss.NewStyle())
	want := []string{"first line is", "long enough to", "wrap", "", "    last"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Lines = %q, want %q", got, want)
	}
}

func TestFitKeepsEveryBlockAndMarksCuts(t *testing.T) {
	blocks := [][]string{{"status"}, {"text one", "text two", "text three"}, {"doc"}, {"note one", "note two"}}
	for _, tc := range []struct {
		h    int
		want string
	}{
		{7, "status|text one|text two|text three|doc|note one|note two"},
		{6, "status|text one|text two|text three|doc|note one…"},
		{5, "status|text one|text two…|doc|note one…"},
		{4, "status|text one…|doc|note one…"},
		{2, "status|text one…"}, // too small for every block: the first ones
	} {
		if got := strings.Join(Fit(blocks, tc.h, 20), "|"); got != tc.want {
			t.Errorf("Fit(h=%d) = %q, want %q", tc.h, got, tc.want)
		}
	}
	if got := EndCut("exactly ten", 11); got != "exactly te…" {
		t.Errorf("EndCut at the edge = %q", got)
	}
	more := More([]string{"a", "b", "c", "d"}, 3, 20, "h shows all", lipgloss.NewStyle())
	if strings.Join(more, "|") != "a|b…|↓ more: h shows all" {
		t.Errorf("More = %q", more)
	}
}
