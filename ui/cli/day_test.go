package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"dossier/seeds"
)

// seedFolder writes the seed articles but 003 (the Gateway roundtable)
// into a corpus folder of its own.
func seedFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(seeds.Corpus, ".", func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || strings.HasPrefix(p, "003_") || !(strings.HasSuffix(p, ".txt") || p == "catalogue.yaml") {
			return err
		}
		data, err := fs.ReadFile(seeds.Corpus, p)
		if err != nil {
			return err
		}
		if p == "catalogue.yaml" { // without 003's entry, which is not in the folder yet
			data = []byte(strings.Replace(string(data), "  - id: 003_272ce948f6555c66", "  - id: 003_not_here", 1))
		}
		return os.WriteFile(filepath.Join(dir, p), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

type newJSON struct {
	User     string `json:"user"`
	Articles []struct {
		ID, Title, Source string
		Date              *string
		Concerns          []struct {
			ID      string  `json:"id"`
			Score   float64 `json:"score"`
			Strong  bool    `json:"strong"`
			Passage struct {
				Start, End int
				Quote      string
			} `json:"passage"`
		} `json:"concerns"`
	} `json:"articles"`
}

// TestNewPerPerson: what is in the corpus at a person's first look is not
// new; an article that comes in later is new for everyone who looked
// before, with the items it concerns, until each marks it read; is:new and
// saved searches count it for the person alone.
func TestNewPerPerson(t *testing.T) {
	ctx := context.Background()
	dir := seedFolder(t)
	data := t.TempDir()
	env := func(who string) ReviewEnv {
		return ReviewEnv{Sources: Sources{CorpusDirs: []string{dir}}, DataOptions: DataOptions{DataDir: data, As: who}}
	}
	list := func(who string, o NewOptions) newJSON {
		t.Helper()
		var out, errOut bytes.Buffer
		o.JSON = true
		if err := New(ctx, env(who), o, &out, &errOut); err != nil {
			t.Fatalf("new as %s: %v", who, err)
		}
		var got newJSON
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("new --json: %v\n%s", err, out.String())
		}
		return got
	}
	for _, who := range []string{"alice", "bob"} {
		if got := list(who, NewOptions{}); got.User != who || len(got.Articles) != 0 {
			t.Fatalf("%s's first look: %+v", who, got)
		}
	}
	// The Gateway roundtable article comes in.
	text, _ := fs.ReadFile(seeds.Corpus, "003_272ce948f6555c66.txt")
	front := "---\ntitle: Kazakhstan-EU Gateway launches cooperation platform\nsource: ActiveNews\ndate: 2025-12-09\n---\n"
	if err := os.WriteFile(filepath.Join(dir, "keg.md"), append([]byte(front), text...), 0o644); err != nil {
		t.Fatal(err)
	}
	got := list("alice", NewOptions{})
	if len(got.Articles) != 1 {
		t.Fatalf("alice after an arrival: %+v", got)
	}
	a := got.Articles[0]
	if a.ID != "keg" || a.Title != "Kazakhstan-EU Gateway launches cooperation platform" || a.Source != "ActiveNews" ||
		a.Date == nil || *a.Date != "2025-12-09" || len(a.Concerns) != 3 {
		t.Fatalf("the new article: %+v", a)
	}
	for _, c := range a.Concerns {
		if !strings.HasPrefix(c.ID, "keg-") || !c.Strong || c.Passage.Quote == "" {
			t.Errorf("it concerns %+v, want the keg-* items first", c)
		}
	}
	// is:new and saved searches see it for bob, who has not read it.
	search := func(who string, q string, o SearchOptions) string {
		t.Helper()
		var out, errOut bytes.Buffer
		o.Sources, o.DataOptions = env(who).Sources, env(who).DataOptions
		if err := Search(ctx, q, o, &out, &errOut); err != nil {
			t.Fatalf("search %q as %s: %v", q, who, err)
		}
		return out.String()
	}
	if out := search("bob", "is:new", SearchOptions{JSON: true}); !strings.Contains(out, `"total": 1`) && !strings.Contains(out, `"total":1`) {
		t.Errorf("bob's is:new: %s", out)
	}
	search("bob", "tailings OR hydrometallurgy", SearchOptions{Save: "tailings"})
	search("alice", "tailings", SearchOptions{Save: "tailings"})
	search("alice", "lithium", SearchOptions{Save: "lithium"})

	// alice reads it (--mark-read marks what was listed).
	if got := list("alice", NewOptions{MarkRead: true}); len(got.Articles) != 1 {
		t.Fatalf("alice --mark-read listed %+v", got)
	}
	if got := list("alice", NewOptions{}); len(got.Articles) != 0 {
		t.Errorf("alice after --mark-read: %+v", got)
	}
	if got := list("bob", NewOptions{}); len(got.Articles) != 1 || got.Articles[0].ID != "keg" {
		t.Errorf("bob after alice read it: %+v", got)
	}
	if out := search("alice", "is:new", SearchOptions{}); !strings.HasPrefix(out, `"is:new": 0 articles`) {
		t.Errorf("alice's is:new after reading: %s", out)
	}
	if out := search("bob", "", SearchOptions{Saved: "tailings"}); !strings.Contains(out, "keg ") && !strings.Contains(out, "· keg\n") {
		t.Errorf("bob's saved search does not find the article: %s", out)
	}

	saved := func(who string) map[string]int {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := Saved(ctx, env(who), SavedOptions{JSON: true}, &out, &errOut); err != nil {
			t.Fatal(err)
		}
		var got struct {
			User     string
			Searches []struct {
				Name, Query string
				New         int
			}
		}
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		m := map[string]int{}
		for _, s := range got.Searches {
			m[s.Name] = s.New
		}
		return m
	}
	if got := saved("bob"); len(got) != 1 || got["tailings"] != 1 {
		t.Errorf("bob's saved searches: %v", got)
	}
	if got := saved("alice"); len(got) != 2 || got["tailings"] != 0 || got["lithium"] != 0 {
		t.Errorf("alice's saved searches: %v", got)
	}
	var out, errOut bytes.Buffer
	if err := Saved(ctx, env("alice"), SavedOptions{Delete: "lithium"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if got := saved("alice"); len(got) != 1 {
		t.Errorf("after deleting one: %v", got)
	}
	if err := Saved(ctx, env("alice"), SavedOptions{Delete: "lithium"}, &out, &errOut); ExitCode(err) != ExitUsage {
		t.Errorf("deleting a missing saved search: %v", err)
	}
	if err := Search(ctx, "", SearchOptions{Saved: "nope", DataOptions: env("bob").DataOptions}, &out, &errOut); ExitCode(err) != ExitUsage ||
		!strings.Contains(err.Error(), `there are "tailings"`) {
		t.Errorf("an unknown saved search: %v", err)
	}
	if err := Search(ctx, "x", SearchOptions{Saved: "tailings", DataOptions: env("bob").DataOptions}, &out, &errOut); ExitCode(err) != ExitUsage {
		t.Errorf("a query and --saved: %v", err)
	}
}

type concernsOut struct {
	Article string
	Items   []struct {
		ID      string
		Score   float64
		Strong  bool
		Passage struct {
			Start, End int
			Quote      string
		}
	}
}

// TestConcernsCommand: the Gateway roundtable concerns the keg-* items
// first, each passage is the article's text at its range, and the range
// is taken as it is as evidence.
func TestConcernsCommand(t *testing.T) {
	ctx := context.Background()
	env := ReviewEnv{DataOptions: DataOptions{DataDir: t.TempDir(), As: "alice"}}
	var out, errOut bytes.Buffer
	const keg = "003_272ce948f6555c66"
	if err := Concerns(ctx, env, keg, ConcernsOptions{JSON: true, Limit: 3}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var got concernsOut
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	text := seedText(t, keg)
	if got.Article != keg || len(got.Items) != 3 {
		t.Fatalf("concerns: %+v", got)
	}
	for i, want := range []string{"keg-1", "keg-2", "keg-3"} {
		it := got.Items[i]
		if it.ID != want || it.Score <= 0 || it.Score > 1 || text[it.Passage.Start:it.Passage.End] != it.Passage.Quote {
			t.Errorf("item %d: %+v, want %s with its passage", i, it, want)
		}
	}
	p := got.Items[1].Passage
	spec := keg + ":" + itoa(p.Start) + "-" + itoa(p.End)
	if err := Review(ctx, env, "keg-2", ReviewOptions{Evidence: []string{spec}}, &out, &errOut); err != nil {
		t.Errorf("the passage's range as evidence: %v", err)
	}
	out.Reset()
	if err := Concerns(ctx, env, keg, ConcernsOptions{}, &out, &errOut); err != nil || !strings.Contains(out.String(), "keg-2") ||
		!strings.Contains(out.String(), itoa(p.Start)+"-"+itoa(p.End)) {
		t.Errorf("text output: %v\n%s", err, out.String())
	}
	for _, c := range []struct {
		id string
		o  ConcernsOptions
	}{{"no-such-article", ConcernsOptions{}}, {keg, ConcernsOptions{Limit: -1}}} {
		if err := Concerns(ctx, env, c.id, c.o, &out, &errOut); ExitCode(err) != ExitUsage {
			t.Errorf("concerns %s %+v: %v, want a usage error", c.id, c.o, err)
		}
	}
}

// seedText is a seed article's text as dossier reads it (offsets point into it).
func seedText(t *testing.T, id string) string {
	t.Helper()
	c, err := LoadCorpus(Sources{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	text, err := c.Text(id)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestCiteCommand: the citation of a passage and of a whole article, in
// the three formats; a range that cuts a word is refused with the
// whole-word range.
func TestCiteCommand(t *testing.T) {
	const rm = "002_c9518c213fe21bc0"
	text := seedText(t, rm)
	start := strings.Index(text, "The roadmap also envisages")
	end := start + len("The roadmap also envisages")
	spec := rm + ":" + itoa(start) + "-" + itoa(end)
	for _, c := range []struct{ spec, format, want string }{
		{spec, "text", "“The roadmap also envisages” — The Astana Times, “EU, Kazakhstan strengthen cooperation on critical raw materials”, 7 Apr 2025, https://astanatimes.com/2025/04/eu-kazakhstan-strengthen-cooperation-on-critical-raw-materials/\n"},
		{spec, "md", "“The roadmap also envisages” — The Astana Times, [“EU, Kazakhstan strengthen cooperation on critical raw materials”](https://astanatimes.com/2025/04/eu-kazakhstan-strengthen-cooperation-on-critical-raw-materials/), 7 Apr 2025\n"},
		{"004_d123cf3179b2b0cd", "text", "Turkish News World (German edition), “EU und Kasachstan intensivieren Kooperation bei strategischen Rohstoffen”, https://de.turkishnewsworld.com/eu-und-kasachstan-intensivieren-kooperation-bei-strategischen-rohstoffen\n"},
	} {
		var out, errOut bytes.Buffer
		if err := Cite(Sources{}, c.spec, c.format, &out, &errOut); err != nil {
			t.Fatalf("cite %s: %v", c.spec, err)
		}
		if out.String() != c.want {
			t.Errorf("cite %s --format %s:\n got %q\nwant %q", c.spec, c.format, out.String(), c.want)
		}
	}
	var out, errOut bytes.Buffer
	if err := Cite(Sources{}, spec, "json", &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var j struct {
		ID, Quote, Outlet, Title, Date, URL, Text string
		Start, End                                int
	}
	if err := json.Unmarshal(out.Bytes(), &j); err != nil || j.ID != rm || j.Start != start || j.End != end ||
		j.Quote != "The roadmap also envisages" || j.Date != "7 Apr 2025" || !strings.HasPrefix(j.Text, "“The roadmap") {
		t.Errorf("cite --format json: %+v %v", j, err)
	}
	for _, c := range []struct{ spec, format, msg string }{
		{rm + ":" + itoa(start+1) + "-" + itoa(end), "text", "whole words are"},
		{"no-such", "text", "no article"},
		{spec, "pdf", "--format"},
	} {
		if err := Cite(Sources{}, c.spec, c.format, &out, &errOut); ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("cite %s --format %s: %v, want a usage error with %q", c.spec, c.format, err, c.msg)
		}
	}
}

// TestRoadmapFilterAndNews: --filter keeps the matching items and says so,
// --order sorts them, a bad filter points at its mistake, and every item
// carries its last news and quiet days.
func TestRoadmapFilterAndNews(t *testing.T) {
	ctx := context.Background()
	env := ReviewEnv{DataOptions: DataOptions{DataDir: t.TempDir(), As: "alice"}}
	var out, errOut bytes.Buffer
	if err := Review(ctx, env, "rm23-2", ReviewOptions{Status: "at-risk"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if err := Review(ctx, env, "keg-1", ReviewOptions{Status: "blocked"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	env.Filter = "status:at-risk,blocked"
	if err := Roadmap(ctx, env, false, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "2 of 26 items · status:at-risk,blocked · catalogue order\n") ||
		!strings.Contains(out.String(), "rm23-2") || !strings.Contains(out.String(), "keg-1") || strings.Contains(out.String(), "mou-1.1") {
		t.Errorf("filtered roadmap:\n%s", out.String())
	}
	out.Reset()
	env.Filter, env.Order = "", "quiet"
	if err := Roadmap(ctx, env, true, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var j struct {
		Shown, Total int
		Order        string
		Ranked       []string
		Groups       []struct {
			Items []struct {
				ID        string
				LastNews  *string `json:"last_news"`
				QuietDays *int    `json:"quiet_days"`
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	if j.Shown != 26 || j.Total != 26 || j.Order != "quiet" || len(j.Ranked) != 26 {
		t.Fatalf("ordered JSON: %d of %d, %q, %d ranked", j.Shown, j.Total, j.Order, len(j.Ranked))
	}
	news := map[string]*string{}
	for _, g := range j.Groups {
		for _, it := range g.Items {
			news[it.ID] = it.LastNews
			if (it.LastNews == nil) != (it.QuietDays == nil) {
				t.Errorf("%s: last_news %v, quiet_days %v", it.ID, it.LastNews, it.QuietDays)
			}
		}
	}
	if n := news["keg-2"]; n == nil || *n != "2025-12-09" {
		t.Errorf("keg-2's last news %v, want the roundtable of 2025-12-09", n)
	}
	if n := news["rm25-7"]; n != nil {
		t.Errorf("rm25-7 has news %v; no article speaks of it", *n)
	}
	if first, last := news[j.Ranked[0]], news[j.Ranked[25]]; first != nil || last == nil || *last != "2025-12-09" {
		t.Errorf("quietest first: %v (first %v, last %v)", j.Ranked, first, last)
	}
	env.Order = ""
	env.Filter = "status:late"
	err := Roadmap(ctx, env, false, &out, &errOut)
	if ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), "bad filter: column 8: status:late") ||
		!strings.Contains(err.Error(), "status:late\n         ^") {
		t.Errorf("bad filter: %v", err)
	}
	env.Filter, env.Order = "", "alphabetical"
	if err := Roadmap(ctx, env, false, &out, &errOut); ExitCode(err) != ExitUsage {
		t.Errorf("bad order: %v", err)
	}
}

// TestMatchQueryRefusesPersonalSets: a news source's match: query is
// nobody's, so is:new is refused when the config file is read.
func TestMatchQueryRefusesPersonalSets(t *testing.T) {
	if err := matchQuery("kazakhstan lithium"); err != nil {
		t.Errorf("a plain query: %v", err)
	}
	if err := matchQuery("kazakhstan is:new"); err == nil || !strings.Contains(err.Error(), "is:new") {
		t.Errorf("is:new in a match query: %v", err)
	}
	if err := matchQuery("kazakhstan ("); err == nil {
		t.Error("a bad query was accepted")
	}
}
