package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"dossier/model/ingest/pdftest"
)

// The bounds of one imported file (README, "Limits"): the memory (resident
// set) it may add to what importing a small file takes, and the address
// space it may add under `ulimit -v`, which is more: Go reserves address
// space in large steps as its heap grows, well beyond what it touches.
const (
	importMemoryBound  = 256 << 20
	importAddressBound = 1 << 30
)

// memoryEnv is the environment of the runs under `ulimit -v`: glibc (the
// binary links it for name lookups) would reserve 64 MiB of address space
// for each thread that calls malloc, which is address space, not memory,
// and varies with the number of threads.
var memoryEnv = append(os.Environ(), "HOME=/nonexistent", "MALLOC_ARENA_MAX=1")

// smallImport is the smallest `ulimit -v` (KiB) under which the binary
// imports a small text file (the Go runtime reserves some 700 MiB of
// address space at start), and the peak resident set (KiB) of that import.
func smallImport(t *testing.T, bin string) (addressKiB, rssKiB int64) {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "small.txt")
	os.WriteFile(in, []byte("date 2024-01-01\nA small text about lithium.\n"), 0o644)
	run := func(kib int64) (bool, int64) {
		out := filepath.Join(dir, fmt.Sprint("into", kib))
		cmd := exec.Command("sh", "-c", fmt.Sprintf("ulimit -v %d && exec %q import --into %q %q", kib, bin, out, in))
		cmd.Env = memoryEnv
		if cmd.Run() != nil {
			return false, 0
		}
		return true, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	}
	lo, hi := int64(64<<10), int64(8<<20) // 64 MiB fails, 8 GiB works
	ok, rss := run(hi)
	if !ok {
		t.Skip("the binary does not run even under an 8 GiB address space limit here")
	}
	for hi-lo > 16<<10 {
		mid := (lo + hi) / 2
		if ok, _ := run(mid); ok {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, rss
}

// Hostile PDFs are refused or read within the documented bounds: the real
// `dossier import` of them all runs under `ulimit -v` of what a small
// import needs plus importAddressBound, never runs out of memory, says for
// each what it did, and its peak resident set is at most importMemoryBound
// over a small import's. A page tree that lists one page a million times
// is refused before it is listed, one that lists it 100,000 times stops at
// the page limit; 1,000 identical pages are imported, saying so; a content
// stream of operands without operators is refused for what it is.
func TestImportMemoryBound(t *testing.T) {
	bin := needBinary(t)
	baseAddr, baseRSS := smallImport(t, bin)
	limit := baseAddr + importAddressBound>>10
	t.Logf("small import: %d MiB of address space, %d MiB resident; hostile ones run under %d MiB", baseAddr>>10, baseRSS>>10, limit>>10)

	dir := t.TempDir()
	inputs := []struct {
		name   string
		data   []byte
		status string
		says   string
	}{
		{"kids-1m.pdf", pdftest.RepeatedKids(1_000_000), "refused", "more than 500000 entries"},
		{"kids-100k.pdf", pdftest.RepeatedKids(100_000), "refused", "more than 3000 pages"},
		{"same-1000.pdf", pdftest.IdenticalPages(1000, []string{"The committee met in Astana.", "It spoke of lithium and graphite."}), "written", "repeats the same lines"},
		{"flood.pdf", pdftest.OperandFlood(1_000_000), "refused", "operands without an operator"},
		{"glyphs.pdf", pdftest.GlyphFlood(2_000_000), "written", ""},
		{"title.pdf", pdftest.HugeTitle(16 << 20), "written", ""},
	}
	var args []string
	for _, in := range inputs {
		p := filepath.Join(dir, in.name)
		if err := os.WriteFile(p, in.data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, fmt.Sprintf("%q", p))
	}
	cmd := exec.Command("sh", "-c", fmt.Sprintf("ulimit -v %d && exec %q import --json --into %q %s",
		limit, bin, filepath.Join(dir, "corpus"), strings.Join(args, " ")))
	cmd.Env = memoryEnv
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("exit %d (%v), want 1 (some inputs refused)\nstderr: %.2000s", code, err, stderr.String())
	}
	var results []struct {
		Input, Status, Reason string
		Notes                 []string
		Meta                  struct{ Title string }
	}
	if err := json.Unmarshal(out, &results); err != nil || len(results) != len(inputs) {
		t.Fatalf("%v: %d results\n%s", err, len(results), out)
	}
	if rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss; rss > baseRSS+importMemoryBound>>10 {
		t.Errorf("peak resident set %d MiB, over the %d MiB of a small import plus %d MiB", rss>>10, baseRSS>>10, importMemoryBound>>20)
	} else {
		t.Logf("peak resident set %d MiB", rss>>10)
	}
	for i, in := range inputs {
		r := results[i]
		said := r.Reason + " " + strings.Join(r.Notes, " ")
		if r.Status != in.status || !strings.Contains(said, in.says) {
			t.Errorf("%s: %s (%s), want %s saying %q", in.name, r.Status, said, in.status, in.says)
		}
		if len(r.Meta.Title) > 2048 {
			t.Errorf("%s: a title of %d bytes", in.name, len(r.Meta.Title))
		}
	}
}
