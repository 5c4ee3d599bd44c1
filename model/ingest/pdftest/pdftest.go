// Package pdftest writes PDFs for the tests of the import: well-formed
// ones, and hostile ones that a PDF reader must refuse or read within its
// bounds. It is imported by tests only.
package pdftest

import (
	"bytes"
	"fmt"
	"strings"
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
