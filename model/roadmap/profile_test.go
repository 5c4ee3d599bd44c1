package roadmap

import (
	"testing"
	"time"
)

const profileCatalogue = `# Roadmap 2025-2026 (date: 2025-04-04) (period: 2025-2026)

The EU and Kazakhstan endorsed the Roadmap 2025-2026 at the EU–Central Asia summit in Samarkand.

## Area 2 · Resilience of supply chains

- [a-1] Support Tau-Ken Samruk's tungsten project with the EBRD (June 2025). (date: 2025-06)
- [a-2] Cooperate on skills and training.

## Reported actions

- [a-3] Sarytogan graphite project selected under the EU Critical Raw Materials Act.
`

// TestProfile: an item's terms are its words and names (own), its
// document's words, years and names and its area's words (context), and
// its evidence's words, each once with its largest weight.
func TestProfile(t *testing.T) {
	cat, err := Parse("p.md", []byte(profileCatalogue))
	if err != nil {
		t.Fatal(err)
	}
	terms := func(id string, quotes ...string) map[string]Term {
		it, _ := cat.Item(id)
		m := map[string]Term{}
		for _, tm := range cat.Profile(it, quotes) {
			if _, dup := m[tm.Text]; dup {
				t.Errorf("%s: %q twice", id, tm.Text)
			}
			m[tm.Text] = tm
		}
		return m
	}
	a1 := terms("a-1", "The EBRD will finance the tungsten mine at Upper Kairakty.")
	for _, c := range []struct {
		text   string
		weight float64
		own    bool
		absent bool
	}{
		{text: "Tau Ken Samruk", weight: WeightName, own: true},
		{text: "Tau", weight: WeightNamePart, own: true},
		{text: "EBRD", weight: WeightName, own: true},
		{text: "tungsten", weight: WeightWord, own: true},
		{text: "project", weight: WeightWord, own: true},
		{text: "Roadmap", weight: WeightDocument},
		{text: "2026", weight: WeightDocYear},
		{text: "2025", weight: WeightWord, own: true}, // in the item too
		{text: "Samarkand", weight: WeightDocument},
		{text: "Resilience", weight: WeightArea},
		{text: "supply", weight: WeightArea},
		{text: "Upper Kairakty", absent: true}, // names of evidence are only words there
		{text: "Kairakty", weight: WeightEvidence},
		{text: "mine", weight: WeightEvidence},
		{text: "Support", absent: true}, // the verb of every commitment
		{text: "June", absent: true},    // a date, not a name
		{text: "with", absent: true},
		{text: "Area", absent: true}, // the area's numbering
	} {
		got, ok := a1[c.text]
		switch {
		case c.absent && ok:
			t.Errorf("a-1: %q is a term (%+v)", c.text, got)
		case !c.absent && !ok:
			t.Errorf("a-1: %q missing from %v", c.text, a1)
		case !c.absent && (got.Weight != c.weight || got.Own != c.own):
			t.Errorf("a-1: %q = %+v, want weight %v own %v", c.text, got, c.weight, c.own)
		}
	}
	a3 := terms("a-3")
	if got := a3["EU Critical Raw Materials Act"]; got.Weight != WeightName || !got.Own {
		t.Errorf("a-3: the Act as one name: %+v (%v)", got, a3)
	}
	if _, ok := a3["Resilience"]; ok {
		t.Error("a-3: a generic area (Reported actions) gave words")
	}
	it1, _ := cat.Item("a-1")
	it2, _ := cat.Item("a-2")
	if got := cat.Since(it1); !got.Equal(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Since(a-1) = %v, want its own date", got)
	}
	if got := cat.Since(it2); !got.Equal(time.Date(2025, 4, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Since(a-2) = %v, want its document's date", got)
	}
}
