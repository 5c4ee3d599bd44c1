package feeds

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"dossier/model"
)

// Mode says where a source's article text comes from.
type Mode int

// The modes of a source.
const (
	ModePage  Mode = iota // fetch each entry's page (HTML or PDF) and extract the article
	ModeEntry             // take the text the feed itself carries for the entry
)

// String names the mode as the config file writes it.
func (m Mode) String() string {
	if m == ModeEntry {
		return "entry"
	}
	return "page"
}

// MarshalText writes the mode's name.
func (m Mode) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// Source is one feed a team follows.
type Source struct {
	Name  string `json:"name"`            // as shown and as the front matter's source; the feed's host when not given
	URL   string `json:"url"`             // the feed: RSS, Atom or JSON Feed, over http or https
	Fetch Mode   `json:"fetch"`           // page or entry
	Match string `json:"match,omitempty"` // a query in dossier's search syntax; "" keeps every entry
	Line  int    `json:"-"`               // where the config file defines it
}

// MaxSources bounds the sources of one config file.
const MaxSources = 200

// maxName bounds a source's name, in bytes.
const maxName = 80

// Problem is one mistake in a sources list, at a line of the file.
type Problem struct {
	Line int
	Msg  string
}

// ParseSources reads the value of the config file's sources key: a list
// whose items are a feed URL, or keys name, url, fetch and match. check
// validates a match query (dossier's search syntax; nil accepts any). Each
// mistake is told with its line; the sources are returned only when there
// is none.
func ParseSources(n *yaml.Node, check func(query string) error) ([]Source, []Problem) {
	var probs []Problem
	fail := func(line int, format string, args ...any) {
		probs = append(probs, Problem{Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	n = deref(n)
	switch {
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null":
		return nil, nil
	case n.Kind != yaml.SequenceNode:
		fail(n.Line, "want a list of sources (- url: https://…/feed), not %s", what(n))
		return nil, probs
	case len(n.Content) > MaxSources:
		fail(n.Line, "%d sources; at most %d", len(n.Content), MaxSources)
		return nil, probs
	}
	var out []Source
	names := map[string]int{}
	for i, item := range n.Content {
		item = deref(item)
		src, msgs := parseSource(item, check)
		label := "item " + strconv.Itoa(i+1)
		if src.Name != "" {
			label += " (" + model.Escape(src.Name) + ")"
		}
		for _, m := range msgs {
			fail(m.Line, "%s: %s", label, m.Msg)
		}
		if len(msgs) > 0 {
			continue
		}
		key := strings.ToLower(src.Name)
		if first, dup := names[key]; dup {
			fail(item.Line, "%s: the name is given twice (first on line %d); each source needs its own name", label, first)
			continue
		}
		names[key] = item.Line
		out = append(out, src)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return out, nil
}

// sourceKeys are the keys of one source, in the order messages list them.
var sourceKeys = []string{"name", "url", "fetch", "match"}

// parseSource reads one item of the list.
func parseSource(n *yaml.Node, check func(string) error) (Source, []Problem) {
	src := Source{Line: n.Line}
	var probs []Problem
	fail := func(line int, format string, args ...any) {
		probs = append(probs, Problem{Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	var urlLine int
	switch n.Kind {
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			fail(n.Line, "empty; give a feed URL or remove the item")
			return src, probs
		}
		src.URL, urlLine = n.Value, n.Line
	case yaml.MappingNode:
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := deref(n.Content[i]), deref(n.Content[i+1])
			if k.Kind != yaml.ScalarNode {
				fail(k.Line, "a key must be a word such as url, not %s", what(k))
				continue
			}
			if first, dup := seen[k.Value]; dup {
				fail(k.Line, "%s is given twice (first on line %d)", model.Escape(k.Value), first)
				continue
			}
			seen[k.Value] = k.Line
			if !slices.Contains(sourceKeys, k.Value) {
				fail(k.Line, "unknown key %q (known: %s)", model.Escape(clip(k.Value)), strings.Join(sourceKeys, ", "))
				continue
			}
			if v.Kind != yaml.ScalarNode || v.ShortTag() == "!!null" {
				fail(v.Line, "%s: want one value, not %s", k.Value, what(v))
				continue
			}
			switch k.Value {
			case "name":
				src.Name = v.Value
				if err := checkName(v.Value); err != "" {
					fail(v.Line, "name: %s", err)
				}
			case "url":
				src.URL, urlLine = v.Value, v.Line
			case "fetch":
				switch v.Value {
				case "page":
					src.Fetch = ModePage
				case "entry":
					src.Fetch = ModeEntry
				default:
					fail(v.Line, "fetch: want page (fetch each entry's page) or entry (the feed's own text), not %s", what(v))
				}
			case "match":
				src.Match = strings.TrimSpace(v.Value)
				if src.Match == "" {
					fail(v.Line, "match: empty; give a query (as for dossier search) or remove the key")
				} else if check != nil {
					if err := check(src.Match); err != nil {
						fail(v.Line, "match: %s", model.SanitizeLine(err.Error()))
					}
				}
			}
		}
		if _, ok := seen["url"]; !ok {
			fail(n.Line, "no url; give the feed's address (url: https://…)")
			return src, probs
		}
	default:
		fail(n.Line, "want a feed URL or keys (url: …, name: …), not %s", what(n))
		return src, probs
	}
	u, msg := checkFeedURL(src.URL)
	if msg != "" {
		fail(urlLine, "url: %s", msg)
		return src, probs
	}
	src.URL = u
	if src.Name == "" {
		pu, _ := url.Parse(u)
		src.Name = pu.Hostname()
		if msg := checkName(src.Name); msg != "" {
			fail(urlLine, "url: its host cannot be the source's name (%s); give a name", msg)
		}
	}
	return src, probs
}

// checkName refuses names that cannot be shown on one line.
func checkName(s string) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "empty; give a name or remove the key"
	case model.SanitizeLine(s) != s || strings.ContainsAny(s, "\n\r\t"):
		return "holds control characters; write it on one line"
	case len(s) > maxName:
		return fmt.Sprintf("%d bytes long; at most %d", len(s), maxName)
	}
	return ""
}

// checkFeedURL accepts an absolute http or https URL with a host and
// returns it as dossier will use it.
func checkFeedURL(s string) (string, string) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	switch {
	case s == "":
		return "", "empty; give the feed's address"
	case err != nil:
		return "", fmt.Sprintf("%q is not a URL", model.Escape(clip(s)))
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Sprintf("%q: only http and https feeds are fetched", model.Escape(clip(s)))
	case u.Host == "" || u.Hostname() == "":
		return "", fmt.Sprintf("%q has no host", model.Escape(clip(s)))
	case u.User != nil:
		return "", "a URL with a user name or password is not fetched; dossier sends no credentials"
	case model.SanitizeLine(s) != s, !utf8.ValidString(u.Hostname()), model.SanitizeLine(u.Hostname()) != u.Hostname():
		return "", "holds control characters or bytes that are not text"
	}
	u.Fragment = ""
	return u.String(), ""
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 8; i++ {
		n = n.Alias
	}
	return n
}

// what names a node for messages.
func what(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.MappingNode:
		return "keys and values"
	case n.ShortTag() == "!!null":
		return "nothing"
	}
	return strconv.Quote(model.Escape(clip(n.Value)))
}

func clip(s string) string { return model.Truncate(s, 60) }
