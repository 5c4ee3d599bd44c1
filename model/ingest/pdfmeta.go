package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A PDF's creation date is often the day it was converted, not the day it
// was published; its first page usually states the latter in a dateline
// ("Brussels, 4 April 2025"). Its Author is often a person or a program,
// and sometimes the organisation that published it.

// maxDatelineWords bounds the other words of a dateline paragraph (a place,
// "Press release").
const maxDatelineWords = 4

// firstPageDate finds the dateline among the first paragraphs of the first
// page: a short paragraph that is a date with a place or a label ("Brussels,
// 4 April 2025", "Пресс-релиз, 4 апреля 2025 г."), or a paragraph that opens
// with one ("BRUSSELS, 4 April 2025 – The Commission …"). "" when there is
// none; a date further in the text tells what happened, not when it was
// written.
func firstPageDate(firstPage []Line) string {
	paras := paragraphs([][]Line{firstPage})
	for i, p := range paras {
		if i >= 8 {
			break
		}
		d, start, end := statedDay(p)
		if d == "" {
			continue
		}
		before, after := paraWords(p[:start]), paraWords(p[end:])
		if utf8.RuneCountInString(p) <= 100 && countOther(before)+countOther(after) <= maxDatelineWords {
			return d // a paragraph of its own
		}
		prefix := strings.TrimSpace(p[:start])
		rest := strings.TrimLeft(p[end:], " ")
		if len(before) <= 3 && (prefix == "" || strings.HasSuffix(prefix, ",")) && strings.IndexAny(rest, "–—-:") == 0 {
			return d // the dateline opens the first paragraph
		}
	}
	return ""
}

// countOther counts the words that are not date labels or numbers.
func countOther(words []string) int {
	n := 0
	for _, w := range words {
		if !dateLabels()[w] && strings.Trim(w, "0123456789") != "" {
			n++
		}
	}
	return n
}

// orgWords are words that name organisations, in English, German, French
// and Russian (lower-case; matched as whole words or, for the long ones,
// word starts: "Bundesministerium", "Kommission").
var orgWords = setOf("commission commissione kommission council rat parliament parlament ministry ministère ministerium " +
	"bundesministerium government regierung agency agentur bank office bureau büro department directorate " +
	"delegation embassy botschaft service services institute institut university universität universite association " +
	"verband federation union chamber kammer foundation stiftung company corporation group holding ltd llc inc gmbh ag " +
	"plc sa jsc llp nv bv times news press media tribune herald post gazette journal zeitung radio tv television " +
	"nachrichten agence secretariat sekretariat organisation organization partnership forum centre center zentrum " +
	"министерство правительство агентство комиссия совет банк институт университет ассоциация союз палата фонд " +
	"компания группа служба посольство представительство парламент новости газета информ ао тоо ооо пао оао акимат " +
	"европейская европейский")

// softwareWords mark a program, not a publisher (Producer is usually one).
var softwareWords = setOf("pdf word office acrobat distiller ghostscript gpl libreoffice openoffice skia quartz itext " +
	"pdfsharp tcpdf fpdf groff latex tex pdftex xetex luatex cairo chrome chromium microsoft adobe apple macos mac windows " +
	"printer print converter reportlab wkhtmltopdf prince mpdf aspose writer indesign framemaker pages foxit nitro " +
	"pdfium mozilla firefox safari library")

// isOrganisation reports whether a metadata name is an organisation
// ("European Commission", "EBRD", "Министерство промышленности РК") rather
// than a person ("Jane Doe") or a program ("GPL Ghostscript 10.01").
func isOrganisation(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > 120 {
		return false
	}
	words := paraWords(s)
	for _, w := range words {
		if softwareWords()[w] || strings.ContainsFunc(w, unicode.IsDigit) {
			return false // a program, or a version number
		}
	}
	for _, w := range words {
		if orgWords()[w] {
			return true
		}
		for _, o := range []string{"ministerium", "kommission", "министерств", "агентств", "commission"} {
			if strings.Contains(w, o) {
				return true
			}
		}
	}
	// An acronym alone: EBRD, OECD, EU.
	fields := strings.Fields(s)
	if len(fields) == 1 {
		f := fields[0]
		n := utf8.RuneCountInString(f)
		return n >= 2 && n <= 6 && strings.ToUpper(f) == f && strings.IndexFunc(f, unicode.IsLetter) >= 0
	}
	return false
}

// pdfOutlet is the outlet a PDF names in its metadata: its Author or
// Producer when that is an organisation, else "".
func pdfOutlet(author, producer string) string {
	for _, s := range []string{author, producer} {
		if isOrganisation(s) {
			return cleanLine(s)
		}
	}
	return ""
}
