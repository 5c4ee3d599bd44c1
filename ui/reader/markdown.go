package reader

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"dossier/model"
)

// Sentinels mark match boundaries and paragraph starts in the Markdown
// handed to glamour; they come back in the rendered text, where the reader
// turns marks into styles and notes the line of each paragraph. They are
// private-use characters, which no article contains once rendered.
const (
	markStart = '\ue000'
	markEnd   = '\ue001'
	paraStart = '\ue002'
	// slotMark is the line under the title that the reader fills as it
	// learns more (new for you, the items the article concerns), drawn
	// over the rendering without rendering again.
	slotMark = '\ue003'
)

// mdEscapes are the ASCII punctuation characters that could start Markdown
// structure (headings, lists, emphasis, links, HTML, tables) in article text.
// & and ~ are written as entities instead: glamour shows a backslash-escaped
// & or ~ as it is ("\&", "\~").
const mdEscapes = "\\`*_{}[]<>()#+-.!|="

// writeEscaped writes one rune of article text as Markdown.
func writeEscaped(b *strings.Builder, r rune) {
	switch {
	case r == markStart || r == markEnd || r == paraStart || r == linkMark || r == slotMark:
	case r == '&':
		b.WriteString("&amp;")
	case r == '~':
		b.WriteString("&#126;")
	case r < utf8.RuneSelf && strings.ContainsRune(mdEscapes, r):
		b.WriteByte('\\')
		b.WriteRune(r)
	default:
		b.WriteRune(r)
	}
}

// escapeInline escapes text for Markdown and drops sentinels.
func escapeInline(s string) string {
	var b strings.Builder
	for _, r := range s {
		writeEscaped(&b, r)
	}
	return b.String()
}

// normaliseMarks sorts the spans, clips them to the text and to rune
// boundaries, and drops empty and overlapping ones.
func normaliseMarks(text string, marks []model.Span) []model.Span {
	ms := append([]model.Span(nil), marks...)
	sort.Slice(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
	var out []model.Span
	for _, m := range ms {
		m.Start = max(m.Start, 0)
		m.End = min(m.End, len(text))
		for m.Start < m.End && !utf8.RuneStart(text[m.Start]) {
			m.Start++
		}
		for m.End < len(text) && !utf8.RuneStart(text[m.End]) {
			m.End++
		}
		if m.Start >= m.End || (len(out) > 0 && m.Start < out[len(out)-1].End) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// titleLineEnd returns where the body's first line ends when that line
// repeats the title shown in the header (so it is not shown twice), else 0.
func titleLineEnd(a model.Article, text string) int {
	first, _, _ := strings.Cut(text, "\n")
	if strings.TrimSpace(first) != "" && strings.TrimSpace(first) == strings.TrimSpace(a.Title) {
		return len(first)
	}
	return 0
}

// bodyMarkdown turns article text from byte offset from on into Markdown:
// every line becomes a paragraph (starting with a paragraph sentinel),
// Markdown syntax is escaped, and the marks are wrapped in sentinels at
// their exact byte offsets. A web address no mark touches becomes a line
// of its own, a placeholder for links.go, and is added to addrs.
func bodyMarkdown(body string, from int, marks []model.Span, addrs *[]string) string {
	marks = normaliseMarks(body, marks)
	for len(marks) > 0 && marks[0].Start < from {
		marks = marks[1:]
	}
	var b strings.Builder
	b.Grow(len(body) + len(body)/8)
	k := 0        // next mark to open or close
	open := false // inside a mark
	lineStart := true
	for i := from; i < len(body); {
		if k < len(marks) {
			if open && i == marks[k].End {
				b.WriteRune(markEnd)
				open = false
				k++
				continue
			}
			if !open && i == marks[k].Start {
				b.WriteRune(markStart)
				open = true
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(body[i:])
		if n := linkAt(body[i:]); n > 0 && !open && (lineStart || body[i-1] == ' ') && (k >= len(marks) || marks[k].Start >= i+n) {
			if lineStart {
				b.WriteRune(paraStart)
			} else {
				b.WriteString("\\\n") // a line break inside the paragraph
			}
			b.WriteString(linkPlaceholder(len(*addrs)))
			*addrs = append(*addrs, body[i:i+n])
			i += n
			lineStart = false
			for i < len(body) && strings.IndexByte(".,;:!?)]}'\"", body[i]) >= 0 { // the sentence's punctuation stays with it
				writeEscaped(&b, rune(body[i]))
				i++
			}
			if j := i + strings.IndexFunc(body[i:], func(r rune) bool { return r != ' ' && r != '\t' }); j >= i && j < len(body) && body[j] != '\n' {
				b.WriteString("\\\n") // the text after it goes on below
				i = j
			}
			continue
		}
		switch {
		case r == '\n':
			if open { // a mark never spans paragraphs in the output
				b.WriteRune(markEnd)
			}
			if !lineStart {
				b.WriteString("\n\n")
			}
			lineStart = true
			if open {
				b.WriteRune(markStart)
			}
		case lineStart && (r == ' ' || r == '\t'):
			// leading blanks would make a code block
		case r == markStart || r == markEnd || r == paraStart || r == linkMark || r == slotMark:
		default:
			if lineStart {
				b.WriteRune(paraStart)
			}
			writeEscaped(&b, r)
			lineStart = false
		}
		i += size
	}
	if open {
		b.WriteRune(markEnd)
	}
	return b.String()
}

// headerMarkdown is the block above the text: title, then outlet, date,
// language, author, words, the source address (a placeholder, added to
// addrs), and the title of the original when the article is a translation.
func headerMarkdown(a model.Article, original string, addrs *[]string) string {
	var meta []string
	if a.Outlet != "" {
		meta = append(meta, "**"+escapeInline(model.SanitizeLine(a.Outlet))+"**")
	}
	meta = append(meta, model.HumanDate(a.Date, a.Precision), model.LangName(a.Lang))
	if a.Author != "" {
		meta = append(meta, "by "+escapeInline(model.SanitizeLine(a.Author)))
	}
	meta = append(meta, fmt.Sprintf("%d words", a.Words))
	s := "# " + escapeInline(model.SanitizeLine(a.Title)) + "\n\n" + string(slotMark) + "\n\n" + strings.Join(meta, " · ") + "\n\n"
	if a.URL != "" {
		s += "Source:\\\n" + linkPlaceholder(len(*addrs)) + "\n\n"
		*addrs = append(*addrs, a.URL)
	}
	if a.TranslationOf != "" {
		if original == "" {
			original = "another article"
		}
		s += "*Translation of “" + escapeInline(model.SanitizeLine(original)) + "”*\n\n"
	}
	return s + "---\n\n"
}
