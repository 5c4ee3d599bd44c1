package index

import (
	"bytes"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	bindex "github.com/blevesearch/bleve_index_api"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
	"github.com/blevesearch/segment"
)

// An arena is the reusable memory of one goroutine analysing articles for
// the writer: the tokens of one article, its text, and the Porter stems
// met so far. Analysing through an arena gives the very tokens the
// analyzer's own chain gives (TestArenaAnalysisAgreesWithBleve), without
// allocating each token, and with the articles' ASCII words cut without
// bleve's Unicode segmenter (most of the words of an English article).
// An arena is used by one goroutine at a time.
type arena struct {
	chunks  [][]analysis.Token // token memory, reused from the first chunk on each reset
	chunk   int                // the chunk being filled
	used    int                // tokens used of it
	stream  analysis.TokenStream
	text    []byte
	stems   map[string][]byte   // Porter stems by term (bounded by maxStems)
	deStems map[string][]byte   // German normalised stems by term (bounded by maxStems)
	tfs     []*bindex.TokenFreq // each token's term (frequencies)
	uniq    []*bindex.TokenFreq // each term once (frequencies)
	mem     batchMem            // what bleve reads of the batch's articles
}

// tokenChunk is how many tokens an arena allocates at once.
const tokenChunk = 1024

// maxStems bounds an arena's Porter stems: the most frequent words of a
// language make most of its text, and a build's memory must not grow
// with a corpus's rare words (at 65,536 stems, two arenas held 18 MB).
const maxStems = 1 << 13

func newArena() *arena {
	return &arena{stems: map[string][]byte{}, deStems: map[string][]byte{}}
}

// reset makes the arena's tokens and text free for the next article: the
// tokens of the last one must no longer be used.
func (a *arena) reset() {
	a.chunk, a.used = 0, 0
	a.stream = a.stream[:0]
	a.text = a.text[:0]
}

// token returns a zeroed token of the arena.
func (a *arena) token() *analysis.Token {
	if a.chunk < len(a.chunks) && a.used == len(a.chunks[a.chunk]) {
		a.chunk, a.used = a.chunk+1, 0
	}
	if a.chunk == len(a.chunks) {
		a.chunks = append(a.chunks, make([]analysis.Token, tokenChunk))
	}
	t := &a.chunks[a.chunk][a.used]
	a.used++
	*t = analysis.Token{}
	return t
}

// analyze analyses text (which it may change: lower case is made in
// place) as the analyzer does. The stream is the arena's until its reset.
func (a *arena) analyze(an analysis.Analyzer, text []byte) analysis.TokenStream {
	da, ok := an.(*analysis.DefaultAnalyzer)
	if !ok || len(da.CharFilters) > 0 {
		return an.Analyze(text)
	}
	var stream analysis.TokenStream
	if _, ok := da.Tokenizer.(*unicode.UnicodeTokenizer); ok {
		start := len(a.stream)
		a.stream = a.tokenize(a.stream, text)
		stream = a.stream[start:len(a.stream):len(a.stream)]
	} else {
		stream = da.Tokenizer.Tokenize(text)
	}
	fs := da.TokenFilters
	for i := 0; i < len(fs); i++ {
		if _, ok := fs[i].(*porter.PorterStemmer); ok {
			stream = a.porter(stream)
			continue
		}
		if i+1 < len(fs) && isGermanStem(fs[i], fs[i+1]) {
			stream = a.german(stream, fs[i], fs[i+1])
			i++
			continue
		}
		stream = fs[i].Filter(stream)
	}
	return stream
}

// isGermanStem says whether f then g are German normalisation and light
// stemming, which make each term's result from the term alone.
func isGermanStem(f, g analysis.TokenFilter) bool {
	_, ok1 := f.(*de.GermanNormalizeFilter)
	_, ok2 := g.(*de.GermanLightStemmerFilter)
	return ok1 && ok2
}

// german normalises and stems the stream as normalize then stem (German
// normalisation and light stemming) do, each term once: neither looks at
// anything but the term (not even KeyWord), and both rebuild it from its
// runes (about 10% of the analysis of a German article).
func (a *arena) german(input analysis.TokenStream, normalize, stem analysis.TokenFilter) analysis.TokenStream {
	for _, t := range input {
		t.Term = cachedTerm(a.deStems, t.Term, func(term []byte) []byte {
			one := analysis.TokenStream{&analysis.Token{Term: term}}
			stem.Filter(normalize.Filter(one))
			return one[0].Term
		})
	}
	return input
}

// porter stems the stream as porter.PorterStemmer does, each term once.
func (a *arena) porter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if !t.KeyWord {
			t.Term = cachedTerm(a.stems, t.Term, func(term []byte) []byte {
				return analysis.BuildTermFromRunes(porterstemmer.StemWithoutLowerCasing(bytes.Runes(term)))
			})
		}
	}
	return input
}

// cachedTerm is what of makes of term, made once per term: kept in cache
// (up to maxStems terms) under the term as it was before of, which may
// change it in place.
func cachedTerm(cache map[string][]byte, term []byte, of func([]byte) []byte) []byte {
	if made, ok := cache[string(term)]; ok {
		return made
	}
	key := string(term)
	made := of(term)
	if len(cache) < maxStems {
		cache[key] = made
	}
	return made
}

// tokenize appends the words of in to out as bleve's Unicode tokenizer
// cuts them (Unicode word boundaries, UAX #29). Text is cut at ASCII
// white space, which always bounds words; a piece of ASCII letters,
// digits and punctuation is cut here, by the rules of UAX #29 for those
// characters, and any other piece by the segmenter, given the white space
// on either side of it as its context. Text that is not valid UTF-8 is
// left to the segmenter whole.
func (a *arena) tokenize(out analysis.TokenStream, in []byte) analysis.TokenStream {
	pos := 1
	if !utf8.Valid(in) {
		// The segmenter reads an invalid byte with what follows it,
		// white space too: no piece can be cut apart.
		out, _ = a.segmentWords(out, in, 0, len(in), pos)
		return out
	}
	for i := 0; i < len(in); {
		if isSpaceASCII(in[i]) {
			i++
			continue
		}
		j, simple := i, true
		for j < len(in) && !isSpaceASCII(in[j]) {
			if c := in[j]; c >= 0x80 || c == '_' {
				simple = false
			}
			j++
		}
		if simple {
			out, pos = a.asciiWords(out, in, i, j, pos)
		} else {
			out, pos = a.segmentWords(out, in, max(i-1, 0), min(j+1, len(in)), pos)
		}
		i = j
	}
	return out
}

// asciiWords appends the words of in[i:j], a piece of ASCII without white
// space or '_': runs of letters and digits, joined across one ':', '.' or
// '\” between two letters (WB6–7) and one ',', ';', '.' or '\” between
// two digits (WB11–12).
func (a *arena) asciiWords(out analysis.TokenStream, in []byte, i, j, pos int) (analysis.TokenStream, int) {
	for k := i; k < j; {
		if !isAlnumASCII(in[k]) {
			k++
			continue
		}
		start, letters := k, false
		for k < j {
			c := in[k]
			if isLetterASCII(c) {
				letters = true
				k++
				continue
			}
			if isDigitASCII(c) {
				k++
				continue
			}
			if k+1 < j {
				prev, next := in[k-1], in[k+1]
				switch {
				case (c == ':' || c == '.' || c == '\'') && isLetterASCII(prev) && isLetterASCII(next):
					k += 2
					continue
				case (c == ',' || c == ';' || c == '.' || c == '\'') && isDigitASCII(prev) && isDigitASCII(next):
					k += 2
					continue
				}
			}
			break
		}
		t := a.token()
		t.Term, t.Start, t.End, t.Position = in[start:k], start, k, pos
		t.Type = analysis.Numeric
		if letters {
			t.Type = analysis.AlphaNumeric
		}
		out = append(out, t)
		pos++
	}
	return out, pos
}

// segmentWords appends the words the Unicode segmenter finds in in[i:j].
func (a *arena) segmentWords(out analysis.TokenStream, in []byte, i, j, pos int) (analysis.TokenStream, int) {
	s := segment.NewWordSegmenterDirect(in[i:j])
	start := i
	for s.Segment() {
		b := s.Bytes()
		end := start + len(b)
		if typ := s.Type(); typ != segment.None {
			t := a.token()
			t.Term, t.Start, t.End, t.Position = b, start, end, pos
			t.Type = analysis.AlphaNumeric
			switch typ {
			case segment.Ideo, segment.Kana:
				t.Type = analysis.Ideographic
			case segment.Number:
				t.Type = analysis.Numeric
			}
			out = append(out, t)
			pos++
		}
		start = end
	}
	return out, pos
}

func isSpaceASCII(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

func isLetterASCII(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigitASCII(c byte) bool  { return c >= '0' && c <= '9' }
func isAlnumASCII(c byte) bool  { return isLetterASCII(c) || isDigitASCII(c) }
