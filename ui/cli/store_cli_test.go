package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestReviewSmallFaults(t *testing.T) {
	env := ReviewEnv{DataOptions: DataOptions{DataDir: t.TempDir(), As: "alice"}}
	long := strings.Repeat("x", 64<<10+1)
	tests := []struct {
		name string
		o    ReviewOptions
		msg  string
	}{
		{"note over 64 KiB", ReviewOptions{Note: &long}, "--note is 65537 bytes long; a note holds at most 65536"},
		{"reversed range", ReviewOptions{Evidence: []string{"000_59948b4d9c446ef9:50-10"}}, "the range 50-10 is reversed: the start comes first (10-50)"},
		{"empty range", ReviewOptions{Evidence: []string{"000_59948b4d9c446ef9:10-10"}}, "is empty"},
		{"negative offset", ReviewOptions{Evidence: []string{"000_59948b4d9c446ef9:-1-10"}}, "want ARTICLE-ID:START-END"},
		{"starts and ends mid-word", ReviewOptions{Evidence: []string{"000_59948b4d9c446ef9:20-23"}},
			"the range starts and ends inside a word (“n a”); whole words are 11-25: “Kazakhstan and”"},
		{"ends mid-word", ReviewOptions{Evidence: []string{"000_59948b4d9c446ef9:0-15"}}, "the range ends inside a word"},
		{"starts mid-word", ReviewOptions{Evidence: []string{"000_59948b4d9c446ef9:13-25"}}, "the range starts inside a word"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		err := Review(context.Background(), env, "mou-1.1", tt.o, &out, &errOut)
		if ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: %v (exit %d), want exit 2 with %q", tt.name, err, ExitCode(err), tt.msg)
		}
	}
	// Whole words at both ends, and a range that ends at punctuation, are fine.
	for _, spec := range []string{"000_59948b4d9c446ef9:11-25", "000_59948b4d9c446ef9:0-6"} {
		var out, errOut bytes.Buffer
		if err := Review(context.Background(), env, "mou-1.1", ReviewOptions{Evidence: []string{spec}}, &out, &errOut); err != nil {
			t.Errorf("%s: %v", spec, err)
		}
	}
}

func TestReviewNoOpSaysNothingChanged(t *testing.T) {
	env := ReviewEnv{DataOptions: DataOptions{DataDir: t.TempDir(), As: "alice"}}
	ctx := context.Background()
	note := "same"
	o := ReviewOptions{Status: "on-track", Note: &note, Evidence: []string{"000_59948b4d9c446ef9:0-21"}}
	var out, errOut bytes.Buffer
	if err := Review(ctx, env, "mou-1.1", o, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	env.As = "bob"
	if err := Review(ctx, env, "mou-1.1", o, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"mou-1.1: already on track; nothing changed", "the note is already that; nothing changed", "is already attached; nothing changed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("second review lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := History(ctx, env, "mou-1.1", true, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var hist []struct{ By string }
	json.Unmarshal(out.Bytes(), &hist)
	if len(hist) != 3 {
		t.Errorf("history has %d rows, want 3 (bob's no-ops not recorded): %s", len(hist), out.String())
	}
}

func TestHistoryUnknownItemIsAUsageError(t *testing.T) {
	env := ReviewEnv{DataOptions: DataOptions{DataDir: t.TempDir()}}
	var out, errOut bytes.Buffer
	err := History(context.Background(), env, "nope", false, &out, &errOut)
	if ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), `no item "nope"`) || !strings.Contains(err.Error(), "dossier roadmap") {
		t.Errorf("history nope: %v (exit %d)", err, ExitCode(err))
	}
	// A known item without changes is not an error.
	out.Reset()
	if err := History(context.Background(), env, "mou-1.1", false, &out, &errOut); err != nil || !strings.Contains(out.String(), "no changes recorded") {
		t.Errorf("history of an unreviewed item: %v %q", err, out.String())
	}
}

// TestTextOutputWidth: with no width (output not a terminal) nothing is
// cut; with --width every line fits.
func TestTextOutputWidth(t *testing.T) {
	env := ReviewEnv{DataOptions: DataOptions{DataDir: t.TempDir(), As: "alice"}}
	ctx := context.Background()
	note := "The EBRD confirmed its support for the lithium project in a letter; " + strings.Repeat("details follow. ", 10) + "THE-END"
	var out, errOut bytes.Buffer
	if err := Review(ctx, env, "mou-1.1", ReviewOptions{Note: &note, Evidence: []string{"000_59948b4d9c446ef9:0-6"}}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{0, 60} {
		env.Width = width
		out.Reset()
		if err := Roadmap(ctx, env, false, &out, &errOut); err != nil {
			t.Fatal(err)
		}
		roadmap := out.String()
		out.Reset()
		if err := History(ctx, env, "", false, &out, &errOut); err != nil {
			t.Fatal(err)
		}
		history := out.String()
		if width == 0 {
			if !strings.Contains(roadmap, "THE-END") || !strings.Contains(history, "THE-END") {
				t.Errorf("width 0 cut the note:\n%s\n%s", roadmap, history)
			}
			if !strings.Contains(roadmap, "to make raw material, battery and renewable hydrogen supply chains more resilient.") {
				t.Errorf("width 0 cut an item's text:\n%s", roadmap)
			}
			continue
		}
		cut := 0
		for _, line := range strings.Split(roadmap+history, "\n") {
			if w := ansi.StringWidth(line); w > width {
				t.Errorf("line of %d cells at width %d: %q", w, width, line)
			}
			if strings.HasSuffix(line, "…") {
				cut++
			}
		}
		if cut == 0 {
			t.Errorf("no line was cut at width %d", width)
		}
	}
}

// TestTextOutputIsSanitised: notes and names with terminal escapes and
// bidi controls are shown safely in text, and exactly in JSON.
func TestTextOutputIsSanitised(t *testing.T) {
	env := ReviewEnv{DataOptions: DataOptions{DataDir: t.TempDir(), As: "mal\u202elory"}}
	ctx := context.Background()
	st, err := OpenStore(env.DataOptions)
	if err != nil {
		t.Fatal(err)
	}
	evil := "ok\x1b]0;pwned\x07 \x1b[2Jcleared\u202eevil"
	if _, err := st.SetNote(ctx, "mou-1.1", evil, "eve\x1b[31m"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	var out, errOut bytes.Buffer
	for _, run := range []func() error{
		func() error { return Roadmap(ctx, env, false, &out, &errOut) },
		func() error { return History(ctx, env, "", false, &out, &errOut) },
		func() error { return Export(ctx, env, "md", "", &out, &errOut) },
		func() error { return Export(ctx, env, "csv", "", &out, &errOut) },
	} {
		out.Reset()
		if err := run(); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(out.String(), "\x1b\x07\u202e") {
			t.Errorf("text output carries controls: %q", out.String())
		}
		if !strings.Contains(out.String(), "cleared") {
			t.Errorf("the note's text is missing: %q", out.String())
		}
	}
	out.Reset()
	if err := History(ctx, env, "", true, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var hist []struct{ New, By string }
	if err := json.Unmarshal(out.Bytes(), &hist); err != nil || len(hist) != 1 || hist[0].New != evil || hist[0].By != "eve\x1b[31m" {
		t.Errorf("JSON is not exact: %+v %v", hist, err)
	}
}
