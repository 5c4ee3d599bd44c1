package library

import (
	"fmt"
	"strings"

	"dossier/model"
)

// corpusChanges is what differs between two states of a corpus: articles by id,
// changed when their file's checksum or size differs.
type corpusChanges struct {
	Added, Changed, Removed []model.Article
}

// diffCorpora compares two corpora; before may be nil (nothing was loaded).
// It is linear in the corpora.
func diffCorpora(before, after *model.Corpus) corpusChanges {
	var d corpusChanges
	for _, a := range after.Articles {
		var b model.Article
		ok := false
		if before != nil {
			b, ok = before.Article(a.ID)
		}
		switch {
		case !ok:
			d.Added = append(d.Added, a)
		case b.Sum != a.Sum || b.Size != a.Size:
			d.Changed = append(d.Changed, a)
		}
	}
	if before != nil {
		for _, b := range before.Articles {
			if _, ok := after.Article(b.ID); !ok {
				d.Removed = append(d.Removed, b)
			}
		}
	}
	return d
}

// Empty reports whether nothing changed.
func (d corpusChanges) Empty() bool {
	return len(d.Added)+len(d.Changed)+len(d.Removed) == 0
}

// String is the notice of the changes: "1 new article: “Title”",
// "3 new articles, 1 changed, 2 removed", "" when nothing changed.
func (d corpusChanges) String() string {
	kinds := []struct {
		arts      []model.Article
		one, many string // alone
		short     string // after another kind
	}{
		{d.Added, "1 new article", "%d new articles", "%d new"},
		{d.Changed, "1 article changed", "%d articles changed", "%d changed"},
		{d.Removed, "1 article removed", "%d articles removed", "%d removed"},
	}
	var parts []string
	sole := -1
	for i, k := range kinds {
		n := len(k.arts)
		switch {
		case n == 0:
			continue
		case len(parts) > 0:
			parts = append(parts, fmt.Sprintf(k.short, n))
		case n == 1:
			parts = append(parts, k.one)
		default:
			parts = append(parts, fmt.Sprintf(k.many, n))
		}
		sole = i
	}
	if len(parts) == 1 && len(kinds[sole].arts) == 1 {
		return parts[0] + ": “" + shortTitle(kinds[sole].arts[0]) + "”"
	}
	return strings.Join(parts, ", ")
}

// shortTitle is an article's title on one line, cut at a word to at most
// about 60 characters.
func shortTitle(a model.Article) string {
	t := model.SanitizeLine(a.Title)
	if t == "" {
		t = model.Escape(a.ID)
	}
	r := []rune(t)
	if len(r) <= 60 {
		return t
	}
	cut := string(r[:60])
	if i := strings.LastIndexByte(cut, ' '); i > 30 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}
