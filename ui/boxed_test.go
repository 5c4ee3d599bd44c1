package ui

import (
	"io"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/ui/common"
)

// TestBoxKeptBorderIsFresh: a column's box drawn after another (its border
// kept when only its content changed) is the box drawn from nothing, as
// its content, title, focus, width, height and styles change one at a
// time, in colour, where a focused border differs from another by its
// style alone.
func TestBoxKeptBorderIsFresh(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	dark, light := common.NewStyles(r, common.ThemeDark), common.NewStyles(r, common.ThemeLight)
	a := New(testCommon(t, testShared(t)))
	a.c.Styles = dark
	type box struct {
		title   string
		focused bool
		r       rect
		content string
		styles  *common.Styles
	}
	b := box{"▸Timeline", true, rect{0, 2, 40, 8}, "one\ntwo · ▸ é\nthree", dark}
	steps := []struct {
		name   string
		change func(*box)
	}{
		{"first", func(*box) {}},
		{"content", func(b *box) { b.content = "one\nTWO\nthree, a line too long for the box it is drawn in" }},
		{"title", func(b *box) { b.title = "▸Roadmap" }},
		{"focus", func(b *box) { b.focused = false }},
		{"content unfocused", func(b *box) { b.content = "four" }},
		{"focus again", func(b *box) { b.focused = true }},
		{"wider", func(b *box) { b.r.w = 60 }},
		{"narrower", func(b *box) { b.r.w = 12 }},
		{"taller", func(b *box) { b.r.h = 12 }},
		{"moved", func(b *box) { b.r.x = 40 }},
		{"styles", func(b *box) { b.styles = light }},
		{"content in the other styles", func(b *box) { b.content = "five\nsix" }},
		{"empty", func(b *box) { b.content = "" }},
	}
	for _, st := range steps {
		st.change(&b)
		a.c.Styles = b.styles
		got := a.boxed(0, b.title, b.focused, b.r, b.content)
		kept := a.boxes
		a.boxes = [len(a.boxes)]boxMemo{}
		want := a.boxed(0, b.title, b.focused, b.r, b.content)
		a.boxes = kept
		if len(got) != b.r.h {
			t.Fatalf("after %s: %d lines, want %d", st.name, len(got), b.r.h)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("after %s: line %d is %q, drawn from nothing %q", st.name, i, got[i], want[i])
			}
			if w := common.Width(got[i]); w != b.r.w {
				t.Fatalf("after %s: line %d is %d cells wide, want %d: %q", st.name, i, w, b.r.w, got[i])
			}
		}
	}
}
