package common

import (
	"strings"
	"testing"

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
