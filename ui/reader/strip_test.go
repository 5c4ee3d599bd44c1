package reader

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/microcosm-cc/bluemonday"
)

// TestStrictPolicyAsBluemonday holds third_party/bluemonday, the stand-in
// for the sanitizer glamour strips inline HTML with, to the real
// bluemonday v1.0.27: testdata/bluemonday_strict.json holds inputs (edge
// cases, then random tag soup of tags, skipped elements, entities, case
// tricks and broken markup) and what bluemonday's StrictPolicy made of them.
func TestStrictPolicyAsBluemonday(t *testing.T) {
	data, err := os.ReadFile("testdata/bluemonday_strict.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases [][2]string
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 300 {
		t.Fatalf("%d cases", len(cases))
	}
	p := bluemonday.StrictPolicy()
	for _, c := range cases {
		if got := p.Sanitize(c[0]); got != c[1] {
			t.Errorf("Sanitize(%q) = %q, bluemonday gives %q", c[0], got, c[1])
		}
		if got := string(p.SanitizeBytes([]byte(c[0]))); got != c[1] {
			t.Errorf("SanitizeBytes(%q) = %q, bluemonday gives %q", c[0], got, c[1])
		}
	}
}

// FuzzStrictPolicy: whatever the input, no tag survives (every < left is
// escaped), and text outside tags is kept.
func FuzzStrictPolicy(f *testing.F) {
	for _, s := range []string{"<b>x</b>", "<script>a</script>b", "<title>t</title>", "a < b", "<scrİpt>x"} {
		f.Add(s)
	}
	p := bluemonday.StrictPolicy()
	f.Fuzz(func(t *testing.T, s string) {
		got := p.Sanitize(s)
		if strings.TrimSpace(s) != "" && strings.Contains(got, "<") {
			t.Fatalf("Sanitize(%q) = %q keeps a <", s, got)
		}
		if !strings.ContainsAny(s, "<&\x00\r") && strings.TrimSpace(s) != "" && got != strings.NewReplacer(`"`, "&#34;", "'", "&#39;", ">", "&gt;").Replace(s) {
			t.Fatalf("Sanitize(%q) = %q: plain text changed", s, got)
		}
	})
}
