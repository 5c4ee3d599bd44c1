package feeds

import (
	"context"
	"html"
	"mime"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"dossier/model"
	"dossier/model/ingest"
)

// pageDoc extracts the article of a fetched page through the importer:
// HTML through Readability, PDF through the PDF reader, plain text as
// text. A charset named only in the Content-Type header is honoured.
func pageDoc(ctx context.Context, r *Response) (ingest.Doc, error) {
	mt, _, _ := mime.ParseMediaType(r.ContentType)
	name := "page.html"
	switch {
	case mt == "application/pdf":
		name = "page.pdf"
	case mt == "text/plain":
		name = "page.txt"
	}
	data := r.Body
	if name != "page.pdf" && !utf8.Valid(data) {
		if enc, cs, _ := charset.DetermineEncoding(data, r.ContentType); enc != nil && cs != "utf-8" && cs != "windows-1252" {
			if out, err := enc.NewDecoder().Bytes(data); err == nil {
				data = out
			}
		}
	}
	doc, err := ingest.Extract(ctx, name, data)
	doc.Raw = nil // never passed through: the front matter is dossier's
	return doc, err
}

// entryDoc makes an article of the text the feed carries for e, through
// the importer's HTML path (so that it is cleaned as a saved page is).
func entryDoc(ctx context.Context, e Entry) (ingest.Doc, error) {
	content := strings.TrimSpace(e.Content)
	if content == "" {
		return ingest.Doc{}, &ingest.Refusal{Reason: "the feed carries no text for it (fetch: page reads its page)"}
	}
	if !strings.Contains(content, "<") {
		// Plain text: its blank lines are paragraphs.
		var b strings.Builder
		for _, p := range strings.Split(strings.ReplaceAll(content, "\r\n", "\n"), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
			}
		}
		content = b.String()
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html")
	if l := langOf(e.Lang); l != "" {
		b.WriteString(` lang="` + l + `"`)
	}
	b.WriteString(`><head><meta charset="utf-8"><title>` + html.EscapeString(e.Title) + "</title></head>\n<body><article>\n")
	b.WriteString(content)
	b.WriteString("\n</article></body></html>\n")
	doc, err := ingest.Extract(ctx, "entry.html", []byte(b.String()))
	if err != nil {
		return doc, err
	}
	if e.Title != "" {
		doc.Meta.Title = e.Title // the feed's own title beats one derived from a fragment
	}
	doc.Raw = nil
	return doc, nil
}

// complete gives a fetched article the metadata only the fetch knows: the
// source, the entry's URL, when it was fetched and when its feed says it
// was published; and what the page did not say (title, author, date,
// language) from the feed.
func complete(doc *ingest.Doc, src Source, e Entry, fetched time.Time) {
	m := &doc.Meta
	m.Source = oneLine(src.Name)
	if e.Link != "" {
		m.URL = e.Link
	}
	if m.Title == "" {
		m.Title = e.Title
	}
	if m.Author == "" {
		m.Author = e.Author
	}
	m.Fetched = fetched.UTC().Truncate(time.Second).Format(time.RFC3339)
	if y := e.Published.UTC().Year(); !e.Published.IsZero() && y >= 1900 && y <= 2200 {
		m.Published = e.Published.UTC().Truncate(time.Second).Format(time.RFC3339)
		if m.Date == "" {
			m.Date = e.Published.UTC().Format(time.DateOnly)
		}
	}
	if m.Lang == "" {
		m.Lang = langOf(e.Lang)
	}
}

// langOf turns a feed's language ("en-us", "ru") into an ISO 639 code, or "".
func langOf(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	if !model.ValidLang(s) {
		return ""
	}
	return s
}

// htmlUnescape decodes entities left in a feed's titles (&amp;quot; and the like).
func htmlUnescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return html.UnescapeString(s)
}
