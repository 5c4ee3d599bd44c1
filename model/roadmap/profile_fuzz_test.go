package roadmap

import (
	"strings"
	"testing"
)

// FuzzProfile: any item text and quote gives terms that are non-empty,
// each once, with positive weights.
func FuzzProfile(f *testing.F) {
	for _, s := range []string{"Support Tau-Ken Samruk's tungsten project (June 2025).", "EU–EBRD ’s 's", "A B C D", "\xff\xfe", "2025 2026 ESG"} {
		f.Add(s, "The EBRD will finance it.")
	}
	f.Fuzz(func(t *testing.T, text, quote string) {
		text = strings.NewReplacer("\n", " ", "\r", " ", "(", "[", ")", "]").Replace(text)
		cat, err := Parse("f.md", []byte("# Doc (date: 2025-04-04)\n\n## Area 1 · Resilience\n\n- [a-1] x "+text+"\n"))
		if err != nil {
			return
		}
		it, ok := cat.Item("a-1")
		if !ok {
			return
		}
		seen := map[string]bool{}
		for _, tm := range cat.Profile(it, []string{quote}) {
			k := strings.ToLower(tm.Text)
			if strings.TrimSpace(tm.Text) == "" || tm.Weight <= 0 || seen[k] {
				t.Fatalf("term %+v (seen %v) from %q", tm, seen[k], text)
			}
			seen[k] = true
		}
	})
}
