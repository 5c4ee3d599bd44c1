package ingest

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/ledongthuc/pdf"
)

// The PDF library's Page.Content ignores word spacing (Tw), so every
// justified line drifts and words seem to run into each other or split;
// it also takes one byte per glyph in two-byte fonts and skips form
// XObjects. pageGlyphs interprets the text operators itself, on top of the
// library's parser, fonts and encodings.

// maxGlyphsPerPage bounds the glyphs kept for one page.
const maxGlyphsPerPage = 200_000

// maxFormDepth bounds form XObjects drawn inside each other.
const maxFormDepth = 3

type matrix [6]float64 // a b c d e f, as in PDF

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m, then n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// textState is the graphics and text state that placing glyphs needs.
type textState struct {
	ctm                   matrix
	tc, tw, th, tl, trise float64
	font                  *fontInfo
	size                  float64
}

// fontInfo caches what a font needs to place glyphs.
type fontInfo struct {
	name    string
	font    pdf.Font
	twoByte bool
	first   int
	widths  []float64       // simple fonts, from FirstChar
	missing float64         // simple fonts: the descriptor's MissingWidth
	std     *[95]uint16     // simple fonts: standard metrics of ASCII codes, for codes without a width
	other   float64         // simple fonts: the standard width of any other code
	cid     map[int]float64 // Type0 fonts, from the descendant's W
	dw      float64         // Type0 default width
	// unusable: the font's character map is too large to read; its
	// glyphs are left out.
	unusable bool
}

// width returns a code's advance in text space units (thousandths). A
// simple font without a width for the code (a standard font used without
// /Widths) is measured with the standard font's metrics: a width of zero
// would put every glyph of a string at one place.
func (f *fontInfo) width(code int) float64 {
	if f.twoByte {
		if w, ok := f.cid[code]; ok {
			return w
		}
		return f.dw
	}
	if i := code - f.first; i >= 0 && i < len(f.widths) {
		return f.widths[i]
	}
	if f.missing > 0 {
		return f.missing
	}
	if f.std != nil && code >= 32 && code <= 126 {
		return float64(f.std[code-32])
	}
	return f.other
}

// loadFont reads a font dictionary once.
func loadFont(v pdf.Value, name string) *fontInfo {
	f := &fontInfo{name: v.Key("BaseFont").Name(), font: pdf.Font{V: v}, dw: 1000}
	if f.name == "" {
		f.name = name
	}
	if i := strings.IndexByte(f.name, '+'); i >= 0 {
		f.name = f.name[i+1:]
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		if _, err := cmapSize(tu); err != nil {
			f.unusable = true // the library would parse it whole into memory
			return f
		}
	}
	if v.Key("Subtype").Name() == "Type0" {
		f.twoByte = true
		f.cid = map[int]float64{}
		d := v.Key("DescendantFonts").Index(0)
		if dw := d.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
			f.dw = dw.Float64()
		}
		w := d.Key("W")
		for i := 0; i+1 < w.Len() && len(f.cid) < 65536; {
			c := int(w.Index(i).Int64())
			next := w.Index(i + 1)
			if next.Kind() == pdf.Array {
				for j := 0; j < next.Len() && j < 65536; j++ {
					f.cid[c+j] = next.Index(j).Float64()
				}
				i += 2
				continue
			}
			if i+2 >= w.Len() {
				break
			}
			last, wd := int(next.Int64()), w.Index(i+2).Float64()
			for c2 := c; c2 <= last && c2-c < 65536; c2++ {
				f.cid[c2] = wd
			}
			i += 3
		}
		return f
	}
	f.first = int(v.Key("FirstChar").Int64())
	if mw := v.Key("FontDescriptor").Key("MissingWidth").Float64(); mw > 0 && mw < 10_000 {
		f.missing = mw
	}
	f.std, f.other = stdWidths(f.name)
	ws := v.Key("Widths")
	for i := 0; i < ws.Len() && i < 65536; i++ {
		f.widths = append(f.widths, ws.Index(i).Float64())
	}
	return f
}

// glyphReader interprets content streams into glyphs.
type glyphReader struct {
	ctx    context.Context
	ops    int
	glyphs []Glyph
}

// pageGlyphs returns the glyphs a page draws, form XObjects included. When
// ctx ends it panics with stopped (the library's interpreter can only be
// left that way); pageText recovers it.
func pageGlyphs(ctx context.Context, p pdfPage) ([]Glyph, error) {
	g := &glyphReader{ctx: ctx}
	if err := g.run(p.v.Key("Contents"), p.res, identity, 0); err != nil {
		return nil, err
	}
	return g.glyphs, nil
}

// run interprets one content stream (or array of streams) with the given
// resources and initial transformation.
func (g *glyphReader) run(strm, res pdf.Value, ctm matrix, depth int) (err error) {
	st := textState{ctm: ctm, th: 1}
	fonts := map[string]*fontInfo{}
	var stack []textState
	var tm, tlm matrix
	num := func(args []pdf.Value, i int) float64 {
		if i < len(args) {
			f := args[i].Float64()
			if !math.IsNaN(f) && !math.IsInf(f, 0) {
				return f
			}
		}
		return 0
	}
	show := func(raw string) {
		f := st.font
		if f == nil || f.unusable || len(g.glyphs) >= maxGlyphsPerPage {
			return
		}
		step := 1
		if f.twoByte {
			step = 2
		}
		for i := 0; i+step <= len(raw) && len(g.glyphs) < maxGlyphsPerPage; i += step {
			code := int(raw[i])
			if step == 2 {
				code = code<<8 | int(raw[i+1])
			}
			w0 := f.width(code) / 1000
			trm := matrix{st.size * st.th, 0, 0, st.size, 0, st.trise}.mul(tm).mul(st.ctm)
			text := f.font.Encoder().Decode(raw[i : i+step])
			size := math.Hypot(trm[2], trm[3])
			g.glyphs = append(g.glyphs, Glyph{
				S: text, X: trm[4], Y: trm[5], Size: size, Font: f.name,
				W: w0 * math.Hypot(trm[0], trm[1]),
			})
			tx := w0*st.size + st.tc
			if step == 1 && code == ' ' {
				tx += st.tw
			}
			tm = matrix{1, 0, 0, 1, tx * st.th, 0}.mul(tm)
		}
	}
	nextLine := func() {
		tlm = matrix{1, 0, 0, 1, 0, -st.tl}.mul(tlm)
		tm = tlm
	}
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		if g.ops++; g.ops%4096 == 0 && g.ctx.Err() != nil {
			panic(stopped{g.ctx.Err()})
		}
		n := stk.Len()
		if n > 64 {
			n = 64
		}
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		for stk.Len() > 0 {
			stk.Pop()
		}
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, st)
			}
		case "Q":
			if len(stack) > 0 {
				st = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if len(args) == 6 {
				st.ctm = matrix{num(args, 0), num(args, 1), num(args, 2), num(args, 3), num(args, 4), num(args, 5)}.mul(st.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tc":
			st.tc = num(args, 0)
		case "Tw":
			st.tw = num(args, 0)
		case "Tz":
			st.th = num(args, 0) / 100
		case "TL":
			st.tl = num(args, 0)
		case "Ts":
			st.trise = num(args, 0)
		case "Tf":
			if len(args) == 2 {
				name := args[0].Name()
				f, ok := fonts[name]
				if !ok {
					if fv := res.Key("Font").Key(name); !fv.IsNull() {
						f = loadFont(fv, name)
					}
					fonts[name] = f
				}
				st.font = f
				st.size = num(args, 1)
			}
		case "Td", "TD":
			if len(args) == 2 {
				if op == "TD" {
					st.tl = -num(args, 1)
				}
				tlm = matrix{1, 0, 0, 1, num(args, 0), num(args, 1)}.mul(tlm)
				tm = tlm
			}
		case "Tm":
			if len(args) == 6 {
				tlm = matrix{num(args, 0), num(args, 1), num(args, 2), num(args, 3), num(args, 4), num(args, 5)}
				tm = tlm
			}
		case "T*":
			nextLine()
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "'":
			if len(args) == 1 {
				nextLine()
				show(args[0].RawString())
			}
		case "\"":
			if len(args) == 3 {
				st.tw, st.tc = num(args, 0), num(args, 1)
				nextLine()
				show(args[2].RawString())
			}
		case "TJ":
			if len(args) == 1 {
				a := args[0]
				for i := 0; i < a.Len(); i++ {
					x := a.Index(i)
					if x.Kind() == pdf.String {
						show(x.RawString())
					} else {
						tx := -x.Float64() / 1000 * st.size * st.th
						tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
					}
				}
			}
		case "Do":
			if len(args) == 1 && depth < maxFormDepth {
				xo := res.Key("XObject").Key(args[0].Name())
				if xo.Key("Subtype").Name() == "Form" {
					err = g.form(xo, res, st.ctm, depth)
				}
			}
		}
	})
	return err
}

// form interprets a form XObject with its own matrix and resources.
func (g *glyphReader) form(xo, res pdf.Value, ctm matrix, depth int) error {
	if _, err := streamSize(xo, maxPageContent); err != nil {
		return fmt.Errorf("form XObject: %w", err)
	}
	m := identity
	if mv := xo.Key("Matrix"); mv.Len() == 6 {
		for i := range m {
			m[i] = mv.Index(i).Float64()
		}
	}
	if r := xo.Key("Resources"); !r.IsNull() {
		res = r
	}
	return g.run(xo, res, m.mul(ctm), depth+1)
}
