package index

import (
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion changes whenever the mapping or the analysis changes in a
// way that makes an index built by another version give other results, and
// whenever the metadata derived from a file changes (model.DeriveTitle,
// language detection …): a kept index keeps that metadata, and one of
// another version is rebuilt.
//
// 7: one text field (title and body) and one title field for every
// language, in place of a title and a body field per language.
const MappingVersion = 7

// Field names. Every article, whatever its language, has:
//
//   - text: its title and body, analysed by its language's analyzer (with
//     the synonyms); each occurrence's location names the part it is in
//     (locTitle or locBody) and has its byte offsets in that part;
//   - title: its title again, analysed the same way, for title: and to
//     rank title matches first;
//   - source, author: outlet and byline, analysed by analyzerDefault;
//   - lang: its language code, exactly;
//   - facet: "lang:en", "year:2023" and "source:Outlet" in one
//     multi-valued keyword field with doc values: one doc-values visit per
//     hit counts all three facets;
//   - date: its publication date, when known.
//
// Only text, title, source and author keep positions and offsets.
const (
	fieldText   = "text"
	fieldTitle  = "title"
	fieldLang   = "lang"
	fieldDate   = "date"
	fieldSource = "source"
	fieldAuthor = "author"
	fieldFacet  = "facet"
)

// Location fields of the text field's occurrences: the part of the article
// they are in. (A location may only name a field of its document: the
// title's occurrences name the title field, the body's the text field.)
const (
	locTitle = fieldTitle
	locBody  = fieldText
)

// Facet value prefixes in fieldFacet.
const (
	facetLang   = "lang:"
	facetYear   = "year:"
	facetSource = "source:"
)

// newMapping builds the index mapping. It holds the analyzers (one per
// language, each with the synonyms) by which queries are analysed; the
// documents themselves are built field by field (see document), as no
// mapping can give a field a different analyzer per document.
func newMapping(synonyms [][]string) (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	if err := addAnalyzers(im, synonyms); err != nil {
		return nil, err
	}
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.DefaultAnalyzer = analyzerDefault
	im.DefaultMapping = mapping.NewDocumentStaticMapping()
	return im, nil
}
