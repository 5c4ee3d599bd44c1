package reader

import (
	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/ansi"
	"github.com/charmbracelet/glamour/styles"
	"github.com/muesli/termenv"

	"dossier/ui/common"
)

// glamourStyle is the rendering style of a theme. Mono is glamour's ASCII
// style without its Markdown markers (# before headings, ** around bold,
// * around italics, ~~ around struck text): they would read as part of the
// text. Emphasis stays as attributes (bold, italic) where the terminal has
// any; on a plain ASCII profile the words alone remain.
func glamourStyle(t common.Theme, p termenv.Profile) glamour.TermRendererOption {
	if t != common.ThemeMono {
		return glamour.WithStandardStyle(t.GlamourStyle())
	}
	return glamour.WithStyles(monoStyle(p != termenv.Ascii))
}

// monoStyle builds the mono style, a copy of glamour's ASCII style;
// attrs says whether bold and italic are drawn.
func monoStyle(attrs bool) ansi.StyleConfig {
	c := styles.ASCIIStyleConfig
	yes := attrs
	for _, h := range []*ansi.StyleBlock{&c.H1, &c.H2, &c.H3, &c.H4, &c.H5, &c.H6} {
		h.Prefix = ""
		h.Bold = &yes
	}
	c.Strong = ansi.StylePrimitive{Bold: &yes}
	c.Emph = ansi.StylePrimitive{Italic: &yes}
	c.Strikethrough = ansi.StylePrimitive{CrossedOut: &yes}
	return c
}
