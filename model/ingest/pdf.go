package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
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
	if err := scanPDF(data); err != nil {
		return Doc{}, err
	}
	r, err := openPDF(data)
	if err != nil {
		return Doc{}, err
	}
	pages, err := pageList(r)
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
		pl, err := pageText(p)
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
	if model.CountWords(body) == 0 {
		return Doc{}, refusef("PDF without text (scanned pages or only pictures?); run OCR on it first")
	}
	info := r.Trailer().Key("Info")
	title := pdfTitle(info.Key("Title").Text(), lines)
	meta := Meta{
		Title:  cleanLine(title),
		Author: cleanAuthor(info.Key("Author").Text()),
		Date:   pdfDate(info.Key("CreationDate").Text()),
		Lang:   langCode(r.Trailer().Key("Root").Key("Lang").Text()),
	}
	if meta.Title == "" {
		t, _ := model.DeriveTitle(body)
		meta.Title = cleanLine(t)
	}
	return Doc{Kind: KindPDF, Meta: meta, Body: body, Notes: notes}, nil
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

// pageList walks the page tree in order, without trusting it: cycles,
// depth and size are bounded, and a page whose parent chain loops is
// refused (the library would follow it for ever looking up resources).
func pageList(r *pdf.Reader) (pages []pdf.Page, err error) {
	defer func() {
		if x := recover(); x != nil {
			pages, err = nil, refusef("corrupt PDF: page tree: %s", firstLine(fmt.Sprint(x)))
		}
	}()
	type item struct {
		v     pdf.Value
		depth int
	}
	root := r.Trailer().Key("Root").Key("Pages")
	if root.IsNull() {
		return nil, refusef("corrupt PDF: no page tree")
	}
	stack := []item{{root, 0}}
	visited := 0
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if visited++; visited > maxTreeNodes {
			return nil, refusef("corrupt PDF: its page tree is too large or loops")
		}
		kids := it.v.Key("Kids")
		if it.v.Key("Type").Name() == "Pages" || kids.Kind() == pdf.Array {
			if it.depth >= maxTreeDepth {
				return nil, refusef("corrupt PDF: its page tree is nested more than %d deep", maxTreeDepth)
			}
			for i := kids.Len() - 1; i >= 0; i-- {
				stack = append(stack, item{kids.Index(i), it.depth + 1})
			}
			continue
		}
		if it.v.Kind() != pdf.Dict {
			continue
		}
		if len(pages) >= maxPages {
			return nil, refusef("PDF of more than %d pages; split it", maxPages)
		}
		if !parentChainEnds(it.v) {
			return nil, refusef("corrupt PDF: the page tree loops")
		}
		pages = append(pages, pdf.Page{V: it.v})
	}
	return pages, nil
}

// parentChainEnds reports whether following /Parent from v ends.
func parentChainEnds(v pdf.Value) bool {
	for i := 0; i <= maxTreeDepth; i++ {
		v = v.Key("Parent")
		if v.IsNull() {
			return true
		}
	}
	return false
}

// contentSize decompresses a page's content streams to count their size
// before they are interpreted: a page's glyphs take memory in proportion.
func contentSize(p pdf.Page, limit int64) (n int, err error) {
	c := p.V.Key("Contents")
	switch c.Kind() {
	case pdf.Stream:
		m, err := streamSize(c, limit)
		return int(m), err
	case pdf.Array:
		var total int64
		for i := 0; i < c.Len() && i < 10_000; i++ {
			m, err := streamSize(c.Index(i), limit-total)
			if err != nil {
				return 0, err
			}
			total += m
		}
		return int(total), nil
	}
	return 0, nil
}

// streamSize decompresses one stream, at most limit bytes, to count it.
func streamSize(s pdf.Value, limit int64) (n int64, err error) {
	defer func() {
		if x := recover(); x != nil {
			n, err = 0, fmt.Errorf("unreadable content (%s)", firstLine(fmt.Sprint(x)))
		}
	}()
	rc := s.Reader()
	defer rc.Close()
	n, err = io.Copy(io.Discard, io.LimitReader(rc, limit+1))
	switch {
	case err != nil:
		return 0, fmt.Errorf("unreadable content (%s)", firstLine(err.Error()))
	case n > limit:
		return 0, fmt.Errorf("its content is over %s (a large drawing?)", model.HumanBytes(maxPageContent))
	}
	return n, nil
}

// pageText rebuilds the lines of one page; a panic in the library (a
// malformed content stream) becomes an error.
func pageText(p pdf.Page) (lines []Line, err error) {
	defer func() {
		if x := recover(); x != nil {
			lines, err = nil, fmt.Errorf("unreadable content (%s)", firstLine(fmt.Sprint(x)))
		}
	}()
	glyphs, err := pageGlyphs(p)
	if err != nil {
		return nil, err
	}
	return PageLines(glyphs), nil
}

// junkTitle matches document titles that name a file or a program rather
// than the document.
var junkTitle = lazyRegexp(`(?i)^(?:untitled|microsoft word|document\d*|\s*$)|\.(?:docx?|odt|pdf|indd|rtf|txt|tex|qxd)\s*$`)

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

var pdfDateRx = lazyRegexp(`^\s*(?:D:)?(\d{4})(\d{2})(\d{2})`)

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
