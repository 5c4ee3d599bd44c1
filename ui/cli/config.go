package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"dossier/model"
	"dossier/model/feeds"
)

// maxConfigSize bounds the config file dossier reads (it holds a dozen keys).
const maxConfigSize = 1 << 20

// EnvConfig names the environment variable that points at another config file.
const EnvConfig = "DOSSIER_CONFIG"

// EnvStore names the environment variable that holds the review store's URL.
const EnvStore = "DOSSIER_STORE"

// ConfigFrom says why the config file is looked for where it is.
type ConfigFrom int

// Where the config file's location came from, highest precedence first.
const (
	FromNowhere ConfigFrom = iota // no --config, DOSSIER_CONFIG, XDG_CONFIG_HOME or home folder
	FromFlag                      // --config FILE
	FromEnv                       // DOSSIER_CONFIG
	FromXDG                       // $XDG_CONFIG_HOME/dossier/config.yaml
	FromHome                      // ~/.config/dossier/config.yaml
)

// String names the source as the user writes it.
func (f ConfigFrom) String() string {
	switch f {
	case FromFlag:
		return "--config"
	case FromEnv:
		return "$" + EnvConfig
	case FromXDG:
		return "$XDG_CONFIG_HOME"
	case FromHome:
		return "~/.config"
	}
	return "nowhere"
}

// ConfigLocation is where the config file is looked for, and why there.
type ConfigLocation struct {
	Path string     // absolute; "" when there is nowhere to look
	From ConfigFrom // --config, DOSSIER_CONFIG, XDG_CONFIG_HOME or the home folder
}

// Named reports whether the user named the file (--config or
// DOSSIER_CONFIG): then it must exist.
func (l ConfigLocation) Named() bool { return l.From == FromFlag || l.From == FromEnv }

// Config is a parsed config file: the value of each key it sets.
type Config struct {
	Path         string                 // the file, absolute
	Values       map[string]ConfigValue // by key: "corpus", "serve.listen"
	PasswordLine int                    // line of a store URL that holds a password; 0 if none
	Sources      []feeds.Source         // the news feed sources (sources:), in the file's order
	SourcesLine  int                    // the line of the sources key; 0 when there is none
}

// ConfigValue is one key's value as flag arguments (paths made absolute,
// one argument per list item) and the line of its key.
type ConfigValue struct {
	Args []string
	Line int
}

// ConfigError is one mistake in the config file, at a line and key.
type ConfigError struct {
	File string
	Line int    // 0 when the YAML parser gives none
	Key  string // "" for mistakes that are not about one key
	Msg  string
}

// Error formats the mistake as file:line: key: message, with the file name
// and key escaped (they come from outside).
func (e ConfigError) Error() string {
	var b strings.Builder
	b.WriteString(model.Escape(e.File))
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Key != "" {
		b.WriteString(": " + model.Escape(e.Key))
	}
	return b.String() + ": " + e.Msg
}

// ConfigErrors are all the mistakes found in one config file.
type ConfigErrors []ConfigError

// Error puts each mistake on its own line.
func (es ConfigErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// FindConfig says where the config file is: --config (flag, "" if not
// given), else $DOSSIER_CONFIG, else $XDG_CONFIG_HOME/dossier/config.yaml,
// else ~/.config/dossier/config.yaml. A relative XDG_CONFIG_HOME is
// ignored, as the XDG spec says.
func FindConfig(flag string, getenv func(string) string) ConfigLocation {
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return p
	}
	if flag != "" {
		return ConfigLocation{Path: abs(flag), From: FromFlag}
	}
	if p := getenv(EnvConfig); p != "" {
		return ConfigLocation{Path: abs(p), From: FromEnv}
	}
	if d := getenv("XDG_CONFIG_HOME"); d != "" && filepath.IsAbs(d) {
		return ConfigLocation{Path: filepath.Join(d, "dossier", "config.yaml"), From: FromXDG}
	}
	if h := homeDir(getenv); h != "" {
		return ConfigLocation{Path: filepath.Join(h, ".config", "dossier", "config.yaml"), From: FromHome}
	}
	return ConfigLocation{}
}

// homeDir is $HOME, or the home folder the system knows; "" if none.
func homeDir(getenv func(string) string) string {
	if h := getenv("HOME"); h != "" {
		return h
	}
	if h, err := os.UserHomeDir(); err == nil {
		return h
	}
	return ""
}

// LoadConfig reads the config file at loc. A file that is not there is no
// config (nil) unless the user named it. A bad file, or one that holds a
// store password and can be read by others, is a UsageError naming the
// file, line and key; a file that cannot be read is an error.
func LoadConfig(loc ConfigLocation, getenv func(string) string) (*Config, error) {
	if loc.Path == "" {
		return nil, nil
	}
	f, err := model.OpenNoWait(loc.Path) // a pipe is refused below, not waited on
	switch {
	case errors.Is(err, fs.ErrNotExist) && !loc.Named():
		return nil, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, UsageError{fmt.Errorf("config file %s (from %s): no such file", model.Escape(loc.Path), loc.From)}
	case err != nil:
		return nil, fmt.Errorf("config file %s: %w", model.Escape(loc.Path), unwrapPathErr(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("config file %s: %w", model.Escape(loc.Path), unwrapPathErr(err))
	}
	if st.IsDir() {
		return nil, UsageError{fmt.Errorf("config file %s (from %s) is a folder; it should be a YAML file", model.Escape(loc.Path), loc.From)}
	}
	if !st.Mode().IsRegular() {
		return nil, UsageError{fmt.Errorf("config file %s (from %s) %v", model.Escape(loc.Path), loc.From, model.NotRegularError{Mode: st.Mode()})}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return nil, fmt.Errorf("config file %s: %w", model.Escape(loc.Path), unwrapPathErr(err))
	}
	if len(data) > maxConfigSize {
		return nil, UsageError{ConfigError{File: loc.Path, Msg: "over 1 MiB; a config file holds a few keys"}}
	}
	cfg, err := ParseConfig(loc.Path, data, homeDir(getenv))
	if err != nil {
		return nil, UsageError{err}
	}
	if perm := st.Mode().Perm(); cfg.PasswordLine > 0 && perm&0o044 != 0 {
		return nil, UsageError{ConfigError{File: loc.Path, Line: cfg.PasswordLine, Key: "store", Msg: fmt.Sprintf(
			"the URL holds a password and the file can be read by others (mode %04o); run chmod 600 %s, "+
				"or leave the password out of the file (give it in PGPASSWORD or ~/.pgpass, or the whole URL in %s)",
			perm, model.Escape(loc.Path), EnvStore)}}
	}
	return cfg, nil
}
