// Package pdftest writes PDFs for the tests of the import: well-formed
// ones, and hostile ones that a PDF reader must refuse or read within its
// bounds. It is imported by tests only.
package pdftest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Build writes a PDF from object bodies (object i+1 is objs[i]) with a
// correct cross-reference table; object 1 must be the catalogue. extra is
// added to the trailer dictionary.
func Build(objs []string, extra string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, extra, xref)
	return b.Bytes()
}

// Stream is a stream object with the given dictionary entries.
func Stream(dict string, data []byte) string {
	return fmt.Sprintf("<< /Length %d %s >>\nstream\n%s\nendstream", len(data), dict, data)
}

// Literal escapes s as a PDF literal string.
func Literal(s string) string {
	return "(" + strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s) + ")"
}

// textContent draws the lines of a page in 11 pt Helvetica from the top.
func textContent(lines []string) string {
	var b strings.Builder
	b.WriteString("BT /F1 11 Tf 14 TL 72 740 Td ")
	for _, l := range lines {
		b.WriteString(Literal(l) + " Tj T* ")
	}
	b.WriteString("ET")
	return b.String()
}

const helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"

// RepeatedKids is a PDF whose page tree lists one page n times (a million
// makes a file of about 6 MB): a reader that lists every page before it
// counts them takes the time and memory of n pages.
func RepeatedKids(n int) []byte {
	kids := strings.Repeat("3 0 R ", n)
	return Build([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Count %d /Resources << /Font << /F1 4 0 R >> >> /Kids [%s] >>", n, kids),
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>",
		helvetica,
		Stream("", []byte(textContent([]string{"The same page again."}))),
	}, "")
}

// IdenticalPages is a PDF of n pages that all draw the same lines (one
// content stream, one page object each).
func IdenticalPages(n int, lines []string) []byte {
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "", helvetica, Stream("", []byte(textContent(lines)))}
	var kids strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&kids, "%d 0 R ", len(objs)+1)
		objs = append(objs, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", n, kids.String())
	return Build(objs, "")
}

// OperandFlood is a one-page PDF whose content stream is n numbers with no
// operator: a reader that keeps every operand holds them all at once.
func OperandFlood(n int) []byte {
	var b strings.Builder
	b.WriteString("BT /F1 11 Tf 72 700 Td (Before the flood.) Tj ET ")
	for i := 0; i < n; i++ {
		b.WriteString("1 ")
	}
	b.WriteString("BT /F1 11 Tf 72 680 Td (After the flood.) Tj ET")
	return Build([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		helvetica,
		Stream("", []byte(b.String())),
	}, "")
}

// onePage is a one-page PDF whose /F1 is Helvetica without /Widths, drawing
// content; info, when not empty, is the body of its information dictionary.
func onePage(content, info string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		helvetica,
		Stream("", []byte(content)),
	}
	extra := ""
	if info != "" {
		objs = append(objs, "<< "+info+" >>")
		extra = "/Info 6 0 R"
	}
	return Build(objs, extra)
}

// GlyphFlood is a one-page PDF that shows one string of n letters: a reader
// that keeps a glyph for each holds n of them.
func GlyphFlood(n int) []byte {
	return onePage("BT /F1 11 Tf 72 700 Td "+Literal(strings.Repeat("abcdefghi ", n/10))+" Tj ET", "")
}

// HugeTitle is a one-page PDF whose document title is n letters long.
func HugeTitle(n int) []byte {
	return onePage("BT /F1 11 Tf 72 700 Td (A page under a huge title.) Tj ET", "/Title "+Literal(strings.Repeat("T", n)))
}

// Para is a paragraph of a Document: its font size and text.
type Para struct {
	Size float64
	Text string
}

// cyrillicMap is a ToUnicode character map for a simple font whose codes
// are windows-1251: dossier's tests write Russian with it.
func cyrillicMap() string {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /cp1251 def " +
		"1 begincodespacerange <00> <FF> endcodespacerange\n")
	var pairs []string
	for c := 0x20; c <= 0xff; c++ {
		r := charmap.Windows1251.DecodeByte(byte(c))
		if r == utf8.RuneError || r < 0x20 {
			continue
		}
		pairs = append(pairs, fmt.Sprintf("<%02X> <%04X>", c, r))
	}
	for len(pairs) > 0 {
		n := min(len(pairs), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n%s\nendbfchar\n", n, strings.Join(pairs[:n], "\n"))
		pairs = pairs[n:]
	}
	b.WriteString("endcmap CMapName currentdict /CMap defineresource pop end end")
	return b.String()
}

// Document is a PDF of the given pages of paragraphs, in Helvetica
// without /Widths (windows-1252, or windows-1251 with a character map for
// Cyrillic), wrapped at about 450 points, a blank line between paragraphs.
// info, when not empty, is the body of its information dictionary.
func Document(info string, pages ...[]Para) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"", // the page tree, below
		helvetica,
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 5 0 R >>",
		Stream("", []byte(cyrillicMap())),
	}
	var kids []string
	for _, page := range pages {
		var c strings.Builder
		y := 760.0
		for _, p := range page {
			font, enc := "/F1", charmap.Windows1252
			if strings.ContainsFunc(p.Text, func(r rune) bool { return r >= 0x400 && r <= 0x4ff }) {
				font, enc = "/F2", charmap.Windows1251
			}
			perLine := int(450 / (0.5 * p.Size))
			var line []string
			flush := func() {
				if len(line) == 0 {
					return
				}
				raw, _ := enc.NewEncoder().String(strings.Join(line, " "))
				fmt.Fprintf(&c, "BT %s %.1f Tf 1 0 0 1 72 %.1f Tm %s Tj ET\n", font, p.Size, y, Literal(raw))
				y -= p.Size * 1.4
				line = line[:0]
			}
			n := 0
			for _, w := range strings.Fields(p.Text) {
				if k := utf8.RuneCountInString(w); n+k > perLine {
					flush()
					n = 0
				}
				line = append(line, w)
				n += utf8.RuneCountInString(w) + 1
			}
			flush()
			y -= p.Size
		}
		objs = append(objs, Stream("", []byte(c.String())))
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>", len(objs)))
		kids = append(kids, fmt.Sprintf("%d 0 R", len(objs)))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", len(kids), strings.Join(kids, " "))
	extra := ""
	if info != "" {
		objs = append(objs, "<< "+info+" >>")
		extra = fmt.Sprintf("/Info %d 0 R", len(objs))
	}
	return Build(objs, extra)
}

// Text writes s as a PDF text string (UTF-16BE with its byte order mark,
// in hex), for information dictionaries.
func Text(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
