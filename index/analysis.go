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
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names of dossier's own token filters, registered with bleve below.
const (
	// foldFilterName folds accents term by term. A char filter would shift
	// byte offsets (ß → ss), a token filter keeps them exact.
	foldFilterName = "dossier_fold"
	// splitFilterName splits letter–digit compounds ("COP27" → cop 27), so
	// that COP27 and COP-27 find each other.
	splitFilterName = "dossier_split"
	// synFilterType adds a group token (and a variant token) wherever a
	// synonym occurs; see synonyms.go.
	synFilterType = "dossier_synonyms"
)

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
	registry.RegisterTokenFilter(splitFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return splitFilter{}, nil
	})
	registry.RegisterTokenFilter(synFilterType, newSynFilter)
}

// Analyzer names. Each language has its own fields, so a field never has two
// analyzers and queries pick the right one.
const (
	analyzerEN      = "dossier_en"
	analyzerDE      = "dossier_de"
	analyzerRU      = "dossier_ru"
	analyzerDefault = "dossier_xx"
	analyzerSynonym = "dossier_syn"
	analyzerPrefix  = "dossier_prefix"
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

// languageFilters are the token filters of each language's analyzer, in order:
//   - English: compounds split, possessives, lower case, folding, stop words, Porter stemming.
//   - German: compounds split, lower case, stop words (before folding, they
//     contain umlauts), folding, German normalisation and light stemming.
//   - Russian: compounds split, lower case, stop words, Snowball stemming, folding.
//   - others: compounds split, lower case and folding only.
//
// Each analyzer then ends with its synonym filter.
func languageFilters(key string) []string {
	switch key {
	case "en":
		return []string{splitFilterName, en.PossessiveName, lowercase.Name, foldFilterName, en.StopName, porter.Name}
	case "de":
		return []string{splitFilterName, lowercase.Name, de.StopName, foldFilterName, de.NormalizeName, de.LightStemmerName}
	case "ru":
		return []string{splitFilterName, lowercase.Name, ru.StopName, ru.SnowballStemmerName, foldFilterName}
	}
	return []string{splitFilterName, lowercase.Name, foldFilterName}
}

// addAnalyzers registers dossier's analyzers on a mapping: one per language
// with its synonym filter, and the synonym-key analyzer (lower case,
// folding, English stemming) that joins query words into synonym phrases.
func addAnalyzers(im *mapping.IndexMappingImpl, groups [][]string) error {
	for _, key := range analyzerLangs {
		chain := languageFilters(key)
		synName := "dossier_syn_" + key
		err := im.AddCustomTokenFilter(synName, map[string]any{
			"type":   synFilterType,
			"chain":  chain,
			"groups": groups,
		})
		if err != nil {
			return err
		}
		err = im.AddCustomAnalyzer(analyzerName(key), map[string]any{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": append(append([]string(nil), chain...), synName),
		})
		if err != nil {
			return err
		}
	}
	err := im.AddCustomAnalyzer(analyzerSynonym, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{splitFilterName, lowercase.Name, foldFilterName, porter.Name},
	})
	if err != nil {
		return err
	}
	// Prefixes are not analysed by bleve: this folds one as the fields do.
	return im.AddCustomAnalyzer(analyzerPrefix, map[string]any{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []string{lowercase.Name, foldFilterName},
	})
}
