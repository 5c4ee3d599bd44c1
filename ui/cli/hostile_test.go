package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"dossier/model"
)

// hostilePayload is what an attacker puts in text: OSC 52 (clipboard
// write), OSC 0 (window title), CSI (clear screen), C1 CSI and NEL, a bidi
// override.
const hostilePayload = "\x1b]52;c;aGVsbG8=\x07 \x1b]0;T\x07 \x1b[2J \u009b31m \u0085 \u202e"

// hostileNames are article ids (file names without .md) with the same.
var hostileNames = map[string]string{
	"osc52":   "a\x1b]52;c;aGVsbG8=\x07x",
	"osc0":    "b\x1b]0;pwned\x07y",
	"csi":     "c\x1b[2Jz",
	"c1-csi":  "d\u009b31mw",
	"c1-nel":  "e\u0085v",
	"bidi":    "f\u202eu",
	"newline": "g\nline",
}

// leak returns a description of the first character in s that must never
// reach a terminal (ESC and every other C0 control but newline and tab,
// DEL, C1, bidi controls, line separators), or "".
func leak(s string) string {
	for i, r := range s {
		bad := r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 ||
			r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c ||
			r == 0x2028 || r == 0x2029
		if bad {
			return strings.ReplaceAll(model.Escape(s[max(0, i-40):min(len(s), i+40)]), `\n`, "⏎")
		}
	}
	return ""
}

// hostileCorpus writes a corpus folder (its own name hostile too) with one
// article per hostile name, front matter and text carrying the payload, an
// empty file with a hostile name (a warning) and a catalogue naming a
// missing hostile id (another warning).
func hostileCorpus(t *testing.T) (dir string, ids []string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "corpus\x1b]0;dir\x07")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	day := 1
	for kind, id := range hostileNames {
		front := "---\ntitle: \"Lithium " + kind + ` \e]0;T\a \u009b \u202e end"` + "\noutlet: \"Out\\e[31m " + kind +
			"\"\nauthor: \"Au\\u0085thor\"\nlang: en\ndate: 2023-05-0" + string(rune('0'+day)) + "\n---\n"
		body := "Kazakhstan lithium " + kind + " " + hostilePayload + " signed on 7 November 2022 a memorandum with the European Union.\n"
		if err := os.WriteFile(filepath.Join(dir, id+".md"), []byte(front+body), 0o644); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		day++
	}
	os.WriteFile(filepath.Join(dir, "empty\x1b]52;c;aGVsbG8=\x07.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "catalogue.yaml"), []byte("articles:\n  - id: \"gone\\e]0;x\\a\"\n    title: x\n"), 0o644)
	sort.Strings(ids)
	return dir, ids
}

// cmdRun is one run of the binary.
type cmdRun struct {
	args     []string
	out, err string
	code     int
}

func (r cmdRun) name() string { return model.Escape(strings.Join(r.args, " ")) }

// TestHostileNamesThroughEveryCommand runs every command that prints on a
// corpus whose file names, front matter and text carry terminal escapes:
// nothing a terminal would act on reaches the human output (ids are shown
// escaped, text sanitised), and --json keeps every id exact.
func TestHostileNamesThroughEveryCommand(t *testing.T) {
	dir, ids := hostileCorpus(t)
	data := t.TempDir()
	who := "mallory\x1b]0;x\x07\u202e"
	common := []string{"--corpus", dir, "--data", data}
	run := func(wantCode int, args ...string) cmdRun {
		t.Helper()
		all := append(append([]string{}, args...), common...)
		out, errOut, code := runBin(t, false, all...)
		r := cmdRun{all, out, errOut, code}
		if code != wantCode {
			t.Errorf("dossier %s: exit %d, want %d\n%s", r.name(), code, wantCode, model.Escape(errOut))
		}
		return r
	}
	var human, machine []cmdRun
	// Reviews with evidence from every hostile article, by a hostile name.
	for _, id := range ids {
		human = append(human, run(0, "review", "mou-1.1", "--evidence", id+":0-10", "--note", "note "+hostilePayload+" "+id[:1]+"\nsecond line", "--as", who))
	}
	human = append(human,
		run(0, "search", "lithium"),
		run(0, "timeline"),
		run(0, "timeline", "--published"),
		run(0), // the overview (stdout is not a terminal)
		run(0, "roadmap"),
		run(0, "export", "--format", "md"),
		run(0, "export", "--format", "csv"),
		run(0, "history"),
		run(0, "history", "mou-1.1"),
		run(0, "index"),
		run(0, "config", "--as", who),
		run(2, "search", "title:\"\x1b]0;x\x07"),
		run(2, "search", "(\x1b]52;c;aGVsbG8=\x07 \u202e"),
		run(2, "history", ids[0]),
		run(2, "review", ids[1], "--status", "done"),
		run(2, "review", "mou-1.1", "--evidence", ids[2]+":0-3"),
		run(2, "review", "mou-1.1", "--evidence", ids[3]+":2-12"),
		run(2, "search", "--\x1b]0;flag\x07", "x"),
		run(2, "search", "x", "--synonyms", filepath.Join(dir, "no\x1b]0;such\x07")),
		run(2, "roadmap", "--roadmap", filepath.Join(dir, "no\u202esuch")),
		run(2, "export", "--format", "\x1b[2Jmd"),
	)
	searchJSON := run(0, "search", "--json", "--limit", "20", "lithium")
	timelineJSON := run(0, "timeline", "--json")
	exportJSON := run(0, "export", "--format", "json")
	machine = append(machine, searchJSON, timelineJSON, exportJSON,
		run(0, "roadmap", "--json"), run(0, "history", "--json"), run(0, "config", "--json", "--as", who), run(0, "index", "--json"))

	for _, r := range append(human, machine...) {
		for stream, text := range map[string]string{"stdout": r.out, "stderr": r.err} {
			if l := leak(text); l != "" {
				t.Errorf("dossier %s: %s leaks a control: …%s…", r.name(), stream, l)
			}
		}
	}
	for _, r := range human {
		for _, id := range ids {
			if strings.Contains(r.out+r.err, id) {
				t.Errorf("dossier %s: the raw id %s is printed", r.name(), model.Escape(id))
			}
		}
	}
	// Where a command lists the articles, each id is there, escaped.
	byName := map[string]cmdRun{}
	for _, r := range human {
		byName[strings.Join(r.args[:min(3, len(r.args))], " ")] = r
	}
	for _, key := range []string{"search lithium --corpus", "timeline --corpus " + dir, "--corpus " + dir + " --data", "export --format md", "export --format csv"} {
		r, ok := byName[key]
		if !ok {
			t.Fatalf("no run %q", model.Escape(key))
		}
		out := r.out
		if strings.HasPrefix(key, "export --format md") { // Markdown escapes the escapes' \ and brackets
			out = strings.NewReplacer(`\\`, `\`, `\[`, `[`, `\]`, `]`).Replace(out)
		}
		for _, id := range ids {
			if !strings.Contains(out, model.Escape(id)) {
				t.Errorf("dossier %s: %s is not shown escaped:\n%.2000s", r.name(), model.Escape(id), model.Escape(r.out))
			}
		}
	}
	// The history names the evidence's articles by their titles, made safe.
	for kind := range hostileNames {
		title := "from Lithium " + kind + " end (Out " + kind + ", 2023-05-0"
		if r := byName["history --corpus "+dir]; !strings.Contains(r.out, title) {
			t.Errorf("dossier %s lacks %q:\n%.2000s", r.name(), title, model.Escape(r.out))
		}
	}
	warnings := byName["search lithium --corpus"].err
	for _, w := range []string{model.Escape(filepath.Join(dir, "empty\x1b]52;c;aGVsbG8=\x07.txt")) + ": skipped: empty file", "catalogue.yaml: lists \"gone"} {
		if !strings.Contains(warnings, w) {
			t.Errorf("stderr lacks the warning %q:\n%s", w, warnings)
		}
	}
	if r := byName["search title:\"\x1b]0;x\x07 --corpus"]; !strings.Contains(r.err, "title:\"\\x1b]0;x\\x07\n        ^") {
		t.Errorf("the bad query is not echoed escaped with its caret:\n%s", r.err)
	}

	// --json keeps the exact ids.
	var sres struct{ Hits []struct{ ID string } }
	if err := json.Unmarshal([]byte(searchJSON.out), &sres); err != nil {
		t.Fatalf("search --json: %v", err)
	}
	var got []string
	for _, h := range sres.Hits {
		got = append(got, h.ID)
	}
	sort.Strings(got)
	if strings.Join(got, "|") != strings.Join(ids, "|") {
		t.Errorf("search --json ids %q, want %q", got, ids)
	}
	var events []struct{ Sources []struct{ ID string } }
	if err := json.Unmarshal([]byte(timelineJSON.out), &events); err != nil {
		t.Fatalf("timeline --json: %v", err)
	}
	seen := map[string]bool{}
	for _, ev := range events {
		for _, s := range ev.Sources {
			seen[s.ID] = true
		}
	}
	var ex struct {
		Groups []struct {
			Items []struct {
				Evidence []struct {
					ArticleID string `json:"article_id"`
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(exportJSON.out), &ex); err != nil {
		t.Fatalf("export --format json: %v", err)
	}
	attached := map[string]bool{}
	for _, g := range ex.Groups {
		for _, it := range g.Items {
			for _, e := range it.Evidence {
				attached[e.ArticleID] = true
			}
		}
	}
	for _, id := range ids {
		if !seen[id] {
			t.Errorf("timeline --json lacks the exact id %s", model.Escape(id))
		}
		if !attached[id] {
			t.Errorf("export --format json lacks the exact id %s", model.Escape(id))
		}
	}
}

// TestHostileImport: import prints input names, output names and titles
// that carry escapes safely, and --json keeps the input names exact.
func TestHostileImport(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in\x1b]0;dir\x07")
	os.Mkdir(in, 0o755)
	words := strings.Repeat("Kazakhstan and the European Union discussed lithium supply and battery value chains in Astana. ", 12)
	html := filepath.Join(in, "page\u0085\x1b]0;x\x07.html")
	os.WriteFile(html, []byte(`<html lang="en"><head><title>Ti&#27;]0;T&#7;tle &#x202e; &#x9b;31m x</title>`+
		`<meta name="author" content="Au&#27;[2Jthor"></head><body><article><h1>Head &#27;]52;c;aGVsbG8=&#7; line</h1>`+
		"<p>"+words+"</p><p>"+words+" &#x85; &#27;[2J</p></article></body></html>"), 0o644)
	md := filepath.Join(in, "note\u202e.md")
	os.WriteFile(md, []byte("---\ntitle: \"Md \\e]0;T\\a \\u202e \\u009b x\"\nauthor: \"A\\e[2J\"\nlang: en\n---\n"+words+"\n"), 0o644)
	empty := filepath.Join(in, "empty\x1b[2J.txt")
	os.WriteFile(empty, nil, 0o644)
	inputs := []string{html, md, empty}

	out, errOut, code := runBin(t, false, append([]string{"import", "--into", filepath.Join(t.TempDir(), "out\u202e")}, inputs...)...)
	if code != 1 {
		t.Errorf("import: exit %d, want 1 (one input refused)\n%s", code, errOut)
	}
	jout, jerr, _ := runBin(t, false, append([]string{"import", "--json", "--into", filepath.Join(t.TempDir(), "out2")}, inputs...)...)
	for name, text := range map[string]string{"stdout": out, "stderr": errOut, "--json stdout": jout, "--json stderr": jerr} {
		if l := leak(text); l != "" {
			t.Errorf("import %s leaks a control: …%s…", name, l)
		}
	}
	for _, p := range inputs {
		if strings.Contains(out+errOut, p) || !strings.Contains(out+errOut, model.Escape(p)) {
			t.Errorf("import does not show %s escaped:\n%s%s", model.Escape(p), out, errOut)
		}
	}
	var res []struct{ Input, Status string }
	if err := json.Unmarshal([]byte(jout), &res); err != nil {
		t.Fatalf("import --json: %v\n%s", err, jout)
	}
	var got []string
	for _, r := range res {
		got = append(got, r.Input)
	}
	if strings.Join(got, "|") != strings.Join(inputs, "|") {
		t.Errorf("import --json inputs %q, want %q", got, inputs)
	}
}

// TestHostileRoadmapThroughEveryCommand: a --roadmap file (its name too)
// whose headings, description and items carry terminal escapes goes
// through roadmap, export in every format, history, review and timeline
// without a control reaching the output; a broken one is reported with its
// name escaped.
func TestHostileRoadmapThroughEveryCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rm\x1b]0;dir\x07")
	os.Mkdir(dir, 0o755)
	file := filepath.Join(dir, "roadmap\u202e.md")
	text := "# Doc " + hostilePayload + " one (date: 2023-05-19)\n\nDescription " + hostilePayload + " of the doc.\n\n" +
		"## Area " + hostilePayload + " two\n\n- [x-1] Item text " + hostilePayload + " end. (sources: 000_59948b4d9c446ef9)\n" +
		"- [x-2] Second " + hostilePayload + "\n  continued " + hostilePayload + " here. (date: 2024-02)\n"
	os.WriteFile(file, []byte(text), 0o644)
	broken := filepath.Join(dir, "broken\x1b[2J.md")
	os.WriteFile(broken, []byte("# D\n- [x] t (date: \x1b]0;x\x07)\n# \x1b[2J\n- [y] t\n"), 0o644)
	data := t.TempDir()
	runs := []cmdRun{}
	run := func(wantCode int, args ...string) {
		t.Helper()
		out, errOut, code := runBin(t, false, append(args, "--data", data)...)
		r := cmdRun{args, out, errOut, code}
		if code != wantCode {
			t.Errorf("dossier %s: exit %d, want %d\n%s", r.name(), code, wantCode, model.Escape(errOut))
		}
		runs = append(runs, r)
	}
	run(0, "review", "x-1", "--status", "at-risk", "--note", "watch "+hostilePayload, "--evidence", "000_59948b4d9c446ef9:0-6", "--roadmap", file)
	run(0, "review", "x-2", "--status", "done", "--roadmap", file)
	for _, args := range [][]string{
		{"roadmap"}, {"roadmap", "--json"}, {"export", "--format", "md"}, {"export", "--format", "csv"}, {"export", "--format", "json"},
		{"history"}, {"history", "x-1"}, {"history", "--json"}, {"timeline"}, {"timeline", "--json"},
	} {
		run(0, append(args, "--roadmap", file)...)
	}
	run(2, "roadmap", "--roadmap", broken)
	run(2, "history", "x-\x1b]0;9\x07", "--roadmap", file)

	for _, r := range runs {
		for stream, text := range map[string]string{"stdout": r.out, "stderr": r.err} {
			if l := leak(text); l != "" {
				t.Errorf("dossier %s: %s leaks a control: …%s…", r.name(), stream, l)
			}
		}
	}
	show := map[string]string{} // by the arguments before --roadmap
	for _, r := range runs {
		args := r.args
		for i, a := range args {
			if a == "--roadmap" && args[i+1] == file {
				args = args[:i]
				break
			}
		}
		show[strings.Join(args, " ")] = r.out + r.err
	}
	for cmd, want := range map[string][]string{
		"roadmap":            {"Doc 31m one", "Area 31m two", "Item text 31m end.", "Second 31m continued 31m here.", "note by ", "\n                            watch    31m\n"},
		"export --format md": {"## Doc 31m one", "### Area 31m two", "**x-1** Item text 31m end.", "Second 31m continued 31m here."},
		"timeline":           {"◆ Description 31m of doc", "roadmap “Doc 31m one”", "◆ Second 31m continued 31m here"},
		"roadmap --roadmap " + broken: {model.Escape(broken) + ":2: item \"x\" has an invalid (date: \\x1b]0;x\\x07)",
			model.Escape(broken) + ":3: heading has an empty title"},
	} {
		for _, w := range want {
			if !strings.Contains(show[cmd], w) {
				t.Errorf("dossier %s lacks %q:\n%.1500s", model.Escape(cmd), w, model.Escape(show[cmd]))
			}
		}
	}
}
