package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
)

// textField is an article's title and body as one indexed field, each
// analysed by the article's language analyzer. A word is then one term
// lookup whatever the article's language and wherever it stands; each
// occurrence keeps the part it is in as its location's field (locTitle,
// locBody) and its byte offsets in that part, so that highlights and
// phrases stay within a part as they did with two fields.
type textField struct {
	name        string
	title, body string
	analyzer    analysis.Analyzer

	length int
	freqs  bindex.TokenFrequencies
}

// titleWeight is how many occurrences in the body one in the title counts
// for in the text field's term frequencies (its locations are kept once):
// a title that names a word ranks the article above one that only
// mentions it a few times, at no cost to a search.
const titleWeight = 8

// textOptions index a text field with its positions and offsets.
const textOptions = bindex.IndexField | bindex.IncludeTermVectors

// bodyGap separates the positions of the body from those of the title, so
// that no phrase can span the two even where a part is not told apart.
const bodyGap = 100

var _ document.Field = (*textField)(nil)

func newTextField(name, title, body string, analyzer analysis.Analyzer) *textField {
	return &textField{name: name, title: title, body: body, analyzer: analyzer}
}

// Name returns the field's name.
func (f *textField) Name() string { return f.name }

// ArrayPositions returns nil: the field is not in an array.
func (f *textField) ArrayPositions() []uint64 { return nil }

// Options says the field is indexed with term vectors, not stored.
func (f *textField) Options() bindex.FieldIndexingOptions { return textOptions }

// Value returns the title and the body (nothing is stored).
func (f *textField) Value() []byte { return []byte(f.title + "\n\n" + f.body) }

// NumPlainTextBytes is the size of the text indexed.
func (f *textField) NumPlainTextBytes() uint64 { return uint64(len(f.title) + len(f.body)) }

// Size estimates the memory the field holds.
func (f *textField) Size() int { return 64 + len(f.name) + len(f.title) + len(f.body) }

// EncodedFieldType is bleve's code for text.
func (f *textField) EncodedFieldType() byte { return 't' }

// AnalyzedLength is the number of tokens of title and body.
func (f *textField) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies returns the analysed terms with their locations.
func (f *textField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }

// Analyze analyses the title, then the body, into one set of terms.
func (f *textField) Analyze() {
	title := f.analyzer.Analyze([]byte(f.title))
	body := f.analyzer.Analyze([]byte(f.body))
	f.length = len(title) + len(body)
	f.freqs = make(bindex.TokenFrequencies, len(body)/2+len(title))
	locs := make([]bindex.TokenLocation, 0, f.length)
	add := func(toks analysis.TokenStream, part string, shift, weight int) {
		for _, t := range toks {
			locs = append(locs, bindex.TokenLocation{Field: part, Start: t.Start, End: t.End, Position: t.Position + shift})
			l := &locs[len(locs)-1]
			tf, ok := f.freqs[string(t.Term)]
			if !ok {
				tf = &bindex.TokenFreq{Term: t.Term}
				f.freqs[string(t.Term)] = tf
			}
			tf.Locations = append(tf.Locations, l)
			tf.SetFrequency(tf.Frequency() + weight)
		}
	}
	add(title, locTitle, 0, titleWeight)
	last := 0
	for _, t := range title {
		last = max(last, t.Position)
	}
	add(body, "", last+bodyGap, 1) // "": the field itself, locBody
}
