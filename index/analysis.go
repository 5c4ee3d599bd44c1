package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// foldFilterName is the token filter that folds accents term by term. A char
// filter would shift byte offsets (ß → ss), a token filter keeps them exact.
const foldFilterName = "dossier_fold"

// foldFilter replaces each non-ASCII term with its ASCII folding.
type foldFilter struct {
	folder *asciifolding.AsciiFoldingFilter
}

// Filter folds the terms of the stream in place.
func (f foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if !isASCII(tok.Term) {
			tok.Term = f.folder.Filter(tok.Term)
		}
	}
	return input
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func init() {
	// Registration in bleve's registry is how custom filters become nameable in
	// a mapping; it happens once, at start-up, and is never changed after.
	registry.RegisterTokenFilter(foldFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{folder: asciifolding.New()}, nil
	})
}

// Analyzer names. Each language has its own fields, so a field never has two
// analyzers and queries pick the right one.
const (
	analyzerEN      = "dossier_en"
	analyzerDE      = "dossier_de"
	analyzerRU      = "dossier_ru"
	analyzerDefault = "dossier_xx"
	analyzerSynonym = "dossier_syn"
)

// analyzerLangs lists the analysed languages; anything else uses "xx".
var analyzerLangs = []string{"en", "de", "ru", "xx"}

// analyzerFor maps an article language to the language key of its fields.
func analyzerFor(lang string) string {
	switch lang {
	case "en", "de", "ru":
		return lang
	}
	return "xx"
}

func analyzerName(key string) string {
	switch key {
	case "en":
		return analyzerEN
	case "de":
		return analyzerDE
	case "ru":
		return analyzerRU
	}
	return analyzerDefault
}

// addAnalyzers registers dossier's analyzers on a mapping.
//   - English: possessives, lower case, folding, stop words, Porter stemming.
//   - German: lower case, stop words (before folding, they contain umlauts),
//     folding, German normalisation and light stemming.
//   - Russian: lower case, stop words, Snowball stemming, folding.
//   - others: lower case and folding only.
//   - synonyms: the keys of the synonym table, stemmed the English way so
//     "batteries" finds the group of "battery".
func addAnalyzers(im *mapping.IndexMappingImpl) error {
	defs := map[string][]string{
		analyzerEN:      {en.PossessiveName, lowercase.Name, foldFilterName, en.StopName, porter.Name},
		analyzerDE:      {lowercase.Name, de.StopName, foldFilterName, de.NormalizeName, de.LightStemmerName},
		analyzerRU:      {lowercase.Name, ru.StopName, ru.SnowballStemmerName, foldFilterName},
		analyzerDefault: {lowercase.Name, foldFilterName},
		analyzerSynonym: {lowercase.Name, foldFilterName, porter.Name},
	}
	for name, filters := range defs {
		err := im.AddCustomAnalyzer(name, map[string]any{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": filters,
		})
		if err != nil {
			return err
		}
	}
	return nil
}
