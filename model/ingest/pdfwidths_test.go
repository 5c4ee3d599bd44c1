package ingest

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
)

// fontPDF is a one-page PDF whose /F1 is the standard font base with no
// /Widths (as Ghostscript writes the standard fonts it does not embed),
// drawing content.
func fontPDF(base, content string) []byte {
	return buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /" + base + " /Encoding /WinAnsiEncoding >>",
		streamObj("", []byte(content)),
	}, "")
}

// pdfString escapes s for a PDF literal string.
func pdfString(s string) string {
	return "(" + strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s) + ")"
}

func extractBody(t testing.TB, data []byte) string {
	t.Helper()
	d, err := Extract(context.Background(), "a.pdf", data)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	return d.Body
}

// Standard fonts without /Widths keep their doubled letters, whatever way
// the text is shown: one string per line, a string per word, kerned TJ
// arrays.
func TestPDFDoubledLettersWithoutWidths(t *testing.T) {
	const sentence = "The committee will meet tomorrow to discuss the coffee supply of Mississippi."
	words := strings.Fields(sentence)
	var perWord strings.Builder
	x := 72.0
	for _, w := range words {
		fmt.Fprintf(&perWord, "1 0 0 1 %.2f 700 Tm %s Tj ", x, pdfString(w))
		x += float64(len(w))*7.2 + 6 // Courier: 600/1000 of 12 pt a letter
	}
	tj := "[" + strings.ReplaceAll(pdfString(sentence), " ", ") -250 (") + "] TJ"
	tj = strings.ReplaceAll(tj, "mm", "m) 15 (m") // a kern inside a doubled letter
	for _, c := range []struct{ name, font, content string }{
		{"Helvetica, one string", "Helvetica", "BT /F1 12 Tf 72 700 Td " + pdfString(sentence) + " Tj ET"},
		{"Times, one string", "Times-Roman", "BT /F1 11 Tf 72 700 Td " + pdfString(sentence) + " Tj ET"},
		{"Arial bold, one string", "Arial-BoldMT", "BT /F1 10 Tf 72 700 Td " + pdfString(sentence) + " Tj ET"},
		{"Courier, a string a word", "Courier", "BT /F1 12 Tf " + perWord.String() + "ET"},
		{"Times, kerned TJ", "Times-Roman", "BT /F1 12 Tf 72 700 Td " + tj + " ET"},
	} {
		if got := extractBody(t, fontPDF(c.font, c.content)); got != sentence {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, sentence)
		}
	}
}

// Fake bold (each glyph drawn twice, a fraction of a point apart) still
// counts once, with and without /Widths.
func TestPDFFakeBoldCountsOnce(t *testing.T) {
	const text = "Bold committee"
	var b strings.Builder
	b.WriteString("BT /F1 12 Tf ")
	x := 72.0
	for _, r := range text {
		for _, dx := range []float64{0, 0.3} {
			fmt.Fprintf(&b, "1 0 0 1 %.2f 700 Tm %s Tj ", x+dx, pdfString(string(r)))
		}
		x += 7.2
	}
	b.WriteString("ET")
	withWidths := buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /FirstChar 32 /LastChar 126 /Widths [" + strings.Repeat("600 ", 95) + "] >>",
		streamObj("", []byte(b.String())),
	}, "")
	for name, data := range map[string][]byte{"without /Widths": fontPDF("Courier", b.String()), "with /Widths": withWidths} {
		if got := extractBody(t, data); got != text {
			t.Errorf("%s: got %q, want %q", name, got, text)
		}
	}
}

// fuzzWords turns fuzz bytes into words rich in doubled letters.
func fuzzWords(data []byte) []string {
	const letters = "abcdefgilmnoprstuwMST"
	var words []string
	var w strings.Builder
	for _, c := range data {
		if c%7 == 0 && w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
			continue
		}
		l := letters[int(c)%len(letters)]
		w.WriteByte(l)
		if c&0x80 != 0 {
			w.WriteByte(l) // doubled
		}
		if len(words) >= 40 {
			break
		}
	}
	if w.Len() > 0 {
		words = append(words, w.String())
	}
	return words
}

// The line rebuilder keeps every letter of words with doubled letters,
// whatever their widths, size and spacing, and drops a fake bold second
// drawing (the same glyph within a tenth of the size and half its width).
func FuzzPageLinesDoubledLetters(f *testing.F) {
	f.Add([]byte("committee\x00tomorrow"), uint8(12), uint8(3), false)
	f.Add([]byte{0x81, 0x82, 7, 0x90, 0x90}, uint8(9), uint8(40), true)
	f.Fuzz(func(t *testing.T, data []byte, size, gap uint8, bold bool) {
		words := fuzzWords(data)
		if len(words) == 0 {
			return
		}
		sz := 4 + float64(size%40)
		var gs []Glyph
		x := 10.0
		for i, w := range words {
			if i > 0 {
				gs = append(gs, Glyph{S: " ", X: x, Y: 700, W: sz * 0.25, Size: sz})
				x += sz * (0.25 + float64(gap%8)/20)
			}
			for k, r := range w {
				adv := sz * (0.2 + float64((int(r)+k+int(gap))%9)/10) // 0.2 to 1 em
				gs = append(gs, Glyph{S: string(r), X: x, Y: 700, W: adv, Size: sz})
				if bold {
					gs = append(gs, Glyph{S: string(r), X: x + math.Min(sz*0.05, adv*0.2), Y: 700, W: adv, Size: sz})
				}
				x += adv
			}
		}
		lines := PageLines(gs)
		var got []string
		for _, l := range lines {
			got = append(got, strings.Fields(l.Text)...)
		}
		if strings.Join(got, " ") != strings.Join(words, " ") {
			t.Fatalf("size %.0f, bold %v:\n got %q\nwant %q", sz, bold, got, words)
		}
	})
}

// The whole import of a standard font without /Widths keeps doubled
// letters: words drawn as one string, in Helvetica, Times or Courier.
func FuzzPDFDoubledLetters(f *testing.F) {
	f.Add([]byte("committee\x00tomorrow\x00discuss"), uint8(0))
	f.Add([]byte{0x81, 0x82, 7, 0x90, 0x90}, uint8(2))
	fonts := []string{"Helvetica", "Times-Roman", "Courier", "Helvetica-Bold", "Times-BoldItalic"}
	f.Fuzz(func(t *testing.T, data []byte, font uint8) {
		words := fuzzWords(data)
		if len(words) == 0 || len(words) > 12 {
			return // one line of text
		}
		line := strings.Join(words, " ")
		got := extractBody(t, fontPDF(fonts[int(font)%len(fonts)], "BT /F1 10 Tf 40 700 Td "+pdfString(line)+" Tj ET"))
		if got != line {
			t.Fatalf("%s:\n got %q\nwant %q", fonts[int(font)%len(fonts)], got, line)
		}
	})
}
