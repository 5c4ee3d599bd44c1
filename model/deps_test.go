package model_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The domain layer stays free of the UI and of the search engine; the index
// stays free of the UI and of per-person state (is:new gets its articles
// from the caller).
func TestLayering(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	rules := []struct {
		pkgs      []string
		forbidden []string
	}{
		{[]string{"dossier/model", "dossier/model/timeline", "dossier/model/roadmap", "dossier/model/review", "dossier/model/briefing", "dossier/model/feeds", "dossier/model/triage"},
			[]string{"github.com/charmbracelet/", "github.com/blevesearch/", "dossier/ui", "dossier/index"}},
		{[]string{"dossier/index"}, []string{"github.com/charmbracelet/", "dossier/ui", "dossier/model/review"}},
	}
	for _, r := range rules {
		for _, pkg := range r.pkgs {
			out, err := exec.Command("go", "list", "-deps", pkg).Output()
			if err != nil {
				t.Fatalf("go list %s: %v", pkg, err)
			}
			for _, dep := range strings.Fields(string(out)) {
				for _, bad := range r.forbidden {
					if strings.HasPrefix(dep, bad) {
						t.Errorf("%s depends on %s", pkg, dep)
					}
				}
			}
		}
	}
}
