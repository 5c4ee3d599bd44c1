package roadmap

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"dossier/model"
)

// validInput exercises every accepted construct; line numbers are noted on the right.
const validInput = `<!--
- [hidden] inside a comment, not an item
# not a heading either
-->
# Doc A

Intro paragraph, ignored.
* a prose bullet, ignored

- [a-0] Directly under the document.

## Area 1 ##
- [a-1.1] First item
  continued on a second line
	and a tab-indented third. (sources: s1, s_2)
- [a-1.2] Second item (EBRD) (SOURCES: s1)
### a note heading, ignored
- [a-1.3]   No sources.   

<!-- one-line comment -->
## Area 2
- [a.2] Text with (parentheses) kept. (sources: )
# Doc B
## Area 1
- [b-1] Last.(sources:s3)`

func TestParseValid(t *testing.T) {
	cat, err := Parse("cat.md", []byte(validInput))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := &Catalogue{Groups: []Group{
		{Document: "Doc A", Items: []Item{
			{ID: "a-0", Text: "Directly under the document.", Document: "Doc A", Line: 10},
		}},
		{Document: "Doc A", Area: "Area 1", Items: []Item{
			{ID: "a-1.1", Text: "First item continued on a second line and a tab-indented third.", Sources: []string{"s1", "s_2"}, Document: "Doc A", Area: "Area 1", Line: 13},
			{ID: "a-1.2", Text: "Second item (EBRD)", Sources: []string{"s1"}, Document: "Doc A", Area: "Area 1", Line: 16},
			{ID: "a-1.3", Text: "No sources.", Document: "Doc A", Area: "Area 1", Line: 18},
		}},
		{Document: "Doc A", Area: "Area 2", Items: []Item{
			{ID: "a.2", Text: "Text with (parentheses) kept.", Document: "Doc A", Area: "Area 2", Line: 22},
		}},
		{Document: "Doc B", Area: "Area 1", Items: []Item{
			{ID: "b-1", Text: "Last.", Sources: []string{"s3"}, Document: "Doc B", Area: "Area 1", Line: 25},
		}},
	}, Documents: []Document{
		{Title: "Doc A", Description: "Intro paragraph, ignored.", Line: 5},
		{Title: "Doc B", Line: 23},
	}}
	if !reflect.DeepEqual(cat, want) {
		t.Errorf("Parse mismatch\n got %+v\nwant %+v", cat, want)
	}
}

func TestParseDates(t *testing.T) {
	in := "# Roadmap 2023-2024 (date: 2023-05-19) (period: 2023-2024)\n" +
		"Agreed by exchange of letters\n  and announced in Almaty.\n\nA second paragraph.\n\n" +
		"## Actions\n" +
		"- [a] Facility (May 2023). (date: 2023-05) (sources: s1)\n" +
		"- [b] Project. (sources: s1, s2) (DATE: 2025) (period: 2025–2026)\n" +
		"- [c] Undated.\n" +
		"# Other\n* a list\n- [d] Day. (date: 2024-05-16)\n"
	cat, err := Parse("cat.md", []byte(in))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	wantDocs := []Document{
		{Title: "Roadmap 2023-2024", Description: "Agreed by exchange of letters and announced in Almaty.",
			Date: Date{Time: day(2023, 5, 19), Precision: model.Day, PeriodFrom: 2023, PeriodTo: 2024}, Line: 1},
		{Title: "Other", Line: 11},
	}
	if !reflect.DeepEqual(cat.Documents, wantDocs) {
		t.Errorf("documents\n got %+v\nwant %+v", cat.Documents, wantDocs)
	}
	want := map[string]Date{
		"a": {Time: day(2023, 5, 1), Precision: model.Month, PeriodFrom: 2023, PeriodTo: 2024},
		"b": {Time: day(2025, 1, 1), Precision: model.Year, PeriodFrom: 2025, PeriodTo: 2026},
		"c": {},
		"d": {Time: day(2024, 5, 16), Precision: model.Day},
	}
	for id, w := range want {
		it, ok := cat.Item(id)
		if !ok || it.Date != w {
			t.Errorf("item %s date %+v, want %+v", id, it.Date, w)
		}
	}
	if it, _ := cat.Item("b"); it.Text != "Project." || !reflect.DeepEqual(it.Sources, []string{"s1", "s2"}) {
		t.Errorf("item b = %+v", it)
	}
	if it, _ := cat.Item("a"); it.Text != "Facility (May 2023)." {
		t.Errorf("item a text %q", it.Text)
	}
}

func TestParseCRLFAndBOM(t *testing.T) {
	in := "\ufeff# D\r\n## A\r\n- [x] one\r\n  two (sources: s1)\r\n"
	cat, err := Parse("cat.md", []byte(in))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := []Item{{ID: "x", Text: "one two", Sources: []string{"s1"}, Document: "D", Area: "A", Line: 3}}
	if got := cat.Items(); !reflect.DeepEqual(got, want) {
		t.Errorf("Items() = %+v, want %+v", got, want)
	}
}

type errorCase struct {
	name string
	in   string
	want []string
}

// errorCases lists malformed catalogues with the exact errors Parse reports for them.
func errorCases() []errorCase {
	return []errorCase{
		{"item before heading", "- [x] text\n# D\n- [y] ok\n",
			[]string{"cat.md:1: item before any heading: put a # document heading above it"}},
		{"duplicate id", "# D\n- [x] one\n- [x] two\n",
			[]string{`cat.md:3: duplicate item id "x" (first used on line 2)`}},
		{"bad id", "# D\n- [Mou 1] text\n- [-x] text\n",
			[]string{
				`cat.md:2: invalid item id "Mou 1": use a-z, 0-9, '.' and '-', starting with a letter or digit`,
				`cat.md:3: invalid item id "-x": use a-z, 0-9, '.' and '-', starting with a letter or digit`,
			}},
		{"empty id", "# D\n- [ ] text\n",
			[]string{"cat.md:2: item has an empty id"}},
		{"unclosed id", "# D\n- [abc text\n  more\n",
			[]string{"cat.md:2: item id has no closing ]"}},
		{"empty text", "# D\n- [x]\n- [y] (sources: s1)\n",
			[]string{`cat.md:2: item "x" has no text`, `cat.md:3: item "y" has no text`}},
		{"unterminated sources", "# D\n- [x] text (sources: s1,\n  s2\n",
			[]string{`cat.md:2: item "x" has an unterminated "(sources:" list: close it with ")"`}},
		{"text after sources", "# D\n- [x] text (sources: s1). More\n",
			[]string{`cat.md:2: item "x" has text after its (sources: ...) list, which must end the item`}},
		{"bad sources", "# D\n- [x] text (sources: s1, a/b, , s1)\n",
			[]string{
				`cat.md:2: item "x" has an invalid source id "a/b": use letters, digits, '_', '.' and '-'`,
				`cat.md:2: item "x" has an empty source id in its (sources: ...) list`,
				`cat.md:2: item "x" lists source "s1" twice`,
			}},
		{"area before document", "## A\n- [x] t\n# D\n- [y] t\n",
			[]string{"cat.md:1: area heading (##) before any document heading (#)"}},
		{"empty heading", "#\n- [x] t\n##   \n- [y] t\n# ##\n- [z] t\n",
			[]string{
				"cat.md:1: heading has an empty title",
				"cat.md:3: heading has an empty title",
				"cat.md:5: heading has an empty title",
			}},
		{"missing space in heading", "# D\n##Area\n- [x] t\n",
			[]string{`cat.md:2: missing space after "##" in heading`}},
		{"not UTF-8", "# D\n- [x] ok\n- [y] caf\xe9\n",
			[]string{"cat.md:3: not valid UTF-8 (save the file as UTF-8)"}},
		{"UTF-16", "\xff\xfe#\x00 \x00D\x00",
			[]string{"cat.md:1: not valid UTF-8 (save the file as UTF-8)"}},
		{"no items", "# D\n## A\nJust prose.\n* a bullet\n",
			[]string{`cat.md:1: catalogue has no items (an item is a line "- [id] text")`}},
		{"empty file", "",
			[]string{`cat.md:1: catalogue has no items (an item is a line "- [id] text")`}},
		{"unterminated comment", "# D\n- [x] t\n<!-- start\n- [y] t\n",
			[]string{`cat.md:3: comment "<!--" is never closed with "-->"`}},
		{"nested item", "# D\n- [x] t\n  - [y] u\n",
			[]string{"cat.md:3: item must start at the beginning of the line (nested items are not supported)"}},
		{"unindented continuation", "# D\n- [x] t\nnot indented\n",
			[]string{"cat.md:3: text directly after an item: indent it to continue the item, or add a blank line before it"}},
		{"errors sorted by line", "# D\n- [x] (sources: a\nlazy\n",
			[]string{
				`cat.md:2: item "x" has no text`,
				`cat.md:2: item "x" has an unterminated "(sources:" list: close it with ")"`,
				"cat.md:3: text directly after an item: indent it to continue the item, or add a blank line before it",
			}},
		{"bad date", "# D\n- [x] t (date: 2023-13-01)\n- [y] t (date: 4 April)\n- [z] t (date: )\n",
			[]string{
				`cat.md:2: item "x" has an invalid (date: 2023-13-01): want YYYY-MM-DD, YYYY-MM or YYYY`,
				`cat.md:3: item "y" has an invalid (date: 4 April): want YYYY-MM-DD, YYYY-MM or YYYY`,
				`cat.md:4: item "z" has an empty (date: ...): give YYYY-MM-DD, YYYY-MM or YYYY`,
			}},
		{"bad period", "# D (period: 2024-2023)\n- [x] t (period: 2023)\n",
			[]string{
				`cat.md:1: heading has an invalid (period: 2024-2023): want two years such as 2023-2024, the first before the second`,
				`cat.md:2: item "x" has an invalid (period: 2023): want two years such as 2023-2024, the first before the second`,
			}},
		{"attribute twice and text after it", "# D\n- [x] t (date: 2023) (date: 2024)\n- [y] t (date: 2023) more\n",
			[]string{
				`cat.md:2: item "x" has two (date: ...) attributes`,
				`cat.md:3: item "y" has text after its (date: ...) attribute, which must end the item`,
			}},
		{"unterminated date", "# D\n- [x] t (date: 2023\n",
			[]string{`cat.md:2: item "x" has an unterminated "(date:" attribute: close it with ")"`}},
		{"attributes on the wrong heading", "# D (sources: a)\n## A (date: 2023)\n- [x] t\n",
			[]string{
				"cat.md:1: heading cannot have a (sources: ...) list: put it on the items",
				"cat.md:2: area heading cannot have a (date: ...) or (period: ...): put it on the # heading or the items",
			}},
		{"all errors collected", "## Early\n# D\n- [x] one\n- [x] two\n- [Bad] three\n- [y]\n- [z] t (sources: a\n",
			[]string{
				"cat.md:1: area heading (##) before any document heading (#)",
				`cat.md:4: duplicate item id "x" (first used on line 3)`,
				`cat.md:5: invalid item id "Bad": use a-z, 0-9, '.' and '-', starting with a letter or digit`,
				`cat.md:6: item "y" has no text`,
				`cat.md:7: item "z" has an unterminated "(sources:" list: close it with ")"`,
			}},
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range errorCases() {
		t.Run(tc.name, func(t *testing.T) {
			cat, err := Parse("cat.md", []byte(tc.in))
			if cat != nil {
				t.Errorf("Parse returned a catalogue with an error: %+v", cat)
			}
			var pe ParseErrors
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not ParseErrors", err, err)
			}
			var got []string
			for _, e := range pe {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("errors:\n got %q\nwant %q", got, tc.want)
			}
			if err.Error() != strings.Join(tc.want, "\n") {
				t.Errorf("Error() = %q, want the lines joined by newlines", err.Error())
			}
		})
	}
}

func TestParseErrorWithoutFile(t *testing.T) {
	e := ParseError{Line: 4, Msg: "boom"}
	if got := e.Error(); got != "line 4: boom" {
		t.Errorf("Error() = %q, want %q", got, "line 4: boom")
	}
}

func TestCatalogueLookup(t *testing.T) {
	cat, err := Parse("cat.md", []byte(validInput))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	var ids []string
	for _, it := range cat.Items() {
		ids = append(ids, it.ID)
	}
	if want := []string{"a-0", "a-1.1", "a-1.2", "a-1.3", "a.2", "b-1"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("Items() ids = %q, want %q", ids, want)
	}
	it, ok := cat.Item("a-1.1")
	if !ok || it.Line != 13 || it.Area != "Area 1" || !reflect.DeepEqual(it.Sources, []string{"s1", "s_2"}) {
		t.Errorf("Item(a-1.1) = %+v, %v", it, ok)
	}
	it.Sources[0] = "changed"
	cat.Items()[1].Sources[1] = "changed"
	if again, _ := cat.Item("a-1.1"); !reflect.DeepEqual(again.Sources, []string{"s1", "s_2"}) {
		t.Errorf("Sources not copied: catalogue now has %q", again.Sources)
	}
	if it, ok := cat.Item("missing"); ok || it.ID != "" {
		t.Errorf("Item(missing) = %+v, %v; want zero, false", it, ok)
	}
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"ok.md":  {Data: []byte("# D\n- [x] t\n")},
		"bad.md": {Data: []byte("# D\n- [x]\n")},
	}
	cat, err := Load(fsys, "ok.md")
	if err != nil || len(cat.Items()) != 1 {
		t.Fatalf("Load(ok.md) = %+v, %v", cat, err)
	}
	_, err = Load(fsys, "bad.md")
	var pe ParseErrors
	if !errors.As(err, &pe) || len(pe) != 1 || pe[0].File != "bad.md" || pe[0].Line != 2 {
		t.Errorf("Load(bad.md) error = %v, want one ParseError at bad.md:2", err)
	}
	_, err = Load(fsys, "missing.md")
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "missing.md") {
		t.Errorf("Load(missing.md) error = %v, want a wrapped fs.ErrNotExist naming the path", err)
	}
	if errors.As(err, &pe) {
		t.Errorf("a read error must not be ParseErrors: %v", err)
	}
}

// seedIDs are the article ids of the seed corpus that roadmap items may cite.
func seedIDs() map[string]bool {
	return map[string]bool{
		"000_59948b4d9c446ef9": true,
		"001_23f0434f9776576a": true,
		"002_c9518c213fe21bc0": true,
		"003_272ce948f6555c66": true,
		"004_d123cf3179b2b0cd": true,
	}
}

func TestSeedCatalogue(t *testing.T) {
	data, err := os.ReadFile("../../seeds/roadmap.md")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := Parse("seeds/roadmap.md", data)
	if err != nil {
		t.Fatalf("seed catalogue does not parse:\n%v", err)
	}
	if got := len(cat.Groups); got != 9 {
		t.Errorf("groups = %d, want 9", got)
	}
	items := cat.Items()
	if len(items) != 26 {
		t.Errorf("items = %d, want 26", len(items))
	}
	var docs []string
	for _, g := range cat.Groups {
		if len(docs) == 0 || docs[len(docs)-1] != g.Document {
			docs = append(docs, g.Document)
		}
	}
	wantDocs := []string{
		"MoU 2022: raw materials, batteries and renewable hydrogen",
		"Roadmap 2023-2024",
		"Roadmap 2025-2026",
		"Kazakhstan–EU Gateway roundtable, 9 December 2025",
	}
	if !reflect.DeepEqual(docs, wantDocs) {
		t.Errorf("documents = %q, want %q", docs, wantDocs)
	}
	prefix := map[string]string{wantDocs[0]: "mou-", wantDocs[1]: "rm23-", wantDocs[2]: "rm25-", wantDocs[3]: "keg-"}
	seen := map[string]bool{}
	known := seedIDs()
	for _, it := range items {
		if seen[it.ID] {
			t.Errorf("duplicate id %q", it.ID)
		}
		seen[it.ID] = true
		if !strings.HasPrefix(it.ID, prefix[it.Document]) {
			t.Errorf("item %q in %q should start with %q", it.ID, it.Document, prefix[it.Document])
		}
		if it.Area == "" {
			t.Errorf("item %q has no area", it.ID)
		}
		for _, s := range it.Sources {
			if !known[s] {
				t.Errorf("item %q cites %q, which is not a seed article", it.ID, s)
			}
			if _, err := os.Stat("../../seeds/" + s + ".txt"); err != nil {
				t.Errorf("item %q cites %q: %v", it.ID, s, err)
			}
		}
	}
	it, ok := cat.Item("mou-1.1")
	want := Item{
		ID:       "mou-1.1",
		Text:     "Identify joint projects along the raw materials, batteries and renewable hydrogen value chains, including recycling, and attract private investment.",
		Sources:  []string{"001_23f0434f9776576a"},
		Document: wantDocs[0],
		Area:     "Area 1 · Economic and industrial integration of value chains",
		Line:     it.Line,
	}
	if !ok || it.Line <= 0 || !reflect.DeepEqual(it, want) {
		t.Errorf("Item(mou-1.1) = %+v, %v; want %+v", it, ok, want)
	}
	if it, ok := cat.Item("keg-3"); !ok || !reflect.DeepEqual(it.Sources, []string{"003_272ce948f6555c66"}) {
		t.Errorf("Item(keg-3) = %+v, %v", it, ok)
	}
	// The dates of ../shared/reference/SOURCES.md.
	dates := map[string]string{
		wantDocs[0]: "2022-11-07 day", wantDocs[1]: "2023-05-19 day 2023-2024",
		wantDocs[2]: "2025-04-04 day 2025-2026", wantDocs[3]: "2025-12-09 day",
		"rm23-4": "2023-05-01 month 2023-2024", "rm23-5": "2023-06-01 day 2023-2024",
		"rm23-6": "2023-11-01 month 2023-2024", "rm23-7": "2024-05-16 day 2023-2024",
		"rm25-6": "2025-01-01 year 2025-2026", "rm25-7": "2025-06-01 month 2025-2026",
		"rm25-8": "2025-04-04 day 2025-2026",
	}
	show := func(d Date) string {
		if d.IsZero() {
			return ""
		}
		s := d.Time.Format(time.DateOnly) + " " + d.Precision.String()
		if d.PeriodFrom != 0 {
			s += fmt.Sprintf(" %d-%d", d.PeriodFrom, d.PeriodTo)
		}
		return s
	}
	for _, d := range cat.Documents {
		if got := show(d.Date); got != dates[d.Title] || d.Description == "" {
			t.Errorf("document %q: date %q, want %q; description %q", d.Title, got, dates[d.Title], d.Description)
		}
	}
	for _, it := range items {
		if got := show(it.Date); got != dates[it.ID] {
			t.Errorf("item %s: date %q, want %q", it.ID, got, dates[it.ID])
		}
	}
}

func TestLoadSeedCatalogue(t *testing.T) {
	cat, err := Load(os.DirFS("../.."), "seeds/roadmap.md")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cat.Items()); n != 26 {
		t.Errorf("items = %d, want 26", n)
	}
}
