package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dossier/ui/cli"
)

func TestMain(m *testing.M) {
	// No test reads or writes the developer's config file, review store or
	// kept indexes: empty folders stand for their places (the dossier
	// binaries started by the tests inherit them). Go's build cache stays
	// where it is.
	dir, err := os.MkdirTemp("", "dossier-main-config-")
	if err != nil {
		panic(err)
	}
	if os.Getenv("GOCACHE") == "" {
		if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
			os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
		}
	}
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"} {
		sub := filepath.Join(dir, v)
		if err := os.Mkdir(sub, 0o700); err != nil {
			panic(err)
		}
		os.Setenv(v, sub)
	}
	os.Unsetenv(cli.EnvConfig)
	os.Unsetenv(cli.EnvStore)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// settingOf runs the config step of dossier on the flags of one command
// (the real flags, as cobra parses them), with a config file and an
// environment, and returns the setting of key.
func settingOf(t *testing.T, command string, args []string, configFile string, env map[string]string, key string) cli.Setting {
	t.Helper()
	root := newRoot()
	running := root
	if command != "" {
		c, _, err := root.Find([]string{command})
		if err != nil {
			t.Fatal(err)
		}
		running = c
	}
	serve, _, _ := root.Find([]string{"serve"})
	if err := running.ParseFlags(args); err != nil {
		t.Fatalf("%s %q: %v", command, args, err)
	}
	r, err := cli.ApplyConfig(configFile, flagLookup(root, serve, running), func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("%s %q: %v", command, args, err)
	}
	for _, s := range r.Settings {
		if s.Key == key {
			return s
		}
	}
	t.Fatalf("no setting %s in %+v", key, r.Settings)
	return cli.Setting{}
}

// TestConfigPrecedenceEveryKey: for every key of the config file, with
// dossier's real flags: the built-in default without a file; the file's
// value (paths resolved) from its line; the environment over the file
// (DOSSIER_STORE); the command-line flag over both.
func TestConfigPrecedenceEveryKey(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	tests := []struct {
		key      string
		command  string   // the command whose flags hold it
		yaml     string   // the file's line for it
		def      []string // built in
		fromFile []string
		flag     []string // given on the command line
		fromFlag []string
	}{
		{"corpus", "search", "corpus: [a, ~/b, /c]", []string{}, []string{dir + "/a", home + "/b", "/c"}, []string{"--corpus", "x", "--corpus", "y"}, []string{"x", "y"}},
		{"synonyms", "roadmap", "synonyms: s.list", []string{}, []string{dir + "/s.list"}, []string{"--synonyms", "/t.list"}, []string{"/t.list"}},
		{"no-cache", "index", "no-cache: true", []string{"false"}, []string{"true"}, []string{"--no-cache=false"}, []string{"false"}},
		{"no-watch", "serve", "no-watch: true", []string{"false"}, []string{"true"}, []string{"--no-watch=false"}, []string{"false"}},
		{"roadmap", "roadmap", "roadmap: ../r.md", []string{""}, []string{filepath.Dir(dir) + "/r.md"}, []string{"--roadmap", "f.md"}, []string{"f.md"}},
		{"data", "history", "data: ~/d", []string{""}, []string{home + "/d"}, []string{"--data", "e"}, []string{"e"}},
		{"store", "review", "store: postgres://file@db/x", []string{""}, []string{"postgres://file@db/x"}, []string{"--store", ""}, []string{""}},
		{"as", "review", "as: Filer", []string{""}, []string{"Filer"}, []string{"--as", "bob"}, []string{"bob"}},
		{"theme", "", "theme: light", []string{"auto"}, []string{"light"}, []string{"--theme", "mono"}, []string{"mono"}},
		{"mouse", "", "mouse: true", []string{"false"}, []string{"true"}, []string{"--mouse=false"}, []string{"false"}},
		{"serve.listen", "serve", "serve: {listen: '0.0.0.0:1'}", []string{"127.0.0.1:23234"}, []string{"0.0.0.0:1"}, []string{"--listen", ":2"}, []string{":2"}},
		{"serve.host-key", "serve", "serve: {host-key: k}", []string{""}, []string{dir + "/k"}, []string{"--host-key", "/k"}, []string{"/k"}},
		{"serve.authorized-keys", "serve", "serve: {authorized-keys: ~/ak}", []string{""}, []string{home + "/ak"}, []string{"--authorized-keys", "/ak"}, []string{"/ak"}},
		{"serve.theme", "serve", "serve: {theme: dark}", []string{"auto"}, []string{"dark"}, []string{"--theme", "light"}, []string{"light"}},
		{"serve.idle-timeout", "serve", "serve: {idle-timeout: 1h}", []string{"30m0s"}, []string{"1h0m0s"}, []string{"--idle-timeout", "5m"}, []string{"5m0s"}},
		{"serve.max-session", "serve", "serve: {max-session: 2h}", []string{"12h0m0s"}, []string{"2h0m0s"}, []string{"--max-session", "3h"}, []string{"3h0m0s"}},
		{"serve.max-sessions", "serve", "serve: {max-sessions: 7}", []string{"100"}, []string{"7"}, []string{"--max-sessions", "8"}, []string{"8"}},
		{"serve.max-per-addr", "serve", "serve: {max-per-addr: 3}", []string{"10"}, []string{"3"}, []string{"--max-per-addr", "4"}, []string{"4"}},
		{"serve.login-timeout", "serve", "serve: {login-timeout: 20s}", []string{"10s"}, []string{"20s"}, []string{"--login-timeout", "30s"}, []string{"30s"}},
		{"serve.preauth-start", "serve", "serve: {preauth-start: 4}", []string{"10"}, []string{"4"}, []string{"--preauth-start", "6"}, []string{"6"}},
		{"serve.preauth-full", "serve", "serve: {preauth-full: 40}", []string{"100"}, []string{"40"}, []string{"--preauth-full", "60"}, []string{"60"}},
		{"serve.preauth-per-addr", "serve", "serve: {preauth-per-addr: 2}", []string{"5"}, []string{"2"}, []string{"--preauth-per-addr", "1"}, []string{"1"}},
		{"serve.conn-rate", "serve", "serve: {conn-rate: 2.5}", []string{"5"}, []string{"2.5"}, []string{"--conn-rate", "7"}, []string{"7"}},
		{"serve.grace", "serve", "serve: {grace: 3s}", []string{"10s"}, []string{"3s"}, []string{"--grace", "4s"}, []string{"4s"}},
	}
	env := map[string]string{"XDG_CONFIG_HOME": filepath.Join(dir, "nothing"), "HOME": home}
	for i, tt := range tests {
		file := filepath.Join(dir, "config.yaml")
		// The key's line is line 3 of the file, after two others.
		if err := os.WriteFile(file, []byte("# settings\nas: someone\n"+tt.yaml+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if tt.key == "as" {
			os.WriteFile(file, []byte("# settings\nmouse: true\n"+tt.yaml+"\n"), 0o600)
		}
		check := func(what string, s cli.Setting, want []string, origin cli.Origin) {
			t.Helper()
			if !slices.Equal(s.Values, want) && !(len(s.Values) == 0 && len(want) == 0) || s.Origin != origin {
				t.Errorf("%d %s, %s: %q from %s, want %q from %s", i, tt.key, what, s.Values, s.Origin, want, origin)
			}
		}
		check("no file", settingOf(t, tt.command, nil, "", env, tt.key), tt.def, cli.Origin{})
		check("file", settingOf(t, tt.command, nil, file, env, tt.key), tt.fromFile, cli.Origin{Source: cli.SourceConfig, Name: file, Line: 3})
		check("file and flag", settingOf(t, tt.command, tt.flag, file, env, tt.key), tt.fromFlag, cli.Origin{Source: cli.SourceFlag, Name: tt.flag[0][:strings.IndexAny(tt.flag[0]+"=", "=")]})
		if tt.key == "store" {
			withEnv := map[string]string{"XDG_CONFIG_HOME": env["XDG_CONFIG_HOME"], "HOME": home, cli.EnvStore: "postgres://env@db/x"}
			envOrigin := cli.Origin{Source: cli.SourceEnv, Name: cli.EnvStore}
			check("env", settingOf(t, tt.command, nil, "", withEnv, tt.key), []string{"postgres://env@db/x"}, envOrigin)
			check("file and env", settingOf(t, tt.command, nil, file, withEnv, tt.key), []string{"postgres://env@db/x"}, envOrigin)
			check("file, env and flag", settingOf(t, tt.command, tt.flag, file, withEnv, tt.key), tt.fromFlag, cli.Origin{Source: cli.SourceFlag, Name: "--store"})
		}
	}
}

// TestConfigFileLocationPrecedence: --config over DOSSIER_CONFIG over
// $XDG_CONFIG_HOME/dossier/config.yaml, each seen in the value it gives.
func TestConfigFileLocationPrecedence(t *testing.T) {
	dir := t.TempDir()
	xdg := filepath.Join(dir, "xdg")
	os.MkdirAll(filepath.Join(xdg, "dossier"), 0o755)
	files := map[string]string{
		filepath.Join(xdg, "dossier", "config.yaml"): "as: from-xdg\n",
		filepath.Join(dir, "env.yaml"):               "as: from-env\n",
		filepath.Join(dir, "flag.yaml"):              "as: from-flag\n",
	}
	for p, text := range files {
		os.WriteFile(p, []byte(text), 0o600)
	}
	tests := []struct {
		flag, env string
		want      string
	}{
		{"", "", "from-xdg"},
		{"", filepath.Join(dir, "env.yaml"), "from-env"},
		{filepath.Join(dir, "flag.yaml"), filepath.Join(dir, "env.yaml"), "from-flag"},
	}
	for _, tt := range tests {
		env := map[string]string{"XDG_CONFIG_HOME": xdg, cli.EnvConfig: tt.env}
		if s := settingOf(t, "roadmap", nil, tt.flag, env, "as"); len(s.Values) != 1 || s.Values[0] != tt.want {
			t.Errorf("--config %q, DOSSIER_CONFIG %q: as = %q, want %s", tt.flag, tt.env, s.Values, tt.want)
		}
	}
}

// run executes dossier in this process with args and returns stdout,
// stderr (as main prints it) and the exit code.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	root := newRoot()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err := root.Execute()
	if err != nil {
		errOut.WriteString("dossier: " + err.Error() + "\n")
	}
	return out.String(), errOut.String(), cli.ExitCode(err)
}

// TestConfigCommand: every command reads the config file before it runs:
// dossier config reports what the file, the environment and the flags
// gave, and a bad file stops every command with exit 2, its line and key,
// while config --path and help still work.
func TestConfigCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv(cli.EnvStore, "postgres://envuser:envpass@db/x")
	file := filepath.Join(dir, "dossier", "config.yaml")
	os.MkdirAll(filepath.Dir(file), 0o700)
	os.WriteFile(file, []byte("corpus: articles\nas: filer\nstore: postgres://u@db/file\n"), 0o600)

	out, stderr, code := run(t, "--as", "bob", "config", "--json")
	if code != 0 {
		t.Fatalf("config --json: %d %s", code, stderr)
	}
	var doc struct {
		File     struct{ Path string }
		Settings []struct {
			Key    string
			Value  any
			Origin string
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := map[string]string{}
	for _, s := range doc.Settings {
		b, _ := json.Marshal(s.Value)
		got[s.Key] = string(b) + " " + s.Origin
	}
	for key, want := range map[string]string{
		"corpus": `["` + filepath.Join(dir, "dossier", "articles") + `"] config ` + file + ":1",
		"as":     `"bob" flag --as`,
		"store":  `"postgres://envuser:xxxxx@db/x" env DOSSIER_STORE`,
		"theme":  `"auto" default`,
	} {
		if got[key] != want {
			t.Errorf("%s: %s, want %s", key, got[key], want)
		}
	}
	if doc.File.Path != file || strings.Contains(out, "envpass") {
		t.Errorf("config --json:\n%s", out)
	}

	os.WriteFile(file, []byte("corpus: articles\n\ntheme: blue\n"), 0o600)
	want := file + `:3: theme: want a theme: auto, dark, light or mono, not "blue"`
	for _, args := range [][]string{{"config"}, {"roadmap"}, {"search", "lithium"}, {"timeline"}, {"history"}, {"index"}, {"export"}, {"--corpus", dir}} {
		if _, stderr, code := run(t, args...); code != 2 || stderr != "dossier: "+want+"\n" {
			t.Errorf("%q with a bad config: exit %d, stderr %q; want 2 and %q", args, code, stderr, want)
		}
	}
	if out, stderr, code := run(t, "config", "--path"); code != 0 || out != file+"\n" {
		t.Errorf("config --path with a bad config: exit %d, %q %q", code, out, stderr)
	}
	if out, _, code := run(t, "help", "roadmap"); code != 0 || !strings.Contains(out, "roadmap checklist") {
		t.Errorf("help with a bad config: exit %d, %q", code, out)
	}
	if _, stderr, code := run(t, "config", "--path", "--json"); code != 2 || !strings.Contains(stderr, "not both") {
		t.Errorf("config --path --json: exit %d, %q", code, stderr)
	}
}
