package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// .ci/run installs groff when the groff there cannot make a PDF: Debian's
// groff-base has a groff that fails with "invalid device 'pdf'", and the
// import tests that make PDFs now would skip. The test runs the script's
// groff line with such a groff first on the PATH, then with one that works.
func TestCIAsksForAGroffThatMakesPDFs(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	script, err := os.ReadFile(filepath.Join(".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	var check string
	for _, line := range strings.Split(string(script), "\n") {
		if strings.Contains(line, "missing+=(groff)") {
			check = line
		}
	}
	if check == "" {
		t.Fatal(".ci/run has no line that adds groff to what is missing")
	}
	for _, c := range []struct {
		name, groff, want string
	}{
		{"groff-base", "echo \"groff: fatal error: invalid device 'pdf'\" >&2; exit 3", "groff"},
		{"groff", "printf '%%PDF-1.4\\n'", ""},
	} {
		bin := t.TempDir()
		os.WriteFile(filepath.Join(bin, "groff"), []byte("#!/bin/sh\n"+c.groff+"\n"), 0o755)
		cmd := exec.Command("bash", "-c", "missing=()\n"+check+"\necho \"${missing[*]}\"")
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := strings.TrimSpace(string(out)); got != c.want {
			t.Errorf("with %s, missing = %q, want %q (line: %s)", c.name, got, c.want, check)
		}
	}
}
