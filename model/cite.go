package model

import (
	"net/url"
	"strings"
)

// Citation is a quote with where it comes from, ready to paste into a
// briefing: “quote” — Outlet, “Title”, 7 Apr 2025, URL. Every part is
// sanitised to one line; parts that are not known are left out, and so
// are their separators.
type Citation struct {
	Quote  string // the quoted passage, one line; "" cites the article as a whole
	Outlet string
	Title  string
	Date   string // "7 Apr 2025", "Jun 2023", "2025"; "" when undated
	URL    string // http or https only; "" otherwise
}

// Cite makes the citation of quote (a passage of a, or "") from a's metadata.
func Cite(a Article, quote string) Citation {
	c := Citation{
		Quote:  SanitizeLine(quote),
		Outlet: SanitizeLine(a.Outlet),
		Title:  SanitizeLine(a.Title),
		URL:    citableURL(a.URL),
	}
	if a.Precision != Unknown {
		c.Date = HumanDate(a.Date, a.Precision)
	}
	return c
}

// citableURL keeps a URL only when it is an absolute http or https URL
// that reads the same once sanitised (no spaces, no control characters),
// so that a pasted citation never carries a script or a disguised link.
func citableURL(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || SanitizeLine(s) != s || strings.ContainsAny(s, " \t") {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return ""
	}
	return s
}

// source is the part after the dash, each known part once.
func (c Citation) source(title string) string {
	var parts []string
	for _, p := range []string{c.Outlet, title, c.Date} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

func quoted(s string) string {
	if s == "" {
		return ""
	}
	return "“" + s + "”"
}

// Text is the citation as plain text:
// “quote” — Outlet, “Title”, 7 Apr 2025, URL.
func (c Citation) Text() string {
	src := c.source(quoted(c.Title))
	if c.URL != "" {
		src = joinNonEmpty(", ", src, c.URL)
	}
	return joinNonEmpty(" — ", quoted(c.Quote), src)
}

// Markdown is the citation in Markdown, the title linked to the URL:
// “quote” — Outlet, [“Title”](URL), 7 Apr 2025. Characters that would
// change the Markdown's structure are escaped.
func (c Citation) Markdown() string {
	title := mdEscape(quoted(c.Title))
	switch {
	case c.URL != "" && title != "":
		title = "[" + title + "](" + mdURL(c.URL) + ")"
	case c.URL != "":
		title = "<" + mdURL(c.URL) + ">"
	}
	e := Citation{Outlet: mdEscape(c.Outlet), Date: c.Date}
	return joinNonEmpty(" — ", mdEscape(quoted(c.Quote)), e.source(title))
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// mdEscape escapes the characters that start Markdown structure.
func mdEscape(s string) string {
	r := strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]",
		"<", "&lt;", ">", "&gt;", "#", "\\#", "|", "\\|")
	return r.Replace(s)
}

// mdURL escapes what would end a Markdown link target.
func mdURL(s string) string {
	return strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(s)
}
