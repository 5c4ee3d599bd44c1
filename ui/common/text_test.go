package common

import (
	"runtime"
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

// A word of 100,000 letters (a title without spaces) wraps into full lines,
// each styled on its own, wide characters never split; its cost is linear
// (BenchmarkWrapLongWord).
func TestWrapLongWord(t *testing.T) {
	const n, w = 100_000, 64
	lines := Wrap("see "+strings.Repeat("x", n)+" end", w)
	if len(lines) != 1+n/w+1 || lines[0] != "see" || lines[len(lines)-1] != strings.Repeat("x", n%w)+" end" {
		t.Fatalf("%d lines, first %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
	for i, l := range lines[1 : len(lines)-1] {
		if l != strings.Repeat("x", w) {
			t.Fatalf("line %d = %q", i+1, l)
		}
	}

	styled := "\x1b[1m" + strings.Repeat("ab", 50) + "\x1b[0m"
	for i, l := range Wrap(styled, 30) {
		if !strings.HasPrefix(l, "\x1b[1m") || !strings.HasSuffix(l, "\x1b[0m") || ansi.StringWidth(l) > 30 {
			t.Errorf("styled line %d = %q", i, l)
		}
	}

	wide := strings.Repeat("中", 101)
	var back strings.Builder
	for _, l := range Wrap(wide, 9) {
		if ansi.StringWidth(l) > 9 || ansi.StringWidth(l)%2 != 0 {
			t.Errorf("wide line %q is %d cells", l, ansi.StringWidth(l))
		}
		back.WriteString(l)
	}
	if back.String() != wide {
		t.Errorf("wide word changed")
	}
}

// Wrapping a long word allocates in proportion to the word, not to its
// square (each cut used to copy the rest of the word): bytes allocated are
// a count of work that does not depend on the machine's speed.
func TestWrapLongWordWorkIsLinear(t *testing.T) {
	allocated := func(n int) uint64 {
		s := strings.Repeat("x", n)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		Wrap(s, 64)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := allocated(10_000), allocated(100_000)
	t.Logf("bytes allocated: %d for 10,000 letters, %d for 100,000", small, large)
	if large > 20*100_000 || large > 20*small {
		t.Errorf("wrapping 100,000 letters allocated %d bytes (10,000: %d): more than linear", large, small)
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
