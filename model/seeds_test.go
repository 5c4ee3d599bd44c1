package model_test

import (
	"testing"
	"time"

	"dossier/model"
	"dossier/seeds"
)

func TestSeedCorpus(t *testing.T) {
	c, ws, err := model.LoadCorpus(seeds.Corpus, seeds.Name)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 0 {
		t.Errorf("warnings on the seeds: %v", ws)
	}
	if c.Len() != 5 {
		t.Fatalf("seed corpus has %d articles, want 5", c.Len())
	}
	tests := []struct {
		id, lang, outlet, date string
		prec                   model.Precision
		titlePrefix            string
		translationOf          string
	}{
		{"000_59948b4d9c446ef9", "en", "The Astana Times", "2023-06-01", model.Month, "Kazakhstan to strengthen", ""},
		{"001_23f0434f9776576a", "en", "WiredGov (European Commission press release)", "2022-11-08", model.Day, "COP27:", ""},
		{"002_c9518c213fe21bc0", "en", "The Astana Times", "2025-04-07", model.Day, "EU, Kazakhstan strengthen", ""},
		{"003_272ce948f6555c66", "en", "ActiveNews", "2025-12-09", model.Day, "Kazakhstan-EU Gateway", ""},
		{"004_d123cf3179b2b0cd", "de", "Turkish News World (German edition)", "", model.Unknown, "EU und Kasachstan", "002_c9518c213fe21bc0"},
	}
	for _, tt := range tests {
		a, ok := c.Article(tt.id)
		if !ok {
			t.Errorf("%s missing", tt.id)
			continue
		}
		if a.Lang != tt.lang || a.Outlet != tt.outlet || a.Precision != tt.prec || a.TranslationOf != tt.translationOf {
			t.Errorf("%s: lang %s outlet %q precision %v translation_of %q", tt.id, a.Lang, a.Outlet, a.Precision, a.TranslationOf)
		}
		if got := a.DayString(); got != tt.date {
			t.Errorf("%s: date %q, want %q", tt.id, got, tt.date)
		}
		if len(a.Title) < len(tt.titlePrefix) || a.Title[:len(tt.titlePrefix)] != tt.titlePrefix {
			t.Errorf("%s: title %q", tt.id, a.Title)
		}
		// The detected language agrees with the catalogue.
		body, err := c.Text(tt.id)
		if err != nil {
			t.Fatal(err)
		}
		if d := model.DetectLanguage(body); d != tt.lang {
			t.Errorf("%s: detected %s, catalogue says %s", tt.id, d, tt.lang)
		}
	}
	// 001's date line is not part of the text.
	if body, _ := c.Text("001_23f0434f9776576a"); body[:9] != "Attending" {
		t.Errorf("001 body starts %q", body[:20])
	}
	// Oldest first, undated last.
	if c.Articles[0].ID != "001_23f0434f9776576a" || c.Articles[4].ID != "004_d123cf3179b2b0cd" {
		t.Errorf("order: %s ... %s", c.Articles[0].ID, c.Articles[4].ID)
	}
	_ = time.UTC
}
