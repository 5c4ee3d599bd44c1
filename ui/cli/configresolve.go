package cli

import (
	"fmt"

	"dossier/model"
	"dossier/model/feeds"
)

// FlagValue is a flag's value as the command line holds it (a pflag.Value).
type FlagValue interface {
	String() string
	Set(string) error
	Type() string
}

// Flag is one command-line flag a setting gives a value to.
type Flag struct {
	Value   FlagValue // nil when there is no such flag
	Changed bool      // given on the command line
}

// FlagLookup finds a flag by the command that holds it and its name.
type FlagLookup func(group FlagGroup, name string) Flag

// Source is where a setting's value came from.
type Source int

// The sources of a setting, lowest precedence first.
const (
	SourceDefault Source = iota // built in
	SourceConfig                // the config file
	SourceEnv                   // an environment variable
	SourceFlag                  // the command line
)

// String names the source: default, config, env or flag.
func (s Source) String() string {
	return [...]string{"default", "config", "env", "flag"}[s]
}

// Origin says where a setting's value came from.
type Origin struct {
	Source Source
	Name   string // the flag (--corpus), the variable (DOSSIER_STORE) or the config file
	Line   int    // the line in the config file
}

// String says where the value came from: "flag --corpus", "env
// DOSSIER_STORE", "config /path/config.yaml:7" or "default"; the file name
// is escaped.
func (o Origin) String() string {
	switch o.Source {
	case SourceFlag, SourceEnv:
		return o.Source.String() + " " + o.Name
	case SourceConfig:
		return fmt.Sprintf("config %s:%d", model.Escape(o.Name), o.Line)
	}
	return "default"
}

// Setting is one effective setting: its key, value and origin.
type Setting struct {
	Key    string   // as in the config file: "corpus", "serve.listen"
	Values []string // one for a single value, any number for a list
	Origin Origin
	kind   settingKind
}

// ResolveConfig gives each flag that was not given on the command line
// its value from the environment, else from the config file (cfg may be
// nil), else leaves its default; it returns every setting with its value
// and origin, in the order of the config file's documentation.
func ResolveConfig(cfg *Config, flags FlagLookup, getenv func(string) string) ([]Setting, error) {
	var out []Setting
	for _, d := range settingDefs() {
		f := flags(d.group, d.flag)
		if f.Value == nil {
			continue
		}
		origin := Origin{Source: SourceDefault}
		var cv ConfigValue
		inFile := false
		if cfg != nil {
			cv, inFile = cfg.Values[d.key]
		}
		switch {
		case f.Changed:
			origin = Origin{Source: SourceFlag, Name: "--" + d.flag}
		case d.env != "" && getenv(d.env) != "":
			if err := setFlag(f.Value, []string{getenv(d.env)}); err != nil {
				return nil, UsageError{fmt.Errorf("%s: %w", d.env, err)}
			}
			origin = Origin{Source: SourceEnv, Name: d.env}
		case inFile:
			if err := setFlag(f.Value, cv.Args); err != nil {
				return nil, UsageError{ConfigError{File: cfg.Path, Line: cv.Line, Key: d.key, Msg: err.Error()}}
			}
			origin = Origin{Source: SourceConfig, Name: cfg.Path, Line: cv.Line}
		}
		out = append(out, Setting{Key: d.key, Values: flagValues(f.Value), Origin: origin, kind: d.kind})
	}
	return out, nil
}

// sliceValue is a list flag (a pflag.SliceValue).
type sliceValue interface {
	Replace([]string) error
	GetSlice() []string
}

// setFlag replaces a flag's value: a list takes every argument, other
// flags the one.
func setFlag(v FlagValue, args []string) error {
	if sv, ok := v.(sliceValue); ok {
		return sv.Replace(args)
	}
	if len(args) != 1 {
		return fmt.Errorf("want one value, got %d", len(args))
	}
	return v.Set(args[0])
}

// flagValues is a flag's value as a list of strings.
func flagValues(v FlagValue) []string {
	if sv, ok := v.(sliceValue); ok {
		return sv.GetSlice()
	}
	return []string{v.String()}
}

// ConfigReport is what `dossier config` shows: where the config file was
// looked for, whether it was there, and every effective setting.
type ConfigReport struct {
	Location ConfigLocation
	Found    bool
	Settings []Setting
	Sources  []feeds.Source // the config file's news feed sources
}

// ApplyConfig finds and reads the config file (--config flag, else
// DOSSIER_CONFIG, else the XDG location) and gives every flag not given on
// the command line its value from the environment or the file. A bad
// config file is a UsageError naming the file, line and key.
func ApplyConfig(configFlag string, flags FlagLookup, getenv func(string) string) (ConfigReport, error) {
	r := ConfigReport{Location: FindConfig(configFlag, getenv)}
	cfg, err := LoadConfig(r.Location, getenv)
	if err != nil {
		return r, err
	}
	r.Found = cfg != nil
	r.Settings, err = ResolveConfig(cfg, flags, getenv)
	if err == nil {
		r.Settings = append(r.Settings, sourcesSetting(cfg))
		if cfg != nil {
			r.Sources = cfg.Sources
		}
	}
	return r, err
}
