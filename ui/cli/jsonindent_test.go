package cli

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// wantIndent is json.Indent's output for src.
func wantIndent(t testing.TB, src []byte, prefix, indent string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := json.Indent(&b, src, prefix, indent); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// randomText is a string with the characters JSON must escape or treat
// with care: quotes, backslashes, brackets, commas and colons inside
// strings, controls, HTML characters, non-ASCII and invalid UTF-8.
func randomText(r *rand.Rand) string {
	parts := []string{`"`, `\`, `{`, `}`, `[`, `]`, `,`, `:`, "\n", "\t", "\x01", "<&>", "é", "\u2028", "\xff", " ", "a", `\"`, `"\`}
	var b strings.Builder
	for range r.IntN(12) {
		b.WriteString(parts[r.IntN(len(parts))])
	}
	return b.String()
}

// The timeline's events, encoded compact then indented by indentJSON,
// are what the encoder's own indentation makes of them.
func TestIndentJSONIsJSONIndent(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		ev := jsonEvent{Precision: randomText(r), Kind: "reported", Label: randomText(r), Context: r.IntN(2) == 0,
			Milestone: randomText(r), More: r.IntN(3), Sources: []jsonSource{}}
		if r.IntN(2) == 0 {
			s := randomText(r)
			ev.Start, ev.End, ev.Period = &s, &s, &s
		}
		for range r.IntN(4) {
			src := jsonSource{ID: randomText(r), Quote: randomText(r), Start: r.IntN(100), End: r.IntN(100), Basis: "stated",
				Expression: randomText(r), Announced: r.IntN(2) == 0}
			if r.IntN(2) == 0 {
				a := randomText(r)
				src.Anchor = &a
			}
			ev.Sources = append(ev.Sources, src)
		}
		var compact bytes.Buffer
		enc := json.NewEncoder(&compact)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(ev); err != nil {
			t.Fatal(err)
		}
		src := bytes.TrimRight(compact.Bytes(), "\n")
		if got, want := indentJSON(nil, src, "  ", "  "), wantIndent(t, src, "  ", "  "); !bytes.Equal(got, want) {
			t.Fatalf("indentJSON(%s) =\n%s\nwant\n%s", src, got, want)
		}
	}
}

// FuzzIndentJSON: any valid JSON, made compact, is indented as
// json.Indent does.
func FuzzIndentJSON(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `{"a":[1,{},[],"x\"y\\"],"b":{"c":null}}`, `"\u2028:,{"`, `[[[[]]],{"":""}]`, `-1.5e3`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var compact bytes.Buffer
		if json.Compact(&compact, data) != nil {
			return
		}
		src := compact.Bytes()
		if got, want := indentJSON(nil, src, "> ", "\t"), wantIndent(t, src, "> ", "\t"); !bytes.Equal(got, want) {
			t.Fatalf("indentJSON(%q) =\n%q\nwant\n%q", src, got, want)
		}
	})
}
