package ingest

import (
	"context"
	"strings"
	"testing"

	"dossier/model/ingest/pdftest"
)

// Hostile page trees and content streams are refused for what they are;
// pages that all repeat one text are that text, not "scanned pages".
func TestPDFBounds(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		says string // in the refusal, or in the notes when imported
	}{
		{"a page listed a million times", pdftest.RepeatedKids(1_000_000), "more than 500000 entries"},
		{"a page listed 100,000 times", pdftest.RepeatedKids(100_000), "more than 3000 pages"},
		{"operands without operators", pdftest.OperandFlood(1_000_000), "operands without an operator"},
		{"1,000 identical pages", pdftest.IdenticalPages(1000, []string{"The committee met in Astana.", "It spoke of lithium."}), "repeats the same lines"},
	} {
		d, err := Extract(context.Background(), "a.pdf", c.data)
		said := strings.Join(d.Notes, " ")
		if err != nil {
			said = err.Error()
		}
		if !strings.Contains(said, c.says) {
			t.Errorf("%s: %q, want it to say %q", c.name, said, c.says)
		}
	}
	d, err := Extract(context.Background(), "a.pdf", pdftest.IdenticalPages(1000, []string{"The committee met in Astana."}))
	if err != nil || strings.Count(d.Body, "The committee met in Astana.") != 1000 {
		t.Errorf("identical pages: %v, %d copies", err, strings.Count(d.Body, "The committee met in Astana."))
	}
}

// The streaming PDF lexer gives the same verdict however the stream is cut
// into writes, and never fails a plain page.
func FuzzPDFLexer(f *testing.F) {
	f.Add([]byte("BT /F1 11 Tf 72 700 Td (Hello \\) (world)) Tj [(a) -20 (b)] TJ ET BI /W 4 ID \x00\x01 EI Q"), uint16(7), true)
	f.Add([]byte("1 0 obj << /Kids [3 0 R 4 0 R] /Count 2 >> endobj % comment\n<abcd> <<>>"), uint16(3), false)
	f.Fuzz(func(t *testing.T, data []byte, cut uint16, content bool) {
		whole := &pdfLexer{content: content}
		whole.Write(data)
		whole.Close()
		split := &pdfLexer{content: content}
		k := int(cut) % (len(data) + 1)
		if _, err := split.Write(data[:k]); err == nil {
			split.Write(data[k:])
		}
		split.Close()
		if (whole.err == nil) != (split.err == nil) {
			t.Fatalf("whole: %v, cut at %d: %v", whole.err, k, split.err)
		}
		if len(data) < maxOperands && whole.err != nil {
			t.Fatalf("%d bytes refused: %v", len(data), whole.err)
		}
	})
}
