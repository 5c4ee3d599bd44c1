package ingest

import (
	"bytes"
	"net/http"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Kind is the type of an input, decided from its content.
type Kind int

// The kinds of input Extract knows.
const (
	KindUnknown Kind = iota
	KindHTML
	KindPDF
	KindText
	KindMarkdown
)

// String names the kind as in messages and JSON.
func (k Kind) String() string {
	switch k {
	case KindHTML:
		return "html"
	case KindPDF:
		return "pdf"
	case KindText:
		return "text"
	case KindMarkdown:
		return "markdown"
	}
	return "unknown"
}

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Sniff decides what data is from its first bytes, and from the file name's
// extension only to tell plain text from Markdown. It refuses what it
// cannot import, saying what the content looks like.
func Sniff(name string, data []byte) (Kind, error) {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n\f")
	if len(trimmed) == 0 {
		return KindUnknown, refusef("empty file")
	}
	// A PDF header may follow a little junk (the specification allows 1 KiB).
	if i := bytes.Index(head, []byte("%PDF-")); i >= 0 && i < 1024 {
		return KindPDF, nil
	}
	if looksLikeMHTML(trimmed) {
		return KindUnknown, refusef("unsupported type: a web archive (MHTML); save the page as \"Web page, HTML only\" and import that")
	}
	if looksLikeHTML(trimmed) {
		return KindHTML, nil
	}
	mime := http.DetectContentType(head)
	if strings.Contains(mime, "charset=utf-16") {
		return KindUnknown, refusef("unsupported type: text in UTF-16, not UTF-8; convert it to UTF-8 first")
	}
	if !strings.HasPrefix(mime, "text/") || bytes.IndexByte(head, 0) >= 0 {
		return KindUnknown, refusef("unsupported type: %s (dossier imports HTML, PDF, .txt and .md)", describeMIME(mime))
	}
	if !utf8.Valid(cutIncompleteRune(head)) {
		return KindUnknown, refusef("unsupported type: text that is not UTF-8; convert it to UTF-8 first")
	}
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".md", ".markdown":
		return KindMarkdown, nil
	case ".txt", ".text", "":
		return KindText, nil
	case ".html", ".htm", ".xhtml":
		return KindHTML, nil
	default:
		return KindUnknown, refusef("unsupported type: plain text named %s; rename it to .txt or .md to import it as an article", ext)
	}
}

// looksLikeHTML reports whether the start of a file is an HTML document.
func looksLikeHTML(b []byte) bool {
	lower := bytes.ToLower(b)
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<article", "<meta", "<title", "<!--"} {
		if bytes.HasPrefix(lower, []byte(p)) {
			if p == "<!--" {
				return bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<body"))
			}
			return true
		}
	}
	if bytes.HasPrefix(lower, []byte("<?xml")) {
		return bytes.Contains(lower, []byte("<html"))
	}
	return false
}

// looksLikeMHTML reports whether b starts like a MIME web archive.
func looksLikeMHTML(b []byte) bool {
	lower := bytes.ToLower(b)
	if !bytes.HasPrefix(lower, []byte("from:")) && !bytes.HasPrefix(lower, []byte("mime-version:")) &&
		!bytes.HasPrefix(lower, []byte("snapshot-content-location:")) && !bytes.HasPrefix(lower, []byte("content-type:")) {
		return false
	}
	return bytes.Contains(lower, []byte("multipart/related"))
}

// describeMIME names a detected media type for people.
func describeMIME(mime string) string {
	mime, _, _ = strings.Cut(mime, ";")
	switch mime {
	case "application/octet-stream":
		return "binary data"
	case "application/zip":
		return "a ZIP archive (a .docx or .epub? save it as PDF or HTML first)"
	case "application/x-gzip":
		return "a gzip archive"
	}
	if strings.HasPrefix(mime, "image/") {
		return "an image (" + mime + "); run OCR and import the text"
	}
	return mime
}

// cutIncompleteRune drops a rune cut in half at the end of a prefix.
func cutIncompleteRune(b []byte) []byte {
	for i := 0; i < utf8.UTFMax && i < len(b); i++ {
		if utf8.RuneStart(b[len(b)-1-i]) {
			if !utf8.FullRune(b[len(b)-1-i:]) {
				return b[:len(b)-1-i]
			}
			break
		}
	}
	return b
}
