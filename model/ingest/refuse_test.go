package ingest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func fixture(t *testing.T, parts ...string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Every bad input is refused with a one-line reason that says what is
// wrong; nothing panics, hangs or takes the machine.
func TestRefusals(t *testing.T) {
	en := fixture(t, "pdf", "partnership-en.pdf")
	xrefOff := func(pdf []byte) int {
		i := bytes.LastIndex(pdf, []byte("startxref\n"))
		var off int
		fmt.Sscanf(string(pdf[i+len("startxref\n"):]), "%d", &off)
		return off
	}
	hello := textPDF("BT /F1 12 Tf 72 700 Td (Hello world from a hand-made PDF) Tj ET")
	prevLoop := bytes.Replace(hello, []byte("/Root 1 0 R"), []byte(fmt.Sprintf("/Root 1 0 R /Prev %d", xrefOff(hello))), 1)
	pageTreeLoop := buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
		streamObj("", []byte("BT /F1 12 Tf (x) Tj ET")),
	}, "")
	parentLoop := buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 3 0 R /Contents 4 0 R >>",
		streamObj("", []byte("BT /F1 12 Tf (x) Tj ET")),
	}, "")
	noPages := buildPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"}, "")
	drawingOnly := textPDF("0 0 m 300 300 l S 10 10 200 100 re f")
	bomb := buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
		streamObj("", []byte("BT /F1 12 Tf (x) Tj ET")),
		flateObj("", make([]byte, maxStream+1)),
	}, "")
	hugePage := buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
		flateObj("", bytes.Repeat([]byte("0 0 m 1 1 l S\n"), maxPageContent/14+1)),
	}, "")
	hugeSize := bytes.Replace(hello, []byte("/Size 6"), []byte("/Size 9000000000"), 1)
	hugeSubsection := bytes.Replace(hello, []byte("xref\n0 6\n"), []byte("xref\n0 6\n8000000000 1\n0000000000 00000 n \n"), 1)
	tests := []struct {
		name, file string
		data       []byte
		reason     string
	}{
		{"empty", "a.txt", nil, "empty file"},
		{"white space", "a.md", []byte(" \n\t\r\n"), "empty file"},
		{"truncated PDF", "a.pdf", en[:len(en)/2], "corrupt PDF: the file is cut short (its %EOF end marker is missing)"},
		{"PDF header and junk", "a.pdf", []byte("%PDF-1.4\n" + strings.Repeat("garbage ", 100)), "corrupt PDF"},
		{"PDF with a broken xref", "a.pdf", bytes.Replace(en, []byte("xref"), []byte("xxxx"), -1), "corrupt PDF"},
		{"encrypted PDF with a password", "a.pdf", fixture(t, "pdf", "encrypted-rc4.pdf"), "encrypted PDF: it needs a password"},
		{"AES-256 encrypted PDF", "a.pdf", fixture(t, "pdf", "encrypted-aes256.pdf"), "encrypted PDF that dossier cannot decrypt"},
		{"scanned PDF", "a.pdf", fixture(t, "pdf", "scanned.pdf"), "PDF without text"},
		{"PDF of drawings only", "a.pdf", drawingOnly, "PDF without text"},
		{"PDF without pages", "a.pdf", noPages, "no pages"},
		{"PDF whose xref chain loops", "a.pdf", prevLoop, "loop"},
		{"PDF whose page tree loops", "a.pdf", pageTreeLoop, "page tree"},
		{"PDF whose parent chain loops (never followed; it draws no font)", "a.pdf", parentLoop, "without text"},
		{"PDF bomb", "a.pdf", bomb, "PDF bomb"},
		{"PDF claiming billions of objects", "a.pdf", hugeSize, "more than 5000000 objects"},
		{"PDF with a huge xref subsection", "a.pdf", hugeSubsection, "more than 5000000 objects"},
		{"PDF page too large", "a.pdf", hugePage, "over 8 MiB"},
		{"PNG image", "a.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"), "an image"},
		{"ZIP archive named .html", "a.html", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"), "ZIP archive"},
		{"web archive", "a.mhtml", []byte("From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n"), "web archive"},
		{"JSON", "data.json", []byte(`{"title": "roadmap"}`), "plain text named .json"},
		{"Latin-1 text", "a.txt", []byte("Caf\xe9 au lait in Astana"), "not UTF-8"},
		{"UTF-16 text", "a.txt", []byte("\xff\xfeK\x00a\x00z\x00"), "not UTF-8"},
		{"binary named .txt", "a.txt", []byte("\x00\x01\x02\x03 binary"), "unsupported type"},
		{"over 32 MiB", "a.txt", bytes.Repeat([]byte("a"), MaxInputBytes+1), "over the 32 MiB"},
		{"page without an article", "a.html", fixture(t, "html", "menu-only.html"), "no article found"},
		{"page of too many elements", "a.html", []byte("<html><body>" + strings.Repeat("<b>x</b>", maxElements+1)), "more than 150000 elements"},
		{"page whose formatting multiplies its elements", "a.html", []byte("<html><body>" + strings.Repeat("<p><b><i><u>word ", 37_000)), "more than 150000 elements"},
		{"page nested too deep", "a.html", []byte("<html><body>" + strings.Repeat("<div>", 1000) + "text"), "HTML cannot be read"},
		{"Markdown with an unknown key", "a.md", []byte("---\ntitel: x\n---\nKazakhstan and the EU."), `unknown key "titel"`},
		{"Markdown with a bad date", "a.md", []byte("---\ndate: 2023-13-01\n---\nKazakhstan and the EU."), "month 13"},
		{"Markdown without text", "a.md", []byte("---\ntitle: x\n---\n"), "no text"},
		{"text with control characters only", "a.txt", []byte("\x1b[31m\x1b[0m"), "no text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			d, err := Extract(ctx, tt.file, tt.data)
			if err == nil {
				t.Fatalf("not refused; got %+v", d.Meta)
			}
			if !IsRefusal(err) {
				t.Fatalf("error %v is not a Refusal", err)
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("reason %q, want it to say %q", err, tt.reason)
			}
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Errorf("reason is not one line: %q", err)
			}
		})
	}
}

// A PDF whose owner password restricts printing but that opens without a
// password is readable, and is the same article as the unprotected one.
func TestOwnerPasswordOnlyPDF(t *testing.T) {
	plain, err := Extract(context.Background(), "a.pdf", fixture(t, "pdf", "partnership-de.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	prot, err := Extract(context.Background(), "b.pdf", fixture(t, "pdf", "owner-password-only.pdf"))
	if err != nil {
		t.Fatalf("owner-password-only PDF refused: %v", err)
	}
	if prot.Body != plain.Body || prot.Meta.Title != plain.Meta.Title {
		t.Errorf("the protected copy reads differently:\n%s\n---\n%s", prot.Body, plain.Body)
	}
}

// A page that cannot be read is skipped with a note; the others are kept.
func TestUnreadablePageSkipped(t *testing.T) {
	data := buildPDF([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 6 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Page /Parent 2 0 R /Contents 7 0 R >>",
		streamObj("", []byte("BT /F1 12 Tf 72 700 Td (Kazakhstan and the EU agreed a roadmap.) Tj ET")),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 126 /Widths [" + strings.Repeat("500 ", 95) + "] >>",
		streamObj("/Filter /FlateDecode", []byte("this is not zlib data")),
	}, "")
	d, err := Extract(context.Background(), "a.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	if d.Body != "Kazakhstan and the EU agreed a roadmap." {
		t.Errorf("body %q", d.Body)
	}
	if len(d.Notes) != 1 || !strings.HasPrefix(d.Notes[0], "page 2 skipped: unreadable content") {
		t.Errorf("notes %q", d.Notes)
	}
}

// Extraction that outlives its deadline is stopped and refused: bounded
// returns only once the work has noticed and returned, so nothing of it
// runs on; a panic becomes a refusal.
func TestBounded(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	var done atomic.Bool
	_, err := bounded(ctx, func() (Doc, error) {
		defer done.Store(true)
		select {
		case <-release:
		case <-ctx.Done():
		}
		return Doc{}, nil
	})
	if !IsRefusal(err) || !strings.Contains(err.Error(), "took longer than allowed") {
		t.Errorf("err = %v", err)
	}
	if !done.Load() {
		t.Error("bounded returned while the extraction still ran")
	}
	_, err = bounded(context.Background(), func() (Doc, error) { panic("index out of range [3] with length 2") })
	if !IsRefusal(err) || !strings.Contains(err.Error(), "cannot be read: index out of range") {
		t.Errorf("err = %v", err)
	}
	cctx, ccancel := context.WithCancel(context.Background())
	ccancel()
	if _, err := bounded(cctx, func() (Doc, error) { <-cctx.Done(); return Doc{}, nil }); err != context.Canceled {
		t.Errorf("cancelled: err = %v", err)
	}
}
