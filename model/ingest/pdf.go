package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ledongthuc/pdf"

	"dossier/model"
)

// Limits of PDF reading; a document past them is refused or cut, never
// allowed to take the machine.
const (
	maxPages        = 3000      // pages read
	maxPageContent  = 8 << 20   // decompressed content of one page; a larger page is skipped
	maxTotalContent = 256 << 20 // decompressed page content of the whole document
	maxTreeNodes    = 4 * maxPages
	maxTreeDepth    = 64
)

// fromPDF extracts the text of a PDF: lines rebuilt from the positioned
// glyphs of each page, then paragraphs; the title from the document's
// information or its first heading.
func fromPDF(ctx context.Context, data []byte) (Doc, error) {
	if err := scanPDF(ctx, data); err != nil {
		return Doc{}, err
	}
	r, err := openPDF(data)
	if err != nil {
		return Doc{}, err
	}
	pages, err := pageList(ctx, r)
	if err != nil {
		return Doc{}, err
	}
	if len(pages) == 0 {
		return Doc{}, refusef("corrupt PDF: it has no pages")
	}
	var lines [][]Line
	var notes []string
	total, text := 0, 0
	for i, p := range pages {
		if err := ctx.Err(); err != nil {
			return Doc{}, err
		}
		n, err := contentSize(p, maxPageContent)
		if err != nil {
			notes = append(notes, fmt.Sprintf("page %d skipped: %v", i+1, err))
			continue
		}
		if total += n; total > maxTotalContent {
			return Doc{}, refusef("PDF page content expands to over %s: too large, or a PDF bomb", model.HumanBytes(maxTotalContent))
		}
		pl, err := pageText(ctx, p)
		if err := ctx.Err(); err != nil {
			return Doc{}, err
		}
		if err != nil {
			notes = append(notes, fmt.Sprintf("page %d skipped: %v", i+1, err))
			continue
		}
		for _, l := range pl {
			text += len(l.Text) + 1
		}
		if text > model.DefaultMaxBytes {
			return Doc{}, refusef("its text is over the %s a corpus file may hold; split the PDF", model.HumanBytes(model.DefaultMaxBytes))
		}
		lines = append(lines, pl)
	}
	if len(notes) == len(pages) {
		return Doc{}, refusef("corrupt PDF: no page could be read (%s)", notes[0])
	}
	paras := Paragraphs(lines)
	body := model.Sanitize(strings.Join(paras, "\n\n"))
	if model.CountWords(body) == 0 && len(lines) >= 3 {
		// Every line recurs on most pages, so all of it looked like running
		// headers and footers: the pages repeat one text. It is the text.
		paras = paragraphs(lines)
		if body = model.Sanitize(strings.Join(paras, "\n\n")); model.CountWords(body) > 0 {
			notes = append(notes, fmt.Sprintf("every one of its %d pages repeats the same lines; they are all kept", len(lines)))
		}
	}
	if model.CountWords(body) == 0 {
		return Doc{}, refusef("PDF without text (scanned pages or only pictures?); run OCR on it first")
	}
	info := r.Trailer().Key("Info")
	meta := Meta{
		Title: cleanLine(pdfTitle(infoText(info, "Title"), lines)),
		Lang:  langCode(infoText(r.Trailer().Key("Root"), "Lang")),
	}
	// The date the first page states, else the creation date (often the
	// day the file was made, not the day it was published).
	if d := firstPageDate(lines[0]); d != "" {
		meta.Date, meta.DateBasis = d, BasisText
	} else if d := pdfDate(infoText(info, "CreationDate")); d != "" {
		meta.Date, meta.DateBasis = d, BasisMetadata
	}
	// The outlet only when the metadata names an organisation; a person
	// stays the author.
	author := infoText(info, "Author")
	if meta.Source = pdfOutlet(author, infoText(info, "Producer")); !isOrganisation(author) {
		meta.Author = cleanAuthor(author)
	}
	var fromText bool
	body, meta.Author, meta.Date, fromText = dropMetaParagraphs(body, meta.Title, meta.Author, meta.Date)
	if fromText {
		meta.DateBasis = BasisText
	}
	if meta.Title == "" {
		t, _ := model.DeriveTitle(body)
		meta.Title = cleanLine(t)
	}
	return Doc{Kind: KindPDF, Meta: meta, Body: body, Notes: notes}, nil
}

// maxInfoText bounds what is read of a document information string: a
// title, an author or a date is short, and a 30 MB one would cost its
// length in every step that cleans it.
const maxInfoText = 4096

// infoText is the text of a string entry of a dictionary, at most
// maxInfoText bytes of it, cut on a character boundary.
func infoText(d pdf.Value, key string) string {
	s := d.Key(key).Text()
	if len(s) > maxInfoText {
		s = strings.ToValidUTF8(s[:maxInfoText], "")
	}
	return s
}

// openPDF opens a PDF, telling encrypted and corrupt files apart.
func openPDF(data []byte) (r *pdf.Reader, err error) {
	defer func() {
		if x := recover(); x != nil {
			r, err = nil, refusef("corrupt PDF: %s", firstLine(fmt.Sprint(x)))
		}
	}()
	r, err = pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err == nil {
		return r, nil
	}
	msg := err.Error()
	switch {
	case errors.Is(err, pdf.ErrInvalidPassword):
		return nil, refusef("encrypted PDF: it needs a password; save an unprotected copy (e.g. qpdf --decrypt) and import that")
	case strings.Contains(msg, "encrypt") || hasEncryptEntry(data):
		return nil, refusef("encrypted PDF that dossier cannot decrypt (%s); save an unprotected copy (e.g. qpdf --decrypt) and import that", firstLine(msg))
	case strings.Contains(msg, "missing %%EOF"):
		// The library's message doubles the percent sign it means to print.
		return nil, refusef("corrupt PDF: the file is cut short (its %%EOF end marker is missing); download or save it again")
	}
	return nil, refusef("corrupt PDF: %s", firstLine(msg))
}

// hasEncryptEntry reports whether a trailer names an /Encrypt dictionary.
func hasEncryptEntry(data []byte) bool {
	tail := data
	if len(tail) > 64<<10 {
		tail = tail[len(tail)-64<<10:]
	}
	return bytes.Contains(tail, []byte("/Encrypt"))
}

// junkTitle matches document titles that name a file or a program rather
// than the document.
var junkTitle = model.LazyRegexp(`(?i)^(?:untitled|microsoft word|document\d*|\s*$)|\.(?:docx?|odt|pdf|indd|rtf|txt|tex|qxd)\s*$`)

// pdfTitle is the document's own title when it has a real one, else its
// first heading: the first lines on the first pages set larger than the
// body text (or bold, when nothing is larger).
func pdfTitle(info string, pages [][]Line) string {
	if t := model.SanitizeLine(info); t != "" && !junkTitle().MatchString(t) {
		return t
	}
	var all []Line
	for i, p := range pages {
		if i >= 2 {
			break
		}
		all = append(all, p...)
	}
	if len(all) == 0 {
		return ""
	}
	body := bodySize(all)
	vocab := hyphenVocab(all)
	pick := func(ok func(Line) bool) string {
		for i, l := range all {
			if !ok(l) {
				continue
			}
			var b strings.Builder
			b.WriteString(l.Text)
			for j := i + 1; j < len(all) && j < i+3 && ok(all[j]) && all[j].Size == l.Size &&
				all[j-1].Y-all[j].Y < l.Size*2 && all[j-1].Y > all[j].Y; j++ {
				joinLine(&b, all[j].Text, vocab)
			}
			return b.String()
		}
		return ""
	}
	if t := pick(func(l Line) bool { return l.Size > body*1.15 && model.CountWords(l.Text) > 0 }); t != "" {
		return t
	}
	return pick(func(l Line) bool { return l.Bold && model.CountWords(l.Text) > 1 })
}

// bodySize is the font size most of the text is set in.
func bodySize(lines []Line) float64 {
	count := map[float64]int{}
	for _, l := range lines {
		count[l.Size] += len(l.Text)
	}
	best, n := 0.0, -1
	for s, c := range count {
		if c > n || c == n && s < best {
			best, n = s, c
		}
	}
	return best
}

var pdfDateRx = model.LazyRegexp(`^\s*(?:D:)?(\d{4})(\d{2})(\d{2})`)

// pdfDate reads a PDF date ("D:20230607101500+06'00'") as a day.
func pdfDate(s string) string {
	m := pdfDateRx().FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return day(m[1] + "-" + m[2] + "-" + m[3])
}

// firstLine returns the first line of a message, at most 160 runes.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return model.Truncate(model.SanitizeLine(s), 160)
}
