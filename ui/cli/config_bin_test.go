package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// configHome makes a folder to stand for XDG_CONFIG_HOME with
// dossier/config.yaml holding text (mode 0600), and returns the folder and
// the file.
func configHome(t *testing.T, text string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "dossier", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, file
}

// TestConfigFileGivesCorpusAndData runs the built binary as a user would:
// with only a config file (relative corpus, ~ data), `dossier search`
// reads the file's corpus and `dossier review`/`roadmap` the file's data
// folder; a flag overrides each; without a config the seeds stay.
func TestConfigFileGivesCorpusAndData(t *testing.T) {
	base := t.TempDir()
	home := filepath.Join(base, "home")
	articles := filepath.Join(base, "articles")
	os.MkdirAll(articles, 0o755)
	os.WriteFile(filepath.Join(articles, "zirconium-deal.md"), []byte("---\ntitle: Zirconium deal signed in Astana\ndate: 2025-05-02\nlang: en\n---\n"+
		"Kazakhstan and the European Union signed a zirconium supply agreement in Astana on Friday, officials said.\n"), 0o644)
	// The config file is base/cfg/dossier/config.yaml: ../../articles is
	// relative to its folder.
	cfgDir := filepath.Join(base, "cfg")
	os.MkdirAll(filepath.Join(cfgDir, "dossier"), 0o700)
	os.WriteFile(filepath.Join(cfgDir, "dossier", "config.yaml"), []byte("# my dossier\ncorpus:\n  - ../../articles\ndata: ~/reviews\n"), 0o600)
	env := []string{"XDG_CONFIG_HOME=" + cfgDir, "HOME=" + home}

	search := func(extra ...string) (int, string) {
		t.Helper()
		out, stderr, code := runBinEnv(t, env, append(extra, "search", "--json", "zirconium")...)
		if code != 0 {
			t.Fatalf("search %q: exit %d: %s", extra, code, stderr)
		}
		var res struct {
			Total int
			Hits  []struct{ ID string }
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("search: %v\n%s", err, out)
		}
		id := ""
		if len(res.Hits) > 0 {
			id = res.Hits[0].ID
		}
		return res.Total, id
	}
	if n, id := search(); n != 1 || id != "zirconium-deal" {
		t.Errorf("search with the config's corpus: %d hits, first %q; want the article of the config's folder", n, id)
	}
	empty := filepath.Join(base, "empty-corpus")
	os.MkdirAll(empty, 0o755)
	os.WriteFile(filepath.Join(empty, "other.md"), []byte("---\ntitle: Hydrogen\n---\nGreen hydrogen in Mangystau.\n"), 0o644)
	if n, _ := search("--corpus", empty); n != 0 {
		t.Errorf("--corpus over the config's corpus: %d hits for zirconium, want 0", n)
	}

	if _, stderr, code := runBinEnv(t, env, "review", "mou-1.1", "--status", "done", "--as", "alice"); code != 0 {
		t.Fatalf("review: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(home, "reviews", "reviews.db")); err != nil {
		t.Errorf("the review did not land in the config's data folder ~/reviews: %v", err)
	}
	status := func(extra ...string) string {
		t.Helper()
		out, stderr, code := runBinEnv(t, env, append(extra, "roadmap", "--json")...)
		if code != 0 {
			t.Fatalf("roadmap %q: exit %d: %s", extra, code, stderr)
		}
		var b struct {
			Groups []struct{ Items []struct{ ID, Status string } }
		}
		json.Unmarshal([]byte(out), &b)
		for _, g := range b.Groups {
			for _, it := range g.Items {
				if it.ID == "mou-1.1" {
					return it.Status
				}
			}
		}
		t.Fatalf("roadmap %q: no mou-1.1 in\n%s", extra, out)
		return ""
	}
	if s := status(); s != "done" {
		t.Errorf("roadmap with the config's data: mou-1.1 is %q, want done", s)
	}
	if s := status("--data", filepath.Join(base, "other")); s != "unreviewed" {
		t.Errorf("--data over the config's data: mou-1.1 is %q, want unreviewed", s)
	}

	// No config file: the embedded seeds, as before.
	noConfig := []string{"XDG_CONFIG_HOME=" + t.TempDir(), "HOME=" + home}
	out, stderr, code := runBinEnv(t, noConfig, "search", "--json", "lithium")
	if code != 0 || !strings.Contains(out, `"total": 1`) && !strings.Contains(out, `"total":1`) {
		t.Errorf("without a config, search lithium in the seeds: exit %d\n%s\n%s", code, out, stderr)
	}
}

// TestBadConfigFileStopsEveryCommand: each command exits 2 naming the
// file, line and key of the mistake, before doing anything.
func TestBadConfigFileStopsEveryCommand(t *testing.T) {
	xdg, file := configHome(t, "theme: dark\nserve:\n  max-sessions: lots\n")
	data := filepath.Join(t.TempDir(), "data")
	want := file + `:3: serve.max-sessions: want a whole number such as 10, not "lots"`
	for _, args := range [][]string{
		{}, {"config"}, {"search", "lithium"}, {"timeline"}, {"roadmap"}, {"review", "mou-1.1", "--status", "done"},
		{"history"}, {"export"}, {"index"}, {"serve"}, {"store", "copy", "--from", data, "--to", data + "2"},
		{"import", "--into", data, file},
	} {
		_, stderr, code := runBinEnv(t, []string{"XDG_CONFIG_HOME=" + xdg, "HOME=" + t.TempDir()}, append(args, "--data", data)...)
		if code != 2 || stderr != "dossier: "+want+"\n" {
			t.Errorf("dossier %q: exit %d, stderr %q; want 2 with %q", args, code, stderr, want)
		}
	}
	if _, err := os.Stat(data); err == nil {
		t.Errorf("a command wrote %s despite the bad config", data)
	}
}

// TestConfigCommandText: dossier config shows each setting with its origin
// and the store password masked; a password in a file others can read is
// refused; --path shows where the file is looked for.
func TestConfigCommandText(t *testing.T) {
	xdg, file := configHome(t, "corpus: [a, b]\ntheme: light\nstore: postgres://u:s3cret@db/x\nserve:\n  max-sessions: 7\n")
	home := t.TempDir()
	env := []string{"XDG_CONFIG_HOME=" + xdg, "HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "share")}
	out, stderr, code := runBinEnv(t, env, "--as", "bob", "config")
	if code != 0 {
		t.Fatalf("config: exit %d: %s", code, stderr)
	}
	dir := filepath.Dir(file)
	for _, want := range [][]string{
		{"config", "file:", file, "(from", "$XDG_CONFIG_HOME)"},
		{"corpus", dir + "/a,", dir + "/b", "config", file + ":1"},
		{"theme", "light", "config", file + ":2"},
		{"store", "postgres://u:xxxxx@db/x", "config", file + ":3"},
		{"serve.max-sessions", "7", "config", file + ":5"},
		{"as", "bob", "flag", "--as"},
		{"data", filepath.Join(home, "share", "dossier"), "default"},
		{"mouse", "false", "default"},
		{"serve.theme", "auto", "default"},
	} {
		found := false
		for _, line := range strings.Split(out, "\n") {
			if strings.Join(strings.Fields(line), " ") == strings.Join(want, " ") {
				found = true
			}
		}
		if !found {
			t.Errorf("no line %q in\n%s", strings.Join(want, " "), out)
		}
	}
	if strings.Contains(out, "s3cret") {
		t.Errorf("config shows the password:\n%s", out)
	}

	os.Chmod(file, 0o644)
	_, stderr, code = runBinEnv(t, env, "roadmap")
	if want := file + ":3: store: the URL holds a password and the file can be read by others (mode 0644); run chmod 600 " + file; code != 2 || !strings.HasPrefix(stderr, "dossier: "+want) {
		t.Errorf("a world-readable password: exit %d, stderr %q; want 2 with %q", code, stderr, want)
	}
	if out, _, code := runBinEnv(t, env, "config", "--path"); code != 0 || out != file+"\n" {
		t.Errorf("config --path: exit %d, %q", code, out)
	}
	other := filepath.Join(home, "other.yaml")
	if out, _, code := runBinEnv(t, append(env, EnvConfig+"="+other), "config", "--path"); code != 0 || out != other+"\n" {
		t.Errorf("config --path with DOSSIER_CONFIG: exit %d, %q", code, out)
	}
	if _, stderr, code := runBinEnv(t, append(env, EnvConfig+"="+other), "roadmap"); code != 2 || !strings.Contains(stderr, other+" (from $DOSSIER_CONFIG): no such file") {
		t.Errorf("a missing DOSSIER_CONFIG file: exit %d, %q", code, stderr)
	}
}
