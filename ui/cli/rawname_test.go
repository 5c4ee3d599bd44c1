package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// A file name that is not valid UTF-8 gives the article a valid, stable id
// (its bad bytes percent-escaped), the same with --no-cache and with the
// kept index, which `id:` and --evidence accept.
func TestInvalidUTF8FileNameHasOneValidID(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "raw\x9b2Jname.md"), []byte("Lithium deal signed in Astana by the EU and Kazakhstan.\n"), 0o644); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "ok.md"), []byte("Graphite plant opens in Karaganda.\n"), 0o644)
	const want = "raw%9B2Jname"
	env := []string{"XDG_CACHE_HOME=" + t.TempDir()}
	for _, mode := range [][]string{{"--no-cache"}, {}, {}} { // in memory, cold kept index, warm kept index
		common := append([]string{"--corpus", dir, "--data", t.TempDir()}, mode...)
		out, errOut, code := runBinEnv(t, env, append([]string{"search", "--json", "lithium"}, common...)...)
		if code != 0 || strings.Contains(errOut, "raw") {
			t.Fatalf("%v: exit %d, stderr %q", mode, code, errOut)
		}
		var res struct {
			Hits []struct{ ID string } `json:"hits"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].ID != want || !utf8.ValidString(res.Hits[0].ID) {
			t.Fatalf("%v: hits %+v, want the id %q", mode, res.Hits, want)
		}
		out, _, code = runBinEnv(t, env, append([]string{"search", "--json", "id:" + want}, common...)...)
		if code != 0 || !strings.Contains(out, `"id":"`+want+`"`) {
			t.Errorf("%v: id:%s finds nothing (exit %d): %s", mode, want, code, out)
		}
		out, errOut, code = runBinEnv(t, env, append([]string{"review", "mou-1.1", "--evidence", want + ":0-7", "--as", "t"}, common...)...)
		if code != 0 || !strings.Contains(out, "“Lithium”") {
			t.Errorf("%v: --evidence %s:0-7: exit %d\n%s%s", mode, want, code, out, errOut)
		}
	}
}
