package ui

import (
	"strings"
	"testing"

	"dossier/ui/common"
)

// TestTranslationKeepsItsPlaceInTheList: search hydrogen, open a hit, ],
// t, ]: the other-language version takes the place of its article in the
// list, the counter stays, and ] goes on through the list; [ comes back to
// that version.
func TestTranslationKeepsItsPlaceInTheList(t *testing.T) {
	a := newApp(t, 120, 35)
	drive(t, a, keys("/hydrogen<enter>")...)
	hits := a.search.Results().Hits
	if len(hits) != 4 || len(hits[1].Versions) != 1 {
		t.Fatalf("hydrogen: %d hits; the second has %d versions", len(hits), len(hits[1].Versions))
	}
	drive(t, a, keys("]")...)
	if art, _ := a.reader.Article(); art.ID != hits[1].ID || !strings.Contains(a.View(), "article 2/4") {
		t.Fatalf("] shows %s:\n%s", art.ID, a.View())
	}
	drive(t, a, keys("t")...)
	art, _ := a.reader.Article()
	if art.ID != hits[1].Versions[0].ID {
		t.Fatalf("t shows %s, want %s", art.ID, hits[1].Versions[0].ID)
	}
	if !strings.Contains(a.View(), "article 2/4") {
		t.Errorf("after t the counter is gone:\n%s", a.View())
	}
	drive(t, a, keys("]")...)
	if art, _ := a.reader.Article(); art.ID != hits[2].ID || !strings.Contains(a.View(), "article 3/4") {
		t.Fatalf("] after t shows %s:\n%s", art.ID, a.View())
	}
	drive(t, a, keys("[")...)
	if art, _ := a.reader.Article(); art.ID != hits[1].Versions[0].ID {
		t.Errorf("[ back shows %s, want the version read before", art.ID)
	}
	drive(t, a, keys("<esc>")...)
	if ref, _ := a.search.Preview(); a.Focus() != common.PaneSearch || ref.ID != hits[1].ID {
		t.Errorf("esc: focus %v on %s, want the search at the second hit", a.Focus(), ref.ID)
	}
}

// TestReaderOpensAtTheTopWhenTheMatchFits: an article whose match is on
// its first screen opens at its top, title on screen; one whose match is
// further down opens at the match.
func TestReaderOpensAtTheTopWhenTheMatchFits(t *testing.T) {
	a := newApp(t, 120, 35)
	drive(t, a, keys("/lithium<enter>")...)
	screen := a.View()
	if !strings.Contains(screen, "Kazakhstan to strengthen cooperation with EU") || a.reader.Fraction() != 0 {
		t.Errorf("lithium opens scrolled (at %.2f), title not on screen:\n%s", a.reader.Fraction(), screen)
	}
	b := newApp(t, 80, 24)
	drive(t, b, keys("/vanadium<enter>")...)
	if b.reader.Fraction() == 0 || !strings.Contains(b.View(), "vanadium") {
		t.Errorf("vanadium, far down at 80x24, opens at the top:\n%s", b.View())
	}
}

// TestReaderNamesTheOriginalByTitle: a translation says which article it
// translates by its title, not its id.
func TestReaderNamesTheOriginalByTitle(t *testing.T) {
	a := newApp(t, 120, 35)
	drive(t, a, keys("/lang:de<enter>")...)
	drive(t, a, keys("g")...)
	screen := a.View()
	if !strings.Contains(screen, "Translation of “EU, Kazakhstan strengthen") || strings.Contains(screen, "Translation of 002_") {
		t.Errorf("the translation's header:\n%s", screen)
	}
}
