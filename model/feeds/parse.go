package feeds

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"

	"dossier/model"
)

// MaxEntries bounds the entries read from one feed (real feeds list 10 to 100).
const MaxEntries = 1000

// Entry is one item of a feed.
type Entry struct {
	Key       string    // what identifies it: URLKey of its link, else "guid:" and the feed's id
	Link      string    // its page, absolute and clean; "" when the feed gives none
	Title     string    // one sanitised line
	Published time.Time // when the feed says it was published (else updated); zero when it says neither
	Author    string    // one sanitised line
	Content   string    // the HTML the feed carries for it (content, else description)
	Lang      string    // the feed's language, as given
}

// Feed is a parsed feed.
type Feed struct {
	Title   string
	Type    string // rss, atom or json
	Entries []Entry
}

// ParseFeed reads a feed (RSS 0.9x to 2.0, Atom, JSON Feed) with gofeed.
// contentType is the HTTP header: a charset it names is used when the body
// is not UTF-8 and does not declare its own encoding. base resolves
// relative links. An entry listed twice (same link, or same id) is kept
// once.
func ParseFeed(data []byte, contentType, base string) (*Feed, error) {
	data = toUTF8(data, contentType)
	p := gofeed.NewParser()
	f, err := p.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not a feed dossier can read (RSS, Atom or JSON Feed): %s", model.SanitizeLine(firstLine(err.Error())))
	}
	out := &Feed{Title: oneLine(f.Title), Type: f.FeedType}
	if link := CleanURL(f.Link, base); link != "" && base == "" {
		base = link
	}
	seen := map[string]bool{}
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		if len(out.Entries) == MaxEntries {
			break
		}
		e := Entry{
			Link:    CleanURL(it.Link, base),
			Title:   oneLine(it.Title),
			Content: it.Content,
			Lang:    f.Language,
		}
		if e.Link == "" {
			for _, l := range it.Links {
				if e.Link = CleanURL(l, base); e.Link != "" {
					break
				}
			}
		}
		if e.Content == "" {
			e.Content = it.Description
		}
		switch {
		case it.PublishedParsed != nil:
			e.Published = it.PublishedParsed.UTC()
		case it.UpdatedParsed != nil:
			e.Published = it.UpdatedParsed.UTC()
		}
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			e.Author = oneLine(it.Authors[0].Name)
		}
		switch {
		case e.Link != "":
			e.Key = URLKey(e.Link)
		case strings.TrimSpace(it.GUID) != "":
			e.Key = "guid:" + model.Truncate(model.SanitizeLine(strings.TrimSpace(it.GUID)), 500)
		default:
			continue // nothing to know it by next time
		}
		if seen[e.Key] {
			continue
		}
		seen[e.Key] = true
		out.Entries = append(out.Entries, e)
	}
	return out, nil
}

// xmlEncoding finds an encoding declared in an XML prolog.
var xmlEncoding = model.LazyRegexp(`^\s*<\?xml[^>]*encoding\s*=`)

// toUTF8 converts a body that is not UTF-8 from the charset its
// Content-Type names, unless it declares its own encoding (the XML parser
// then converts it).
func toUTF8(data []byte, contentType string) []byte {
	if utf8.Valid(data) {
		return data
	}
	head := data[:min(len(data), 512)]
	if xmlEncoding().Match(head) {
		return data
	}
	_, params, err := mime.ParseMediaType(contentType)
	cs := strings.ToLower(params["charset"])
	if err != nil || cs == "" || cs == "utf-8" {
		return data
	}
	r, err := charset.NewReaderLabel(cs, bytes.NewReader(data))
	if err != nil {
		return data
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return data
	}
	return out
}

// oneLine is a title or name as one sanitised line of single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(model.SanitizeLine(htmlUnescape(s))), " ")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
