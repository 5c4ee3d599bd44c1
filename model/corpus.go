package model

import (
	"sort"
	"strings"
)

// Corpus is a loaded, read-only set of articles.
type Corpus struct {
	Name     string    // what the header shows: "seeds" or the folders' names
	Articles []Article // oldest first, undated last, then by id
	byID     map[string]int
}

// NewCorpus orders the articles and indexes them by id. Ids must be unique.
func NewCorpus(name string, arts []Article) *Corpus {
	sorted := append([]Article(nil), arts...)
	sort.SliceStable(sorted, func(i, j int) bool { return articleLess(sorted[i], sorted[j]) })
	c := &Corpus{Name: name, Articles: sorted, byID: make(map[string]int, len(sorted))}
	for i, a := range sorted {
		c.byID[a.ID] = i
	}
	return c
}

func articleLess(a, b Article) bool {
	if (a.Precision == Unknown) != (b.Precision == Unknown) {
		return b.Precision == Unknown
	}
	if !a.Date.Equal(b.Date) {
		return a.Date.Before(b.Date)
	}
	return a.ID < b.ID
}

// Len is the number of articles.
func (c *Corpus) Len() int { return len(c.Articles) }

// Article returns the article with the given id.
func (c *Corpus) Article(id string) (Article, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Article{}, false
	}
	return c.Articles[i], true
}

// Versions returns the other-language versions of an article: the one it
// translates and every translation of either, excluding the article itself.
func (c *Corpus) Versions(id string) []Article {
	a, ok := c.Article(id)
	if !ok {
		return nil
	}
	root := id
	if a.TranslationOf != "" {
		root = a.TranslationOf
	}
	var out []Article
	for _, b := range c.Articles {
		if b.ID != id && (b.ID == root || b.TranslationOf == root) {
			out = append(out, b)
		}
	}
	return out
}

// Languages lists the languages present, most common first.
func (c *Corpus) Languages() []string {
	n := map[string]int{}
	for _, a := range c.Articles {
		n[a.Lang]++
	}
	langs := make([]string, 0, len(n))
	for l := range n {
		langs = append(langs, l)
	}
	sort.Slice(langs, func(i, j int) bool {
		if n[langs[i]] != n[langs[j]] {
			return n[langs[i]] > n[langs[j]]
		}
		return strings.Compare(langs[i], langs[j]) < 0
	})
	return langs
}
