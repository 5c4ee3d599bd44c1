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

func TestSearchJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := Search(context.Background(), "Sefcovic", SearchOptions{JSON: true}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var res struct {
		Query  string  `json:"query"`
		Total  int     `json:"total"`
		TookMS float64 `json:"took_ms"`
		Hits   []struct {
			ID, Title, Lang, Source string
			Date                    *string
			Score                   float64
			Fragments               []string
			Matches                 []struct {
				Field      string
				Start, End int
			}
		} `json:"hits"`
		Facets map[string][]struct {
			Term  string
			Count int
		} `json:"facets"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if res.Query != "Sefcovic" || res.Total != 1 || len(res.Hits) != 1 {
		t.Fatalf("result %+v", res)
	}
	h := res.Hits[0]
	if h.ID != "000_59948b4d9c446ef9" || h.Date == nil || *h.Date != "2023-06-01" || h.Lang != "en" ||
		h.Source != "The Astana Times" || h.Score <= 0 || len(h.Matches) != 4 || !strings.Contains(h.Fragments[0], "<mark>Šefčovič</mark>") {
		t.Errorf("hit %+v", h)
	}
	if len(res.Facets["lang"]) != 1 || res.Facets["year"][0].Term != "2023" {
		t.Errorf("facets %+v", res.Facets)
	}
	if errOut.Len() != 0 {
		t.Errorf("stderr: %s", errOut.String())
	}
}

func TestSearchExitCodes(t *testing.T) {
	tests := []struct {
		query string
		o     SearchOptions
		code  int
		msg   string
	}{
		{"lithium", SearchOptions{}, ExitOK, ""},
		{"nosuchwordanywhere", SearchOptions{}, ExitOK, ""},
		{`"unclosed`, SearchOptions{}, ExitUsage, "column 1: this quote is never closed"},
		{"foo:bar", SearchOptions{}, ExitUsage, `unknown field "foo:"`},
		{"lithium", SearchOptions{Limit: -1}, ExitUsage, "--limit"},
		{"lithium", SearchOptions{Sources: Sources{CorpusDirs: []string{"/no/such/dir"}}}, ExitUsage, "no such folder"},
		{"lithium", SearchOptions{Sources: Sources{SynonymFiles: []string{"/no/such/file"}}}, ExitUsage, "--synonyms"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		err := Search(context.Background(), tt.query, tt.o, &out, &errOut)
		if got := ExitCode(err); got != tt.code {
			t.Errorf("%q: exit %d (%v), want %d", tt.query, got, err, tt.code)
		}
		if tt.msg != "" && (err == nil || !strings.Contains(err.Error(), tt.msg)) {
			t.Errorf("%q: error %v, want %q", tt.query, err, tt.msg)
		}
	}
}

func TestCorpusFolderWarningsGoToStderr(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.txt"), []byte("date 2024-03-01\nLithium mining in Kazakhstan grows."), 0o644)
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	var out, errOut bytes.Buffer
	err := Search(context.Background(), "lithium", SearchOptions{Sources: Sources{CorpusDirs: []string{dir}}}, &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "empty.txt: skipped: empty file") {
		t.Errorf("stderr %q", errOut.String())
	}
	if !strings.Contains(out.String(), "1 article") || !strings.Contains(out.String(), "1 Mar 2024") {
		t.Errorf("stdout %q", out.String())
	}
}
