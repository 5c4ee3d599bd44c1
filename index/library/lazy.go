package library

import (
	"fmt"

	"dossier/index"
	"dossier/model"
)

// A command that searches once (dossier search) reads a published
// generation's articles one at a time, where they lie in its manifest:
// those of the hits it shows, not the corpus. Its facets and families are
// counted by the manifest's codes (keptDocs), which serve every search of
// a published generation, the dashboard's too.

// keptDocs numbers a published generation's documents (index.Coded).
type keptDocs struct{ v *manifestView }

// Len is the number of document numbers.
func (k keptDocs) Len() int { return k.v.docs }

// Live is the number of live documents.
func (k keptDocs) Live() int { return k.v.live }

// ID is the article id of document n.
func (k keptDocs) ID(n int) string {
	if p := k.v.docPosition(n); p >= 0 {
		return k.v.idAt(p)
	}
	return ""
}

// Codes returns document n's facet values and family, as numbers.
func (k keptDocs) Codes(n int) (lang, year, source, family int32) {
	p := k.v.docPosition(n)
	if p < 0 {
		return -1, -1, -1, -1
	}
	return k.v.codesAt(p)
}

// FacetNames returns the languages, years and outlets the codes stand for.
func (k keptDocs) FacetNames() (langs, years, sources []string) {
	return k.v.dicts[0], k.v.dicts[1], k.v.dicts[2]
}

// FamilyID is the id of a family's root.
func (k keptDocs) FamilyID(family int32) string { return k.v.idAt(int(family)) }

// keptArticles gives a published generation's articles one at a time
// (index.Articles).
type keptArticles struct {
	v      *manifestView
	texts  model.TextSource
	corpus func() (*model.Corpus, error)
}

// keptTables checks the sections that keptDocs and keptArticles read and
// returns them.
func keptTables(v *manifestView, corpus func() (*model.Corpus, error)) (keptDocs, *keptArticles, error) {
	if err := v.checkArticleSections(); err != nil {
		return keptDocs{}, nil, err
	}
	if err := v.decodeDicts(); err != nil {
		return keptDocs{}, nil, err
	}
	return keptDocs{v}, &keptArticles{v: v, texts: model.NewFileTexts(), corpus: corpus}, nil
}

// Article returns the article id, decoded now.
func (k *keptArticles) Article(id string) (model.Article, bool) {
	p := k.v.positionOf(id)
	if p < 0 {
		return model.Article{}, false
	}
	a, err := k.v.articleAt(p)
	return a, err == nil
}

// Text reads the text of the article id.
func (k *keptArticles) Text(id string) (string, error) {
	a, ok := k.Article(id)
	if !ok {
		return "", fmt.Errorf("no article %s", model.Escape(id))
	}
	return k.texts.Text(a)
}

// Family returns the root of the family of the article id, if it has one.
func (k *keptArticles) Family(id string) (string, bool) {
	p := k.v.positionOf(id)
	if p < 0 {
		return "", false
	}
	if _, _, _, fam := k.v.codesAt(p); fam >= 0 {
		return k.v.idAt(int(fam)), true
	}
	return "", false
}

// HasFamilies reports whether any article has another-language version.
func (k *keptArticles) HasFamilies() bool { return k.v.families }

// Langs lists the articles' languages in corpus order of first use.
func (k *keptArticles) Langs() []string { return k.v.dicts[3] }

// Corpus decodes the whole corpus.
func (k *keptArticles) Corpus() (*model.Corpus, error) { return k.corpus() }

var (
	_ index.Coded    = keptDocs{}
	_ index.Articles = (*keptArticles)(nil)
)
