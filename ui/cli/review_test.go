package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReviewHistoryExport(t *testing.T) {
	env := ReviewEnv{DataOptions: DataOptions{DataDir: t.TempDir(), As: "alice"}}
	ctx := context.Background()
	var out, errOut bytes.Buffer
	note := "EBRD support confirmed, \"officially\""
	err := Review(ctx, env, "mou-1.1", ReviewOptions{Status: "on-track", Note: &note, Evidence: []string{"000_59948b4d9c446ef9:0-21"}}, &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	env.As = "bob"
	if err := Review(ctx, env, "mou-1.1", ReviewOptions{Status: "at risk"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := History(ctx, env, "mou-1.1", true, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var hist []struct{ Field, Old, New, By string }
	if err := json.Unmarshal(out.Bytes(), &hist); err != nil {
		t.Fatal(err)
	}
	if len(hist) != 4 || hist[0].Field != "status" || hist[0].New != "on track" || hist[0].By != "alice" ||
		hist[3].Old != "on track" || hist[3].New != "at risk" || hist[3].By != "bob" {
		t.Fatalf("history %+v", hist)
	}
	file := filepath.Join(t.TempDir(), "briefing.csv")
	if err := Export(ctx, env, "csv", file, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(file)
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if rows[1][2] != "mou-1.1" || rows[1][4] != "at risk" || rows[1][5] != note || rows[1][6] != "bob" || rows[1][12] != "ASTANA – Kazakhstan" {
		t.Errorf("csv row %q", rows[1])
	}
}

func TestReviewRejectsBadInput(t *testing.T) {
	env := ReviewEnv{DataOptions: DataOptions{DataDir: t.TempDir(), As: "alice"}}
	tests := []struct {
		item string
		o    ReviewOptions
		msg  string
	}{
		{"mou-1.1", ReviewOptions{}, "nothing to change"},
		{"nope", ReviewOptions{Status: "done"}, `no item "nope"`},
		{"mou-1.1", ReviewOptions{Status: "maybe"}, `--status "maybe"`},
		{"mou-1.1", ReviewOptions{Evidence: []string{"000_59948b4d9c446ef9"}}, "want ARTICLE-ID:START-END"},
		{"mou-1.1", ReviewOptions{Evidence: []string{"nope:1-2"}}, `no article "nope"`},
		{"mou-1.1", ReviewOptions{Evidence: []string{"000_59948b4d9c446ef9:10-99999"}}, "range outside the article"},
		{"mou-1.1", ReviewOptions{Evidence: []string{"000_59948b4d9c446ef9:8-10"}}, "cuts a character"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		err := Review(context.Background(), env, tt.item, tt.o, &out, &errOut)
		if ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s %+v: %v, want usage error with %q", tt.item, tt.o, err, tt.msg)
		}
	}
	// Nothing was written by the refused calls.
	var out bytes.Buffer
	if err := History(context.Background(), env, "", false, &out, io.Discard); err != nil || !strings.Contains(out.String(), "no changes recorded") {
		t.Errorf("history after refused reviews: %v %q", err, out.String())
	}
}

func TestForeignStoreIsRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "reviews.db")
	os.WriteFile(path, []byte("my own notes, not a database"), 0o600)
	_, err := OpenStore(DataOptions{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), "will not touch that file") {
		t.Fatalf("err = %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "my own notes, not a database" {
		t.Error("the foreign file was changed")
	}
}

func TestRoadmapFileErrorsHaveLineNumbers(t *testing.T) {
	file := filepath.Join(t.TempDir(), "mine.md")
	os.WriteFile(file, []byte("# Doc\n## Area\n- [ok-1] Fine item.\n- [Bad ID] Broken.\n- [ok-1] Duplicate.\n"), 0o644)
	_, err := LoadRoadmap(file)
	if ExitCode(err) != ExitUsage {
		t.Fatalf("err %v", err)
	}
	for _, want := range []string{file + ":4:", file + ":5:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	var out, errOut bytes.Buffer
	env := ReviewEnv{DataOptions: DataOptions{DataDir: t.TempDir()}, RoadmapFile: file}
	if err := Roadmap(context.Background(), env, false, &out, &errOut); ExitCode(err) != ExitUsage {
		t.Errorf("roadmap with a broken catalogue: %v", err)
	}
}

// TestRoadmapAndHistoryTellWhoAndKeepLines: the human output of roadmap and
// history says who set the status, who wrote the note and who added the
// evidence, keeps a note's lines (indented under their entry), names
// articles by title, and numbers history lines so "(undoes #N)" points at
// one.
func TestRoadmapAndHistoryTellWhoAndKeepLines(t *testing.T) {
	env := ReviewEnv{DataOptions: DataOptions{DataDir: t.TempDir()}}
	ctx := context.Background()
	review := func(who string, o ReviewOptions) {
		t.Helper()
		env.As = who
		if err := Review(ctx, env, "mou-1.1", o, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	note := "first line of the note\nsecond line, indented under it"
	review("bob", ReviewOptions{Status: "at-risk"})
	review("carol", ReviewOptions{Note: &note})
	review("alice", ReviewOptions{Evidence: []string{"000_59948b4d9c446ef9:0-21"}})
	review("dave", ReviewOptions{Status: "done"})
	st, err := OpenStore(env.DataOptions)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.UndoLast(ctx, "dave"); err != nil {
		t.Fatal(err)
	}
	st.Close()

	var out bytes.Buffer
	if err := Roadmap(ctx, env, false, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	rm := out.String()
	indent := strings.Repeat(" ", 26)
	for _, want := range []string{
		"    mou-1.1    at risk    Identify joint projects",
		"\n" + indent + "status set by bob, ",
		"\n" + indent + "note by carol, ",
		":\n" + indent + "  first line of the note\n" + indent + "  second line, indented under it\n",
		"\n" + indent + "evidence added by alice, ",
		": “ASTANA – Kazakhstan”\n" + indent + "  from Kazakhstan to strengthen cooperation with EU in critical raw materials (The Astana Times, 2023-06)\n",
	} {
		if !strings.Contains(rm, want) {
			t.Errorf("roadmap lacks %q:\n%s", want, rm)
		}
	}
	if strings.Contains(rm, "000_59948b4d9c446ef9") || strings.Contains(rm, "dave") {
		t.Errorf("roadmap shows an id, or the undone reviewer:\n%s", rm)
	}

	out.Reset()
	if err := History(ctx, env, "mou-1.1", false, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	h := out.String()
	lines := strings.Split(strings.TrimRight(h, "\n"), "\n")
	for _, want := range []string{
		"#1  ", "bob      mou-1.1    status unreviewed → at risk",
		"carol    mou-1.1    note written:\n",
		"    first line of the note\n",
		"    second line, indented under it\n",
		"alice    mou-1.1    evidence added: “ASTANA – Kazakhstan”\n",
		"    from Kazakhstan to strengthen cooperation with EU in critical raw materials (The Astana Times, 2023-06)\n",
		"#4  ", "dave     mou-1.1    status at risk → done\n",
		"#5  ", "dave     mou-1.1    status back to at risk (undoes #4)",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("history lacks %q:\n%s", want, h)
		}
	}
	if len(lines) != 8 || strings.Contains(h, "000_59948b4d9c446ef9") {
		t.Errorf("history (%d lines) shows an id, or lines are missing:\n%s", len(lines), h)
	}
	// The continuation lines hang under the description.
	col := strings.Index(lines[1], "note written:")
	if !strings.HasPrefix(lines[2], strings.Repeat(" ", col+2)+"first line") {
		t.Errorf("the note's lines are not indented under its entry:\n%s", h)
	}
}
