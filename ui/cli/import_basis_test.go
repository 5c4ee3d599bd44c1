package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/model/ingest/pdftest"
)

// The import says where an article's date comes from: the dateline of a
// PDF's first page ("from the text") rather than its creation date, in the
// line it prints and as date_basis in --json; the PDF's organisation is the
// outlet.
func TestImportSaysWhereTheDateComesFrom(t *testing.T) {
	dir := t.TempDir()
	pdf := filepath.Join(dir, "release.pdf")
	os.WriteFile(pdf, pdftest.Document("/CreationDate (D:20250410093000Z) /Author (European Commission)",
		[]pdftest.Para{{Size: 18, Text: "EU and Kazakhstan agree on joint projects"}, {Size: 10, Text: "Brussels, 4 April 2025"},
			{Size: 10, Text: "The European Union and Kazakhstan agreed today on a list of joint projects on lithium, graphite and rare earths."}}), 0o644)
	var out, errOut bytes.Buffer
	if err := Import(context.Background(), []string{pdf}, ImportOptions{Into: filepath.Join(dir, "c")}, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), `"EU and Kazakhstan agree on joint projects" (European Commission, 2025-04-04 from the text, `) {
		t.Errorf("stdout: %s", out.String())
	}
	out.Reset()
	if err := Import(context.Background(), []string{pdf}, ImportOptions{Into: filepath.Join(dir, "c"), JSON: true}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var res []struct {
		Meta struct {
			Source, Date string
			Basis        string `json:"date_basis"`
		}
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || len(res) != 1 {
		t.Fatalf("%v: %s", err, out.String())
	}
	if m := res[0].Meta; m.Source != "European Commission" || m.Date != "2025-04-04" || m.Basis != "text" {
		t.Errorf("meta %+v", m)
	}
	written, _ := filepath.Glob(filepath.Join(dir, "c", "*.md"))
	if len(written) != 1 {
		t.Fatalf("written: %v", written)
	}
	data, _ := os.ReadFile(written[0])
	if !strings.Contains(string(data), "date: \"2025-04-04\"") && !strings.Contains(string(data), "date: 2025-04-04") || strings.Contains(string(data), "date_basis") {
		t.Errorf("front matter:\n%s", data)
	}
}
