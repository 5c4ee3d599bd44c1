package library

import (
	"bufio"
	"bytes"
	"path"
	"slices"
	"strings"
	"testing"

	"dossier/model"
)

// A follower's warnings reach the asker with the folders named as the
// asker was given them, whatever the names hold.
func TestReplyCarriesWarnings(t *testing.T) {
	follower := []string{"/srv/news", ".", "/srv/news/archive"}
	asker := []string{"news", "here", "arch"}
	warns := []model.Warning{
		{Path: "/srv/news/notes.pdf", Reason: "ignored: only .txt and .md files are articles"},
		{Path: "/srv/news/archive/sub/a\nb \"c\".png", Reason: "ignored: not a regular file"},
		{Path: "top.png", Reason: "ignored"},
		{Path: "/elsewhere/x", Reason: "odd \x1b[2J"},
	}
	var buf bytes.Buffer
	if err := writeReply(&buf, syncReply{vouch: true, warns: warns, labels: follower}); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(&buf)
	if line, _ := r.ReadString('\n'); line != "vouch\n" {
		t.Fatalf("first line %q", line)
	}
	var got []model.Warning
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if line == "end\n" {
			break
		}
		w, ok := parseWarning(strings.TrimSuffix(line, "\n"), asker)
		if !ok {
			t.Fatalf("line %q does not parse", line)
		}
		got = append(got, w)
	}
	want := []model.Warning{
		{Path: "news/notes.pdf", Reason: warns[0].Reason},
		{Path: path.Join("arch", "sub/a\nb \"c\".png"), Reason: warns[1].Reason},
		{Path: "here/top.png", Reason: "ignored"},
		{Path: "/elsewhere/x", Reason: warns[3].Reason},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// A line of an answer never makes the asker fail other than with "no".
func FuzzParseWarning(f *testing.F) {
	for _, s := range []string{`0 "a.pdf" "ignored"`, `-1 "/x" "y"`, `1 "a" "b"`, `0 "a`, `x "a" "b"`, `0 "a""b"`, ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		w, ok := parseWarning(line, []string{"news"})
		if !ok && w != (model.Warning{}) {
			t.Errorf("%q: not ok, but %+v", line, w)
		}
	})
}
