package cli

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseConfig: any bytes give a config or errors, never a panic; every
// error line starts with the file, has no raw control characters, and
// there are at most maxConfigErrors; every value set is a known key's,
// with paths absolute.
func FuzzParseConfig(f *testing.F) {
	for _, seed := range []string{
		"", "~", "corpus: [a, ~/b, '~']\ntheme: dark\n",
		"store: postgres://u:p@db/x?password=q\nas: me\nmouse: yes\nno-cache: off\n",
		"serve:\n  listen: :23234\n  idle-timeout: 1h\n  max-sessions: 0x10\n  conn-rate: .5\n  host-key: k\n",
		"a: &x [1, 2]\nb: *x\ncorpus: *x\n", "theme: dark\n---\ntheme: light\n", "serve:\n\tlisten: x\n",
		"{corpus: a, theme: [b]}", "? [a]\n: b\n", "<<: {theme: dark}\n", "theme: \"\\e[31m\"\n",
		"data: !!binary aGVsbG8=\n", "corpus:\n- a\n- - b\n",
		"sources:\n  - name: The Astana Times\n    url: https://astanatimes.com/feed/\n    match: 'lithium OR \"raw materials\"'\n  - https://example.org/rss\n",
		"sources:\n  - url: https://a.org/\n    fetch: entry\n    match: '(x'\n  - {url: 'ftp://b'}\nserve:\n  fetch-every: 30m\n",
	} {
		f.Add([]byte(seed))
	}
	const path = "/etc/dossier/config.yaml"
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		cfg, err := ParseConfig(path, data, "/home/me")
		if err != nil {
			var errs ConfigErrors
			if !errors.As(err, &errs) || len(errs) == 0 || len(errs) > maxConfigErrors {
				t.Fatalf("error %T %v", err, err)
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, path+":") {
					t.Fatalf("error line %q does not start with the file", line)
				}
				if strings.ContainsFunc(line, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }) {
					t.Fatalf("error line %q holds a control character", line)
				}
			}
			return
		}
		for key, v := range cfg.Values {
			d, ok := defFor(key)
			if !ok {
				t.Fatalf("unknown key %q accepted", key)
			}
			if d.kind != kindPaths && len(v.Args) != 1 || v.Line < 1 {
				t.Fatalf("%s = %+v", key, v)
			}
			if d.kind == kindPath || d.kind == kindPaths {
				for _, a := range v.Args {
					if !filepath.IsAbs(a) {
						t.Fatalf("%s: relative path %q", key, a)
					}
				}
			}
		}
	})
}
