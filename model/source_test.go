package model

import (
	"strings"
	"testing"
	"testing/fstest"
)

// "source" is read as another name for "outlet", in front matter and in the
// catalogue; giving both with different values is an error.
func TestSourceAliasOfOutlet(t *testing.T) {
	tests := []struct {
		name, front string
		outlet      string // "" when the file must be skipped
		warn        string
	}{
		{"source only", "source: The Astana Times", "The Astana Times", ""},
		{"outlet only", "outlet: Reuters", "Reuters", ""},
		{"both, equal", "outlet: Reuters\nsource: Reuters", "Reuters", ""},
		{"both, different", "outlet: Reuters\nsource: AFP", "", `outlet "Reuters" and source "AFP" disagree`},
		{"sanitised", "source: \"Kazinform\\x1b[31m\"", "Kazinform", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"a.md": file("---\n" + tt.front + "\n---\nKazakhstan and the EU signed a roadmap.")}
			c, warns, err := LoadCorpus(fsys, "c")
			if err != nil {
				t.Fatal(err)
			}
			if tt.outlet == "" {
				if c.Len() != 0 || len(warns) != 1 || !strings.Contains(warns[0].Reason, tt.warn) {
					t.Fatalf("want the file skipped with %q, got %d articles, warnings %v", tt.warn, c.Len(), warns)
				}
				return
			}
			a, ok := c.Article("a")
			if !ok || len(warns) != 0 {
				t.Fatalf("article missing or warnings: %v", warns)
			}
			if a.Outlet != tt.outlet {
				t.Errorf("Outlet = %q, want %q", a.Outlet, tt.outlet)
			}
		})
	}
	cat, err := ParseCatalogue([]byte("articles:\n  - id: a\n    source: Kazinform\n"))
	if err != nil || cat["a"].Source != "Kazinform" {
		t.Fatalf("catalogue with source: %v %+v", err, cat)
	}
}
