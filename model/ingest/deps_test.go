package ingest

import (
	"os/exec"
	"strings"
	"testing"
)

// The importer is domain code: no UI, no search engine.
func TestLayering(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "dossier/model/ingest").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, bad := range []string{"github.com/charmbracelet/", "github.com/blevesearch/", "dossier/ui", "dossier/index"} {
			if strings.HasPrefix(dep, bad) {
				t.Errorf("dossier/model/ingest depends on %s", dep)
			}
		}
	}
}
