package ingest

import (
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"dossier/model"
)

// Glyph is one piece of text placed on a PDF page: what it says, where its
// baseline starts (points, y growing upwards), how wide it is and its font
// size. The PDF library yields one per character.
type Glyph struct {
	S       string
	X, Y, W float64
	Size    float64
	Font    string
}

// Line is a line of text rebuilt from glyphs.
type Line struct {
	Text       string
	X, XEnd, Y float64
	Size       float64 // the most common glyph size of the line
	Bold       bool    // most of the line is set in a bold font
}

// maxLinesPerPage bounds the work for one page.
const maxLinesPerPage = 20_000

// PageLines rebuilds the lines of one page from its glyphs, in the order
// the page draws them: a new line starts where the baseline moves by more
// than half the font size or the text jumps back to the left; a space goes
// where the gap between two glyphs is wider than a fifth of the font size.
// Ligatures and other compatibility characters are NFKC-normalised; a
// glyph drawn again at the place of the one before (fake bold: within a
// tenth of the font size and half the glyph's width) counts once. A glyph
// without a width (it does not move the pen) is never taken for such a
// second drawing: the next one is the next letter ("committee").
func PageLines(glyphs []Glyph) []Line {
	var lines []Line
	var b strings.Builder
	var cur Line
	var prev Glyph
	sizes := map[float64]int{}
	bold, total := 0, 0
	have := false
	flush := func() {
		if !have {
			return
		}
		text := strings.TrimSpace(norm.NFKC.String(b.String()))
		if text != "" && len(lines) < maxLinesPerPage {
			best, n := 0.0, -1
			for s, c := range sizes {
				if c > n || c == n && s > best {
					best, n = s, c
				}
			}
			cur.Text, cur.Size, cur.Bold = text, best, bold*2 > total
			lines = append(lines, cur)
		}
		b.Reset()
		clear(sizes)
		bold, total, have = 0, 0, false
	}
	for _, g := range glyphs {
		if !usable(g) {
			continue
		}
		size := math.Abs(g.Size)
		if size < 1 {
			size = 1
		}
		if have {
			dy := math.Abs(g.Y - prev.Y)
			ref := math.Max(size, math.Abs(prev.Size))
			gap := g.X - (prev.X + prev.W)
			switch {
			case dy > ref*0.5 || gap < -ref*2:
				flush()
			case g.S == prev.S && prev.W > 0 && math.Abs(g.X-prev.X) < math.Min(ref*0.1, prev.W*0.5) && dy < ref*0.1 && !isSpace(g.S):
				continue // the same glyph drawn again where it stands (fake bold, shadow)
			case gap > ref*0.2 && !isSpace(g.S) && !isSpace(prev.S):
				b.WriteByte(' ')
			}
		}
		if !have {
			cur = Line{X: g.X, Y: g.Y}
			have = true
		}
		if isSpace(g.S) {
			if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
				b.WriteByte(' ') // one space, however many are drawn
			}
		} else {
			b.WriteString(g.S)
			cur.XEnd = math.Max(cur.XEnd, g.X+g.W)
			sizes[math.Round(size*10)/10]++
			total++
			if isBoldFont(g.Font) {
				bold++
			}
		}
		prev = g
	}
	flush()
	return lines
}

// usable reports whether a glyph can be placed: finite coordinates and
// text that is not a control character (the library emits a "\n" after each
// TJ array, at no particular place).
func usable(g Glyph) bool {
	for _, f := range []float64{g.X, g.Y, g.W, g.Size} {
		if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e7 {
			return false
		}
	}
	if g.S == "" || !utf8.ValidString(g.S) {
		return false
	}
	for _, r := range g.S {
		if r == ' ' || r == '\u00a0' {
			continue
		}
		if unicode.IsControl(r) || r == utf8.RuneError || r == '\u00ad' {
			return false
		}
	}
	return true
}

func isSpace(s string) bool { return strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " ")) == "" }

func isBoldFont(f string) bool {
	f = strings.ToLower(f)
	return strings.Contains(f, "bold") || strings.Contains(f, "black") || strings.Contains(f, "heavy")
}

// pageNumber matches the running numbers of headers and footers: "3",
// "- 3 -", "Page 3 of 9", "Seite 3".
var pageNumber = model.LazyRegexp(`(?i)^[\s\-–—]*(?:(?:page|seite|стр\.?|страница)\s*)?\d{1,4}(?:\s*(?:/|of|von|из)\s*\d{1,4})?[\s\-–—]*$`)

// Paragraphs joins the lines of a document (one slice per page) into
// paragraphs of running text. Running headers and footers (text repeated at
// the same height on several pages, page numbers at a page's top or
// bottom) are dropped. A paragraph ends at a larger vertical gap, an
// indented first line, a change of font size, or a short last line; it
// goes on across a page break. A hyphen at a line's end is removed when it
// split a word ("Rohstof-" "fen" is "Rohstoffen"), and kept when the
// document writes the word with it elsewhere or the next part starts with a
// capital ("EU-" "Kazakhstan").
func Paragraphs(pages [][]Line) []string {
	return paragraphs(dropRunningLines(pages))
}

// paragraphs joins lines into paragraphs as Paragraphs does, keeping every
// line.
func paragraphs(pages [][]Line) []string {
	var all []Line
	for _, p := range pages {
		all = append(all, p...)
	}
	vocab := hyphenVocab(all)
	leading := typicalLeading(pages)

	var paras []string
	var cur strings.Builder
	var prev *Line
	prevRight := 0.0
	end := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			paras = append(paras, s)
		}
		cur.Reset()
	}
	for pi, page := range pages {
		rights := rightEdges(page)
		for i := range page {
			l := &page[i]
			if prev != nil && breaksParagraph(*prev, *l, prevRight, i == 0 && pi > 0, leading) {
				end()
			}
			prevRight = rights[i]
			if cur.Len() == 0 {
				cur.WriteString(l.Text)
			} else {
				joinLine(&cur, l.Text, vocab)
			}
			prev = l
		}
	}
	end()
	return paras
}

// breaksParagraph decides whether line l starts a new paragraph after
// prev, whose block of text reaches prevRight on the right.
func breaksParagraph(prev, l Line, prevRight float64, newPage bool, leading float64) bool {
	size := math.Max(l.Size, 1)
	if math.Abs(l.Size-prev.Size) > 0.5 || l.Bold != prev.Bold {
		return true // a heading starts or ends
	}
	if indent := l.X - prev.X; indent > size*0.8 && indent < size*8 {
		return true // an indented first line
	}
	if prev.XEnd < prevRight-size*4 && !strings.HasSuffix(prev.Text, "-") {
		return true // the previous line stopped short
	}
	if newPage {
		return false
	}
	gap := prev.Y - l.Y
	if gap < 0 {
		return true // back up the page: a new column or block
	}
	if leading > 0 && gap > leading*1.35 {
		return true
	}
	return leading <= 0 && gap > size*1.8
}

// joinLine appends the next line of a paragraph, mending a word split by a
// hyphen at the line's end.
func joinLine(cur *strings.Builder, next string, vocab map[string]bool) {
	s := cur.String()
	r, size := utf8.DecodeLastRuneInString(s)
	if r == '-' || r == '\u2010' {
		before, _ := utf8.DecodeLastRuneInString(s[:len(s)-size])
		after, _ := utf8.DecodeRuneInString(next)
		if unicode.IsLetter(before) && unicode.IsLetter(after) {
			left := lastWord(s[:len(s)-size])
			right := firstWord(next)
			whole := strings.ToLower(left + right)
			hyphenated := strings.ToLower(left + "-" + right)
			keep := unicode.IsUpper(after) || vocab[hyphenated] && !vocab[whole]
			cur.Reset()
			if keep {
				cur.WriteString(s[:len(s)-size] + "-")
			} else {
				cur.WriteString(s[:len(s)-size])
			}
			cur.WriteString(next)
			return
		}
	}
	cur.WriteByte(' ')
	cur.WriteString(next)
}

// lastWord returns the letters at the end of s; firstWord those at the start.
func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	return strings.Trim(s[i+1:], "-")
}

func firstWord(s string) string {
	if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		return s[:i]
	}
	return s
}

// hyphenVocab lists, lower-cased, the words the document writes inside its
// lines: the hyphenated compounds and the plain words, so that a line-end
// hyphen can be checked against how the text spells the word elsewhere.
func hyphenVocab(lines []Line) map[string]bool {
	vocab := map[string]bool{}
	for _, l := range lines {
		words := strings.FieldsFunc(l.Text, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\u2010' })
		if len(words) > 0 && strings.HasSuffix(l.Text, words[len(words)-1]) {
			words = words[:len(words)-1] // the word at the line's end may be cut
		}
		if len(words) > 0 && strings.HasPrefix(l.Text, words[0]) {
			words = words[1:] // so may the one at its start
		}
		for _, w := range words {
			w = strings.ToLower(strings.ReplaceAll(strings.Trim(w, "-\u2010"), "\u2010", "-"))
			if w != "" && len(vocab) < 200_000 {
				vocab[w] = true
			}
		}
	}
	return vocab
}

// dropRunningLines removes headers and footers: page numbers that are the
// first or last line of a page, and, in documents of three pages or more,
// lines whose text (digits aside) recurs at the same height on at least
// half of the pages.
func dropRunningLines(pages [][]Line) [][]Line {
	type key struct {
		y    int
		text string
	}
	digits := regexp.MustCompile(`\d+`)
	seen := map[key]int{}
	if len(pages) >= 3 {
		for _, p := range pages {
			onPage := map[key]bool{}
			for _, l := range p {
				k := key{int(math.Round(l.Y / 2)), digits.ReplaceAllString(l.Text, "#")}
				if !onPage[k] {
					onPage[k] = true
					seen[k]++
				}
			}
		}
	}
	out := make([][]Line, len(pages))
	for pi, p := range pages {
		kept := make([]Line, 0, len(p))
		for i, l := range p {
			if (i == 0 || i == len(p)-1) && pageNumber().MatchString(l.Text) {
				continue
			}
			k := key{int(math.Round(l.Y / 2)), digits.ReplaceAllString(l.Text, "#")}
			if len(pages) >= 3 && seen[k]*2 >= len(pages) && utf8.RuneCountInString(l.Text) < 120 {
				continue
			}
			kept = append(kept, l)
		}
		out[pi] = kept
	}
	return out
}

// rightEdges gives each line of a page the right edge of its block: the
// furthest any of its neighbours (four lines either way, starting about
// where it starts) reaches. A line that ends well before it stopped short.
func rightEdges(page []Line) []float64 {
	out := make([]float64, len(page))
	for i, l := range page {
		size := math.Max(l.Size, 1)
		edge := l.XEnd
		for j := max(0, i-4); j < min(len(page), i+5); j++ {
			if math.Abs(page[j].X-l.X) < size*3 && math.Abs(page[j].Size-l.Size) < 0.5 {
				edge = math.Max(edge, page[j].XEnd)
			}
		}
		out[i] = edge
	}
	return out
}

// typicalLeading is the most common distance between consecutive baselines.
func typicalLeading(pages [][]Line) float64 {
	count := map[float64]int{}
	for _, p := range pages {
		for i := 1; i < len(p); i++ {
			if gap := p[i-1].Y - p[i].Y; gap > 0 && math.Abs(p[i].Size-p[i-1].Size) < 0.5 {
				count[math.Round(gap*2)/2]++
			}
		}
	}
	best, n := 0.0, 0
	for g, c := range count {
		if c > n || c == n && g < best {
			best, n = g, c
		}
	}
	return best
}
