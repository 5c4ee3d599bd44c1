package ui

import (
	"strings"
	"testing"

	"dossier/ui/common"
)

// TestSpreadCutsLeftNeverDropsRight: the header's two parts fit a line of
// its width exactly; where they do not both fit, the left one is cut with
// "…" and the right one stays; on a line too narrow for both, the left one
// alone, cut.
func TestSpreadCutsLeftNeverDropsRight(t *testing.T) {
	left := "dossier · seeds · 5 articles · 7 new · 1 file skipped (! lists them)"
	cases := []struct {
		name        string
		right       string
		w           int
		wantLeft    string // the line starts with it
		wantRight   string // the line ends with it ("" none)
		wantEllipse bool
	}{
		{"both fit", "● index ready", 100, left, "● index ready", false},
		{"left cut for right", "● index ready", 60, "dossier · seeds", "● index ready", true},
		{"short right", "●", 40, "dossier · seeds · 5 articles", "●", true},
		{"too narrow for both", "indexing ██████████ 123/4567", 40, "dossier · seeds", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := spread(left, c.right, c.w)
			if w := common.Width(got); w != c.w {
				t.Fatalf("width %d, want %d: %q", w, c.w, got)
			}
			if !strings.HasPrefix(got, c.wantLeft) {
				t.Errorf("%q does not start with %q", got, c.wantLeft)
			}
			if c.wantRight != "" && !strings.HasSuffix(got, c.wantRight) {
				t.Errorf("%q does not end with %q", got, c.wantRight)
			}
			if c.wantRight == "" && strings.Contains(got, "indexing") {
				t.Errorf("%q shows a right part that cannot fit whole", got)
			}
			if strings.Contains(got, "…") != c.wantEllipse {
				t.Errorf("%q: cut with … %v, want %v", got, !c.wantEllipse, c.wantEllipse)
			}
		})
	}
}
