package briefing

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
	"dossier/model/triage"
	"dossier/seeds"
)

func sample(t *testing.T) Briefing {
	t.Helper()
	cat, err := roadmap.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	corpus, _, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	reviews := map[string]review.Review{
		// bob set the status, carol wrote the note, and alice, last, added evidence.
		"mou-1.1": {ItemID: "mou-1.1", Status: review.OnTrack, StatusBy: "bob", StatusAt: at.Add(-48 * time.Hour),
			Note: "HMS Bergbau lithium; *EBRD* support\nsecond line, with \"quotes\", commas", NoteBy: "carol", NoteAt: at.Add(-24 * time.Hour), By: "alice", At: at,
			Evidence: []review.Evidence{{ArticleID: "000_59948b4d9c446ef9", Start: 10, End: 60, Quote: "investment of the German company HMS Bergbau AG", By: "alice", At: at}}},
		"mou-2.1": {ItemID: "mou-2.1", Status: review.AtRisk, StatusBy: "bob", StatusAt: at, By: "bob", At: at},
	}
	return Build(cat, reviews, corpus, at)
}

func TestCSVParsesBack(t *testing.T) {
	b := sample(t)
	var buf bytes.Buffer
	if err := b.CSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if len(rows) != 1+26 { // header + one row per item (one item has one evidence)
		t.Fatalf("%d rows", len(rows))
	}
	if strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Errorf("header %v", rows[0])
	}
	var found bool
	for _, r := range rows[1:] {
		if r[2] == "mou-1.1" {
			found = true
			if r[4] != "on track" || r[5] != "HMS Bergbau lithium; *EBRD* support\nsecond line, with \"quotes\", commas" || r[6] != "alice" ||
				r[8] != "000_59948b4d9c446ef9" || r[9] != "Kazakhstan to strengthen cooperation with EU in critical raw materials" ||
				r[10] != "The Astana Times" || r[11] != "2023-06" || r[13] != "10" || r[14] != "60" ||
				r[15] != "bob" || r[16] != "2026-11-18T09:30:00Z" || r[17] != "carol" || r[18] != "2026-11-19T09:30:00Z" ||
				r[19] != "alice" || r[20] != "2026-11-20T09:30:00Z" {
				t.Errorf("mou-1.1 row %q", r)
			}
		}
	}
	if !found {
		t.Error("mou-1.1 missing")
	}
}

func TestJSONIsValid(t *testing.T) {
	var buf bytes.Buffer
	if err := sample(t).JSON(&buf); err != nil {
		t.Fatal(err)
	}
	var back Briefing
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("JSON invalid: %v", err)
	}
	if back.Summary != "2/26 reviewed · 1 on track · 1 at risk" || len(back.Groups) != 9 {
		t.Errorf("summary %q, %d groups", back.Summary, len(back.Groups))
	}
	it := back.Groups[0].Items[0]
	if it.ID != "mou-1.1" || it.At == nil || len(it.Evidence) != 1 || it.Evidence[0].Outlet != "The Astana Times" ||
		it.StatusBy != "bob" || it.StatusAt == nil || it.NoteBy != "carol" || it.NoteAt == nil || it.By != "alice" || it.Evidence[0].By != "alice" {
		t.Errorf("first item %+v", it)
	}
	if un := back.Groups[0].Items[1]; un.Status != "unreviewed" || un.At != nil || un.Evidence == nil || un.StatusAt != nil || un.StatusBy != "" {
		t.Errorf("unreviewed item %+v", un)
	}
}

func TestMarkdownReadable(t *testing.T) {
	var buf bytes.Buffer
	if err := sample(t).Markdown(&buf); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"# EU–Kazakhstan strategic partnership: roadmap review\n",
		"Generated 20 November 2026 09:30 UTC · 2/26 reviewed · 1 on track · 1 at risk",
		"## MoU 2022: raw materials, batteries and renewable hydrogen\n",
		"### Area 1 · Economic and industrial integration of value chains\n\n*1/3 reviewed · 1 on track*",
		"- **mou-1.1** Identify joint projects",
		"— **ON TRACK** (set by bob, 18 Nov 2026)\n",
		"  *Note by carol, 19 Nov 2026:*\n  HMS Bergbau lithium; \\*EBRD\\* support\n  second line",
		"  > investment of the German company HMS Bergbau AG\n  >\n  > — Kazakhstan to strengthen cooperation with EU in critical raw materials, The Astana Times, 2023-06 (000_59948b4d9c446ef9) · added by alice, 20 Nov 2026",
		"— **AT RISK** (set by bob, 20 Nov 2026)",
		"— **UNREVIEWED**",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if err := sample(t).Write(&buf, "pdf"); err == nil || !strings.Contains(err.Error(), "md, csv, json") {
		t.Errorf("unknown format: %v", err)
	}
}

func TestCSVCellsAreNotFormulas(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=HYPERLINK(\"http://x\",\"click\")", "'=HYPERLINK(\"http://x\",\"click\")"},
		{"+1 555", "'+1 555"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"on track", "on track"},
		{"", ""},
	} {
		if got := safe(tc.in)[0]; got != tc.want {
			t.Errorf("%q became %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestNewsInExports: each item's latest news and quiet days reach the
// JSON (last_news, quiet_days; null without news), the CSV and the
// Markdown ("quiet for 14 months").
func TestNewsInExports(t *testing.T) {
	b := sample(t)
	now := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	b.AddNews(map[string]triage.News{
		"mou-1.1": {ArticleID: "001_23f0434f9776576a", Date: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC), Precision: model.Month, Via: triage.ViaLink},
		"keg-2":   {ArticleID: "003_272ce948f6555c66", Date: time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC), Precision: model.Day, Via: triage.ViaEvidence},
	}, now)
	var buf bytes.Buffer
	if err := b.JSON(&buf); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Groups []struct {
			Items []map[string]any `json:"items"`
		} `json:"groups"`
	}
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	items := map[string]map[string]any{}
	for _, g := range back.Groups {
		for _, it := range g.Items {
			items[it["id"].(string)] = it
		}
	}
	if it := items["mou-1.1"]; it["last_news"] != "2025-09" || it["quiet_days"] != float64(416) || it["last_news_via"] != "link" {
		t.Errorf("mou-1.1: %v %v %v", it["last_news"], it["quiet_days"], it["last_news_via"])
	}
	if it := items["keg-2"]; it["last_news"] != "2026-11-10" || it["quiet_days"] != float64(10) {
		t.Errorf("keg-2: %v %v", it["last_news"], it["quiet_days"])
	}
	if it, ok := items["rm25-7"]; !ok || it["last_news"] != nil || it["quiet_days"] != nil {
		t.Errorf("rm25-7 without news: %v", it)
	} else if _, has := it["quiet_days"]; !has {
		t.Error("quiet_days is left out instead of null")
	}
	buf.Reset()
	if err := b.Markdown(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "(set by bob, 18 Nov 2026) · *quiet for 13 months (last news Sep 2025)*\n") {
		t.Errorf("Markdown lacks the quiet line:\n%s", buf.String())
	}
	for _, line := range strings.Split(buf.String(), "\n") {
		if strings.Contains(line, "**keg-2**") && strings.Contains(line, "quiet") {
			t.Errorf("an item with recent news is called quiet: %s", line)
		}
		if strings.Contains(line, "**rm25-7**") && strings.Contains(line, "quiet") {
			t.Errorf("an item whose news was not found is called quiet: %s", line)
		}
	}
	buf.Reset()
	if err := b.CSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&buf).ReadAll()
	last, quiet := slices.Index(rows[0], "last_news"), slices.Index(rows[0], "quiet_days")
	if last < 0 || quiet < 0 {
		t.Fatalf("CSV header %q lacks last_news or quiet_days", rows[0])
	}
	for _, r := range rows[1:] {
		if r[2] == "keg-2" && (r[last] != "2026-11-10" || r[quiet] != "10") {
			t.Errorf("keg-2 CSV row %q", r)
		}
		if r[2] == "rm25-7" && (r[last] != "" || r[quiet] != "") {
			t.Errorf("rm25-7 CSV row %q", r)
		}
	}
}
