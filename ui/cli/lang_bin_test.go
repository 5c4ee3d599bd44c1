package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLangSettingPicksTheVersion: a query whose words are in both the
// English article and its German translation (the name Samarkand) shows the
// version in the reader's language, set by --lang, DOSSIER_LANG, the config
// file or the locale, in that order, else English; the same in the text and
// in --json. A German word shows the German version whatever the setting.
func TestLangSettingPicksTheVersion(t *testing.T) {
	const en, de = "002_c9518c213fe21bc0", "004_d123cf3179b2b0cd"
	cfgDir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(cfgDir, "dossier"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfgDir, "dossier", "config.yaml"), []byte("lang: de\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	noCfg := t.TempDir()
	base := []string{"LC_ALL=", "LC_MESSAGES=", "LANG=", "DOSSIER_LANG=", "XDG_CONFIG_HOME=" + noCfg, "XDG_CACHE_HOME=" + t.TempDir()}
	tests := []struct {
		name  string
		env   []string
		args  []string
		query string
		want  string
	}{
		{"default English", nil, nil, "Samarkand", en},
		{"locale", []string{"LANG=de_DE.UTF-8"}, nil, "Samarkand", de},
		{"LC_ALL before LANG", []string{"LANG=de_DE.UTF-8", "LC_ALL=en_GB.UTF-8"}, nil, "Samarkand", en},
		{"C locale is none", []string{"LANG=C.UTF-8"}, nil, "Samarkand", en},
		{"env", []string{"DOSSIER_LANG=de"}, nil, "Samarkand", de},
		{"env before locale", []string{"DOSSIER_LANG=en", "LANG=de_DE.UTF-8"}, nil, "Samarkand", en},
		{"config file", []string{"XDG_CONFIG_HOME=" + cfgDir}, nil, "Samarkand", de},
		{"flag", []string{"DOSSIER_LANG=de"}, []string{"--lang", "EN"}, "Samarkand", en},
		{"German words", []string{"DOSSIER_LANG=en"}, nil, "Wasserstoff", de},
		{"English words", []string{"DOSSIER_LANG=de"}, nil, "batteries", en},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := append(append([]string(nil), base...), tt.env...)
			args := append(append([]string{"search"}, tt.args...), "--json", tt.query)
			out, errOut, code := runBinEnv(t, env, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var res struct {
				Hits []struct {
					ID       string `json:"id"`
					Versions []struct {
						ID string `json:"id"`
					} `json:"versions"`
				} `json:"hits"`
			}
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, h := range res.Hits {
				if h.ID == en || h.ID == de {
					got = h.ID
				}
			}
			if got != tt.want {
				t.Errorf("--json shows %s, want %s", got, tt.want)
			}
			text, _, _ := runBinEnv(t, env, append(append([]string{"search"}, tt.args...), tt.query)...)
			if !strings.Contains(text, tt.want+"\n    also in ") {
				t.Errorf("text does not show %s with its version beside it:\n%s", tt.want, text)
			}
		})
	}
	_, errOut, code := runBinEnv(t, base, "search", "--lang", "deutsch", "x")
	if code != 2 || !strings.Contains(errOut, "language code") {
		t.Errorf("--lang deutsch: exit %d, %s", code, errOut)
	}
}
