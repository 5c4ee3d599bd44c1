package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion changes whenever the mapping or the analysis changes in a
// way that makes an index built by another version give other results, and
// whenever the metadata derived from a file changes (model.DeriveTitle,
// language detection …): a kept index keeps that metadata, and one of
// another version is rebuilt.
const MappingVersion = 6

// Field names. Title and body exist once per analysed language
// (title_en, body_de, ...); the rest are shared.
const (
	fieldLang   = "lang"
	fieldDate   = "date"
	fieldSource = "source"
	fieldAuthor = "author"
	// fieldFacet holds "lang:en", "year:2023" and "source:Outlet" in one
	// multi-valued keyword field: one doc-values visit per hit counts all
	// three facets.
	fieldFacet = "facet"
	typeField  = "_type"
)

// Facet value prefixes in fieldFacet.
const (
	facetLang   = "lang:"
	facetYear   = "year:"
	facetSource = "source:"
)

func titleField(key string) string { return "title_" + key }
func bodyField(key string) string  { return "body_" + key }

// newMapping builds the index mapping: one document type per analysed
// language, nothing dynamic, nothing stored (texts are read from the
// corpus), synonyms applied by the analyzers.
func newMapping(synonyms [][]string) (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	if err := addAnalyzers(im, synonyms); err != nil {
		return nil, err
	}
	im.TypeField = typeField
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.DefaultAnalyzer = analyzerDefault
	for _, key := range analyzerLangs {
		im.AddDocumentMapping(key, docMapping(key))
	}
	im.DefaultMapping = docMapping("xx")
	return im, nil
}

func docMapping(key string) *mapping.DocumentMapping {
	dm := mapping.NewDocumentStaticMapping()
	// Term vectors (positions and offsets) serve phrases and highlights.
	text := func(analyzer string) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = true
		f.DocValues = false
		return f
	}
	kw := func(docValues bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = docValues
		return f
	}
	dm.AddFieldMappingsAt(titleField(key), text(analyzerName(key)))
	dm.AddFieldMappingsAt(bodyField(key), text(analyzerName(key)))
	dm.AddFieldMappingsAt(fieldSource, text(analyzerDefault))
	dm.AddFieldMappingsAt(fieldAuthor, text(analyzerDefault))
	dm.AddFieldMappingsAt(fieldLang, kw(false))
	dm.AddFieldMappingsAt(fieldFacet, kw(true))
	date := mapping.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = false // filtered by range, never sorted or faceted
	dm.AddFieldMappingsAt(fieldDate, date)
	return dm
}
