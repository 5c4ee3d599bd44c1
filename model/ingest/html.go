package ingest

import (
	"bytes"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"dossier/model"
)

// maxElements caps the elements of a page. Real article pages have a few
// thousand; a page with more is generated junk or hostile, and parsing it
// would take seconds and gigabytes.
const maxElements = 150_000

// minArticleWords is the least text an HTML article may have.
const minArticleWords = 25

// fromHTML extracts the article of a saved web page and its metadata.
func fromHTML(data []byte) (Doc, error) {
	data = toUTF8(data)
	if n := countStartTags(data, maxElements+1); n > maxElements {
		return Doc{}, refusef("HTML with more than %d elements is not an article page", maxElements)
	}
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		// x/net/html refuses pages nested more than 512 elements deep.
		return Doc{}, refusef("HTML cannot be read: %v", err)
	}
	pm := readPageMeta(goquery.NewDocumentFromNode(root))
	base := cleanURL(pm.URL, "")
	pageURL, _ := url.Parse("https://localhost/")
	if base != "" {
		pageURL, _ = url.Parse(base)
	}
	p := readability.NewParser()
	p.MaxElemsToParse = maxElements
	art, err := p.ParseAndMutate(root, pageURL)
	if err != nil {
		if strings.Contains(err.Error(), "too large") {
			return Doc{}, refusef("HTML with more than %d elements is not an article page", maxElements)
		}
		return Doc{}, refusef("no article found in the page: %v", firstLine(err.Error()))
	}
	body := ""
	if art.Node != nil {
		body = articleText(render.InnerText(art.Node))
	}
	if words := model.CountWords(body); words < minArticleWords {
		return Doc{}, refusef("no article found in the page (%d words of text; is it a menu, a search page or a page that needs JavaScript?)", words)
	}
	rd := pageMeta{Title: art.Title(), Site: art.SiteName(), Author: art.Byline(), Lang: art.Language()}
	if pm.Published == "" {
		if t, err := art.PublishedTime(); err == nil {
			rd.Published = t.Format("2006-01-02T15:04:05Z07:00")
		}
	}
	pm.merge(rd)
	author, date, basis := cleanAuthor(pm.Author), day(pm.Published), ""
	if date != "" {
		basis = BasisMetadata
	}
	title := cleanLine(pm.Title)
	body, author, date, fromText := dropMetaParagraphs(body, title, author, date)
	if fromText {
		basis = BasisText
	}
	if title == "" {
		title, _ = model.DeriveTitle(body)
		title = cleanLine(title)
	}
	return Doc{Kind: KindHTML, Body: body, Meta: Meta{
		Title:     title,
		Source:    cleanLine(pm.Site),
		Author:    author,
		Date:      date,
		DateBasis: basis,
		URL:       cleanURL(pm.URL, ""),
		Lang:      langCode(pm.Lang),
	}}, nil
}

// toUTF8 decodes a page in the charset it declares (BOM or meta), unless it
// is valid UTF-8 already; a page that is neither is read as windows-1252.
func toUTF8(data []byte) []byte {
	if utf8.Valid(data) {
		return bytes.TrimPrefix(data, []byte("\ufeff"))
	}
	enc, name, _ := charset.DetermineEncoding(data, "")
	if name == "utf-8" || enc == nil {
		return bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return out
}

// countStartTags counts start tags up to limit without building a tree.
func countStartTags(data []byte, limit int) int {
	z := html.NewTokenizer(bytes.NewReader(data))
	n := 0
	for n < limit {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return n
			}
			return n
		case html.StartTagToken, html.SelfClosingTagToken:
			n++
		}
	}
	return n
}

// articleText turns Readability's rendered text into dossier's form: one
// paragraph a line, blank lines between, spaces collapsed, sanitised.
func articleText(s string) string {
	s = model.Sanitize(s)
	var paras []string
	for _, line := range strings.Split(s, "\n") {
		if l := strings.Join(strings.Fields(line), " "); l != "" {
			paras = append(paras, l)
		}
	}
	return strings.Join(paras, "\n\n")
}
