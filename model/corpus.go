package model

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
)

// TextSource gives the text of an article on demand.
type TextSource interface {
	// Text returns the sanitised text of a, exactly as it was indexed.
	Text(a Article) (string, error)
}

// ErrNoText is returned for an article whose text is not available.
var ErrNoText = errors.New("no text for this article")

// MemTexts holds texts in memory, by article id (the embedded seeds, small
// corpora, tests).
type MemTexts map[string]string

// Text returns the text kept for a.
func (m MemTexts) Text(a Article) (string, error) {
	t, ok := m[a.ID]
	if !ok {
		return "", fmt.Errorf("%s: %w", Escape(a.ID), ErrNoText)
	}
	return t, nil
}

// Corpus is a loaded, read-only set of articles.
type Corpus struct {
	Name     string    // what the header shows: "seeds" or the folders' names
	Articles []Article // oldest first, undated last, then by id
	byID     map[string]int
	find     func(id string) int // instead of byID (NewIndexedCorpus)
	texts    TextSource
	families families // built at the first Versions
	ids      struct {
		once sync.Once
		all  []string
	} // made at the first IDs
}

// families groups the articles that are versions of one another: every
// article a translation points to (its root), with the positions of the
// root and of its translations, in corpus order. Only articles with
// translations are in it. Built once, at first use, in one pass: a
// corpus opens without it, and every later Versions is a lookup (a screen
// asks for the versions of every source of an event at each draw).
type families struct {
	once sync.Once
	of   map[string][]int32
}

// NewCorpus orders the articles (oldest first, undated last, then by id)
// and indexes them by id; texts gives their texts (nil: none available).
// Ids must be unique. Articles already in order are taken as they are.
func NewCorpus(name string, arts []Article, texts TextSource) *Corpus {
	sorted := arts
	if !inOrder(arts) {
		// Sort small keys, not the articles themselves: moving the large
		// structs around cost more than the comparisons.
		keys := make([]int32, len(arts))
		for i := range keys {
			keys[i] = int32(i)
		}
		slices.SortFunc(keys, func(a, b int32) int { return CompareOrder(&arts[a], &arts[b]) })
		sorted = make([]Article, len(arts))
		for k, i := range keys {
			sorted[k] = arts[i]
		}
	}
	c := &Corpus{Name: name, Articles: sorted, byID: make(map[string]int, len(sorted)), texts: texts}
	for i := range sorted {
		c.byID[sorted[i].ID] = i
	}
	return c
}

// NewIndexedCorpus makes a corpus of articles already in corpus order
// whose positions by id find gives (-1: none), without a map: a kept
// index's manifest holds that table, so a large corpus opens in time that
// does not grow with it. Articles out of order are taken as NewCorpus
// takes them.
func NewIndexedCorpus(name string, arts []Article, texts TextSource, find func(id string) int) *Corpus {
	if !inOrder(arts) {
		return NewCorpus(name, arts, texts)
	}
	return &Corpus{Name: name, Articles: arts, find: find, texts: texts}
}

// inOrder reports whether the articles are in corpus order.
func inOrder(arts []Article) bool {
	for i := 1; i < len(arts); i++ {
		if CompareOrder(&arts[i-1], &arts[i]) > 0 {
			return false
		}
	}
	return true
}

// CompareOrder compares two articles in corpus order: oldest first,
// undated last, then by id.
func CompareOrder(a, b *Article) int {
	if c := cmp.Compare(orderKey(a), orderKey(b)); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// orderKey is an article's date in seconds, undated last.
func orderKey(a *Article) int64 {
	if a.Precision == Unknown {
		return math.MaxInt64
	}
	return a.Date.Unix()
}

// NewMemCorpus makes a corpus of documents held in memory.
func NewMemCorpus(name string, docs []Document) *Corpus {
	arts := make([]Article, len(docs))
	texts := make(MemTexts, len(docs))
	for i, d := range docs {
		if d.Size == 0 {
			d.Size = len(d.Body)
		}
		if d.Words == 0 {
			d.Words = CountWords(d.Body)
		}
		arts[i] = d.Article
		texts[d.ID] = d.Body
	}
	return NewCorpus(name, arts, texts)
}

// Len is the number of articles.
func (c *Corpus) Len() int { return len(c.Articles) }

// Article returns the article with the given id.
func (c *Corpus) Article(id string) (Article, bool) {
	i := c.Position(id)
	if i < 0 {
		return Article{}, false
	}
	return c.Articles[i], true
}

// Position returns the index of the article with the given id in
// Articles (and in IDs), or -1.
func (c *Corpus) Position(id string) int {
	if c.find != nil {
		i := c.find(id)
		if i < 0 || i >= len(c.Articles) || c.Articles[i].ID != id {
			return -1
		}
		return i
	}
	i, ok := c.byID[id]
	if !ok {
		return -1
	}
	return i
}

// Text returns the text of the article with the given id, reading it if need be.
func (c *Corpus) Text(id string) (string, error) {
	a, ok := c.Article(id)
	if !ok {
		return "", fmt.Errorf("no article %s", Escape(id))
	}
	if c.texts == nil {
		return "", fmt.Errorf("%s: %w", Escape(id), ErrNoText)
	}
	return c.texts.Text(a)
}

// Document returns an article with its text.
func (c *Corpus) Document(id string) (Document, error) {
	a, ok := c.Article(id)
	if !ok {
		return Document{}, fmt.Errorf("no article %s", Escape(id))
	}
	t, err := c.Text(id)
	return Document{Article: a, Body: t}, err
}

// Texts returns the corpus's source of texts.
func (c *Corpus) Texts() TextSource { return c.texts }

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
	c.families.once.Do(c.groupFamilies)
	var out []Article
	for _, i := range c.families.of[root] {
		if b := c.Articles[i]; b.ID != id {
			out = append(out, b)
		}
	}
	return out
}

// groupFamilies fills c.families: each article b belongs to the family of
// root r when b is r or translates r.
func (c *Corpus) groupFamilies() {
	of := map[string][]int32{}
	for i := range c.Articles {
		if t := c.Articles[i].TranslationOf; t != "" {
			of[t] = nil
		}
	}
	for i := range c.Articles {
		b := &c.Articles[i]
		if _, ok := of[b.ID]; ok {
			of[b.ID] = append(of[b.ID], int32(i))
		}
		if t := b.TranslationOf; t != "" && t != b.ID {
			of[t] = append(of[t], int32(i))
		}
	}
	c.families.of = of
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

// IDs returns every article's id in corpus order, made once for every
// caller (each session counts its new articles over them): the slice is
// shared and must not be changed.
func (c *Corpus) IDs() []string {
	c.ids.once.Do(func() {
		c.ids.all = make([]string, len(c.Articles))
		for i, a := range c.Articles {
			c.ids.all[i] = a.ID
		}
	})
	return c.ids.all
}
