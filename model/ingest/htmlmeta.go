package ingest

import (
	"encoding/json"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"dossier/model"
)

// pageMeta is what a page says about itself outside its text: meta tags,
// JSON-LD, the html element's language and the canonical link. Values are
// raw (not yet sanitised); empty when the page does not say.
type pageMeta struct {
	Title, Site, Author, Published, URL, Lang string
}

// merge fills the empty fields of m from o.
func (m *pageMeta) merge(o pageMeta) {
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = strings.TrimSpace(v)
		}
	}
	fill(&m.Title, o.Title)
	fill(&m.Site, o.Site)
	fill(&m.Author, o.Author)
	fill(&m.Published, o.Published)
	fill(&m.URL, o.URL)
	fill(&m.Lang, o.Lang)
}

// maxJSONLD caps one JSON-LD script read (bytes).
const maxJSONLD = 1 << 20

// readPageMeta collects a page's metadata. JSON-LD describing an article
// comes first, then Open Graph and article: meta tags, then other common
// meta names; the language is the html element's lang before anything else.
func readPageMeta(doc *goquery.Document) pageMeta {
	var m pageMeta
	if lang, ok := doc.Find("html").First().Attr("lang"); ok {
		m.Lang = lang
	} else if lang, ok := doc.Find("html").First().Attr("xml:lang"); ok {
		m.Lang = lang
	}
	doc.Find(`script[type="application/ld+json"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if ld, ok := parseJSONLD(s.Text()); ok {
			m.merge(ld)
			return false
		}
		return true
	})
	m.merge(metaTags(doc))
	if href, ok := doc.Find(`link[rel~="canonical"]`).First().Attr("href"); ok {
		m.merge(pageMeta{URL: href})
	}
	return m
}

// metaTags reads the meta elements by property, name or itemprop.
func metaTags(doc *goquery.Document) pageMeta {
	vals := map[string]string{}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		content, ok := s.Attr("content")
		if !ok || strings.TrimSpace(content) == "" {
			return
		}
		for _, attr := range []string{"property", "name", "itemprop", "http-equiv"} {
			if k, ok := s.Attr(attr); ok {
				for _, key := range strings.Fields(strings.ToLower(k)) {
					if _, seen := vals[key]; !seen {
						vals[key] = content
					}
				}
			}
		}
	})
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := strings.TrimSpace(vals[k]); v != "" {
				return v
			}
		}
		return ""
	}
	var author string
	for _, k := range []string{"author", "article:author", "og:article:author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author", "byl"} {
		if v := strings.TrimSpace(vals[k]); v != "" && !looksLikeURL(v) {
			author = v
			break
		}
	}
	return pageMeta{
		Title:  first("og:title", "twitter:title", "dc.title", "dcterms.title", "parsely-title", "headline"),
		Site:   first("og:site_name", "application-name", "publisher", "dc.publisher", "dcterms.publisher"),
		Author: author,
		Published: first("article:published_time", "og:article:published_time", "datepublished", "article.published",
			"dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date", "date", "pubdate", "publishdate",
			"publish-date", "parsely-pub-date", "sailthru.date", "og:published_time"),
		URL:  first("og:url", "twitter:url"),
		Lang: first("content-language", "dc.language", "og:locale", "inlanguage", "language"),
	}
}

// cdata strips the wrappers some sites put around JSON-LD.
var cdata = model.LazyRegexp(`^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$`)

// parseJSONLD reads one JSON-LD script and returns the metadata of the first
// object that describes an article (NewsArticle, Article, BlogPosting,
// Report…), looking inside arrays and @graph and following @id references
// for the author and publisher. ok is false when there is none.
func parseJSONLD(text string) (pageMeta, bool) {
	if len(text) > maxJSONLD {
		return pageMeta{}, false
	}
	var v any
	if err := json.Unmarshal([]byte(cdata().ReplaceAllString(text, "")), &v); err != nil {
		return pageMeta{}, false
	}
	var nodes []map[string]any
	collectNodes(v, &nodes, 0)
	byID := map[string]map[string]any{}
	for _, n := range nodes {
		if id, ok := n["@id"].(string); ok {
			if _, dup := byID[id]; !dup {
				byID[id] = n
			}
		}
	}
	for _, n := range nodes {
		if !isArticleType(n["@type"]) {
			continue
		}
		m := pageMeta{
			Title:     firstString(n["headline"], n["name"], n["alternativeHeadline"]),
			Author:    names(n["author"], byID),
			Site:      names(n["publisher"], byID),
			Published: firstString(n["datePublished"], n["dateCreated"], n["uploadDate"]),
			URL:       firstString(n["url"], idOf(n["mainEntityOfPage"])),
			Lang:      firstString(n["inLanguage"], nameOf(n["inLanguage"], byID)),
		}
		if m.Site == "" {
			m.Site = names(n["sourceOrganization"], byID)
		}
		return m, true
	}
	return pageMeta{}, false
}

// maxLDDepth bounds how deep collectNodes looks for objects.
const maxLDDepth = 8

// collectNodes gathers the JSON objects of a JSON-LD value: the value
// itself, the items of arrays and of @graph.
func collectNodes(v any, out *[]map[string]any, depth int) {
	if depth > maxLDDepth || len(*out) > 1000 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, it := range x {
			collectNodes(it, out, depth+1)
		}
	case map[string]any:
		*out = append(*out, x)
		if g, ok := x["@graph"]; ok {
			collectNodes(g, out, depth+1)
		}
	}
}

// articleTypes are the schema.org types whose objects describe an article.
var articleTypes = setOf("article newsarticle reportagenewsarticle analysisnewsarticle backgroundnewsarticle " +
	"opinionnewsarticle reviewnewsarticle askpublicnewsarticle blogposting liveblogposting report " +
	"scholarlyarticle techarticle socialmediaposting pressrelease governmentpublication")

// isArticleType reports whether a JSON-LD @type (a string or a list) names
// an article type, with or without the schema.org prefix.
func isArticleType(t any) bool {
	check := func(s string) bool {
		s = strings.ToLower(strings.TrimSpace(s))
		s = s[strings.LastIndexAny(s, "/:#")+1:]
		return articleTypes()[s]
	}
	switch x := t.(type) {
	case string:
		return check(x)
	case []any:
		for _, it := range x {
			if s, ok := it.(string); ok && check(s) {
				return true
			}
		}
	}
	return false
}

// names reads a person or organisation field: a string, an object with a
// name (or an @id pointing at one), or a list of them, joined by ", ".
func names(v any, byID map[string]map[string]any) string {
	var out []string
	var add func(v any, depth int)
	add = func(v any, depth int) {
		if depth > 2 || len(out) >= 10 {
			return
		}
		switch x := v.(type) {
		case string:
			if s := strings.TrimSpace(x); s != "" && !looksLikeURL(s) {
				out = append(out, s)
			}
		case map[string]any:
			if s := nameOf(x, byID); s != "" {
				out = append(out, s)
			}
		case []any:
			for _, it := range x {
				add(it, depth+1)
			}
		}
	}
	add(v, 0)
	return strings.Join(out, ", ")
}

// nameOf returns the name of a JSON-LD object, following an @id reference.
func nameOf(v any, byID map[string]map[string]any) string {
	x, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	if s := firstString(x["name"], x["alternateName"]); s != "" {
		return s
	}
	if id, ok := x["@id"].(string); ok {
		if ref, ok := byID[id]; ok {
			return firstString(ref["name"], ref["alternateName"])
		}
	}
	return ""
}

// idOf returns a string value, or the @id or url of an object.
func idOf(v any) string {
	if x, ok := v.(map[string]any); ok {
		return firstString(x["@id"], x["url"])
	}
	return firstString(v)
}

// firstString returns the first of vs that is a non-empty string.
func firstString(vs ...any) string {
	for _, v := range vs {
		if s, ok := v.(string); ok && strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// looksLikeURL reports whether s is a link rather than a name.
func looksLikeURL(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "://") || strings.HasPrefix(s, "www.")
}
