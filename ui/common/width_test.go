package common

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestOneCellRunes: every rune Width counts as one cell is one cell wide
// to ansi.StringWidth, alone, between letters, twice over and after a
// style, so it is a grapheme of its own beside the others.
func TestOneCellRunes(t *testing.T) {
	n := 0
	for r := rune(0x80); r <= 0x10ffff; r++ {
		if !oneCell(r) {
			continue
		}
		n++
		c := string(r)
		for _, tc := range []struct {
			s    string
			want int
		}{{c, 1}, {"a" + c + "b", 3}, {c + c, 2}, {"\x1b[1m" + c + "\x1b[0m" + c, 2}} {
			if got := ansi.StringWidth(tc.s); got != tc.want {
				t.Fatalf("U+%04X in %q: ansi.StringWidth %d, want %d", r, tc.s, got, tc.want)
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d runes counted directly", n)
	}
}

// widthPieces are what lines are made of, and what they must not be
// mistaken for: one-cell symbols, styles, and text that only
// ansi.StringWidth measures right (combining marks, joiners, variation
// selectors, emoji, wide characters, hyperlinks, controls, broken escapes).
var widthPieces = []string{
	"a", "Z", " ", "~", "·", "…", "▸", "─", "│", "╭", "é", "ß", "→", "–", "“", "•", "█", "◀",
	"\x1b[0m", "\x1b[1;38;5;75m", "\x1b[38;2;10;20;30m", "\x1b[K", "\x1b[?25l", "\x1b[ q",
	"\u0301", "\u200d", "\ufe0f", "\u00ad", "\u200b", "😀", "👩\u200d💻", "🇰🇿", "漢", "ｶ", "◽", "⌚", "\u1100\u1161",
	"\x1b]8;;https://example.eu\x07", "\x1b]8;;\x1b\\", "\x1b", "\x1b[", "\x1b[1", "\t", "\x7f", "\x00", "\n", "\xff", "\xe2\x96",
}

// TestWidthIsStringWidth: Width measures as ansi.StringWidth does, on
// random lines of those pieces.
func TestWidthIsStringWidth(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var sb strings.Builder
		for range rnd.IntN(12) {
			sb.WriteString(widthPieces[rnd.IntN(len(widthPieces))])
		}
		s := sb.String()
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Fatalf("Width(%q) = %d, ansi.StringWidth %d", s, got, want)
		}
	}
}

func FuzzWidth(f *testing.F) {
	for _, p := range widthPieces {
		f.Add("ab" + p + "·c")
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Fatalf("Width(%q) = %d, ansi.StringWidth %d", s, got, want)
		}
	})
}
