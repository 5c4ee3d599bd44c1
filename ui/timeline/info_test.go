package timeline

import (
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"dossier/index/library"
	"dossier/ui/common"
)

// TestInfoLineKeptIsFresh: the pane drawn after another (the line above
// the list kept while its text, width and styles stay) is the pane drawn
// with nothing kept, as the order, the width and the styles change.
func TestInfoLineKeptIsFresh(t *testing.T) {
	snap := library.NewSnapshot(sharedCorpus(), nil, nil)
	m := paneOf(t, snap, termenv.ANSI256, common.ThemeDark, 90, 20)
	steps := []struct {
		name   string
		change func()
		want   string
	}{
		{"first", func() {}, "oldest first"},
		{"down", func() { m.Update(r("j")) }, "oldest first"},
		{"newest first", func() { m.Update(r("o")) }, "newest first"},
		{"narrower", func() { m.SetSize(40, 20) }, ""},
		{"wider", func() { m.SetSize(120, 20) }, "newest first"},
		{"light", func() { m.c.Styles = common.NewStyles(m.c.Renderer, common.ThemeLight) }, "newest first"},
	}
	for _, st := range steps {
		st.change()
		got := m.View()
		kept := m.info
		m.info = infoMemo{}
		want := m.View()
		m.info = kept
		if got != want {
			t.Fatalf("after %s: the pane drawn\n%s\nwith nothing kept\n%s", st.name, got, want)
		}
		if !strings.Contains(got, st.want) {
			t.Fatalf("after %s: no %q in\n%s", st.name, st.want, got)
		}
	}
}
