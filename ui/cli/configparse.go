package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"dossier/model"
	"dossier/model/review"
	"dossier/ui/common"
)

// maxConfigErrors bounds how many mistakes one file reports.
const maxConfigErrors = 20

// ParseConfig reads a config file's YAML (path names it in messages and is
// where relative paths start; home is what ~ stands for). Every key must
// be known, every value of the right type and valid as its flag would
// take it; paths are made absolute. The mistakes come back together as
// ConfigErrors, each with its line and key. An empty file is an empty
// config. Whether folders and files exist is not checked here: the
// commands report that as they do for flags.
func ParseConfig(path string, data []byte, home string) (*Config, error) {
	p := &configParser{
		cfg:  &Config{Path: path, Values: map[string]ConfigValue{}},
		dir:  filepath.Dir(path),
		home: home,
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return p.cfg, nil // empty, or only comments
		}
		return nil, ConfigErrors{p.syntaxError(err, data)}
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		p.fail(next.Line, "", "a second YAML document (after ---); the config file holds one")
	case !errors.Is(err, io.EOF):
		p.errs = append(p.errs, p.syntaxError(err, data))
	}
	if len(doc.Content) == 1 {
		root := deref(doc.Content[0])
		switch {
		case root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null":
		case root.Kind != yaml.MappingNode:
			p.fail(root.Line, "", "the config file holds keys and values (corpus: ..., theme: ...), not "+nodeWhat(root))
		default:
			p.mapping(root, "")
		}
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return p.cfg, nil
}

// configParser collects the values and mistakes of one file.
type configParser struct {
	cfg  *Config
	dir  string
	home string
	errs ConfigErrors
}

func (p *configParser) fail(line int, key, msg string) {
	if len(p.errs) < maxConfigErrors {
		p.errs = append(p.errs, ConfigError{File: p.cfg.Path, Line: line, Key: key, Msg: msg})
	}
}

var yamlLine = model.LazyRegexp(`^yaml: line (\d+): (.*)$`)

// syntaxError turns the YAML parser's error into a ConfigError with its line.
func (p *configParser) syntaxError(err error, data []byte) ConfigError {
	msg, line := strings.TrimPrefix(err.Error(), "yaml: "), 0
	if m := yamlLine().FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if strings.Contains(msg, "cannot start any token") {
		// Most often a tab in the indentation: say so, at its line.
		for i, l := range bytes.Split(data, []byte("\n")) {
			indent := l[:len(l)-len(bytes.TrimLeft(l, " \t"))]
			if bytes.IndexByte(indent, '\t') >= 0 && (line == 0 || line == i+1) {
				return ConfigError{File: p.cfg.Path, Line: i + 1, Msg: "not valid YAML: a tab in the indentation (YAML indents with spaces)"}
			}
		}
	}
	return ConfigError{File: p.cfg.Path, Line: line, Msg: "not valid YAML: " + model.Escape(msg)}
}

// mapping reads the keys of the top level (prefix "") or of the serve block.
func (p *configParser) mapping(m *yaml.Node, prefix string) {
	known := keysUnder(prefix)
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := deref(m.Content[i]), deref(m.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!null" {
			p.fail(k.Line, "", "a key must be a name such as corpus or theme, not "+nodeWhat(k))
			continue
		}
		key := prefix + k.Value
		if first, dup := seen[k.Value]; dup {
			p.fail(k.Line, key, fmt.Sprintf("given twice (first on line %d)", first))
			continue
		}
		seen[k.Value] = k.Line
		if prefix == "" && k.Value == "serve" {
			switch {
			case v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null":
			case v.Kind != yaml.MappingNode:
				p.fail(k.Line, key, "want the serve flags as keys under it (listen: ..., max-sessions: ...), not "+nodeWhat(v))
			default:
				p.mapping(v, "serve.")
			}
			continue
		}
		if prefix == "" && k.Value == "sources" {
			p.sources(k, v)
			continue
		}
		d, ok := defFor(key)
		if !ok {
			msg := "unknown key (known: " + strings.Join(known, ", ") + ")"
			if near := nearest(k.Value, known); near != "" {
				msg = fmt.Sprintf("unknown key; did you mean %s? (known: %s)", near, strings.Join(known, ", "))
			}
			p.fail(k.Line, key, msg)
			continue
		}
		args, msg := p.value(d, v)
		if msg != "" {
			p.fail(k.Line, key, msg)
			continue
		}
		p.cfg.Values[key] = ConfigValue{Args: args, Line: k.Line}
		if d.kind == kindStore && hasPassword(args[0]) {
			p.cfg.PasswordLine = k.Line
		}
	}
}

// deref follows an alias (*name) to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// nodeWhat names what a node is, for messages.
func nodeWhat(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.MappingNode:
		return "keys and values"
	case n.ShortTag() == "!!null":
		return "nothing"
	}
	return quote(n.Value)
}

// quote shows a value from the file in a message: escaped, clipped, in quotes.
func quote(s string) string { return `"` + model.Escape(clip(s, 80)) + `"` }

// value checks one value and returns it as flag arguments, or says what is wrong.
func (p *configParser) value(d settingDef, v *yaml.Node) ([]string, string) {
	if d.kind == kindPaths {
		items := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			items = v.Content
		}
		args := make([]string, 0, len(items))
		for i, it := range items {
			a, msg := p.scalar(kindPath, deref(it))
			if msg != "" {
				if v.Kind == yaml.SequenceNode {
					msg = fmt.Sprintf("item %d: %s", i+1, msg)
				}
				return nil, msg
			}
			args = append(args, a)
		}
		return args, ""
	}
	a, msg := p.scalar(d.kind, v)
	if msg != "" {
		return nil, msg
	}
	return []string{a}, ""
}

// scalar checks one scalar value of a kind and returns it as a flag argument.
func (p *configParser) scalar(kind settingKind, v *yaml.Node) (string, string) {
	if v.Kind != yaml.ScalarNode {
		return "", "want " + kindWant(kind) + ", not " + nodeWhat(v)
	}
	if v.ShortTag() == "!!null" {
		if v.Value == "~" && kind == kindPath {
			return "", `~ alone means "no value" in YAML; write "~" in quotes for the home folder`
		}
		return "", "no value; give " + kindWant(kind) + " or remove the key"
	}
	s := v.Value
	bad := func() (string, string) {
		return "", fmt.Sprintf("want %s, not %s", kindWant(kind), nodeWhat(v))
	}
	switch kind {
	case kindText:
		if model.SanitizeLine(s) == "" {
			return "", "empty; give a name or remove the key"
		}
		return s, ""
	case kindListen:
		if _, port, err := net.SplitHostPort(s); err != nil || port == "" {
			return bad()
		}
		return s, ""
	case kindPath:
		return p.path(s)
	case kindBool:
		var b bool
		if v.Decode(&b) != nil {
			return bad()
		}
		return strconv.FormatBool(b), ""
	case kindTheme:
		if _, err := common.ParseTheme(s); err != nil || s == "" {
			return bad()
		}
		return s, ""
	case kindStore:
		return checkStoreURL(s)
	case kindLang:
		code, err := ParseLang(s)
		if err != nil || code == "" {
			return bad()
		}
		return code, ""
	case kindCount:
		var n int
		if v.ShortTag() != "!!int" || v.Decode(&n) != nil {
			return bad()
		}
		if n < 1 {
			return "", fmt.Sprintf("must be at least 1, not %d", n)
		}
		return strconv.Itoa(n), ""
	case kindRate:
		var f float64
		if t := v.ShortTag(); t != "!!int" && t != "!!float" || v.Decode(&f) != nil {
			return bad()
		}
		if !(f > 0) || math.IsInf(f, 0) {
			return "", fmt.Sprintf("must be a positive number, not %s", model.Escape(s))
		}
		return strconv.FormatFloat(f, 'g', -1, 64), ""
	case kindDuration:
		d, err := time.ParseDuration(s)
		if v.ShortTag() != "!!str" || err != nil {
			return bad()
		}
		if d <= 0 {
			return "", fmt.Sprintf("must be a positive duration, not %s", model.Escape(s))
		}
		return d.String(), ""
	}
	return bad()
}

// kindWant says what a value of the kind looks like, for messages.
func kindWant(k settingKind) string {
	switch k {
	case kindListen:
		return "an address host:port such as 127.0.0.1:23234"
	case kindPath:
		return "a path"
	case kindPaths:
		return "a path or a list of paths"
	case kindBool:
		return "true or false"
	case kindTheme:
		return "a theme: auto, dark, light or mono"
	case kindLang:
		return "a language code such as en, de or ru"
	case kindStore:
		return "a URL postgres://USER@HOST:PORT/DATABASE"
	case kindCount:
		return "a whole number such as 10"
	case kindRate:
		return "a number such as 5 or 0.5"
	case kindDuration:
		return "a duration such as 90s, 30m or 12h"
	}
	return "one line of text"
}

// path resolves ~ and ~/... against the home folder and relative paths
// against the config file's folder.
func (p *configParser) path(s string) (string, string) {
	switch {
	case s == "":
		return "", "an empty path; give one or remove the key"
	case strings.IndexByte(s, 0) >= 0:
		return "", quote(s) + " holds a NUL byte, which no path can"
	case s == "~" || strings.HasPrefix(s, "~/"):
		if p.home == "" {
			return "", "~ stands for the home folder, but none is known ($HOME is not set); write the full path"
		}
		return filepath.Join(p.home, s[1:]), ""
	case strings.HasPrefix(s, "~"):
		return "", quote(s) + ": ~NAME (another user's home) is not supported; write the full path"
	case !filepath.IsAbs(s):
		return filepath.Join(p.dir, s), ""
	}
	return filepath.Clean(s), ""
}

// checkStoreURL accepts a postgres:// or postgresql:// URL; the rest of it
// is checked when the store is opened, as for --store.
func checkStoreURL(s string) (string, string) {
	if _, err := url.Parse(s); err != nil || !review.IsPostgresURL(s) {
		return "", "want a URL postgres://USER@HOST:PORT/DATABASE (without one, reviews are kept in SQLite in data)"
	}
	return s, ""
}

// hasPassword reports whether a store URL holds a password, in its user
// part or as a password= parameter.
func hasPassword(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return strings.Contains(s, "@") || strings.Contains(strings.ToLower(s), "password")
	}
	if _, ok := u.User.Password(); ok {
		return true
	}
	return u.Query().Has("password")
}

// MaskStoreURL hides the password of a store URL, for what is printed.
func MaskStoreURL(s string) string {
	if s == "" || !hasPassword(s) {
		return s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "(a store URL that cannot be shown: it does not parse and may hold a password)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
