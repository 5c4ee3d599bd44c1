package index

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"dossier/seeds"
)

// trickyPieces are bits of text where word boundaries are subtle: joiners
// between letters or digits, ends of text, accents, combining marks,
// other scripts, white space of every kind.
var trickyPieces = []string{
	"U.S.", "e.g.", "3.5", "1,000", "1,000.50", "a:b", "12:30", "don't", "'quoted'", "rock'n'roll", "O'Neill's",
	"snake_case", "_lead", "trail_", "__", "a_1", "COP27", "H2", "x86-64", "2023-2024", "end.", ".start", "a..b",
	"1..2", "a.1", "1.a", "a,b", "1;2", "a;b", "(EU)", "«Rohstoffe»", "„Zitat“", "Müller", "Šefčovič", "Straße",
	"naïve", "e\u0301t\u0301e", "\u0301lead", "Казахстан", "東京都", "カタカナ", "한국어", "١٢٣", "👍🏽", "a\u200db",
	"\u00a0", "\u3000", "\u2028", "\t", "\n", "\r\n", "\v", "\f", "  ", "—", "–", "…", "%", "$5", "5%", "#tag",
	"@user", "e-mail", "http://x.eu/a_b?c=1", "v1.2.3", "'", ",", ".", ":", "10'000", "a'", "'a", "Kasachstans",
	"EU–Kazakhstan", "European Union", "raw materials", "rare earths", "Wasserstoff", "the", "and", "a",
}

// trickyText joins n random pieces with random white space or none.
func trickyText(r *rand.Rand, n int) string {
	seps := []string{" ", " ", "", "\n", "\t", "  ", "\u00a0", "-"}
	var b strings.Builder
	for range n {
		b.WriteString(trickyPieces[r.IntN(len(trickyPieces))])
		b.WriteString(seps[r.IntN(len(seps))])
	}
	return b.String()
}

// testTexts are texts to analyse both ways: the seed articles, random
// tricky texts, and the articles of $DOSSIER_BENCH_CORPUS (the first 500).
func testTexts(t testing.TB) []string {
	var texts []string
	entries, _ := fs.Glob(seeds.Corpus, "*.txt")
	for _, e := range entries {
		data, err := fs.ReadFile(seeds.Corpus, e)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	r := rand.New(rand.NewPCG(7, 11))
	for range 400 {
		texts = append(texts, trickyText(r, 1+r.IntN(40)))
	}
	if dir := os.Getenv("DOSSIER_BENCH_CORPUS"); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files[:min(len(files), 500)] {
			if data, err := os.ReadFile(f); err == nil {
				texts = append(texts, string(data))
			}
		}
	}
	return texts
}

// The writer's tokenizer cuts words exactly where bleve's Unicode
// tokenizer does.
func TestTokenizeAgreesWithUnicode(t *testing.T) {
	for _, text := range testTexts(t) {
		if msg := tokenizeDiff(text); msg != "" {
			t.Fatalf("%q: %s", text[:min(len(text), 200)], msg)
		}
	}
}

func FuzzTokenizeAgreesWithUnicode(f *testing.F) {
	for _, p := range trickyPieces {
		f.Add(p)
	}
	f.Add("a.b c,d 1.2 x'y z:w")
	f.Fuzz(func(t *testing.T, text string) {
		if msg := tokenizeDiff(text); msg != "" {
			t.Fatalf("%q: %s", text, msg)
		}
	})
}

// tokenizeDiff compares the two tokenizers on text ("" when they agree).
func tokenizeDiff(text string) string {
	want := unicode.NewUnicodeTokenizer().Tokenize([]byte(text))
	got := newArena().tokenize(nil, []byte(text))
	if len(got) != len(want) {
		return fmt.Sprintf("%d tokens, want %d:\n got %s\nwant %s", len(got), len(want), tokenList(got), tokenList(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if string(g.Term) != string(w.Term) || g.Start != w.Start || g.End != w.End || g.Position != w.Position {
			return fmt.Sprintf("token %d is %s, want %s", i, g, w)
		}
	}
	return ""
}

func tokenList(ts analysis.TokenStream) string {
	var out []string
	for _, t := range ts {
		out = append(out, fmt.Sprintf("%q@%d", t.Term, t.Start))
	}
	return strings.Join(out, " ")
}

// seedMapping is the index mapping with the seeds' synonym groups.
func seedMapping(t *testing.T) *mapping.IndexMappingImpl {
	t.Helper()
	syn, err := ParseSynonyms("synonyms.list", seeds.Synonyms)
	if err != nil {
		t.Fatal(err)
	}
	im, err := newMapping(syn)
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// The writer's analysis through an arena (its tokenizer, its cached
// stems, its terms gathered in blocks) gives every language's text field
// the very terms, frequencies and locations the analyzer's own chain
// gives, and an arena reused from article to article keeps nothing of
// the one before.
func TestArenaAnalysisAgreesWithBleve(t *testing.T) {
	im := seedMapping(t)
	a := newArena()
	texts := testTexts(t)
	for _, lang := range analyzerLangs {
		an := im.AnalyzerNamed(analyzerName(lang))
		for i, text := range texts {
			title := texts[(i+1)%len(texts)]
			title = title[:min(len(title), 80)]
			f := newTextField(fieldText, title, text, an)
			f.analyse(a)
			want := referenceFreqs(an, title, text)
			if msg := freqsDiff(f.freqs, want); msg != "" {
				t.Fatalf("%s, text %d %q: %s", lang, i, text[:min(len(text), 120)], msg)
			}
		}
	}
}

// The title field takes its analysis from the text field's tokens of the
// title: it must be what bleve's own analysis of the title gives, and its
// terms must stay when the arena goes on to the next article.
func TestTitleFieldAgreesWithBleve(t *testing.T) {
	im := seedMapping(t)
	a := newArena()
	texts := testTexts(t)
	for _, lang := range analyzerLangs {
		an := im.AnalyzerNamed(analyzerName(lang))
		var prev *titleField
		var prevWant bindex.TokenFrequencies
		for i, text := range texts {
			title := texts[(i+1)%len(texts)]
			title = title[:min(len(title), 80)]
			f := newTextField(fieldText, title, text, an)
			tf := titleOf(f)
			f.analyse(a)
			tf.Analyze() // done already: nothing changes
			toks := an.Analyze([]byte(title))
			want := analysis.TokenFrequency(toks, nil, textOptions)
			if msg := freqsDiff(tf.AnalyzedTokenFrequencies(), want); msg != "" {
				t.Fatalf("%s, title %q: %s", lang, title, msg)
			}
			if tf.AnalyzedLength() != len(toks) {
				t.Fatalf("%s, title %q: length %d, want %d", lang, title, tf.AnalyzedLength(), len(toks))
			}
			if prev != nil {
				if msg := freqsDiff(prev.AnalyzedTokenFrequencies(), prevWant); msg != "" {
					t.Fatalf("%s, the title before %q, after it: %s", lang, title, msg)
				}
			}
			prev, prevWant = tf, want
		}
	}
}

// referenceFreqs is the text field's analysis as bleve's analyzer chain
// makes it (the writer's before arenas).
func referenceFreqs(an analysis.Analyzer, title, body string) bindex.TokenFrequencies {
	tt := an.Analyze([]byte(title))
	bt := an.Analyze([]byte(body))
	freqs := bindex.TokenFrequencies{}
	add := func(toks analysis.TokenStream, part string, shift, weight int) {
		for _, t := range toks {
			tf, ok := freqs[string(t.Term)]
			if !ok {
				tf = &bindex.TokenFreq{Term: t.Term}
				freqs[string(t.Term)] = tf
			}
			tf.Locations = append(tf.Locations, &bindex.TokenLocation{Field: part, Start: t.Start, End: t.End, Position: t.Position + shift})
			tf.SetFrequency(tf.Frequency() + weight)
		}
	}
	add(tt, locTitle, 0, titleWeight)
	last := 0
	for _, t := range tt {
		last = max(last, t.Position)
	}
	add(bt, "", last+bodyGap, 1)
	return freqs
}

func freqsDiff(got, want bindex.TokenFrequencies) string {
	keys := func(m bindex.TokenFrequencies) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return ks
	}
	if g, w := keys(got), keys(want); !slices.Equal(g, w) {
		return fmt.Sprintf("terms\n got %q\nwant %q", g, w)
	}
	for k, w := range want {
		g := got[k]
		if string(g.Term) != k || g.Frequency() != w.Frequency() || len(g.Locations) != len(w.Locations) {
			return fmt.Sprintf("term %q: %q freq %d, %d locations; want freq %d, %d", k, g.Term, g.Frequency(), len(g.Locations), w.Frequency(), len(w.Locations))
		}
		for i := range w.Locations {
			if gl, wl := g.Locations[i], w.Locations[i]; gl.Field != wl.Field || gl.Start != wl.Start || gl.End != wl.End || gl.Position != wl.Position {
				return fmt.Sprintf("term %q location %d: %+v, want %+v", k, i, *g.Locations[i], *w.Locations[i])
			}
		}
	}
	return ""
}
