package roadmap

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile("../../seeds/roadmap.md"); err == nil {
		f.Add(data)
	} else {
		f.Fatal(err)
	}
	f.Add([]byte(validInput))
	f.Add([]byte("# D " + payload + "\n\nAbout " + payload + "\n## A " + payload + "\n- [x] t " + payload + " (date: \x1b[2J)\n"))
	for _, tc := range errorCases() {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := strings.Count(string(data), "\n") + 1
		cat, err := Parse("f.md", data)
		if err != nil {
			if cat != nil {
				t.Fatalf("catalogue %+v returned with error %v", cat, err)
			}
			var pe ParseErrors
			if !errors.As(err, &pe) || len(pe) == 0 {
				t.Fatalf("error %v (%T) is not a non-empty ParseErrors", err, err)
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if r := unsafeFor(line); r >= 0 {
					t.Fatalf("error keeps %U: %q", r, line)
				}
			}
			for i, e := range pe {
				if e.Line <= 0 || e.Line > lines || e.File != "f.md" || e.Msg == "" {
					t.Fatalf("bad error %+v (file has %d lines)", e, lines)
				}
				if i > 0 && pe[i-1].Line > e.Line {
					t.Fatalf("errors not sorted by line: %v", err)
				}
			}
			return
		}
		items := cat.Items()
		if len(items) == 0 {
			t.Fatal("success with no items")
		}
		seen := map[string]bool{}
		for _, it := range items {
			if it.ID == "" || strings.TrimSpace(it.Text) == "" || it.Line <= 0 || it.Line > lines {
				t.Fatalf("bad item %+v (file has %d lines)", it, lines)
			}
			for _, s := range []string{it.Text, it.Document, it.Area} {
				if r := unsafeFor(s); r >= 0 {
					t.Fatalf("item %q keeps %U: %q", it.ID, r, s)
				}
			}
			if !validID(it.ID) || seen[it.ID] {
				t.Fatalf("invalid or duplicate id %q", it.ID)
			}
			seen[it.ID] = true
			if len(seen) > 100 {
				continue // Item is a linear scan; sampling keeps huge inputs fast
			}
			if got, ok := cat.Item(it.ID); !ok || got.Line != it.Line {
				t.Fatalf("Item(%q) = %+v, %v", it.ID, got, ok)
			}
		}
		for _, g := range cat.Groups {
			if len(g.Items) == 0 {
				t.Fatalf("empty group %+v", g)
			}
		}
		checkDate := func(what string, d Date, item bool) {
			if d.IsZero() {
				if !d.Time.IsZero() || item && d.PeriodFrom != 0 {
					t.Fatalf("%s: undated but %+v", what, d)
				}
				return
			}
			if h, m, s := d.Time.Clock(); h != 0 || m != 0 || s != 0 || d.Time.Location() != time.UTC {
				t.Fatalf("%s: date %v is not a UTC day", what, d.Time)
			}
			if d.PeriodFrom != 0 && (d.PeriodTo <= d.PeriodFrom || d.PeriodFrom < 1000 || d.PeriodTo > 9999) {
				t.Fatalf("%s: bad period %d-%d", what, d.PeriodFrom, d.PeriodTo)
			}
		}
		for _, it := range items {
			checkDate(it.ID, it.Date, true)
		}
		for _, d := range cat.Documents {
			if d.Line <= 0 || d.Line > lines || unsafeFor(d.Description) >= 0 || unsafeFor(d.Title) >= 0 {
				t.Fatalf("bad document %+v (file has %d lines)", d, lines)
			}
			checkDate(d.Title, d.Date, false)
		}
	})
}
