package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// TestUsageMistakes: mistakes on the command line are usage errors (exit
// 2) told in words.
func TestUsageMistakes(t *testing.T) {
	data := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"search", "--limit", "x", "lithium"}, `--limit: "x" is not a number`},
		{[]string{"search", "--limit", "1.5", "lithium"}, `--limit: "1.5" is not a whole number`},
		{[]string{"serach", "lithium"}, "did you mean search?"},
		{[]string{"timline"}, "did you mean timeline?"},
		{[]string{"timeline", "extra"}, "takes no arguments"},
		{[]string{"index", "extra"}, "takes no arguments"},
		{[]string{"--theme", "blue"}, `theme "blue": use auto, dark, light or mono`}, // output is not a terminal: the overview, after the check
		{[]string{"serve", "--idle-timeout", "soon"}, `--idle-timeout: "soon" is not a duration`},
	} {
		_, errOut, code := runBinEnv(t, []string{"XDG_DATA_HOME=" + data}, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "strconv.") {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

// TestExportFile: export -o names a missing folder (not a temporary file)
// and writes the file with the usual permissions, 0666 less the umask.
func TestExportFile(t *testing.T) {
	data := t.TempDir()
	_, errOut, code := runBinEnv(t, []string{"XDG_DATA_HOME=" + data}, "export", "-o", "/nonexistent/dir/x.md")
	if code == 0 || !strings.Contains(errOut, "the folder /nonexistent/dir does not exist") || strings.Contains(errOut, ".x.md.") {
		t.Errorf("export into a missing folder: exit %d, %q", code, errOut)
	}
	bin := needBinary(t)
	for _, tt := range []struct {
		umask string
		want  os.FileMode
	}{{"022", 0o644}, {"027", 0o640}, {"002", 0o664}} {
		out := filepath.Join(t.TempDir(), "briefing.md")
		cmd := exec.Command("sh", "-c", fmt.Sprintf("umask %s && exec %q export -o %q", tt.umask, bin, out))
		cmd.Env = append(os.Environ(), "HOME=/nonexistent", "DOSSIER_STORE=", "XDG_DATA_HOME="+data)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("export: %v\n%s", err, b)
		}
		fi, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != tt.want {
			t.Errorf("umask %s: the briefing is %#o, want %#o", tt.umask, got, tt.want)
		}
	}
}

// TestTextOutputWraps: search and timeline wrap at word boundaries to the
// width, with hanging indents, and say the same words as unwrapped output;
// counts say what is listed.
func TestTextOutputWraps(t *testing.T) {
	env := []string{"XDG_CACHE_HOME=" + t.TempDir(), "DOSSIER_LANG=en"}
	for _, args := range [][]string{{"search", "hydrogen"}, {"search", "Kazakhstan"}, {"timeline"}} {
		whole, _, code := runBinEnv(t, env, append(args, "--width", "0")...)
		if code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		for _, w := range []int{40, 57, 80} {
			out, _, _ := runBinEnv(t, env, append(args, "--width", fmt.Sprint(w))...)
			if words(out) != words(whole) {
				t.Errorf("%v at %d: the words differ from the unwrapped output (a word was split?)", args, w)
			}
			for _, l := range strings.Split(out, "\n") {
				if ansi.StringWidth(l) > w {
					t.Errorf("%v at %d: line wider than %d: %q", args, w, w, l)
				}
			}
		}
	}
	out, _, _ := runBinEnv(t, env, "search", "--width", "60", "hydrogen")
	if !strings.Contains(out, " 1. COP27: European Union concludes a strategic partnership\n    with Kazakhstan") {
		t.Errorf("no hanging indent under the title:\n%s", out)
	}
	if !strings.HasPrefix(out, `"hydrogen": 4 articles · 1 also in German`) || !strings.Contains(out, "also in German: EU und Kasachstan") {
		t.Errorf("counts or the version's title:\n%s", out)
	}
	if field, _, _ := runBinEnv(t, env, "search", `source:"astana times"`); !strings.Contains(field, "matched in: outlet The «Astana Times»") {
		t.Errorf("a hit found by its outlet does not say so:\n%s", field)
	}
	if field, _, _ := runBinEnv(t, env, "search", "author:banks"); !strings.Contains(field, "· by Martin «Banks»") {
		t.Errorf("the author who matched is not shown:\n%s", field)
	}
	if full, _, _ := runBinEnv(t, env, "search", "--limit", "20", "hydrogen"); strings.Contains(full, "(showing") {
		t.Errorf("--limit 20 still says not all are shown:\n%s", full)
	}
	if part, _, _ := runBinEnv(t, env, "search", "--limit", "2", "hydrogen"); !strings.Contains(part, "(showing 2 of 4 articles; use --limit)") {
		t.Errorf("--limit 2:\n%s", part)
	}
}

// TestTextOutputWrapsInATerminal: in a terminal (tmux, 50 columns) search
// wraps at words to its width: no line is longer than the terminal (lines
// the terminal wrapped itself are joined again by capture-pane -J).
func TestTextOutputWrapsInATerminal(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	bin := needBinary(t)
	dir := t.TempDir()
	socket := fmt.Sprintf("dossier-wrap-%d", os.Getpid())
	done := filepath.Join(dir, "done")
	script := fmt.Sprintf("XDG_CACHE_HOME=%q DOSSIER_LANG=en %q search hydrogen; touch %q; sleep 30", filepath.Join(dir, "cache"), bin, done)
	if out, err := exec.Command("tmux", "-L", socket, "new-session", "-d", "-x", "50", "-y", "200", "sh", "-c", script).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	defer exec.Command("tmux", "-L", socket, "kill-server").Run()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := os.Stat(done); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("dossier search did not finish")
		}
		time.Sleep(50 * time.Millisecond)
	}
	screen, err := exec.Command("tmux", "-L", socket, "capture-pane", "-p", "-J").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(screen), "«hydrogen»") && !strings.Contains(string(screen), "hydrogen") {
		t.Fatalf("no output:\n%s", screen)
	}
	for _, l := range strings.Split(strings.TrimRight(string(screen), "\n"), "\n") {
		if w := ansi.StringWidth(strings.TrimRight(l, " ")); w > 50 {
			t.Errorf("a line of %d cells in a 50-column terminal: %q", w, l)
		}
	}
}

var took = regexp.MustCompile(`\(\d+\.\d ms\)`)

// words is the text without its layout (and without the search's time).
func words(s string) string { return strings.Join(strings.Fields(took.ReplaceAllString(s, "")), " ") }

// TestIndexListsSkippedFiles: dossier index says which files of the corpus
// folders are skipped, and why, with the right plural; --json lists them.
func TestIndexListsSkippedFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.md"), []byte("---\ntitle: Good\n---\nLithium.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	env := []string{"XDG_CACHE_HOME=" + t.TempDir()}
	out, errOut, code := runBinEnv(t, env, "index", "--corpus", dir)
	if code != 0 || !strings.Contains(out, "skipped   1 file (not read, or only in part):") || !strings.Contains(out, "empty.txt: skipped: empty file") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	os.WriteFile(filepath.Join(dir, "bad.md"), []byte("---\ntitle: [x\n---\nt\n"), 0o644)
	out, _, _ = runBinEnv(t, env, "index", "--corpus", dir, "--json")
	if !strings.Contains(out, `"path": "`) || strings.Count(out, `"reason": "skipped`) != 2 {
		t.Errorf("--json:\n%s", out)
	}
}
