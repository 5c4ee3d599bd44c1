package index

import (
	"unsafe"

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

	length   int
	freqs    bindex.TokenFrequencies
	analysed bool
	titles   *titleField // the title field, analysed with this one
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
func (f *textField) Analyze() { f.analyse(newArena()) }

// analyse is Analyze through an arena (see Writer.analyse): the first
// call only does the work.
func (f *textField) analyse(a *arena) {
	if f.analysed {
		return // by the writer, before bleve asks
	}
	f.analysed = true
	a.reset()
	a.text = append(append(a.text, f.title...), f.body...)
	n := len(f.title)
	title := a.analyze(f.analyzer, a.text[:n:n])
	body := a.analyze(f.analyzer, a.text[n:])
	f.length = len(title) + len(body)
	last := 0
	for _, t := range title {
		last = max(last, t.Position)
	}
	f.freqs = a.frequencies(title, body, last+bodyGap)
	if f.titles != nil {
		f.titles.take(title, f.freqs)
	}
}

// titleField is an article's title field, analysed as bleve would analyse
// it, from the tokens its text field made of the title: the title is then
// analysed once, not twice.
type titleField struct {
	text     *textField
	length   int
	freqs    bindex.TokenFrequencies
	analysed bool
}

var _ document.Field = (*titleField)(nil)

// titleOf makes the title field of text, analysed with it.
func titleOf(text *textField) *titleField {
	t := &titleField{text: text}
	text.titles = t
	return t
}

// take records the title's analysis: its tokens (the arena's, soon reused)
// and the text field's terms, whose bytes stay.
func (f *titleField) take(tokens analysis.TokenStream, terms bindex.TokenFrequencies) {
	f.analysed = true
	f.length = len(tokens)
	f.freqs = analysis.TokenFrequency(tokens, nil, textOptions)
	for k, tf := range f.freqs {
		tf.Term = terms[k].Term
	}
}

// Name returns the field's name.
func (f *titleField) Name() string { return fieldTitle }

// ArrayPositions returns nil: the field is not in an array.
func (f *titleField) ArrayPositions() []uint64 { return nil }

// Options says the field is indexed with term vectors, not stored.
func (f *titleField) Options() bindex.FieldIndexingOptions { return textOptions }

// Value returns the title.
func (f *titleField) Value() []byte { return []byte(f.text.title) }

// NumPlainTextBytes is the size of the title.
func (f *titleField) NumPlainTextBytes() uint64 { return uint64(len(f.text.title)) }

// Size estimates the memory the field holds (the title is the text field's).
func (f *titleField) Size() int { return 48 }

// EncodedFieldType is bleve's code for text.
func (f *titleField) EncodedFieldType() byte { return 't' }

// AnalyzedLength is the number of tokens of the title.
func (f *titleField) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies returns the analysed terms with their locations.
func (f *titleField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }

// Analyze analyses the text field, which analyses the title, unless it
// was done.
func (f *titleField) Analyze() {
	if !f.analysed {
		f.text.Analyze()
	}
}

// frequencies gathers the terms of the title and the body (whose positions
// are shifted by shift): one TokenFreq per term, its locations in order,
// and its frequency counting an occurrence in the title titleWeight
// times. Its map, TokenFreqs, locations and their pointers are the
// arena's batch memory (see batchMem); each term's bytes are allocated
// once.
func (a *arena) frequencies(title, body analysis.TokenStream, shift int) bindex.TokenFrequencies {
	n := len(title) + len(body)
	freqs := a.mem.tokenFreqs(n/2 + 8)
	a.tfs, a.uniq = a.tfs[:0], a.uniq[:0]
	count := func(toks analysis.TokenStream) {
		for _, t := range toks {
			tf, ok := freqs[string(t.Term)]
			if !ok {
				tf = &a.mem.tfs.take(1)[0]
				key := string(t.Term)
				*tf = bindex.TokenFreq{Term: unsafe.Slice(unsafe.StringData(key), len(key))} // never written
				freqs[key] = tf
				a.uniq = append(a.uniq, tf)
			}
			tf.SetFrequency(tf.Frequency() + 1)
			a.tfs = append(a.tfs, tf)
		}
	}
	count(title)
	count(body)
	locs := a.mem.locs.take(n)
	ptrs := a.mem.ptrs.take(n)
	off := 0
	for _, tf := range a.uniq {
		k := tf.Frequency()
		tf.Locations = ptrs[off : off : off+k]
		tf.SetFrequency(0)
		off += k
	}
	k := 0
	add := func(toks analysis.TokenStream, part string, shift, weight int) {
		for _, t := range toks {
			l := &locs[k]
			*l = bindex.TokenLocation{Field: part, Start: t.Start, End: t.End, Position: t.Position + shift}
			tf := a.tfs[k]
			tf.Locations = append(tf.Locations, l)
			tf.SetFrequency(tf.Frequency() + weight)
			k++
		}
	}
	add(title, locTitle, 0, titleWeight)
	add(body, "", shift, 1) // "": the field itself, locBody
	return freqs
}

// onceField is one of bleve's fields analysed once: the writer analyses
// each article before bleve asks for it again.
type onceField struct {
	document.Field
	analysed bool
}

// Analyze analyses the field the first time it is called.
func (f *onceField) Analyze() {
	if !f.analysed {
		f.analysed = true
		f.Field.Analyze()
	}
}
