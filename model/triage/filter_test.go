package triage

import (
	"errors"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/model/review"
	"dossier/model/roadmap"
)

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// rows are four items in catalogue order.
func rows() []Row {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	return []Row{
		{Item: roadmap.Item{ID: "mou-1.1", Text: "Identify joint projects along the value chains", Document: "MoU 2022", Area: "Area 1 · Economic integration"},
			Review: review.Review{Status: review.AtRisk, Note: "EBRD support confirmed", By: "Alice Example", At: now.Add(-2 * 24 * time.Hour),
				Evidence: []review.Evidence{{ArticleID: "001"}}},
			News: News{ArticleID: "001", Date: day(2022, 11, 8), Precision: model.Day, Via: ViaEvidence}},
		{Item: roadmap.Item{ID: "rm23-2", Text: "Cooperate more closely on geological exploration", Document: "Roadmap 2023-2024"},
			Review: review.Review{Status: review.OnTrack, By: "bob", At: now.Add(-40 * 24 * time.Hour)},
			News:   News{ArticleID: "002", Date: day(2025, 4, 1), Precision: model.Month, Via: ViaLink}},
		{Item: roadmap.Item{ID: "keg-2", Text: "Run EU–Kazakhstan pilot projects on metal-rich tailings", Document: "Kazakhstan–EU Gateway roundtable"},
			Review: review.Review{Status: review.Blocked, Note: "Tailings law pending", By: "Zoë", At: now.Add(-10 * 24 * time.Hour)},
			News:   News{ArticleID: "003", Date: day(2026, 2, 20), Precision: model.Day, Via: ViaLink}},
		{Item: roadmap.Item{ID: "rm25-7", Text: "Sarytogan graphite project selected as a Strategic Project", Document: "Roadmap 2025-2026"}},
	}
}

// TestFilter: each filter term, their combinations and negations, on four items.
func TestFilter(t *testing.T) {
	tests := []struct {
		filter string
		want   string // ids that match, in order
	}{
		{"", "mou-1.1 rm23-2 keg-2 rm25-7"},
		{"   ", "mou-1.1 rm23-2 keg-2 rm25-7"},
		{"status:at-risk", "mou-1.1"},
		{"status:AT_RISK", "mou-1.1"},
		{"status:unreviewed", "rm25-7"},
		{"status:at-risk,blocked", "mou-1.1 keg-2"},
		{"reviewer:bob", "rm23-2"},
		{"reviewer:zoe", "keg-2"}, // accents folded
		{`reviewer:"alice example"`, "mou-1.1"},
		{"reviewer:alice", ""}, // the whole name
		{"reviewer:bob,alice", "rm23-2"},
		{"has:evidence", "mou-1.1"},
		{"no:evidence", "rm23-2 keg-2 rm25-7"},
		{"has:note", "mou-1.1 keg-2"},
		{"no:note", "rm23-2 rm25-7"},
		{"has:news", "mou-1.1 rm23-2 keg-2"},
		{"no:news", "rm25-7"},
		{"changed:<7d", "mou-1.1"},
		{"changed:<=10d", "mou-1.1 keg-2"},
		{"changed:>30d", "rm23-2 rm25-7"}, // never changed: longer ago than anything
		{"changed:<2w", "mou-1.1 keg-2"},
		{"changed:>1m", "rm23-2 rm25-7"},
		{"quiet:>365d", "mou-1.1 rm25-7"}, // never in the news: quiet forever
		{"quiet:<1y", "rm23-2 keg-2"},
		{"quiet:>=300d", "mou-1.1 rm23-2 rm25-7"},
		{"quiet:<30d", "keg-2"},
		{"tailings", "keg-2"}, // text and note
		{"TAILINGS", "keg-2"},
		{"ebrd", "mou-1.1"},      // in the note
		{"rm2", "rm23-2 rm25-7"}, // in the id
		{"gateway", "keg-2"},     // in the document
		{"economic", "mou-1.1"},  // in the area
		{"kazakhstan", "keg-2"},  // "EU–Kazakhstan"
		{`"value chains"`, "mou-1.1"},
		{`"chains value"`, ""},
		{"project -tailings", "mou-1.1 rm25-7"},
		{"project NOT tailings", "mou-1.1 rm25-7"},
		{"-has:note", "rm23-2 rm25-7"},
		{"NOT status:unreviewed no:evidence", "rm23-2 keg-2"},
		{"status:blocked has:note changed:<30d quiet:<1y tailings", "keg-2"},
		{"status:blocked has:evidence", ""},
		{"Status:Done", ""},
	}
	for _, tt := range tests {
		f, err := ParseFilter(tt.filter)
		if err != nil {
			t.Errorf("ParseFilter(%q): %v", tt.filter, err)
			continue
		}
		var got []string
		for _, r := range rows() {
			if f.Match(r, now) {
				got = append(got, r.Item.ID)
			}
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%q matches %q, want %q", tt.filter, g, tt.want)
		}
		if f.String() != tt.filter {
			t.Errorf("String() = %q, want %q", f.String(), tt.filter)
		}
	}
}

// TestFilterErrors: a bad filter points at its mistake, as a bad query does.
func TestFilterErrors(t *testing.T) {
	tests := []struct {
		filter string
		col    int
		msg    string
	}{
		{"status:late", 8, "want unreviewed, on-track, at-risk, blocked or done"},
		{"status:at-risk,late", 16, "status:late"},
		{"status:", 8, "needs a value, e.g. status:at-risk"},
		{"owner:alice", 1, `unknown filter "owner:"`},
		{"has:pictures", 5, "want has:evidence, has:note or has:news"},
		{"no:", 4, "needs a value"},
		{"changed:7d", 9, "say < or > before the duration"},
		{"changed:<7", 9, "a number and a unit"},
		{"changed:<7x", 9, "a number and a unit"},
		{"quiet:>d", 7, "a number and a unit"},
		{"quiet:>-3d", 7, "a number and a unit"},
		{`"tailings`, 1, "never closed"},
		{`x ""`, 3, "empty phrase"},
		{"tailings -", 10, "a lone '-'"},
		{"tailings NOT", 10, "NOT needs a term after it"},
		{"--tailings", 2, "double negation"},
		{"Šefčovič owner:x", 10, `unknown filter "owner:"`}, // columns count characters
		{`reviewer:""`, 10, "empty phrase"},
		{"reviewer:,", 10, "needs a name"},
	}
	for _, tt := range tests {
		_, err := ParseFilter(tt.filter)
		var se *model.SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: error %v, want a *model.SyntaxError", tt.filter, err)
			continue
		}
		if se.Column() != tt.col || !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("%q: %v, want column %d and %q", tt.filter, se, tt.col, tt.msg)
		}
		if p := se.Pointer(); !strings.HasSuffix(p, "\n"+strings.Repeat(" ", tt.col-1)+"^") {
			t.Errorf("%q: pointer %q", tt.filter, p)
		}
	}
}

// TestOrders: catalogue order, last change first, quietest first; ties
// keep the catalogue's order.
func TestOrders(t *testing.T) {
	for _, tt := range []struct {
		order string
		want  string
	}{
		{"catalogue", "mou-1.1 rm23-2 keg-2 rm25-7"},
		{"changed", "mou-1.1 keg-2 rm23-2 rm25-7"},
		{"quiet", "rm25-7 mou-1.1 rm23-2 keg-2"},
	} {
		o, err := ParseOrder(tt.order)
		if err != nil {
			t.Fatal(err)
		}
		rs := rows()
		Sort(rs, o, now)
		var got []string
		for _, r := range rs {
			got = append(got, r.Item.ID)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("order %s: %s, want %s", tt.order, g, tt.want)
		}
		if o.String() != tt.order {
			t.Errorf("String() = %q", o.String())
		}
	}
	if _, err := ParseOrder("alphabetical"); err == nil {
		t.Error("an unknown order was accepted")
	}
	o := OrderCatalogue
	for range Orders() {
		o = o.Next()
	}
	if o != OrderCatalogue {
		t.Errorf("Next does not cycle through the orders: %v", o)
	}
}
