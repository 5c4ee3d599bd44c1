package index_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"dossier/index"
	rm "dossier/model/roadmap"
	"dossier/seeds"
)

// seedLinker relates the seed articles to the items of the seed roadmap.
var seedLinker = sync.OnceValues(func() (*index.Linker, error) {
	ix, err := seedIndex()
	if err != nil {
		return nil, err
	}
	cat, err := rm.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		return nil, err
	}
	return ix.NewLinker(context.Background(), index.RoadmapTopics(cat, nil))
})

func seedCatalogue(t *testing.T) *rm.Catalogue {
	t.Helper()
	cat, err := rm.Parse("roadmap.md", seeds.Roadmap)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func concerns(t *testing.T, id string) []index.Link {
	t.Helper()
	lk, err := seedLinker()
	if err != nil {
		t.Fatal(err)
	}
	ls, err := lk.Concerns(context.Background(), id, 0)
	if err != nil {
		t.Fatalf("Concerns(%s): %v", id, err)
	}
	return ls
}

// TestConcernsSeeds: each seed article concerns first the items of the
// document it reports: every item the catalogue says the article states
// ranks above every item of another document, item by item.
func TestConcernsSeeds(t *testing.T) {
	cat := seedCatalogue(t)
	tests := []struct {
		article, family string
		first           string // the item ranked first
	}{
		{cop27, "mou-", ""},
		{roadmap, "rm25-", ""},
		{germanRM, "rm25-", ""},
		{keg, "keg-", ""},
		{astana, "rm23-", "rm23-1"},
	}
	for _, tt := range tests {
		ls := concerns(t, tt.article)
		rank := map[string]int{}
		firstOther := len(ls)
		for i, l := range ls {
			rank[l.TopicID] = i
			if !strings.HasPrefix(l.TopicID, tt.family) && i < firstOther {
				firstOther = i
			}
		}
		if len(ls) == 0 || !strings.HasPrefix(ls[0].TopicID, tt.family) {
			t.Errorf("%s: first concern %v, want a %s* item", tt.article, ls[:min(1, len(ls))], tt.family)
			continue
		}
		if tt.first != "" && ls[0].TopicID != tt.first {
			t.Errorf("%s: first concern %s, want %s", tt.article, ls[0].TopicID, tt.first)
		}
		if tt.first != "" {
			continue // the catalogue names items of this article beyond the ones checked
		}
		for _, it := range cat.Items() {
			states := false
			for _, s := range it.Sources {
				states = states || s == tt.article || s == roadmap && tt.article == germanRM
			}
			if !states || !strings.HasPrefix(it.ID, tt.family) {
				continue
			}
			r, ok := rank[it.ID]
			if !ok || r > firstOther {
				t.Errorf("%s: %s (stated by the article) ranks %d, below another document's item at %d: %v",
					tt.article, it.ID, r, firstOther, linkIDs(ls))
			}
		}
	}
}

func linkIDs(ls []index.Link) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.TopicID)
	}
	return out
}

// TestConcernsPrecisionAt3: relevance is the catalogue's own word, the
// articles each item names in (sources: ...) (a translation states what
// its original states). Precision@3 averaged over the five seeds; the
// Astana Times article of 2023 is stated for two items only, so the best
// possible mean is 0.933.
func TestConcernsPrecisionAt3(t *testing.T) {
	cat := seedCatalogue(t)
	rel := map[string]map[string]bool{}
	for _, it := range cat.Items() {
		for _, s := range it.Sources {
			for _, id := range []string{s, map[string]string{roadmap: germanRM}[s]} {
				if id == "" {
					continue
				}
				if rel[id] == nil {
					rel[id] = map[string]bool{}
				}
				rel[id][it.ID] = true
			}
		}
	}
	sum := 0.0
	for _, id := range []string{astana, cop27, roadmap, keg, germanRM} {
		ls := concerns(t, id)
		hits := 0
		for _, l := range ls[:min(3, len(ls))] {
			if rel[id][l.TopicID] {
				hits++
			}
		}
		t.Logf("%s: %d of the first 3 are stated by the catalogue: %v", id, hits, linkIDs(ls[:min(3, len(ls))]))
		sum += float64(hits) / 3
	}
	mean := sum / 5
	t.Logf("mean precision@3 on the seeds: %.3f", mean)
	if mean < 0.85 {
		t.Errorf("mean precision@3 %.3f, want at least 0.85", mean)
	}
}

// TestConcernsPassages: each link's passage is a sentence of the article
// itself, on word boundaries (usable as evidence), that speaks of the item.
func TestConcernsPassages(t *testing.T) {
	ix, _ := seedIndex()
	want := []struct{ article, item, words string }{
		{keg, "keg-2", "tailings"},
		{keg, "keg-1", "Horizon Europe"},
		{cop27, "mou-2.1", "resilience"},
		{astana, "rm23-1", "HMS Bergbau"},
		{roadmap, "rm25-6", "EBRD"},
		{roadmap, "rm25-1", "geological exploration"},
		{germanRM, "rm25-1", "geologischer Erkundung"}, // found through its English original
	}
	for _, id := range []string{astana, cop27, roadmap, keg, germanRM} {
		text, err := ix.Corpus().Text(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range concerns(t, id) {
			p := l.Passage
			if p.Start >= p.End || p.End > len(text) {
				t.Errorf("%s %s: passage %v outside the text (%d bytes)", id, l.TopicID, p, len(text))
				continue
			}
			if !wordBoundary(text, p.Start) || !wordBoundary(text, p.End) {
				t.Errorf("%s %s: passage %v cuts a word: %q", id, l.TopicID, p, text[p.Start:p.End])
			}
			for _, w := range want {
				if w.article == id && w.item == l.TopicID && !strings.Contains(text[p.Start:p.End], w.words) {
					t.Errorf("%s %s: passage %q, want one with %q", id, l.TopicID, text[p.Start:p.End], w.words)
				}
			}
		}
	}
}

// wordBoundary: offset i does not fall between two letters or digits.
func wordBoundary(s string, i int) bool {
	if i <= 0 || i >= len(s) {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i:])
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	return !word(before) || !word(after)
}

// TestConcernsStrongAndEarly: an article that states an item links to it
// strongly; one published before the item's roadmap existed never does.
func TestConcernsStrongAndEarly(t *testing.T) {
	strong := map[string]map[string]bool{}
	for _, id := range []string{astana, roadmap, keg} {
		strong[id] = map[string]bool{}
		for _, l := range concerns(t, id) {
			strong[id][l.TopicID] = l.Strong
		}
	}
	for _, c := range []struct {
		article, item string
		want          bool
	}{
		{roadmap, "rm25-1", true}, {roadmap, "rm25-6", true}, {keg, "keg-2", true}, {astana, "rm23-1", true},
		{astana, "rm25-2", false}, {astana, "rm25-5", false}, {astana, "keg-3", false}, // June 2023: before them
	} {
		if strong[c.article][c.item] != c.want {
			t.Errorf("%s → %s strong = %v, want %v", c.article, c.item, strong[c.article][c.item], c.want)
		}
	}
	lk, _ := seedLinker()
	if _, err := lk.Concerns(context.Background(), "no-such-article", 3); err == nil {
		t.Error("an unknown article gave no error")
	}
	if ls, _ := lk.Concerns(context.Background(), keg, 2); len(ls) != 2 {
		t.Errorf("limit 2 gave %d", len(ls))
	}
}

// TestLatestNews: the newest article strongly linked to an item, found
// from the item (the same links as from the articles).
func TestLatestNews(t *testing.T) {
	lk, err := seedLinker()
	if err != nil {
		t.Fatal(err)
	}
	for item, want := range map[string]string{
		"keg-2":   keg,
		"rm23-1":  astana,
		"mou-1.1": cop27,
		"mou-3.3": keg, // stated in 2022, spoken of again in December 2025
		"rm25-1":  roadmap,
		"rm25-7":  "", // no article speaks of the Sarytogan project
	} {
		a, ok, err := lk.LatestNews(context.Background(), item)
		if err != nil || ok != (want != "") || a.ID != want {
			t.Errorf("LatestNews(%s) = %s %v %v, want %q", item, a.ID, ok, err, want)
		}
		if !ok {
			continue
		}
		// The same link seen from the article.
		found := false
		for _, l := range concerns(t, a.ID) {
			found = found || l.TopicID == item && l.Strong
		}
		if !found {
			t.Errorf("%s → %s is strong from the item but not from the article", item, a.ID)
		}
	}
	ps, err := lk.Passages(context.Background(), "keg-2", 3)
	if err != nil || len(ps) == 0 || ps[0].ArticleID != keg {
		t.Fatalf("Passages(keg-2) = %+v, %v", ps, err)
	}
}
