package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const testConfigPath = "/etc/me/dossier/config.yaml"

func TestParseConfigValues(t *testing.T) {
	tests := []struct {
		yaml string
		key  string
		want []string
	}{
		{"corpus: articles", "corpus", []string{"/etc/me/dossier/articles"}},
		{"corpus: [a, ../b, /abs/c, ~/d, '~']", "corpus", []string{"/etc/me/dossier/a", "/etc/me/b", "/abs/c", "/home/me/d", "/home/me"}},
		{"corpus:\n  - ./x/../y\n  - '~/with space'\n", "corpus", []string{"/etc/me/dossier/y", "/home/me/with space"}},
		{"corpus: []", "corpus", []string{}},
		{"synonyms: ~/syn.list", "synonyms", []string{"/home/me/syn.list"}},
		{"roadmap: roadmap.md", "roadmap", []string{"/etc/me/dossier/roadmap.md"}},
		{"data: /var/lib//dossier/", "data", []string{"/var/lib/dossier"}},
		{"no-cache: yes", "no-cache", []string{"true"}},
		{"no-watch: true", "no-watch", []string{"true"}},
		{"mouse: false", "mouse", []string{"false"}},
		{"theme: Light", "theme", []string{"Light"}},
		{"as: Alice Example", "as", []string{"Alice Example"}},
		{"as: 42", "as", []string{"42"}},
		{"store: postgres://dossier@db:5432/dossier?sslmode=require", "store", []string{"postgres://dossier@db:5432/dossier?sslmode=require"}},
		{"serve:\n  listen: 0.0.0.0:23234", "serve.listen", []string{"0.0.0.0:23234"}},
		{"serve:\n  host-key: keys/host", "serve.host-key", []string{"/etc/me/dossier/keys/host"}},
		{"serve:\n  idle-timeout: 90m", "serve.idle-timeout", []string{"1h30m0s"}},
		{"serve:\n  max-sessions: 0x10", "serve.max-sessions", []string{"16"}},
		{"serve:\n  conn-rate: 3", "serve.conn-rate", []string{"3"}},
		{"serve:\n  conn-rate: 0.5", "serve.conn-rate", []string{"0.5"}},
		{"base: &t dark\ntheme: *t", "", nil}, // an unknown key: see the errors
		{"x: &t dark\n", "", nil},
	}
	for _, tt := range tests {
		cfg, err := ParseConfig(testConfigPath, []byte(tt.yaml), "/home/me")
		if tt.key == "" {
			if err == nil {
				t.Errorf("%q: no error", tt.yaml)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.yaml, err)
			continue
		}
		got := cfg.Values[tt.key]
		if !slices.Equal(got.Args, tt.want) || len(cfg.Values) != 1 {
			t.Errorf("%q: %s = %q (of %d keys), want %q", tt.yaml, tt.key, got.Args, len(cfg.Values), tt.want)
		}
	}
}

func TestParseConfigLinesAndAliases(t *testing.T) {
	yaml := "# comment\n\ntheme: &t dark\nserve:\n  theme: *t\n  grace: 5s\n"
	cfg, err := ParseConfig(testConfigPath, []byte(yaml), "")
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]ConfigValue{
		"theme":       {Args: []string{"dark"}, Line: 3},
		"serve.theme": {Args: []string{"dark"}, Line: 5},
		"serve.grace": {Args: []string{"5s"}, Line: 6},
	} {
		if got := cfg.Values[key]; got.Line != want.Line || !slices.Equal(got.Args, want.Args) {
			t.Errorf("%s = %+v, want %+v", key, got, want)
		}
	}
	for _, empty := range []string{"", "# only a comment\n", "~\n", "serve:\n"} {
		if cfg, err := ParseConfig(testConfigPath, []byte(empty), ""); err != nil || len(cfg.Values) != 0 {
			t.Errorf("%q: %v %v, want an empty config", empty, cfg, err)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	const f = testConfigPath
	tests := []struct {
		yaml string
		want []string // the error's lines
	}{
		{"colour: dark", []string{f + ":1: colour: unknown key (known: corpus, synonyms, no-cache, no-watch, roadmap, data, store, as, lang, sources, theme, mouse, serve)"}},
		{"\n\nthem: dark", []string{f + ":3: them: unknown key; did you mean theme? (known: corpus, synonyms, no-cache, no-watch, roadmap, data, store, as, lang, sources, theme, mouse, serve)"}},
		{"no_cache: true", []string{f + ":1: no_cache: unknown key; did you mean no-cache? (known: corpus, synonyms, no-cache, no-watch, roadmap, data, store, as, lang, sources, theme, mouse, serve)"}},
		{"serve:\n  listen: :1\n  max_sessions: 3", []string{f + ":3: serve.max_sessions: unknown key; did you mean max-sessions? (known: listen, host-key, authorized-keys, theme, idle-timeout, max-session, max-sessions, max-per-addr, login-timeout, preauth-start, preauth-full, preauth-per-addr, conn-rate, grace, fetch-every, fetch-delay)"}},
		{"theme: blue", []string{f + `:1: theme: want a theme: auto, dark, light or mono, not "blue"`}},
		{"theme: [dark]", []string{f + ":1: theme: want a theme: auto, dark, light or mono, not a list"}},
		{"theme:", []string{f + ":1: theme: no value; give a theme: auto, dark, light or mono or remove the key"}},
		{"mouse: maybe", []string{f + `:1: mouse: want true or false, not "maybe"`}},
		{"data: [a, b]", []string{f + ":1: data: want a path, not a list"}},
		{"data: ''", []string{f + ":1: data: an empty path; give one or remove the key"}},
		{"data: ~", []string{f + `:1: data: ~ alone means "no value" in YAML; write "~" in quotes for the home folder`}},
		{"data: ~bob/x", []string{f + `:1: data: "~bob/x": ~NAME (another user's home) is not supported; write the full path`}},
		{"corpus: [a, {b: c}]", []string{f + ":1: corpus: item 2: want a path, not keys and values"}},
		{"corpus: [a, [b]]", []string{f + ":1: corpus: item 2: want a path, not a list"}},
		{"corpus: ~/x", []string{f + ":1: corpus: ~ stands for the home folder, but none is known ($HOME is not set); write the full path"}},
		{"store: mysql://db/x", []string{f + ":1: store: want a URL postgres://USER@HOST:PORT/DATABASE (without one, reviews are kept in SQLite in data)"}},
		{"as: '  '", []string{f + ":1: as: empty; give a name or remove the key"}},
		{"theme: dark\ntheme: light", []string{f + ":2: theme: given twice (first on line 1)"}},
		{"serve: 3", []string{f + `:1: serve: want the serve flags as keys under it (listen: ..., max-sessions: ...), not "3"`}},
		{"serve:\n  max-sessions: 0", []string{f + ":2: serve.max-sessions: must be at least 1, not 0"}},
		{"serve:\n  max-sessions: '5'", []string{f + `:2: serve.max-sessions: want a whole number such as 10, not "5"`}},
		{"serve:\n  max-sessions: 1.5", []string{f + `:2: serve.max-sessions: want a whole number such as 10, not "1.5"`}},
		{"serve:\n  idle-timeout: 30", []string{f + `:2: serve.idle-timeout: want a duration such as 90s, 30m or 12h, not "30"`}},
		{"serve:\n  grace: -1s", []string{f + ":2: serve.grace: must be a positive duration, not -1s"}},
		{"serve:\n  conn-rate: .nan", []string{f + ":2: serve.conn-rate: must be a positive number, not .nan"}},
		{"serve:\n  listen: nope", []string{f + `:2: serve.listen: want an address host:port such as 127.0.0.1:23234, not "nope"`}},
		{"- corpus", []string{f + ":1: the config file holds keys and values (corpus: ..., theme: ...), not a list"}},
		{"just words", []string{f + `:1: the config file holds keys and values (corpus: ..., theme: ...), not "just words"`}},
		{"[a]: b", []string{f + ":1: a key must be a name such as corpus or theme, not a list"}},
		{"theme: dark\n---\nmouse: true", []string{f + ":2: a second YAML document (after ---); the config file holds one"}},
		{"theme: [dark\n", []string{f + ":1: not valid YAML: did not find expected ',' or ']'"}},
		{"serve:\n\tlisten: x", []string{f + ":2: not valid YAML: a tab in the indentation (YAML indents with spaces)"}},
		{"theme: blue\nmouse: 3\nbad: 1", []string{
			f + `:1: theme: want a theme: auto, dark, light or mono, not "blue"`,
			f + `:2: mouse: want true or false, not "3"`,
			f + ":3: bad: unknown key (known: corpus, synonyms, no-cache, no-watch, roadmap, data, store, as, lang, sources, theme, mouse, serve)"}},
		// Control characters from the file are shown escaped, never raw.
		{"\"th\\e[31meme\": dark", []string{f + `:1: th\x1b[31meme: unknown key (known: corpus, synonyms, no-cache, no-watch, roadmap, data, store, as, lang, sources, theme, mouse, serve)`}},
		{"theme: \"\\e]0;pwned\\a\"", []string{f + `:1: theme: want a theme: auto, dark, light or mono, not "\x1b]0;pwned\x07"`}},
	}
	for _, tt := range tests {
		home := "/home/me"
		if strings.Contains(tt.yaml, "corpus: ~/x") {
			home = ""
		}
		_, err := ParseConfig(f, []byte(tt.yaml), home)
		var errs ConfigErrors
		if !errors.As(err, &errs) {
			t.Errorf("%q: error %v, want ConfigErrors", tt.yaml, err)
			continue
		}
		if got := strings.Split(err.Error(), "\n"); !slices.Equal(got, tt.want) {
			t.Errorf("%q:\n got %q\nwant %q", tt.yaml, got, tt.want)
		}
	}
}

func TestFindConfig(t *testing.T) {
	cwd, _ := os.Getwd()
	tests := []struct {
		flag string
		env  map[string]string
		want ConfigLocation
	}{
		{"/a/flag.yaml", map[string]string{EnvConfig: "/b/env.yaml", "XDG_CONFIG_HOME": "/c", "HOME": "/h"}, ConfigLocation{"/a/flag.yaml", FromFlag}},
		{"rel.yaml", nil, ConfigLocation{filepath.Join(cwd, "rel.yaml"), FromFlag}},
		{"", map[string]string{EnvConfig: "/b/env.yaml", "XDG_CONFIG_HOME": "/c", "HOME": "/h"}, ConfigLocation{"/b/env.yaml", FromEnv}},
		{"", map[string]string{"XDG_CONFIG_HOME": "/c", "HOME": "/h"}, ConfigLocation{"/c/dossier/config.yaml", FromXDG}},
		{"", map[string]string{"XDG_CONFIG_HOME": "relative", "HOME": "/h"}, ConfigLocation{"/h/.config/dossier/config.yaml", FromHome}},
		{"", map[string]string{"HOME": "/h"}, ConfigLocation{"/h/.config/dossier/config.yaml", FromHome}},
	}
	for _, tt := range tests {
		got := FindConfig(tt.flag, func(k string) string { return tt.env[k] })
		if got != tt.want {
			t.Errorf("FindConfig(%q, %v) = %+v, want %+v", tt.flag, tt.env, got, tt.want)
		}
	}
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode)
		return p
	}
	getenv := func(string) string { return "" }
	missing := filepath.Join(dir, "missing.yaml")
	tests := []struct {
		loc   ConfigLocation
		usage bool   // a usage error (exit 2)
		msg   string // "" for no error
		found bool
	}{
		{ConfigLocation{missing, FromXDG}, false, "", false},
		{ConfigLocation{"", FromNowhere}, false, "", false},
		{ConfigLocation{missing, FromFlag}, true, "config file " + missing + " (from --config): no such file", false},
		{ConfigLocation{missing, FromEnv}, true, "config file " + missing + " (from $DOSSIER_CONFIG): no such file", false},
		{ConfigLocation{dir, FromXDG}, true, "is a folder; it should be a YAML file", false},
		{ConfigLocation{write("ok.yaml", "theme: dark\n", 0o644), FromXDG}, false, "", true},
		{ConfigLocation{write("secret-private.yaml", "store: postgres://u:pw@db/x\n", 0o600), FromXDG}, false, "", true},
		{ConfigLocation{write("nopw-public.yaml", "\nstore: postgres://u@db/x\n", 0o644), FromXDG}, false, "", true},
		{ConfigLocation{write("secret-public.yaml", "theme: dark\nstore: postgres://u:pw@db/x\n", 0o644), FromXDG}, true,
			":2: store: the URL holds a password and the file can be read by others (mode 0644); run chmod 600 ", false},
		{ConfigLocation{write("secret-group.yaml", "store: postgres://u@db/x?password=pw\n", 0o640), FromXDG}, true,
			":1: store: the URL holds a password and the file can be read by others (mode 0640)", false},
		{ConfigLocation{write("big.yaml", "# "+strings.Repeat("x", maxConfigSize)+"\n", 0o600), FromXDG}, true, "over 1 MiB", false},
		{ConfigLocation{write("bad.yaml", "theme: blue\n", 0o600), FromXDG}, true, "bad.yaml:1: theme: want a theme", false},
	}
	for _, tt := range tests {
		cfg, err := LoadConfig(tt.loc, getenv)
		var u UsageError
		switch {
		case tt.msg == "" && err != nil:
			t.Errorf("%s: %v", tt.loc.Path, err)
		case tt.msg != "" && (err == nil || !strings.Contains(err.Error(), tt.msg) || errors.As(err, &u) != tt.usage):
			t.Errorf("%s: error %v, want one with %q (usage error %v)", tt.loc.Path, err, tt.msg, tt.usage)
		case (cfg != nil) != tt.found:
			t.Errorf("%s: config %+v, want found=%v", tt.loc.Path, cfg, tt.found)
		}
	}
}

// testFlag is a single-valued flag value as pflag's behave: Set parses.
type testFlag struct {
	val  string
	bool bool
}

func (f *testFlag) String() string { return f.val }
func (f *testFlag) Type() string   { return "string" }
func (f *testFlag) Set(s string) error {
	if f.bool && s != "true" && s != "false" {
		return errors.New("not a bool")
	}
	f.val = s
	return nil
}

// testList is a list flag value as pflag's stringArray: Replace replaces.
type testList struct{ list []string }

func (f *testList) String() string           { return strings.Join(f.list, ",") }
func (f *testList) Type() string             { return "stringArray" }
func (f *testList) Set(s string) error       { f.list = append(f.list, s); return nil }
func (f *testList) Replace(v []string) error { f.list = slices.Clone(v); return nil }
func (f *testList) GetSlice() []string       { return f.list }

// testFlags are the common flags of a command line, with those given on it.
type testFlags map[string]FlagValue

func newTestFlags(given ...string) (testFlags, map[string]bool) {
	fs := testFlags{
		"corpus": &testList{}, "synonyms": &testList{}, "no-cache": &testFlag{val: "false", bool: true},
		"roadmap": &testFlag{}, "data": &testFlag{}, "store": &testFlag{}, "as": &testFlag{}, "no-watch": &testFlag{val: "false", bool: true},
	}
	changed := map[string]bool{}
	for i := 0; i+1 < len(given); i += 2 {
		fs[given[i]].Set(given[i+1])
		changed[given[i]] = true
	}
	return fs, changed
}

// TestResolveConfigPrecedence: for each key, the flag wins over the
// environment, which wins over the file, which wins over the default; each
// origin says which.
func TestResolveConfigPrecedence(t *testing.T) {
	file := "corpus: [a, b]\nsynonyms: s.list\nno-cache: true\nroadmap: r.md\ndata: d\nstore: postgres://file@db/x\nas: filer\nno-watch: true\n"
	cfg, err := ParseConfig("/c/config.yaml", []byte(file), "/h")
	if err != nil {
		t.Fatal(err)
	}
	fromFile := func(line int) Origin { return Origin{SourceConfig, "/c/config.yaml", line} }
	tests := []struct {
		key    string
		cfg    *Config
		flag   []string // flag name and value, as on the command line
		env    string   // DOSSIER_STORE
		want   []string
		origin Origin
	}{
		{"corpus", nil, nil, "", []string{}, Origin{}},
		{"corpus", cfg, nil, "", []string{"/c/a", "/c/b"}, fromFile(1)},
		{"corpus", cfg, []string{"corpus", "x"}, "", []string{"x"}, Origin{SourceFlag, "--corpus", 0}},
		{"synonyms", cfg, nil, "", []string{"/c/s.list"}, fromFile(2)},
		{"synonyms", cfg, []string{"synonyms", "y"}, "", []string{"y"}, Origin{SourceFlag, "--synonyms", 0}},
		{"no-cache", nil, nil, "", []string{"false"}, Origin{}},
		{"no-cache", cfg, nil, "", []string{"true"}, fromFile(3)},
		{"no-cache", cfg, []string{"no-cache", "false"}, "", []string{"false"}, Origin{SourceFlag, "--no-cache", 0}},
		{"no-watch", nil, nil, "", []string{"false"}, Origin{}},
		{"no-watch", cfg, nil, "", []string{"true"}, fromFile(8)},
		{"no-watch", cfg, []string{"no-watch", "false"}, "", []string{"false"}, Origin{SourceFlag, "--no-watch", 0}},
		{"roadmap", cfg, nil, "", []string{"/c/r.md"}, fromFile(4)},
		{"roadmap", cfg, []string{"roadmap", "f.md"}, "", []string{"f.md"}, Origin{SourceFlag, "--roadmap", 0}},
		{"data", nil, nil, "", []string{""}, Origin{}},
		{"data", cfg, nil, "", []string{"/c/d"}, fromFile(5)},
		{"data", cfg, []string{"data", "e"}, "", []string{"e"}, Origin{SourceFlag, "--data", 0}},
		{"store", nil, nil, "", []string{""}, Origin{}},
		{"store", nil, nil, "postgres://env@db/x", []string{"postgres://env@db/x"}, Origin{SourceEnv, EnvStore, 0}},
		{"store", cfg, nil, "", []string{"postgres://file@db/x"}, fromFile(6)},
		{"store", cfg, nil, "postgres://env@db/x", []string{"postgres://env@db/x"}, Origin{SourceEnv, EnvStore, 0}},
		{"store", cfg, []string{"store", "postgres://flag@db/x"}, "postgres://env@db/x", []string{"postgres://flag@db/x"}, Origin{SourceFlag, "--store", 0}},
		{"store", cfg, []string{"store", ""}, "postgres://env@db/x", []string{""}, Origin{SourceFlag, "--store", 0}},
		{"as", cfg, nil, "", []string{"filer"}, fromFile(7)},
		{"as", cfg, []string{"as", "bob"}, "", []string{"bob"}, Origin{SourceFlag, "--as", 0}},
	}
	for _, tt := range tests {
		fs, changed := newTestFlags(tt.flag...)
		lookup := func(g FlagGroup, name string) Flag {
			if f, ok := fs[name]; ok && g == GroupCommon {
				return Flag{Value: f, Changed: changed[name]}
			}
			return Flag{}
		}
		settings, err := ResolveConfig(tt.cfg, lookup, func(k string) string {
			if k == EnvStore {
				return tt.env
			}
			return ""
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(settings) != len(fs) {
			t.Errorf("%d settings for %d flags", len(settings), len(fs))
		}
		i := slices.IndexFunc(settings, func(s Setting) bool { return s.Key == tt.key })
		if i < 0 {
			t.Fatalf("no setting %s", tt.key)
		}
		s := settings[i]
		if !slices.Equal(s.Values, tt.want) && !(len(s.Values) == 0 && len(tt.want) == 0) || s.Origin != tt.origin {
			t.Errorf("%s (file %v, flag %q, env %q) = %q from %s, want %q from %s", tt.key, tt.cfg != nil, tt.flag, tt.env, s.Values, s.Origin, tt.want, tt.origin)
		}
	}
}

func TestOriginString(t *testing.T) {
	for o, want := range map[Origin]string{
		{}:                                    "default",
		{SourceFlag, "--corpus", 0}:           "flag --corpus",
		{SourceEnv, "DOSSIER_STORE", 0}:       "env DOSSIER_STORE",
		{SourceConfig, "/c/config.yaml", 7}:   "config /c/config.yaml:7",
		{SourceConfig, "/c/\x1b[2Jx.yaml", 1}: `config /c/\x1b[2Jx.yaml:1`,
	} {
		if got := o.String(); got != want {
			t.Errorf("%#v: %q, want %q", o, got, want)
		}
	}
}

func TestMaskStoreURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"postgres://u@db/x": "postgres://u@db/x",
		"postgres://u:secret@db:5432/x?sslmode=require": "postgres://u:xxxxx@db:5432/x?sslmode=require",
		"postgresql://u@db/x?password=secret":           "postgresql://u@db/x?password=xxxxx",
		"postgres://u:sec%40ret@db/x":                   "postgres://u:xxxxx@db/x",
		"postgres://u:secret@db/x%zz":                   "(a store URL that cannot be shown: it does not parse and may hold a password)",
	} {
		got := MaskStoreURL(in)
		if got != want || strings.Contains(got, "secret") {
			t.Errorf("MaskStoreURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestConfigReport: the text and JSON reports show each setting's value
// and origin, with passwords masked and, in text, control characters
// escaped; JSON keeps the exact value.
func TestConfigReport(t *testing.T) {
	r := ConfigReport{Location: ConfigLocation{"/c/config.yaml", FromXDG}, Found: true, Settings: []Setting{
		{Key: "corpus", Values: []string{"/c/a", "/c/\x1b[31mred"}, Origin: Origin{SourceConfig, "/c/config.yaml", 2}, kind: kindPaths},
		{Key: "synonyms", Values: []string{}, kind: kindPaths},
		{Key: "no-cache", Values: []string{"true"}, Origin: Origin{SourceFlag, "--no-cache", 0}, kind: kindBool},
		{Key: "data", Values: []string{"/d"}, Origin: Origin{SourceConfig, "/c/config.yaml", 3}, kind: kindPath},
		{Key: "store", Values: []string{"postgres://u:hunter2@db/x"}, Origin: Origin{SourceEnv, EnvStore, 0}, kind: kindStore},
		{Key: "serve.host-key", Values: []string{""}, kind: kindPath},
		{Key: "serve.max-sessions", Values: []string{"7"}, Origin: Origin{SourceConfig, "/c/config.yaml", 9}, kind: kindCount},
		{Key: "serve.conn-rate", Values: []string{"2.5"}, kind: kindRate},
	}}
	var text bytes.Buffer
	if err := WriteConfigReport(r, false, &text); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(text.String(), "\n")
	field := func(key string) []string {
		for _, l := range lines {
			if f := strings.Fields(l); len(f) > 0 && f[0] == key {
				return f[1:]
			}
		}
		t.Errorf("no line for %s in\n%s", key, text.String())
		return nil
	}
	if lines[0] != "config file: /c/config.yaml (from $XDG_CONFIG_HOME)" {
		t.Errorf("first line %q", lines[0])
	}
	for key, want := range map[string]string{
		"corpus":             `/c/a, /c/\x1b[31mred config /c/config.yaml:2`,
		"synonyms":           "(only the built-in groups) default",
		"no-cache":           "true flag --no-cache",
		"store":              "postgres://u:xxxxx@db/x env DOSSIER_STORE",
		"serve.host-key":     "/d/ssh_host_ed25519 default",
		"serve.max-sessions": "7 config /c/config.yaml:9",
	} {
		if got := strings.Join(field(key), " "); got != want {
			t.Errorf("%s: %q, want %q", key, got, want)
		}
	}
	if strings.Contains(text.String(), "hunter2") || strings.Contains(text.String(), "\x1b") {
		t.Errorf("the text report shows a password or a raw escape:\n%s", text.String())
	}

	var js bytes.Buffer
	if err := WriteConfigReport(r, true, &js); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		File struct {
			Path, From string
			Found      bool
		}
		Settings []struct {
			Key                           string
			Value                         any
			Meaning, Origin, Source, Name string
			Line                          int
		}
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, js.String())
	}
	if doc.File.Path != "/c/config.yaml" || doc.File.From != "$XDG_CONFIG_HOME" || !doc.File.Found || len(doc.Settings) != len(r.Settings) {
		t.Fatalf("JSON %+v", doc)
	}
	get := func(key string) (any, string) {
		for _, s := range doc.Settings {
			if s.Key == key {
				return s.Value, s.Source + " " + s.Name + " " + strings.Repeat("+", s.Line)
			}
		}
		return nil, ""
	}
	for key, want := range map[string]string{
		"corpus":             `["/c/a","/c/\u001b[31mred"] config /c/config.yaml ++`,
		"synonyms":           "[] default  ",
		"no-cache":           "true flag --no-cache ",
		"store":              `"postgres://u:xxxxx@db/x" env DOSSIER_STORE `,
		"serve.max-sessions": "7 config /c/config.yaml +++++++++",
		"serve.conn-rate":    "2.5 default  ",
	} {
		v, origin := get(key)
		b, _ := json.Marshal(v)
		if got := string(b) + " " + origin; got != want {
			t.Errorf("JSON %s: %s, want %s", key, got, want)
		}
	}
	if strings.Contains(js.String(), "hunter2") {
		t.Errorf("the JSON report shows the password:\n%s", js.String())
	}
}
