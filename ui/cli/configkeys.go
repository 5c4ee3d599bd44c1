package cli

import (
	"slices"
	"strings"
)

// FlagGroup says which command's flags hold a setting.
type FlagGroup int

// The commands whose flags the config file gives values to.
const (
	GroupCommon    FlagGroup = iota // flags of every command (--corpus, --data, --store, ...)
	GroupDashboard                  // flags of dossier itself, the dashboard (--theme, --mouse)
	GroupServe                      // flags of dossier serve
)

// settingKind is the type of a setting's value, and how it is checked.
type settingKind int

const (
	kindText     settingKind = iota // one line of text
	kindListen                      // host:port
	kindPath                        // a file or folder: ~ and relative paths resolved
	kindPaths                       // a list of paths (one path alone is a list of one)
	kindBool                        // true or false
	kindTheme                       // auto, dark, light or mono
	kindStore                       // a postgres:// URL
	kindCount                       // a whole number, at least 1
	kindRate                        // a positive number
	kindDuration                    // a positive duration such as 30m
	kindLang                        // a language code: en, de, ru
	kindSources                     // the news feed sources: a list read by feeds.ParseSources
)

// settingDef is one key of the config file and the flag it gives a value to.
type settingDef struct {
	key   string // in the file; the serve block's keys as "serve.listen"
	group FlagGroup
	flag  string // the flag's name, without --
	kind  settingKind
	env   string // an environment variable that overrides the file; "" if none
}

// settingDefs lists every key, in the order `dossier config` shows them.
// Each key is named after its flag.
func settingDefs() []settingDef {
	return []settingDef{
		{key: "corpus", flag: "corpus", kind: kindPaths},
		{key: "synonyms", flag: "synonyms", kind: kindPaths},
		{key: "no-cache", flag: "no-cache", kind: kindBool},
		{key: "no-watch", flag: "no-watch", kind: kindBool},
		{key: "roadmap", flag: "roadmap", kind: kindPath},
		{key: "data", flag: "data", kind: kindPath},
		{key: "store", flag: "store", kind: kindStore, env: EnvStore},
		{key: "as", flag: "as", kind: kindText},
		{key: "lang", flag: "lang", kind: kindLang, env: EnvLang},
		{key: "sources", kind: kindSources}, // no flag: read by dossier fetch, sources and serve
		{key: "theme", group: GroupDashboard, flag: "theme", kind: kindTheme},
		{key: "mouse", group: GroupDashboard, flag: "mouse", kind: kindBool},
		{key: "serve.listen", group: GroupServe, flag: "listen", kind: kindListen},
		{key: "serve.host-key", group: GroupServe, flag: "host-key", kind: kindPath},
		{key: "serve.authorized-keys", group: GroupServe, flag: "authorized-keys", kind: kindPath},
		{key: "serve.theme", group: GroupServe, flag: "theme", kind: kindTheme},
		{key: "serve.idle-timeout", group: GroupServe, flag: "idle-timeout", kind: kindDuration},
		{key: "serve.max-session", group: GroupServe, flag: "max-session", kind: kindDuration},
		{key: "serve.max-sessions", group: GroupServe, flag: "max-sessions", kind: kindCount},
		{key: "serve.max-per-addr", group: GroupServe, flag: "max-per-addr", kind: kindCount},
		{key: "serve.login-timeout", group: GroupServe, flag: "login-timeout", kind: kindDuration},
		{key: "serve.preauth-start", group: GroupServe, flag: "preauth-start", kind: kindCount},
		{key: "serve.preauth-full", group: GroupServe, flag: "preauth-full", kind: kindCount},
		{key: "serve.preauth-per-addr", group: GroupServe, flag: "preauth-per-addr", kind: kindCount},
		{key: "serve.conn-rate", group: GroupServe, flag: "conn-rate", kind: kindRate},
		{key: "serve.grace", group: GroupServe, flag: "grace", kind: kindDuration},
		{key: "serve.fetch-every", group: GroupServe, flag: "fetch-every", kind: kindDuration},
		{key: "serve.fetch-delay", group: GroupServe, flag: "fetch-delay", kind: kindDuration},
	}
}

// keysUnder lists the keys of one level: the top level (prefix "") or the
// serve block ("serve."), without the prefix, for messages and suggestions.
func keysUnder(prefix string) []string {
	var keys []string
	for _, d := range settingDefs() {
		rest, ok := strings.CutPrefix(d.key, prefix)
		switch {
		case !ok:
		case prefix == "" && strings.HasPrefix(rest, "serve."):
			if !slices.Contains(keys, "serve") {
				keys = append(keys, "serve")
			}
		default:
			keys = append(keys, rest)
		}
	}
	return keys
}

// defFor returns the definition of a key ("theme", "serve.listen").
func defFor(key string) (settingDef, bool) {
	for _, d := range settingDefs() {
		if d.key == key {
			return d, true
		}
	}
	return settingDef{}, false
}

// nearest returns the known key closest to an unknown one, when it is
// close enough to be a typo ("colour" and "bad" are not; "them" and
// "no_cache" are).
func nearest(word string, known []string) string {
	best, bestDist := "", 3
	if len(word) <= 4 {
		bestDist = 2
	}
	for _, k := range known {
		if d := editDistance(word, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance in bytes, capped for long words.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
