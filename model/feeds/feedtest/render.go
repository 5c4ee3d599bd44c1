package feedtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
)

func (f *feed) contentType() string {
	switch f.format {
	case Atom:
		return "application/atom+xml; charset=utf-8"
	case JSON:
		return "application/feed+json"
	case RSS1251:
		return "application/rss+xml"
	}
	return "application/rss+xml; charset=utf-8"
}

func abs(base, link string) string {
	if strings.HasPrefix(link, "/") {
		return base + link
	}
	return link
}

// render writes the feed as its format says.
func (f *feed) render(base string) []byte {
	var b strings.Builder
	esc := html.EscapeString
	switch f.format {
	case Atom:
		b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
		fmt.Fprintf(&b, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>%s</title><id>%s/</id><updated>%s</updated>`+"\n",
			esc(f.title), base, time.Now().UTC().Format(time.RFC3339))
		for i, it := range f.items {
			fmt.Fprintf(&b, `<entry><title>%s</title><link rel="alternate" href="%s"/><id>urn:test:%d:%s</id><published>%s</published><updated>%s</updated><summary type="html">%s</summary></entry>`+"\n",
				esc(it.Title), esc(abs(base, it.Link)), i, esc(it.Link), it.Published.Format(time.RFC3339), it.Published.Format(time.RFC3339), esc(it.Content))
		}
		b.WriteString("</feed>\n")
	case JSON:
		type item struct {
			ID      string `json:"id"`
			URL     string `json:"url"`
			Title   string `json:"title"`
			HTML    string `json:"content_html"`
			Date    string `json:"date_published"`
			Authors []any  `json:"authors,omitempty"`
		}
		out := struct {
			Version string `json:"version"`
			Title   string `json:"title"`
			Home    string `json:"home_page_url"`
			Lang    string `json:"language"`
			Items   []item `json:"items"`
		}{Version: "https://jsonfeed.org/version/1.1", Title: f.title, Home: base + "/", Lang: "en"}
		for _, it := range f.items {
			out.Items = append(out.Items, item{ID: abs(base, it.Link), URL: abs(base, it.Link), Title: it.Title, HTML: it.Content,
				Date: it.Published.Format(time.RFC3339)})
		}
		data, _ := json.MarshalIndent(out, "", " ")
		return data
	default:
		enc := "utf-8"
		lang := "en"
		if f.format == RSS1251 {
			enc, lang = "windows-1251", "ru"
		}
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="%s"?>`+"\n", enc)
		fmt.Fprintf(&b, `<rss version="2.0"><channel><title>%s</title><link>%s/</link><description>test</description><language>%s</language>`+"\n", esc(f.title), base, lang)
		for _, it := range f.items {
			fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><description>%s</description></item>\n",
				esc(it.Title), esc(abs(base, it.Link)), esc(abs(base, it.Link)), it.Published.Format(time.RFC1123Z), esc(it.Content))
		}
		b.WriteString("</channel></rss>\n")
		if f.format == RSS1251 {
			out, err := charmap.Windows1251.NewEncoder().Bytes([]byte(b.String()))
			if err != nil {
				panic(err)
			}
			return out
		}
	}
	return []byte(b.String())
}

// PDF is a one-page PDF whose text is lines, drawn in Helvetica, with
// title in its document information.
func PDF(title string, lines []string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 11 Tf 14 TL 72 720 Td\n")
	for _, l := range lines {
		fmt.Fprintf(&content, "(%s) Tj T*\n", pdfEscape(l))
	}
	content.WriteString("ET")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [" +
			strings.Repeat("500 ", 95) + "] >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()),
		fmt.Sprintf("<< /Title (%s) >>", pdfEscape(title)),
	}
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
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func pdfEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`).Replace(s)
}
