package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func ingestFixture(name string) string {
	return filepath.Join("..", "..", "model", "ingest", "testdata", name)
}

func TestImportCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	bad := filepath.Join(t.TempDir(), "notes\x1b[31m.json")
	if err := os.WriteFile(bad, []byte(`{"a": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	files := []string{ingestFixture("html/meta-tags-only.html"), bad, ingestFixture("pdf/encrypted-rc4.pdf"), ingestFixture("pdf/two-columns.pdf")}
	var out, errOut bytes.Buffer
	err := Import(context.Background(), files, ImportOptions{Into: dir}, &out, &errOut)
	if ExitCode(err) != ExitFailure || err.Error() != "2 of 4 inputs not imported" {
		t.Fatalf("err = %v (exit %d)", err, ExitCode(err))
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "written   ") ||
		!strings.Contains(lines[0], `"EU, Kazakhstan strengthen cooperation on critical raw materials" (The Astana Times, Assel Satubaldina, 2025-04-07 from the metadata, en, `) ||
		!strings.HasPrefix(lines[1], "written   ") {
		t.Errorf("stdout:\n%s", out.String())
	}
	e := errOut.String()
	if !strings.Contains(e, `notes\x1b[31m.json: refused: unsupported type: plain text named .json`) ||
		!strings.Contains(e, "encrypted-rc4.pdf: refused: encrypted PDF: it needs a password") {
		t.Errorf("stderr:\n%s", e)
	}
	if strings.Contains(e+out.String(), "\x1b") {
		t.Error("a raw escape reached the terminal")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("%d files written", len(ents))
	}

	// Again, as JSON: the same articles are unchanged.
	out.Reset()
	errOut.Reset()
	err = Import(context.Background(), files, ImportOptions{Into: dir, JSON: true}, &out, &errOut)
	if ExitCode(err) != ExitFailure {
		t.Errorf("err = %v", err)
	}
	var res []struct {
		Input, Output, Status, Reason, Kind string
		Meta                                *struct{ Title, Source, Author, Date, URL, Lang string }
		Words                               int
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if len(res) != 4 || res[0].Status != "unchanged" || res[1].Status != "refused" || res[1].Input != bad ||
		res[2].Status != "refused" || res[2].Kind != "pdf" || res[3].Status != "unchanged" || res[0].Kind != "html" || res[3].Kind != "pdf" {
		t.Fatalf("results %+v", res)
	}
	m := res[0].Meta
	if m == nil || m.Source != "The Astana Times" || m.Date != "2025-04-07" || m.Lang != "en" || res[0].Words < 100 {
		t.Errorf("meta %+v", m)
	}
	if _, err := os.Stat(res[0].Output); err != nil {
		t.Errorf("output %s: %v", res[0].Output, err)
	}
	if errOut.Len() != 0 {
		t.Errorf("--json wrote to stderr: %s", errOut.String())
	}

	// Only good inputs: exit 0.
	out.Reset()
	if err := Import(context.Background(), files[:1], ImportOptions{Into: dir}, &out, &errOut); err != nil {
		t.Errorf("err = %v", err)
	}
}

func TestImportUsage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, []byte("x"), 0o644)
	tests := []struct {
		files []string
		o     ImportOptions
		want  string
	}{
		{[]string{"a.html"}, ImportOptions{}, "needs --into DIR"},
		{nil, ImportOptions{Into: t.TempDir()}, "at least one FILE"},
		{[]string{"a.html"}, ImportOptions{Into: file}, "not a folder"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		err := Import(context.Background(), tt.files, tt.o, &out, &errOut)
		if ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: err = %v (exit %d)", tt, err, ExitCode(err))
		}
	}
}

func TestImportCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	err := Import(ctx, []string{ingestFixture("html/no-date.html")}, ImportOptions{Into: t.TempDir()}, &out, &errOut)
	if ExitCode(err) != ExitFailure || !strings.Contains(err.Error(), "import stopped after 0 of 1 inputs") {
		t.Errorf("err = %v", err)
	}
}
