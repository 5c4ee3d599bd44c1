package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"dossier/model"
)

// WriteConfigPath prints where the config file is looked for (whether or
// not it is there), for `dossier config --path`.
func WriteConfigPath(loc ConfigLocation, out io.Writer) error {
	if loc.Path == "" {
		return errors.New("there is nowhere to look for a config file: neither XDG_CONFIG_HOME nor HOME is set; give --config FILE")
	}
	_, err := fmt.Fprintln(out, model.Escape(loc.Path))
	return err
}

// shown is a setting as `dossier config` shows it: the value commands work
// with (the defaults they work out filled in, passwords masked) and, for
// an empty value, what that means.
func shown(s Setting, dataDir string) (values []string, meaning string) {
	one := ""
	if len(s.Values) == 1 {
		one = s.Values[0]
	}
	switch {
	case s.Key == "corpus" && len(s.Values) == 0:
		return nil, "the embedded seeds"
	case s.Key == "synonyms" && len(s.Values) == 0:
		return nil, "only the built-in groups"
	case s.Key == "roadmap" && one == "":
		return []string{""}, "the embedded checklist"
	case s.Key == "store" && one == "":
		return []string{""}, "none: reviews in SQLite in the data folder"
	case s.Key == "store":
		return []string{MaskStoreURL(one)}, ""
	case s.Key == "data" && one == "":
		return []string{dataDir}, ""
	case s.Key == "as" && one == "":
		return []string{Reviewer("")}, ""
	case s.Key == "lang" && one == "":
		if l := model.LocaleLang(os.Getenv); l != "" {
			return []string{l}, ""
		}
		return []string{model.LangEnglish}, ""
	case s.Key == "serve.host-key" && one == "":
		return []string{filepath.Join(dataDir, "ssh_host_ed25519")}, ""
	case s.Key == "sources" && len(s.Values) == 0:
		return nil, "none: dossier fetch has nothing to fetch"
	case s.Key == "serve.fetch-every" && one == "0s":
		return []string{one}, "never: the server does not fetch"
	case s.Key == "serve.authorized-keys" && one == "":
		return []string{filepath.Join(dataDir, "authorized_keys")}, ""
	}
	return s.Values, ""
}

// dataDirOf is the data folder the settings give, or the default one.
func dataDirOf(settings []Setting) string {
	for _, s := range settings {
		if s.Key == "data" && len(s.Values) == 1 && s.Values[0] != "" {
			return s.Values[0]
		}
	}
	return DefaultDataDir()
}

// configFileJSON is the config file part of `dossier config --json`.
type configFileJSON struct {
	Path  string `json:"path"`
	From  string `json:"from"`
	Found bool   `json:"found"`
}

// settingJSON is one setting in `dossier config --json`.
type settingJSON struct {
	Key     string `json:"key"`
	Value   any    `json:"value"`
	Meaning string `json:"meaning,omitempty"`
	Origin  string `json:"origin"`
	Source  string `json:"source"`
	Name    string `json:"name,omitempty"`
	Line    int    `json:"line,omitempty"`
}

// jsonValue types a setting's value for JSON: a list, a bool, a number or a string.
func jsonValue(kind settingKind, values []string) any {
	if kind == kindPaths || kind == kindSources {
		if values == nil {
			return []string{}
		}
		return values
	}
	one := ""
	if len(values) > 0 {
		one = values[0]
	}
	switch kind {
	case kindBool:
		if b, err := strconv.ParseBool(one); err == nil {
			return b
		}
	case kindCount:
		if n, err := strconv.Atoi(one); err == nil {
			return n
		}
	case kindRate:
		if f, err := strconv.ParseFloat(one, 64); err == nil {
			return f
		}
	}
	return one
}

// WriteConfigReport prints every effective setting and where it came from,
// as text (values escaped) or as one JSON object: {"file": {"path",
// "from", "found"}, "settings": [{"key", "value", "meaning", "origin",
// "source", "name", "line"}]}. Store passwords are masked in both.
func WriteConfigReport(r ConfigReport, asJSON bool, out io.Writer) error {
	dataDir := dataDirOf(r.Settings)
	if asJSON {
		doc := struct {
			File     configFileJSON `json:"file"`
			Settings []settingJSON  `json:"settings"`
		}{File: configFileJSON{Path: r.Location.Path, From: r.Location.From.String(), Found: r.Found}, Settings: []settingJSON{}}
		for _, s := range r.Settings {
			values, meaning := shown(s, dataDir)
			doc.Settings = append(doc.Settings, settingJSON{
				Key: s.Key, Value: jsonValue(s.kind, values), Meaning: meaning,
				Origin: s.Origin.String(), Source: s.Origin.Source.String(), Name: s.Origin.Name, Line: s.Origin.Line,
			})
		}
		return writeJSON(out, doc, true)
	}
	switch {
	case r.Location.Path == "":
		fmt.Fprintln(out, "config file: none (neither XDG_CONFIG_HOME nor HOME is set); the built-in defaults apply")
	case r.Found:
		fmt.Fprintf(out, "config file: %s (from %s)\n", model.Escape(r.Location.Path), r.Location.From)
	default:
		fmt.Fprintf(out, "config file: %s (from %s): not there; the built-in defaults apply\n", model.Escape(r.Location.Path), r.Location.From)
	}
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SETTING\tVALUE\tFROM")
	for _, s := range r.Settings {
		values, meaning := shown(s, dataDir)
		text := make([]string, len(values))
		for i, v := range values {
			text[i] = model.Escape(v)
		}
		v := strings.Join(text, ", ")
		if meaning != "" {
			v = "(" + meaning + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Key, v, s.Origin)
	}
	return tw.Flush()
}
