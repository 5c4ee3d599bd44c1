package main

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// initTrace runs this test binary with no test and GODEBUG=inittrace=1: the
// same packages as dossier start, and the runtime reports each package's
// initialisation. It returns the bytes each package allocated.
func initTrace(t *testing.T) map[string]int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	line := regexp.MustCompile(`(?m)^init (\S+) @[^,]*, [^,]* clock, (\d+) bytes, \d+ allocs$`)
	got := map[string]int{}
	for _, m := range line.FindAllStringSubmatch(string(out), -1) {
		n, _ := strconv.Atoi(m[2])
		got[m[1]] += n
	}
	if len(got) < 50 {
		t.Fatalf("the trace names %d packages; it reads:\n%s", len(got), out)
	}
	return got
}

// TestStartBuildsLittle holds what dossier's own packages do when the
// program starts, before any command runs: every command (search,
// --version) pays it. Their regular expressions, word sets and tables are
// built on first use, so each package allocates at most a few KB.
func TestStartBuildsLittle(t *testing.T) {
	const most = 16 << 10 // model/timeline's small word sets are 8 KB
	for pkg, n := range initTrace(t) {
		if strings.HasPrefix(pkg, "dossier/") && n > most {
			t.Errorf("%s allocates %d bytes when the program starts (at most %d): make its tables lazy", pkg, n, most)
		}
	}
}

// TestStartSkipsStandIns: the modules that third_party/ stands in for
// (chroma's lexers, bluemonday's CSS tables and the CSS scanner it pulled
// in, vellum's automaton) cost milliseconds at every start; none of them
// may come back through another import or a lost replace line.
func TestStartSkipsStandIns(t *testing.T) {
	got := initTrace(t)
	for _, pkg := range []string{
		"github.com/alecthomas/chroma/v2/lexers",
		"github.com/alecthomas/chroma/v2/styles",
		"github.com/microcosm-cc/bluemonday",
		"github.com/microcosm-cc/bluemonday/css",
		"github.com/gorilla/css/scanner",
		"github.com/blevesearch/vellum/levenshtein",
	} {
		if n, ok := got[pkg]; ok && n > 4<<10 {
			t.Errorf("%s allocates %d bytes when the program starts", pkg, n)
		}
	}
}
