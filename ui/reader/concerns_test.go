package reader

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"dossier/index"
	"dossier/ui/common"
)

// TestConcernsLineSetsStrongLinksApart: under the title, the items the
// article is news for (strong links) are drawn in the accent colour, the
// weaker ones muted, best first, cut with "…" to the width.
func TestConcernsLineSetsStrongLinksApart(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	st := common.NewStyles(r, common.ThemeDark)
	m := New(common.Common{Renderer: r, Profile: termenv.TrueColor, Styles: st, Keys: common.DefaultKeyMap()})
	m.conState = concernsFound
	m.links = []index.Link{{TopicID: "keg-1", Strong: true}, {TopicID: "keg-2", Strong: true}, {TopicID: "mou-1.3"}}
	line := m.slotLine(80)
	for _, want := range []string{st.Accent.Render("keg-1"), st.Accent.Render("keg-2"), st.Muted.Render("mou-1.3")} {
		if !strings.Contains(line, want) {
			t.Errorf("the line lacks %q: %q", want, line)
		}
	}
	if strings.Contains(line, st.Accent.Render("mou-1.3")) {
		t.Errorf("a weak link is drawn as a strong one: %q", line)
	}
	if got := common.Width(line); got > 80 {
		t.Errorf("the line is %d cells wide", got)
	}
	if narrow := m.slotLine(20); !strings.HasSuffix(strings.TrimRight(ansi.Strip(narrow), " "), "…") || common.Width(narrow) > 20 {
		t.Errorf("at 20 cells: %q", ansi.Strip(narrow))
	}
}
